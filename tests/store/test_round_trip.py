"""A game saved to the store loads back equal in every field its project file has: the
tileset, the metatile table, the metasprites, the font and master palette, and each scene's
screens, nametable, attributes, metatile map, sprites and palettes."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from rich_games import rich_games

from romulus_nb.project import game_to_dict
from romulus_nb.store import GameStore


def without_times(game) -> dict:
    """The project document less the times (the store keeps its own)."""
    doc = game_to_dict(game)["game"]
    for part in (doc, *doc["scenes"]):
        del part["created_at"], part["updated_at"]
    return doc


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(game=rich_games())
def test_any_game_loads_back_from_the_store_equal_in_every_field(database_url, game):
    with GameStore(database_url) as store:
        loaded = store.load(store.save(game).id)
    assert without_times(loaded) == without_times(game)
    # The same, field by field, as the model holds them (not only as documents):
    assert np.array_equal(loaded.tileset, game.tileset)
    assert loaded.metatiles == game.metatiles and loaded.metasprites == game.metasprites
    assert (loaded.font_base, loaded.name) == (game.font_base, game.name)
    assert np.array_equal(loaded.master_palette.rgb, game.master_palette.rgb)
    for mine, stored in zip(game.scenes, loaded.scenes, strict=True):
        assert stored.screens == mine.screens and stored.same_design(mine)
        if mine.metatiles is None:
            assert stored.metatiles is None
        else:
            assert np.array_equal(stored.metatiles, mine.metatiles)
        assert np.array_equal(stored.nametable, mine.nametable)
        assert np.array_equal(stored.attributes, mine.attributes)
