"""The limits report, rule by rule, at the boundaries the hardware sets.

The limits come from the NESdev Wiki: 64 sprites in OAM and at most 8 on one scanline
(https://www.nesdev.org/wiki/PPU_OAM, PPU_sprite_evaluation); 256 tiles in a pattern table;
palette numbers 0-3 per 16x16 block, each block covering 2x2 tiles (PPU_attribute_tables);
a sprite whose OAM Y byte is $EF-$FF is below the picture; $0D is "blacker than black" and
$0E/$1E/$2E/$3E, $1D and $1F/$2F/$3F draw the same black as $0F (PPU_palettes).
The report warns when 90% of a budget is used.
"""

import dataclasses
from types import SimpleNamespace

import numpy as np
import pytest

from romulus_nb.limits import Finding, LimitsReport, check_scene
from romulus_nb.nes.oam import Sprite
from romulus_nb.nes.palettes import PaletteSet
from romulus_nb.nes.scene import NESScene


def scene_with_tiles(count: int) -> NESScene:
    """A scene whose nametable uses exactly ``count`` different tiles (1-256)."""
    nametable = np.arange(960) % count
    return NESScene(nametable=nametable.reshape(30, 32))


def bare_scene(*, sprites=(), palettes=None, sprite_size=8, attributes=None):
    """A duck-typed scene: check_scene reads only these fields, and this one holds values a
    validated NESScene never would (65 sprites, $0D in palette RAM)."""
    return SimpleNamespace(
        nametable=np.zeros((30, 32), np.uint8),
        attributes=np.zeros((15, 16), np.uint8) if attributes is None else attributes,
        palettes=palettes or PaletteSet(),
        sprites=list(sprites),
        sprite_size=sprite_size,
        bg_table=0,
    )


def crowded_lines(sprites, height: int) -> list[int]:
    """Slow reference: the lines 0-239 that more than 8 sprites cover, counted one by one."""
    return [
        line for line in range(240) if sum(1 for s in sprites if s.y <= line < s.y + height) > 8
    ]


def only(report: LimitsReport, rule: str) -> Finding:
    found = report.rule(rule)
    assert len(found) == 1, f"{rule}: {found}"
    return found[0]


# -- background tiles: 256 per pattern table, a warning from 90% (231 tiles) -----------------


@pytest.mark.parametrize(
    "count, level",
    [(1, "info"), (230, "info"), (231, "warning"), (255, "warning"), (256, "warning")],
)
def test_the_tile_count_warns_from_231_of_256_and_never_errs_within_a_table(count, level):
    finding = only(check_scene(scene_with_tiles(count), "Title"), "tiles")
    assert finding.level == level
    assert finding.message == f"background tiles used: {count} of 256 in pattern table 0"
    assert finding.scene == "Title"


def test_the_tile_finding_names_the_background_pattern_table():
    scene = scene_with_tiles(3)
    scene.bg_table = 1
    assert only(check_scene(scene), "tiles").message.endswith("3 of 256 in pattern table 1")


# -- sprites: 64 in OAM, a warning from 90% (58 sprites) ----------------------------------------


