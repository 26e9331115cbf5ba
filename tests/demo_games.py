"""The demo game cut down for tests of what came before maps and the player."""

from romulus_nb.demo import demo_game
from romulus_nb.game import Game


def one_screen_demo() -> Game:
    """The demo's one-screen scenes (Title, Meadow, Credits) without its maps, metatiles or
    player: a slideshow that Start and Select step through, as games were before scrolling."""
    game = demo_game()
    for name in ("Level", "Room"):
        game.remove_scene(name)
    game.player, game.metatiles = None, []
    return game
