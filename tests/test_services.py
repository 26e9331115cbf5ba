"""The model's conveniences reach the upper layers through `romulus_nb.services`."""

import pytest

from romulus_nb.demo import demo_game
from romulus_nb.errors import RomulusError
from romulus_nb.services import provide, service


def test_a_stand_in_lent_with_provide_serves_game_build_until_the_old_one_comes_back():
    game = demo_game()
    old = provide("build", lambda g: b"stand-in for " + g.name.encode())
    try:
        assert game.build() == b"stand-in for Romulus demo"
    finally:
        provide("build", old)
    assert game.build()[:4] == b"NES\x1a"  # the iNES magic: the real builder again


def test_a_service_nobody_provides_is_an_error_that_lists_the_provided_ones():
    with pytest.raises(RomulusError, match=r"'no such'.*nothing provides it.*build"):
        service("no such")