@pytest.mark.parametrize(
    "count, level",
    [(0, "info"), (57, "info"), (58, "warning"), (64, "warning"), (65, "error")],
)
def test_the_sprite_count_warns_from_58_and_errs_only_beyond_64(count, level):
    # One sprite a column, 8 lines apart in groups of 8: never more than 8 on a line.
    sprites = [Sprite(x=(i % 32) * 8, y=1 + (i // 8) * 8, tile=0) for i in range(count)]
    report = check_scene(bare_scene(sprites=sprites), "Meadow")
    finding = only(report, "sprites")
    assert (finding.level, finding.message, finding.scene) == (
        level,
        f"sprites used: {count} of 64",
        "Meadow",
    )
    assert report.ok == (level != "error")
    assert report.rule("sprites-per-line") == []


# -- sprites per line: the PPU draws the first 8 on each line -----------------------------------


@pytest.mark.parametrize("height", [8, 16])
def test_exactly_8_sprites_on_a_line_is_legal(height):
    sprites = [Sprite(x=20 * i, y=100, tile=0) for i in range(8)]
    report = check_scene(bare_scene(sprites=sprites, sprite_size=height))
    assert report.rule("sprites-per-line") == []
    assert report.warnings == [] and report.ok


@pytest.mark.parametrize("height", [8, 16])
def test_a_9th_sprite_on_a_line_is_a_warning_naming_every_line_it_crowds(height):
    sprites = [Sprite(x=20 * i, y=100, tile=0) for i in range(9)]
    finding = only(check_scene(bare_scene(sprites=sprites, sprite_size=height), "a"),
                   "sprites-per-line")  # fmt: skip
    assert finding.level == "warning" and finding.scene == "a"
    assert finding.lines == tuple(range(100, 100 + height))
    assert finding.message == (
        f"more than 8 sprites on lines 100-{99 + height}: the extra ones vanish"
    )


@pytest.mark.parametrize(
    "tops, height",
    [
        ([100] * 5 + [104] * 4, 8),  # overlap on lines 104-107 only
        ([100] * 5 + [103] * 4, 8),  # 103-107
        ([100] * 5 + [108] * 4, 8),  # touching, never overlapping: legal
        ([100] * 5 + [115] * 4, 16),  # 16-pixel sprites overlap on line 115
        ([230] * 9, 16),  # running off the bottom: lines 230-239 only
        ([1] * 9 + [200] * 8 + [205] * 1, 8),  # two separate crowded bands
        ([10, 11, 12, 13, 14, 15, 16, 17, 18], 8),  # a staircase: only line 18 has all 9
        ([0] * 9, 8),  # hidden sprites (y 0, OAM Y byte $FF) cover no line
    ],
)
def test_crowded_lines_are_the_lines_more_than_8_sprites_cover(tops, height):
    sprites = [Sprite(x=i, y=y, tile=0) for i, y in enumerate(tops)]
    report = check_scene(bare_scene(sprites=sprites, sprite_size=height))
    expected = crowded_lines(sprites, height)
    found = report.rule("sprites-per-line")
    assert (found[0].lines if found else ()) == tuple(expected)


def test_separate_crowded_bands_are_listed_as_ranges():
    sprites = [Sprite(x=i, y=1, tile=0) for i in range(9)]
    sprites += [Sprite(x=i, y=200, tile=0) for i in range(9)]
    sprites += [Sprite(x=i, y=220, tile=0) for i in range(8)] + [Sprite(x=9, y=227, tile=0)]
    finding = only(check_scene(bare_scene(sprites=sprites)), "sprites-per-line")
    assert "on lines 1-8, 200-207, 227:" in finding.message


# -- sprites off screen: lines 1-239 show a sprite ----------------------------------------------


@pytest.mark.parametrize(
    "y, hidden", [(0, True), (1, False), (120, False), (239, False), (240, True), (255, True)]
)
def test_a_sprite_at_y_0_or_from_240_is_reported_off_screen(y, hidden):
    sprites = [Sprite(x=8, y=50, tile=0), Sprite(x=16, y=y, tile=0)]
    found = check_scene(bare_scene(sprites=sprites), "b").rule("sprites-offscreen")
    if not hidden:
        assert found == []
        return
    assert len(found) == 1
    assert (found[0].level, found[0].scene) == ("info", "b")
    assert found[0].message == "sprites [1] are off screen (y 0 or >= 240)"


def test_every_off_screen_sprite_is_listed_by_its_oam_index():
    sprites = [Sprite(x=0, y=y, tile=0) for y in (0, 10, 240, 20, 255)]
    finding = only(check_scene(bare_scene(sprites=sprites)), "sprites-offscreen")
    assert "sprites [0, 2, 4] are off screen" in finding.message


# -- attributes: palette numbers 0-3, highlighted on the block's top-left tile -----------------


@pytest.mark.parametrize(
    "blocks, cells",
    [
        ([(2, 3)], ((4, 6),)),
        ([(0, 0)], ((0, 0),)),
        ([(14, 15)], ((28, 30),)),
        ([(1, 5), (7, 2)], ((2, 10), (14, 4))),
    ],
)
def test_a_block_palette_above_3_is_an_error_on_its_2x2_tiles(blocks, cells):
    scene = NESScene()
    scene.attributes[:] = 3  # the highest legal palette everywhere else
    for r, c in blocks:
        scene.attributes[r, c] = 4 + r % 4  # set in place: no setter checks it
    report = check_scene(scene, "Title")
    finding = only(report, "attributes")
    assert (finding.level, finding.message, finding.scene) == (
        "error",
        "block palettes must be 0-3",
        "Title",
    )
    assert finding.cells == cells
    assert not report.ok and report.errors == [finding]


def test_block_palettes_of_3_are_fine():
    scene = NESScene()
    scene.attributes[:] = 3
    report = check_scene(scene)
    assert report.rule("attributes") == [] and report.ok


# -- colours --------------------------------------------------------------------------------------


def palettes_holding(*colors) -> SimpleNamespace:
    """Palette RAM as an (8, 4) array with ``colors`` in background palette 1."""
    array = np.full((8, 4), 0x30, np.uint8)
    array[:, 0] = 0x0F
    array[1, 1 : 1 + len(colors)] = colors
    return SimpleNamespace(array=array)


def test_colour_0d_is_an_error():
    report = check_scene(bare_scene(palettes=palettes_holding(0x0D)), "c")
    finding = only(report, "unsafe-colour")
    assert (finding.level, finding.scene) == ("error", "c")
    assert "$0D" in finding.message
    assert not report.ok


@pytest.mark.parametrize("color", [0x0C, 0x0E, 0x1D, 0x2D, 0x3D, 0x0F])
def test_colours_other_than_0d_are_not_unsafe(color):
    report = check_scene(bare_scene(palettes=palettes_holding(color)))
    assert report.rule("unsafe-colour") == [] and report.ok


@pytest.mark.parametrize(
    "colors, listed",
    [
        ((0x1D,), "$1D"),
        ((0x2F, 0x0E), "$0E, $2F"),
        ((0x3E, 0x1E, 0x2E), "$1E, $2E, $3E"),
        ((0x1F, 0x3F, 0x1F), "$1F, $3F"),
    ],
)
def test_duplicate_blacks_are_listed_once_in_order_as_info(colors, listed):
    report = check_scene(bare_scene(palettes=palettes_holding(*colors)), "d")
    finding = only(report, "duplicate-black")
    assert (finding.level, finding.scene) == ("info", "d")
    assert finding.message == f"{listed} draw the same black as $0F"
    assert report.ok


@pytest.mark.parametrize("color", [0x0F, 0x00, 0x2D, 0x30])
def test_the_black_0f_and_the_greys_are_not_duplicate_blacks(color):
    report = check_scene(bare_scene(palettes=palettes_holding(color)))
    assert report.rule("duplicate-black") == []


# -- the report's text forms ----------------------------------------------------------------------


def sample_report() -> LimitsReport:
    return LimitsReport(
        [
            Finding("info", "tiles", "background tiles used: 3 of 256", "Title"),
            Finding("warning", "sprites-per-line", "more than 8 sprites on lines 5", "Title"),
            Finding("error", "attributes", "block palettes must be 0-3", None, ((0, 0),)),
            Finding("warning", "sprites", "sprites used: 60 of 64"),
        ]
    )


def test_a_finding_is_a_frozen_value():
    finding = Finding("warning", "tiles", "m", "S", ((1, 2),), (3,))
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.level = "info"
    assert finding == Finding("warning", "tiles", "m", "S", ((1, 2),), (3,))
    assert len({finding, Finding("warning", "tiles", "m", "S", ((1, 2),), (3,))}) == 1


def test_a_finding_reads_level_scene_and_message():
    assert str(Finding("error", "r", "it broke", "Title")) == "error: [Title] it broke"
    assert str(Finding("info", "r", "a figure")) == "info: a figure"


def test_the_report_lists_its_findings_one_a_line():
    assert str(sample_report()) == (
        "info: [Title] background tiles used: 3 of 256\n"
        "warning: [Title] more than 8 sprites on lines 5\n"
        "error: block palettes must be 0-3\n"
        "warning: sprites used: 60 of 64"
    )
    assert str(LimitsReport()) == "no findings"


def test_the_repr_counts_errors_and_warnings_then_lists_the_findings():
    assert repr(sample_report()) == "LimitsReport(1 errors, 2 warnings)\n" + str(sample_report())
    assert repr(LimitsReport()) == "LimitsReport(0 errors, 0 warnings)\nno findings"


def test_errors_warnings_length_and_iteration_select_by_level():
    report = sample_report()
    assert len(report) == 4 and len(LimitsReport()) == 0
    assert [f.rule for f in report] == ["tiles", "sprites-per-line", "attributes", "sprites"]
    assert [f.rule for f in report.errors] == ["attributes"]
    assert [f.rule for f in report.warnings] == ["sprites-per-line", "sprites"]
    assert [f.message for f in report.rule("sprites")] == ["sprites used: 60 of 64"]
    assert not report.ok
    assert LimitsReport(report.warnings).ok


def test_the_html_form_colours_each_finding_by_level_and_escapes_text():
    report = LimitsReport([Finding("error", "r", "a <b> & c", "S"), Finding("info", "t", "ok")])
    html = report._repr_html_()
    assert "<b>Limits: 1 error(s)</b>" in html
    assert '<li style="color:#c0392b">error: [S] a &lt;b&gt; &amp; c</li>' in html
    assert '<li style="color:#555">info: ok</li>' in html
    assert "<b>Limits: OK</b>" in LimitsReport([Finding("warning", "w", "x")])._repr_html_()


def test_a_clean_scene_has_only_its_tile_and_sprite_figures():
    report = check_scene(NESScene(sprites=[Sprite(x=8, y=8, tile=1)]))
    assert [(f.level, f.rule) for f in report] == [("info", "tiles"), ("info", "sprites")]
    assert report.errors == [] and report.warnings == [] and report.ok
