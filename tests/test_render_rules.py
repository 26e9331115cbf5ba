"""Renderer rules from the PPU registers (https://www.nesdev.org/wiki/PPU_registers).

PPUCTRL: bits 0-1 pick the base nametable (scrolling, passed to render_vram as scroll_x/y),
bit 3 the 8x8 sprite pattern table, bit 4 the background pattern table, bit 5 8x16 sprites.
PPUMASK: bit 0 greyscale (colour AND $30), bit 1/2 background/sprites in the leftmost 8 pixels,
bit 3/4 show background/sprites. Palette RAM is 6 bits wide. Expected pictures come from the
slow per-pixel reference in tests/reference_render.py or are worked out by hand.
"""

from types import SimpleNamespace

import numpy as np
import pytest
from reference_render import reference_frame

from romulus_nb.errors import InvalidValueError
from romulus_nb.render import (
    Frame,
    _ranges,
    digest,
    draw_overlays,
    png_bytes,
    render_nametable,
    render_state,
    render_vram,
    tiles_image,
    to_image,
    upscale,
)

HIDDEN_OAM = np.full(256, 0xFF, np.uint8)


def palette_ram() -> np.ndarray:
    """Background palette p entry e holds $p0 + e, sprite palette p entry e holds $p4 + e
    (backdrop $0F): a colour index names where it came from."""
    ram = np.array([16 * (i // 4 % 4) + (i % 4) + (4 if i >= 16 else 0) for i in range(32)])
    ram[0] = 0x0F
    return ram.astype(np.uint8)


def tables() -> np.ndarray:
    """Pattern table 0: tile n solid colour n % 4; pattern table 1: tile n solid (n + 1) % 4."""
    bank = np.zeros((512, 8, 8), np.uint8)
    bank[:256] = (np.arange(256) % 4)[:, None, None]
    bank[256:] = ((np.arange(256) + 1) % 4)[:, None, None]
    return bank


def draw(*, ppuctrl=0, ppumask=0x1E, oam=HIDDEN_OAM, nametable=None, ram=None, bank=None, **kw):
    nametable = np.zeros(1024, np.uint8) if nametable is None else nametable
    return render_vram(
        chr_bank=tables() if bank is None else bank,
        nametables=np.broadcast_to(nametable, (4, 1024)),
        palette_ram=palette_ram() if ram is None else ram,
        oam=oam,
        ppuctrl=ppuctrl,
        ppumask=ppumask,
        **kw,
    )


def one_sprite(x, y, tile, attr=0) -> np.ndarray:
    oam = HIDDEN_OAM.copy()
    oam[0:4] = [y - 1, tile, attr, x]
    return oam


# -- registers against the slow reference ---------------------------------------------------------


def crowded_state():
    rng = np.random.default_rng(19)
    bank = rng.integers(0, 4, (512, 8, 8), dtype=np.uint8)
    bank[rng.random(512) < 0.3] = 0
    nametable = rng.integers(0, 256, 1024, dtype=np.uint8)
    ram = rng.integers(0, 256, 32, dtype=np.uint8)  # bits 6-7 set at random too
    oam = rng.integers(0, 256, 256, dtype=np.uint8)
    oam[0:160:4] = rng.integers(0, 60, 40)  # 40 sprites crowd the top: lines overflow
    return bank, nametable, ram, oam


@pytest.mark.parametrize(
    "ppuctrl, ppumask",
    [
        (0x01, 0x1E),  # nametable-select bit: must not pick the sprite table
        (0x09, 0x1F),  # sprite table 1, greyscale
        (0x03, 0x1F),  # greyscale
        (0x12, 0x16),  # background table 1, background hidden
        (0x8D, 0x0E),  # NMI and increment bits change no pixel; sprites hidden
        (0x21, 0x1A),  # 8x16 sprites, sprites clipped on the left
        (0x39, 0x1C),  # 8x16 (sprite-table bit ignored), background table 1, bg clipped left
        (0x00, 0x00),  # nothing shown: the backdrop everywhere
    ],
)
@pytest.mark.parametrize("limit", [True, False])
def test_every_register_bit_draws_as_the_reference_does(ppuctrl, ppumask, limit):
    bank, nametable, ram, oam = crowded_state()
    fast = draw(ppuctrl=ppuctrl, ppumask=ppumask, oam=oam, nametable=nametable, ram=ram,
                bank=bank, sprite_limit=limit)  # fmt: skip
    slow = np.array(reference_frame(bank, nametable, ram, oam, ppuctrl, ppumask, limit))
    assert np.array_equal(fast.indices, slow)


# -- worked by hand -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "color, grey", [(0x16, 0x10), (0x2A, 0x20), (0x3C, 0x30), (0x0F, 0x00), (0x05, 0x00)]
)
def test_greyscale_keeps_only_the_brightness_column(color, grey):
    ram = palette_ram()
    ram[0] = color
    assert (draw(ppumask=0x1F, ram=ram).indices == grey).all()
    assert (draw(ppumask=0x1E, ram=ram).indices == color).all()


def test_palette_ram_bits_6_and_7_are_not_colours():
    ram = palette_ram() | 0xC0
    assert (draw(ram=ram).indices == 0x0F).all()


@pytest.mark.parametrize(
    "ppuctrl, color",
    [(0x00, 0x06), (0x01, 0x06), (0x02, 0x06), (0x04, 0x06), (0x10, 0x06), (0x80, 0x06),
     (0x08, 0x07), (0x09, 0x07), (0x0B, 0x07), (0x18, 0x07)],
)  # fmt: skip
def test_only_ppuctrl_bit_3_picks_the_table_of_8x8_sprites(ppuctrl, color):
    # Tile 2 is colour 2 in table 0 and colour 3 in table 1; sprite palette 0 entry e is $04 + e.
    bank = tables()
    bank[256] = 0  # background tile 0 transparent in both tables
    frame = draw(ppuctrl=ppuctrl, oam=one_sprite(100, 50, 2), bank=bank)
    assert (frame.indices[50:58, 100:108] == color).all()
    assert frame.indices[49, 100] == 0x0F and frame.indices[50, 108] == 0x0F


@pytest.mark.parametrize(
    "ppuctrl, color",
    [(0x00, 0x01), (0x01, 0x01), (0x08, 0x01), (0x09, 0x01), (0x10, 0x02), (0x11, 0x02)],
)
def test_only_ppuctrl_bit_4_picks_the_background_table(ppuctrl, color):
    nametable = np.zeros(1024, np.uint8)
    nametable[:960] = 1  # tile 1: colour 1 in table 0, colour 2 in table 1
    assert (draw(ppuctrl=ppuctrl, nametable=nametable).indices == color).all()


@pytest.mark.parametrize("tile, top, bottom", [(2, 0x06, 0x07), (3, 0x07, 0x05), (5, 0x05, 0x06)])
def test_8x16_sprites_take_the_table_from_tile_bit_0_and_stack_the_even_tile_and_the_next(
    tile, top, bottom
):
    # Table 0 tiles 2, 3: colours 2, 3. Table 1 tiles 2, 3: colours 3, 1; tiles 4, 5: 1, 2.
    bank = tables()
    bank[256 + 3], bank[256 + 4], bank[256 + 5] = 1, 1, 2
    frame = draw(ppuctrl=0x28, oam=one_sprite(60, 30, tile), bank=bank)
    assert (frame.indices[30:38, 60:68] == top).all()
    assert (frame.indices[38:46, 60:68] == bottom).all()
    assert frame.indices[46, 60] == 0x0F


def test_a_sprite_palette_is_read_from_3f10_plus_4_times_its_number():
    for palette in range(4):
        frame = draw(oam=one_sprite(8, 8, 1, attr=palette))  # tile 1: colour 1
        assert frame.indices[8, 8] == palette_ram()[0x10 + 4 * palette + 1]


def test_sprites_are_cut_at_the_right_and_bottom_edges():
    oam = HIDDEN_OAM.copy()
    oam[0:4] = [235 - 1, 1, 0, 252]  # 4 columns and 5 lines on screen
    frame = draw(oam=oam)
    assert (frame.indices[235:240, 252:256] == 0x05).all()
    assert (frame.indices[:235] == 0x0F).all() and (frame.indices[:, :252] == 0x0F).all()


@pytest.mark.parametrize("ppumask, shown", [(0x1E, True), (0x0E, False), (0x16, True), (0, False)])
def test_overflow_is_reported_whether_or_not_sprites_show(ppumask, shown):
    oam = HIDDEN_OAM.copy()
    for i in range(9):
        oam[4 * i : 4 * i + 4] = [99, 1, 0, 10 * i]
    frame = draw(ppumask=ppumask, oam=oam)
    assert frame.overflow_lines == list(range(100, 108))
    assert bool((frame.indices[100, 0:8] == 0x05).all()) == shown
    assert frame.rendering == bool(ppumask & 0x18)


def test_the_warning_says_whether_the_extra_sprites_were_dropped():
    assert Frame(np.zeros((240, 256), np.uint8)).warnings == []
    kept = Frame(np.zeros((240, 256), np.uint8), [3, 4, 5, 9])
    assert kept.warnings == ["more than 8 sprites on lines 3-5, 9: the PPU dropped the extra ones"]
    drawn = Frame(np.zeros((240, 256), np.uint8), [7], sprite_limit=False)
    assert drawn.warnings == ["more than 8 sprites on lines 7: the PPU would drop the extra ones"]


@pytest.mark.parametrize(
    "values, text",
    [
        ([], ""),
        ([5], "5"),
        ([1, 2, 3], "1-3"),
        ([1, 3], "1, 3"),
        ([0, 1, 4, 5, 6, 9], "0-1, 4-6, 9"),
    ],
)
def test_line_lists_read_as_ranges(values, text):
    assert _ranges(values) == text


# -- PPU states -----------------------------------------------------------------------------------


def state(**fields):
    nametables = np.zeros((4, 1024), np.uint8)
    for index in range(4):
        nametables[index, :960] = index  # nametable n: tile n everywhere (colour n)
    base = dict(chr_bank=tables(), nametables=nametables, palette_ram=palette_ram(),
                oam=one_sprite(0, 1, 1), ppuctrl=0, ppumask=0x1E,
                scroll_x=0, scroll_y=0)  # fmt: skip
    return SimpleNamespace(**{**base, **fields})


@pytest.mark.parametrize("index, color", [(0, 0x0F), (1, 0x01), (2, 0x02), (3, 0x03)])
def test_a_nametable_is_drawn_alone_left_column_included_without_sprites(index, color):
    frame = render_nametable(state(ppumask=0x00), index)
    assert (frame.indices == color).all()


@pytest.mark.parametrize(
    "scroll_x, scroll_y, color", [(0, 0, 0x0F), (256, 0, 0x01), (0, 240, 0x02), (256, 240, 0x03)]
)
def test_a_state_draws_from_its_scroll_and_registers(scroll_x, scroll_y, color):
    frame = render_state(state(scroll_x=scroll_x, scroll_y=scroll_y))
    assert (frame.indices[20:, 20:] == color).all()
    assert frame.indices[1, 0] == 0x05  # the sprite, tile 1 of table 0
    assert render_state(state(ppumask=0x1F, scroll_x=scroll_x)).indices[1, 0] == 0x00


# -- pictures -------------------------------------------------------------------------------------


def test_frames_are_equal_by_their_colour_indices_only():
    a = Frame(np.zeros((240, 256), np.uint8), [1])
    b = Frame(np.zeros((240, 256), np.uint8))
    c = Frame(np.ones((240, 256), np.uint8))
    assert a == b and a != c and a != a.indices
    assert repr(c) == f"Frame(256x240, 1 colours, digest {digest(c.indices)})"
    assert c.digest() == digest(np.ones((240, 256), np.uint8)) != a.digest()
    assert len(c.digest()) == 12


@pytest.mark.parametrize("scale", [0, -1, 1.5, "2", None])
def test_an_enlargement_is_a_whole_number_1_or_more(scale):
    with pytest.raises(InvalidValueError, match="scale"):
        upscale(np.zeros((2, 2, 3), np.uint8), scale)


def test_enlarging_repeats_each_pixel_scale_by_scale():
    rgb = np.arange(12, dtype=np.uint8).reshape(2, 2, 3)
    assert upscale(rgb, 1) is rgb
    big = upscale(rgb, 3)
    assert big.shape == (6, 6, 3)
    for y in range(6):
        for x in range(6):
            assert (big[y, x] == rgb[y // 3, x // 3]).all()


def test_the_tile_grid_halves_every_8th_line_and_adds_64():
    out = draw_overlays(np.full((32, 32, 3), 100, np.uint8), 2, grid=True)
    lines = {0, 16}  # every 8 * scale pixels; a crossing is halved twice: (114 // 2) + 64
    for y in range(32):
        for x in range(32):
            crossings = (y in lines) + (x in lines)
            assert out[y, x, 0] == (100, 114, 121)[crossings]


def test_the_attribute_grid_is_yellow_every_16_pixels():
    out = draw_overlays(np.zeros((40, 40, 3), np.uint8), 1, attribute_grid=True)
    for y in range(40):
        for x in range(40):
            on = y % 16 == 0 or x % 16 == 0
            assert tuple(out[y, x]) == ((255, 200, 0) if on else (0, 0, 0))


@pytest.mark.parametrize("height", [8, 16])
def test_a_sprite_box_outlines_its_8_by_height_pixels_in_cyan(height):
    box = SimpleNamespace(x=2, y=3)
    out = draw_overlays(np.zeros((80, 40, 3), np.uint8), 2, sprite_boxes=[box],
                        sprite_height=height)  # fmt: skip
    top, left, bottom, right = 6, 4, 6 + 2 * height - 1, 4 + 16 - 1
    for y in range(80):
        for x in range(40):
            inside = top <= y <= bottom and left <= x <= right
            edge = inside and (y in (top, bottom) or x in (left, right))
            assert tuple(out[y, x]) == ((0, 255, 255) if edge else (0, 0, 0)), (y, x)


def test_a_sprite_box_is_cut_at_the_picture_edge_and_skipped_beyond_it():
    rgb = np.zeros((16, 16, 3), np.uint8)
    out = draw_overlays(rgb, 1, sprite_boxes=[SimpleNamespace(x=12, y=12)])
    assert tuple(out[12, 12]) == tuple(out[15, 15]) == (0, 255, 255)
    assert tuple(out[13, 13]) == (0, 0, 0)
    beyond = draw_overlays(rgb, 1, sprite_boxes=[SimpleNamespace(x=16, y=0)])
    assert not beyond.any()
    assert not rgb.any()  # the input is left alone


def test_overlays_are_drawn_only_when_asked():
    rgb = np.full((240, 256, 3), 10, np.uint8)
    assert np.array_equal(np.asarray(to_image(rgb, 1)), rgb)
    assert np.asarray(to_image(rgb, 1, grid=True))[0, 1, 0] == 10 // 2 + 64


def test_a_tile_sheet_draws_each_tile_with_its_four_colours_in_rows_of_16():
    tiles = np.zeros((17, 8, 8), np.uint8)
    tiles[16] = 3
    tiles[1, 0, 0] = 1
    sheet = tiles_image(tiles, [0x0F, 0x16, 0x27, 0x30], columns=16)
    assert sheet.shape == (16, 128, 3)
    white, black = tuple(sheet[8, 0]), tuple(sheet[0, 0])
    assert white == tuple(sheet[15, 7]) and white != black
    assert tuple(sheet[8, 8]) == black  # the padding after tile 16 is colour 0
    assert tuple(sheet[0, 8]) not in (white, black)  # tile 1's top-left pixel: colour 1


def test_the_same_picture_always_gives_the_same_png_bytes():
    image = draw(oam=one_sprite(3, 3, 1)).image(2)
    assert png_bytes(image) == png_bytes(image.copy())
    assert png_bytes(image).startswith(b"\x89PNG\r\n\x1a\n")


def test_a_frame_is_rendering_unless_told_otherwise():
    assert Frame(np.zeros((240, 256), np.uint8)).rendering is True


def test_the_attribute_grid_follows_the_scale():
    out = draw_overlays(np.zeros((64, 64, 3), np.uint8), 2, attribute_grid=True)
    assert tuple(out[32, 5]) == (255, 200, 0) and tuple(out[16, 5]) == (0, 0, 0)


@pytest.mark.parametrize("scroll_x, scroll_y, color", [(512 + 256, 0, 0x01), (0, 480 + 240, 0x02)])
def test_scroll_wraps_around_the_four_nametables(scroll_x, scroll_y, color):
    frame = render_state(state(scroll_x=scroll_x, scroll_y=scroll_y))
    assert (frame.indices[20:, 20:] == color).all()
