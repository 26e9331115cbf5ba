"""Renaming and deleting a game's metasprites keeps the player's animations on the same
pictures (they name metasprites by index), and a refused change leaves the game as it was."""

import pytest

from romulus_nb.errors import InvalidValueError
from romulus_nb.game import Game, Metasprite, SpritePart
from romulus_nb.player import Animation, Player


def game_with(names, walk=((0, 4),)) -> Game:
    game = Game("Sprites")
    for i, name in enumerate(names):
        game.add_metasprite(Metasprite(name, (SpritePart(0, 0, i),)))
    still = Animation(((0, 8),))
    game.player = Player(animations={"idle": still, "walk": Animation(walk), "jump": still})
    return game


def test_a_renamed_metasprite_keeps_its_place_and_its_parts():
    game = game_with(["a", "b", "c"])
    game.rename_metasprite("b", "bee")
    assert list(game.metasprites) == ["a", "bee", "c"]
    assert game.metasprites["bee"] == Metasprite("bee", (SpritePart(0, 0, 1),))


def test_deleting_a_metasprite_moves_the_later_indices_down_by_one():
    game = game_with(["a", "b", "c", "d"], walk=((2, 4), (3, 4)))
    removed = game.remove_metasprite("b")
    assert removed.name == "b"
    assert list(game.metasprites) == ["a", "c", "d"]
    assert game.player.animations["walk"].frames == ((1, 4), (2, 4))  # still "c" then "d"


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda g: g.rename_metasprite("a", "b"), "'b' is already defined"),
        (lambda g: g.rename_metasprite("zz", "y"), "'zz': not defined"),
        (lambda g: g.rename_metasprite("a", ""), "metasprite name: 0 characters"),
        (lambda g: g.remove_metasprite("c"), "'c' is frame 1 of the player's 'walk' animation"),
        (lambda g: g.remove_metasprite(0), "0: not defined"),
    ],
)
def test_a_refused_rename_or_delete_says_why_and_changes_nothing(change, message):
    game = game_with(["a", "b", "c"], walk=((1, 4), (2, 4)))
    before = (list(game.metasprites.items()), game.player)
    with pytest.raises(InvalidValueError, match=message):
        change(game)
    assert (list(game.metasprites.items()), game.player) == before
