"""The renderer against the hardware rules, worked by hand, and against a slow reference."""

import numpy as np
import pytest
from example_palettes import example_palettes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference_render import reference_frame

from romulus_nb.nes.oam import Sprite
from romulus_nb.nes.scene import Screen
from romulus_nb.render import render_scene, render_vram


def _chr():
    bank = np.zeros((512, 8, 8), np.uint8)
    bank[1] = 1  # background tile 1: solid colour 1
    bank[256 + 1] = 2  # sprite tile 1 (table 1): solid colour 2
    bank[256 + 2, :, :4] = 3  # sprite tile 2: left half colour 3
    return bank


PALETTES = example_palettes()


def _scene(**kw):
    return Screen(palettes=PALETTES.copy(), **kw)


def test_an_empty_scene_is_all_backdrop():
    frame = render_scene(_scene(), _chr())
    assert frame.indices.shape == (240, 256)
    assert (frame.indices == 0x0F).all()


def test_a_background_tile_takes_its_colour_from_its_blocks_palette():
    s = _scene()
    s.nametable[2, 3] = 1  # tile at pixels x 24-31, y 16-23: block (1, 1)
    s.attributes[1, 1] = 2
    idx = render_scene(s, _chr()).indices
    assert (idx[16:24, 24:32] == 0x21).all()  # palette 2 colour 1
    assert idx[15, 24] == 0x0F and idx[16, 23] == 0x0F


def test_a_sprite_appears_one_line_below_its_oam_y_byte():
    s = _scene(sprites=[Sprite(x=100, y=50, tile=1, palette=1)])
    assert s.oam_bytes()[0] == 49
    idx = render_scene(s, _chr()).indices
    assert (idx[50:58, 100:108] == 0x15).all()  # sprite palette 1 colour 2
    assert idx[49, 100] == 0x0F and idx[58, 100] == 0x0F


def test_a_sprite_behind_the_background_shows_only_through_colour_0():
    s = _scene(sprites=[Sprite(x=0, y=10, tile=1, palette=0, behind=True)])
    s.nametable[1, 0] = 1  # covers y 8-15 at x 0-7
    idx = render_scene(s, _chr()).indices
    assert (idx[10:16, 0:8] == 0x01).all()  # background wins where it is opaque
    assert (idx[16:18, 0:8] == 0x05).all()  # sprite shows over colour 0


def test_a_lower_index_sprite_behind_the_background_hides_a_front_sprite_there():
    # NESdev "PPU sprite priority": sprites are resolved first, then the winner's priority bit.
    s = _scene(
        sprites=[
            Sprite(x=0, y=10, tile=1, palette=0, behind=True),
            Sprite(x=0, y=10, tile=1, palette=3),
        ]
    )
    s.nametable[1, 0] = 1
    idx = render_scene(s, _chr()).indices
    assert (idx[10:16, 0:8] == 0x01).all()  # background, not sprite 1
    assert (idx[16:18, 0:8] == 0x05).all()  # sprite 0, not sprite 1


def test_only_the_first_8_sprites_of_a_line_are_drawn():
    sprites = [Sprite(x=10 * i, y=100, tile=1, palette=2) for i in range(9)]
    s = _scene(sprites=sprites)
    frame = render_scene(s, _chr())
    assert (frame.indices[100, 80:88] == 0x0F).all()  # the 9th is dropped
    assert (frame.indices[100, 70:78] == 0x25).all()
    assert frame.overflow_lines == list(range(100, 108))
    assert "100-107" in frame.warnings[0]
    every = render_scene(s, _chr(), sprite_limit=False)
    assert (every.indices[100, 80:88] == 0x25).all()


def test_flips_mirror_the_sprite_pattern():
    s = _scene(sprites=[Sprite(x=0x20, y=0x20, tile=2, palette=0, flip_h=True)])
    idx = render_scene(s, _chr()).indices
    assert (idx[0x20, 0x20:0x24] == 0x0F).all() and (idx[0x20, 0x24:0x28] == 0x06).all()


