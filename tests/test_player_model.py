"""The player model: animations, physics in NES units, per-scene play settings, the project file
and what `check()` says about them."""

import json

import pytest

from romulus_nb.demo import demo_level
from romulus_nb.errors import InvalidValueError, ProjectFileError
from romulus_nb.game import Game
from romulus_nb.player import DEAD_ZONE_Y, Animation, Exit, Physics, Player, ScenePlay
from romulus_nb.project import game_from_dict, game_to_dict, load_game, save_game
from romulus_nb.rom.player_data import plays
from tests.play.player_games import tower_game


def level_game() -> Game:
    """The demo level (scene 1, 4 screens) with a player starting on the ground at x = 32."""
    game = demo_level(4)
    game.player = Player()
    game.scenes[1].play = ScenePlay((32, 160))
    return game


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Animation(()), "1-16"),
        (lambda: Animation(((0, 0),)), "duration: 0 is out of range; use 1-255"),
        (lambda: Animation(((256, 4),)), "metasprite index: 256"),
        (lambda: Animation((5,)), "not a \\(metasprite index, duration\\) pair"),
        (lambda: Physics(top_speed=2048), "top_speed \\(subpixels\\): 2048 is out of range"),
        (lambda: Physics(gravity=0), "gravity"),
        (lambda: Player(width=17), "player width: 17"),
        (lambda: Player(animations={"idle": Animation(((0, 1),))}), "'walk' is missing"),
        (lambda: Player(animations={"run": 1}), "no 'run'"),
        (lambda: Player(dead_zone=(200, 100)), "dead_zone"),
        (lambda: Player(dead_zone_y=(150, 100)), "dead_zone_y: \\(150, 100\\); use low <= high"),
        (lambda: Player(dead_zone_y=(0, 224)), "dead_zone_y y: 224 is out of range; use 0-223"),
        (lambda: ScenePlay((1, 2), movement="fly"), "movement: 'fly'; use one of platform"),
        (lambda: ScenePlay((1, 2), facing="up"), "facing"),
        (lambda: ScenePlay((-1, 2)), "start x: -1"),
        (lambda: Exit(0, 0, 0, 16, 1, 0, 0), "exit width: 0"),
    ],
)
def test_bad_player_fields_are_refused_with_the_field_and_the_allowed_range(make, message):
    with pytest.raises(InvalidValueError, match=message):
        make()


def test_an_animation_naming_a_metasprite_the_game_lacks_is_refused_and_changes_nothing():
    game = level_game()
    bad = Player(animations={"idle": Animation(((7, 4),)), "walk": Animation(((0, 4),)),
                             "jump": Animation(((0, 4),))})  # fmt: skip
    before = game.player
    with pytest.raises(InvalidValueError, match="metasprite 7; the game has 0-"):
        game.player = bad
    assert game.player is before


def test_a_start_outside_the_map_is_refused():
    game = level_game()
    with pytest.raises(InvalidValueError, match="outside the map"):
        game.scenes[1].play = ScenePlay((4 * 256, 10))


@pytest.mark.parametrize("dead_zone_y", [DEAD_ZONE_Y, (40, 200)])
def test_the_player_and_scene_play_survive_a_save_and_load(tmp_path, dead_zone_y):
    game = level_game()
    game.player = game.player.replace(physics=Physics(top_speed=300), dead_zone=(80, 150),
                                      dead_zone_y=dead_zone_y)  # fmt: skip
    game.scenes[1].play = ScenePlay((32, 160), "topdown", "left", (Exit(0, 0, 16, 16, 0, 8, 8),))
    save_game(game, tmp_path / "g.json")
    back = load_game(tmp_path / "g.json")
    assert back.player == game.player
    assert back.scenes[1].play == game.scenes[1].play
    assert back.scenes[0].play is None
    # the vertical dead zone is written only when it is not the default (older files unchanged)
    written = json.loads((tmp_path / "g.json").read_text())["game"]["player"]
    assert written.get("dead_zone_y") == (None if dead_zone_y == DEAD_ZONE_Y else [40, 200])


def test_a_version_2_file_loads_with_no_player():
    document = game_to_dict(level_game())
    document["version"] = 2  # what version 2 wrote: no player, no play settings
    del document["game"]["player"]
    for scene in document["game"]["scenes"]:
        scene.pop("play", None)
    game = game_from_dict(document)
    assert game.player is None and all(s.play is None for s in game.scenes)


def test_a_bad_player_field_in_a_file_names_the_field():
    document = game_to_dict(level_game())
    document["game"]["player"]["physics"]["gravity"] = 5000
    with pytest.raises(ProjectFileError, match="game.player.physics.gravity"):
        game_from_dict(json.loads(json.dumps(document)))


def _findings(game, rule):
    return [f for f in game.check().findings if f.rule == rule]


def test_check_reports_a_start_inside_a_solid_metatile():
    game = level_game()
    assert not _findings(game, "player-start")
    game.scenes[1].play = ScenePlay((32, 13 * 16))  # the ground row
    (finding,) = _findings(game, "player-start")
    assert finding.level == "error" and "(2, 13)" in finding.message


@pytest.mark.parametrize(
    ("exit_", "problem"),
    [
        (Exit(0, 0, 16, 16, 9, 0, 0), "leads nowhere: the game has"),
        (Exit(0, 0, 16, 16, 0, 0, 0), "has no player"),
        (Exit(0, 0, 16, 16, 1, 4000 % 1024, 230), "outside scene"),
        (Exit(0, 0, 16, 16, 1, 0, 13 * 16), "inside solid metatiles"),
    ],
)
def test_check_reports_an_exit_leading_nowhere(exit_, problem):
    game = level_game()
    game.scenes[1].play = ScenePlay((32, 160), exits=(exit_,))
    (finding,) = _findings(game, "player-exit")
    assert problem in finding.message


def test_check_counts_the_player_in_the_sprites_per_line_limit():
    game = level_game()
    level = game.scenes[1]
    from romulus_nb.nes.oam import Sprite

    level.sprites = [Sprite(8 * i, 100, 4) for i in range(7)]  # 7 on lines 100-107
    lines = _findings(game, "sprites-per-line")
    assert any(f.scene == "Level" and 100 in f.lines for f in lines)  # 7 + the hero's 2


def test_a_scene_with_a_start_in_a_game_without_a_player_is_reported():
    game = demo_level(4)
    game.player = None
    assert _findings(game, "player")[0].level == "error"


def test_a_player_on_a_map_that_scrolls_down_plays_and_only_mixing_both_ways_is_refused():
    game = tower_game()
    assert plays(game, 1) and not plays(game, 0)  # the tower, not the title
    assert not [f for f in game.check().findings if f.level == "error"]
    level_game_too = level_game()
    tower = level_game_too.add_scene("Tower", screens=(1, 2))
    tower.play = ScenePlay((32, 32))
    (finding,) = _findings(level_game_too, "mirroring")  # one cartridge, one mirroring
    assert finding.level == "error" and "Tower" in finding.message
