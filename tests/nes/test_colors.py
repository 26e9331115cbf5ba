"""The master palette and NESColor, checked against the NESdev Wiki's PPU palettes page."""

import numpy as np
import pytest

from romulus_nb.errors import InvalidValueError
from romulus_nb.nes.colors import (
    BLACK,
    DEFAULT_PALETTE,
    MasterPalette,
    NESColor,
    check_color_index,
    master_palette_html,
    normalize_black,
)


def test_the_master_palette_has_64_rgb_colours():
    assert DEFAULT_PALETTE.rgb.shape == (64, 3)
    assert DEFAULT_PALETTE.rgb.dtype == np.uint8


@pytest.mark.parametrize(
    "index, rgb",
    [
        (0x00, (0x66, 0x66, 0x66)),  # first entry of the 2C02 table on the wiki page
        (0x16, (0xB5, 0x31, 0x20)),
        (0x30, (0xFF, 0xFE, 0xFF)),
        (0x3D, (0xB8, 0xB8, 0xB8)),
    ],
)
def test_nescolor_reports_the_documented_rgb(index, rgb):
    assert NESColor(index).rgb == rgb
    assert NESColor(index).hex == "#{:02X}{:02X}{:02X}".format(*rgb)


@pytest.mark.parametrize("index", [0x0D, 0x1D, 0x0E, 0x0F, 0x1E, 0x1F, 0x2E, 0x2F, 0x3E, 0x3F])
def test_every_black_column_entry_is_black(index):
    assert tuple(DEFAULT_PALETTE.rgb[index]) == (0, 0, 0)


def test_colour_0d_is_refused_with_the_reason():
    with pytest.raises(InvalidValueError, match=r"\$0D.*blacker than black.*\$0F"):
        NESColor(0x0D)


@pytest.mark.parametrize("bad", [0x40, -1, 64, 1000])
def test_colours_outside_00_3f_are_refused(bad):
    with pytest.raises(InvalidValueError, match=r"\$00-\$3F"):
        check_color_index(bad)


def test_a_non_number_is_refused():
    with pytest.raises(InvalidValueError, match="not a colour index"):
        NESColor("red")


@pytest.mark.parametrize("dup", [0x1D, 0x0E, 0x1E, 0x2E, 0x3E, 0x1F, 0x2F, 0x3F])
def test_duplicate_blacks_normalize_to_0f(dup):
    assert normalize_black(dup) == BLACK == 0x0F


@pytest.mark.parametrize("index", [0x00, 0x16, 0x2D, 0x30])
def test_normalize_black_leaves_other_colours_alone(index):
    assert normalize_black(index) == index


def test_nescolor_has_a_readable_name():
    assert NESColor(0x0F).name == "black"
    assert NESColor(0x30).name == "white"
    assert "red" in NESColor(0x16).name


def test_a_pal_file_of_64_triples_replaces_the_rgb_table(tmp_path):
    data = bytes(range(192))
    path = tmp_path / "emu.pal"
    path.write_bytes(data)
    pal = MasterPalette.from_pal(path)
    assert tuple(pal.rgb[1]) == (3, 4, 5)
    assert pal.to_pal() == data


def test_a_pal_file_of_the_wrong_size_is_refused(tmp_path):
    path = tmp_path / "short.pal"
    path.write_bytes(bytes(100))
    with pytest.raises(InvalidValueError, match="100 bytes.*192"):
        MasterPalette.from_pal(path)


def test_nearest_colour_never_picks_0d_or_a_duplicate_black():
    assert DEFAULT_PALETTE.nearest((0, 0, 0)) == 0x0F
    assert DEFAULT_PALETTE.nearest((0xB5, 0x31, 0x20)) == 0x16


def test_the_master_palette_view_shows_the_colours_of_the_palette_it_is_given(tmp_path):
    # Colour $01 of this .pal file is bytes 3-5: (3, 4, 5); the 2C02 default is #002A88.
    path = tmp_path / "emu.pal"
    path.write_bytes(bytes(range(192)))
    shown = MasterPalette.from_pal(path)._repr_html_()
    assert "background:rgb(3,4,5)" in shown
    assert "background:rgb(0,42,136)" not in shown
    assert "background:rgb(0,42,136)" in master_palette_html(DEFAULT_PALETTE)