def test_ppumask_can_hide_the_leftmost_8_pixels():
    s = _scene(
        sprites=[Sprite(x=0, y=20, tile=1)], show_left_background=False, show_left_sprites=False
    )
    s.nametable[:, :] = 1
    idx = render_scene(s, _chr()).indices
    assert (idx[:, :8] == 0x0F).all()
    assert (idx[:, 8:] == 0x01).all()


def test_8x16_sprites_take_the_table_from_bit_0_and_stack_two_tiles():
    bank = _chr()
    bank[2] = 1  # table 0 tile 2: colour 1 (top half)
    bank[3] = 3  # table 0 tile 3: colour 3 (bottom half)
    s = _scene(sprites=[Sprite(x=40, y=40, tile=2)], sprite_size=16)
    idx = render_scene(s, bank).indices
    assert (idx[40:48, 40:48] == 0x04).all() and (idx[48:56, 40:48] == 0x06).all()
    s.sprites = [Sprite(x=40, y=40, tile=2, flip_v=True)]
    idx = render_scene(s, bank).indices
    assert (idx[40:48, 40:48] == 0x06).all() and (idx[48:56, 40:48] == 0x04).all()


def test_scrolling_moves_the_view_across_the_four_nametables():
    bank = _chr()
    nts = np.zeros((4, 1024), np.uint8)
    nts[1, 0] = 1  # top-left tile of the $2400 nametable
    frame = render_vram(
        chr_bank=bank, nametables=nts, palette_ram=np.frombuffer(PALETTES.to_bytes(), np.uint8),
        oam=np.full(256, 0xFF, np.uint8), ppuctrl=0, ppumask=0x1E, scroll_x=256 - 12, scroll_y=0,
    )  # fmt: skip
    assert (frame.indices[0:8, 12:20] == 0x01).all()
    assert frame.indices[0, 11] == 0x0F


@st.composite
def random_ppu(draw):
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    bank = rng.integers(0, 4, (512, 8, 8), dtype=np.uint8)
    bank[rng.random(512) < 0.3] = 0  # some fully transparent tiles
    nametable = rng.integers(0, 256, 1024, dtype=np.uint8)
    palette_ram = rng.integers(0, 64, 32, dtype=np.uint8)
    oam = rng.integers(0, 256, 256, dtype=np.uint8)
    n = draw(st.integers(0, 64))
    oam[4 * n :: 4] = 0xFF
    oam[0 : 4 * n : 4] = rng.integers(0, 120, n)  # crowd the top half to overflow lines
    ppuctrl = draw(st.sampled_from([0x00, 0x08, 0x10, 0x18, 0x20, 0x30, 0x88]))
    ppumask = draw(st.sampled_from([0x1E, 0x18, 0x1F, 0x08, 0x10, 0x0E, 0x16]))
    limit = draw(st.booleans())
    return bank, nametable, palette_ram, oam, ppuctrl, ppumask, limit


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_ppu())
def test_the_fast_renderer_equals_the_slow_reference_on_random_frames(case):
    bank, nametable, palette_ram, oam, ppuctrl, ppumask, limit = case
    fast = render_vram(
        chr_bank=bank, nametables=np.broadcast_to(nametable, (4, 1024)), palette_ram=palette_ram,
        oam=oam, ppuctrl=ppuctrl, ppumask=ppumask, sprite_limit=limit,
    )  # fmt: skip
    slow = np.array(reference_frame(bank, nametable, palette_ram, oam, ppuctrl, ppumask, limit))
    assert np.array_equal(fast.indices, slow)


@pytest.mark.parametrize("scale", [1, 3])
def test_images_are_integer_enlargements(scale):
    img = render_scene(_scene(), _chr()).image(scale)
    assert img.size == (256 * scale, 240 * scale)
