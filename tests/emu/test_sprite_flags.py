"""Sprite 0 hit and sprite overflow, worked by hand from the NESdev Wiki pages "PPU OAM" (sprite
zero hits) and "PPU sprite evaluation" (one OAM read every other dot from dot 66; after eight
sprites the pointer steps to the next sprite *and* the next byte)."""

from __future__ import annotations

import pytest

from romulus_nb.emu.sprite_zero import evaluation_overflow_dot, overflow_dot, sprite0_hit_pixel

OPAQUE, CLEAR, LEFT_COLUMN = 1, 0, 2
SHOW_ALL = 0x1E  # both layers, both left columns
CLIP_LEFT = 0x18  # both layers, neither left column


def chr_with_tiles() -> bytearray:
    data = bytearray(0x2000)
    data[16 * OPAQUE : 16 * OPAQUE + 8] = b"\xff" * 8  # every pixel colour 1
    data[16 * LEFT_COLUMN : 16 * LEFT_COLUMN + 8] = b"\x80" * 8  # only column 0
    return data


def hit(oam0: tuple, *, mask=SHOW_ALL, ctrl=0x00, background=OPAQUE, x=0):
    oam = bytearray([0xF0] * 256)
    oam[0:4] = bytes(oam0)
    return sprite0_hit_pixel(
        oam, chr_with_tiles(), lambda nt, offset: background, lambda line: (0, x, ctrl, mask)
    )


@pytest.mark.parametrize(
    "oam0, mask, expected",
    [
        ((49, OPAQUE, 0, 100), SHOW_ALL, (50, 100)),  # Y byte 49: top line 50
        ((49, OPAQUE, 0, 250), SHOW_ALL, (50, 250)),
        ((49, OPAQUE, 0, 255), SHOW_ALL, None),  # only x = 255 on screen: never
        ((49, LEFT_COLUMN, 0x40, 248), SHOW_ALL, None),  # flipped: its pixel lands on x 255
        ((49, LEFT_COLUMN, 0x40, 247), SHOW_ALL, (50, 254)),
        ((49, LEFT_COLUMN, 0x00, 100), SHOW_ALL, (50, 100)),
        ((49, OPAQUE, 0, 3), SHOW_ALL, (50, 3)),
        ((49, OPAQUE, 0, 3), CLIP_LEFT, (50, 8)),  # not in a clipped left column
        ((49, OPAQUE, 0, 3), CLIP_LEFT | 0x02, (50, 8)),  # clipping either layer is enough
        ((49, OPAQUE, 0, 3), CLIP_LEFT | 0x04, (50, 8)),
        ((49, OPAQUE, 0, 100), 0x08, None),  # sprites hidden
        ((49, OPAQUE, 0, 100), 0x10, None),  # background hidden
        ((49, CLEAR, 0, 100), SHOW_ALL, None),  # transparent sprite
        ((239, OPAQUE, 0, 100), SHOW_ALL, None),  # below the picture
    ],
)
def test_sprite_0_hits_at_its_first_opaque_pixel_over_opaque_background(oam0, mask, expected):
    assert hit(oam0, mask=mask) == expected


def test_no_hit_over_transparent_background():
    assert hit((49, OPAQUE, 0, 100), background=CLEAR) is None


def test_sprite_0_in_8x16_mode_reaches_its_second_tile():
    # 8x16: tile byte 0 = top tile 0 (transparent), bottom tile 1 (opaque): the hit is on the
    # ninth row of the sprite.
    assert hit((49, 0, 0, 100), ctrl=0x20) == (58, 100)
    assert hit((49, 0, 0, 100), ctrl=0x00) is None  # 8x8: tile 0 alone


def oam_with(entries: list[tuple]) -> bytearray:
    oam = bytearray([0xF0] * 256)
    for n, entry in enumerate(entries):
        oam[4 * n : 4 * n + 4] = bytes(entry)
    return oam


ON_LINE = (100, 0xFF, 0, 0)  # Y byte 100: on lines 100-107 of the evaluation
OFF = (0xF0, 0xFF, 0, 0)


@pytest.mark.parametrize(
    "entries, line, expected",
    [
        ([ON_LINE] * 8, 100, None),  # eight: no overflow
        # Nine: eight copies take 32 reads (dots 66-128); the ninth Y is read at dot 130.
        ([ON_LINE] * 9, 100, 130),
        ([ON_LINE] * 9, 107, 130),
        ([ON_LINE] * 9, 108, None),  # the line below the sprites
        # Eight, sprite 8 off, sprite 9's tile 104 read as a Y: a false positive at dot 132.
        ([ON_LINE] * 8 + [OFF, (0xF0, 104, 0, 0)], 104, 132),
        ([ON_LINE] * 8 + [OFF, (0xF0, 104, 0, 0)], 112, None),
        # Sprites 0-7 and 9 on the line, 8 off: the tile byte 200 is read instead: missed.
        ([ON_LINE] * 8 + [OFF, (100, 200, 0xF0, 0xF0)], 100, None),
        # One off-line sprite first: each skip costs one read (2 dots).
        ([OFF] + [ON_LINE] * 9, 100, 132),
    ],
)
def test_sprite_overflow_follows_the_buggy_evaluation(entries, line, expected):
    assert evaluation_overflow_dot(oam_with(entries), line, 8) == expected


def test_overflow_is_raised_on_the_first_crowded_line_with_rendering_on():
    oam = oam_with([ON_LINE] * 9)
    assert overflow_dot(oam, lambda line: (0, 0, 0, 0x18)) == 100 * 341 + 130
    assert overflow_dot(oam, lambda line: (0, 0, 0, 0x00)) is None
    # 8x16 sprites cover lines 100-115: the crowd starts on the same line, and lasts longer.
    later = oam_with([(92, 0xFF, 0, 0)] * 9)
    assert overflow_dot(later, lambda line: (0, 0, 0x20, 0x18)) == 92 * 341 + 130
    assert overflow_dot(later, lambda line: (0, 0, 0x00, 0x18)) == 92 * 341 + 130
