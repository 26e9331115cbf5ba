"""Whatever the picture, the converted scene obeys the hardware's limits (property tests)."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from romulus_nb import Game
from romulus_nb.convert import convert_picture, fit_picture
from romulus_nb.convert.master_palettes import known_palettes
from romulus_nb.nes.colors import DEFAULT_PALETTE, DUPLICATE_BLACKS, UNSAFE_BLACK


@st.composite
def pictures(draw):
    """Random pictures: noise, flat areas or both, of any size, some with transparency."""
    seed = draw(st.integers(0, 2**32 - 1))
    height, width = draw(st.integers(1, 300)), draw(st.integers(1, 300))
    channels = draw(st.sampled_from([3, 4]))
    rng = np.random.default_rng(seed)
    kind = draw(st.sampled_from(["noise", "flat", "blocks"]))
    if kind == "noise":
        picture = rng.integers(0, 256, (height, width, channels))
    elif kind == "flat":
        picture = np.broadcast_to(rng.integers(0, 256, channels), (height, width, channels))
    else:
        small = rng.integers(0, 256, (max(1, height // 16), max(1, width // 16), channels))
        picture = np.repeat(np.repeat(small, 16, 0), 16, 1)[:height, :width]
        picture = np.pad(
            picture, ((0, height - picture.shape[0]), (0, width - picture.shape[1]), (0, 0))
        )
    return np.ascontiguousarray(picture, np.uint8)


options = st.fixed_dictionaries(
    {
        "fit": st.sampled_from(["crop", "letterbox"]),
        "dither": st.sampled_from(["none", "ordered", "diffusion"]),
        "tile_budget": st.integers(1, 256),
        "space": st.sampled_from(["lab", "rgb"]),
        "seed": st.integers(0, 1000),
    }
)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(picture=pictures(), options=options)
def test_every_conversion_obeys_the_palette_attribute_and_tile_limits(picture, options):
    result = convert_picture(picture, progress=False, **options)
    scene, report = result.scene, result.report
    colors = set(int(c) for c in scene.palettes.array[:4].ravel())
    assert UNSAFE_BLACK not in colors and not colors & DUPLICATE_BLACKS
    assert scene.attributes.shape == (15, 16) and scene.attributes.max() <= 3
    used = scene.background_tiles_used()
    assert len(used) == report.tiles_used <= options["tile_budget"]
    assert len({result.pattern_table[t].tobytes() for t in used}) == len(used)  # no duplicates
    assert scene.check().ok
    # Transparent (and letterbox) pixels show the backdrop.
    transparent = ~fit_picture(picture, options["fit"]).opaque
    backdrop = DEFAULT_PALETTE.rgb[scene.palettes.backdrop]
    assert (report.result[transparent] == backdrop).all()


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(picture=pictures(), seed=st.integers(0, 1000))
def test_the_same_seed_gives_the_same_scene(picture, seed):
    a = convert_picture(picture, seed=seed, progress=False)
    b = convert_picture(picture, seed=seed, progress=False)
    assert a.scene.same_design(b.scene)
    assert np.array_equal(a.pattern_table, b.pattern_table)
    assert repr(a.report) == repr(b.report)


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=pictures(), second=pictures())
def test_adding_a_picture_never_changes_the_scenes_already_in_the_game(first, second):
    game = Game()
    game.add_font()
    game.add_scene_from_image(first, "first", tile_budget=100, progress=False)
    before = game.scene("first").render()
    font = game.pattern_table(0)[0x20:0x7F].copy()
    scene, report = game.add_scene_from_image(second, "second", progress=False)
    assert game.scene("first").render() == before
    assert np.array_equal(game.pattern_table(0)[0x20:0x7F], font)
    assert report.tile_budget == 256 - len(
        game.scene("first").background_tiles_used() | set(range(0x20, 0x7F))
    )
    # The result is drawn in the RGB table the picture's colours were recognised in.
    tables = {t.name: t for t in known_palettes()}
    assert np.array_equal(scene.render().rgb(tables.get(report.master_palette)), report.result)
