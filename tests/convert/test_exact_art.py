"""Art that already obeys the NES's rules comes back exactly, in colour indices, whatever known
RGB table it was drawn with; art that breaks one rule gets a report naming that rule.

Expected pictures come from the renderer (checked pixel for pixel against cynes elsewhere) and
from makechr, an independent converter, run as a program on the same files.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from romulus_nb.cli import main
from romulus_nb.convert import convert_picture
from romulus_nb.convert.exact import representatives
from romulus_nb.convert.master_palettes import known_palettes, makechr_palettes
from romulus_nb.demo import demo_game
from romulus_nb.nes.chr import decode_chr
from romulus_nb.nes.colors import DEFAULT_PALETTE, MasterPalette
from romulus_nb.nes.nametable import unpack_attributes
from romulus_nb.nes.palettes import PaletteSet
from romulus_nb.nes.scene import NESScene
from romulus_nb.render import render_scene

PALETTE_NAMES = [p.name for p in known_palettes()]
DEMO = demo_game()


def background_indices(scene: NESScene, tileset: np.ndarray) -> np.ndarray:
    """``(240, 256) uint8`` colour indices of the scene's background (sprites left out)."""
    bare = scene.copy()
    bare.sprites = []
    return render_scene(bare, tileset).indices


def canonical(indices: np.ndarray, master: MasterPalette) -> np.ndarray:
    """Indices with every colour replaced by the one that stands for its RGB in ``master``
    ($30 for $20 where they are the same white, $0F for every black)."""
    return representatives(master)[indices]


def palette_named(name: str) -> MasterPalette:
    return next(p for p in known_palettes() if p.name == name)


def converts_back_exactly(indices: np.ndarray, master: MasterPalette, **options):
    picture = master.rgb[indices]
    conversion = convert_picture(picture, progress=False, **options)
    chr_bank = np.zeros((512, 8, 8), np.uint8)
    chr_bank[:256] = conversion.pattern_table
    back = render_scene(conversion.scene, chr_bank).indices
    differing = int((canonical(back, master) != canonical(indices, master)).sum())
    return conversion.report, differing


def test_makechr_is_installed_and_its_tables_are_known():
    # A test dependency: without it the comparisons below would prove less, so fail, never skip.
    assert [p.name for p in makechr_palettes()] == [
        "makechr (AlmightyGuru)",
        "makechr (FCEUX)",
        "makechr (NESST)",
    ]


@pytest.mark.parametrize("palette_name", PALETTE_NAMES)
@pytest.mark.parametrize("scene_name", [s.name for s in DEMO.scenes])
def test_every_demo_scene_in_every_known_palette_comes_back_with_0_differing_pixels(
    scene_name, palette_name
):
    master = palette_named(palette_name)
    indices = background_indices(DEMO.scene(scene_name), DEMO.tileset)
    report, differing = converts_back_exactly(indices, master)
    assert differing == 0
    assert report.exact and report.master_palette == palette_name
    assert report.summary()[0].startswith(
        f"exact: 0 differing pixels; colours recognised as {palette_name}"
    )


@st.composite
def legal_designs(draw):
    """A random background that obeys every rule: a backdrop, 4 palettes of 3 colours distinct
    from it, one palette per 16x16 block, up to 16 tiles (so that any regrouping of colours
    into palettes still needs at most 16 x 16 = 256 tiles)."""
    master = draw(st.sampled_from(known_palettes()))
    usable = sorted(set(representatives(master)[representatives(master) >= 0].tolist()))
    backdrop = draw(st.sampled_from(usable))
    others = [c for c in usable if c != backdrop]
    rows = [
        [backdrop, *draw(st.lists(st.sampled_from(others), min_size=3, max_size=3, unique=True))]
        for _ in range(4)
    ]
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    count = draw(st.integers(1, 16))
    tiles = np.zeros((512, 8, 8), np.uint8)
    tiles[:count] = rng.integers(0, 4, (count, 8, 8))
    scene = NESScene(
        rng.integers(0, count, (30, 32)).astype(np.uint8),
        rng.integers(0, 4, (15, 16)).astype(np.uint8),
        PaletteSet(rows + [[backdrop, 0x0F, 0x10, 0x30]] * 4, backdrop=backdrop),
    )
    return master, render_scene(scene, tiles).indices


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(legal_designs())
def test_random_legal_backgrounds_in_any_known_palette_come_back_exactly(design):
    master, indices = design
    report, differing = converts_back_exactly(indices, master)
    assert differing == 0 and report.exact


# --- pictures that break one rule each --------------------------------------------------------
def meadow() -> np.ndarray:
    return background_indices(DEMO.scene("Meadow"), DEMO.tileset)


def with_off_colour(rgb):
    rgb[100, 37] = (1, 2, 250)  # no NES colour in any known table is this blue
    return rgb


def with_five_colours_in_a_block(rgb):
    for i, c in enumerate((0x16, 0x2A, 0x12, 0x27)):  # block (0, 0) is sky: 4 more colours
        rgb[i, 0] = DEFAULT_PALETTE.rgb[c]
    return rgb


def with_two_disjoint_four_colour_blocks(rgb):
    for block_x, colours in ((3, (0x16, 0x2A, 0x12, 0x27)), (9, (0x05, 0x19, 0x11, 0x37))):
        for i, c in enumerate(colours):  # sky blocks of row 6: 4 colours, none of them the sky
            rgb[96:112, 16 * block_x + 4 * i : 16 * block_x + 4 * i + 4] = DEFAULT_PALETTE.rgb[c]
    return rgb


def with_five_palettes(rgb):
    for i, c in enumerate((0x04, 0x14, 0x34)):  # the meadow uses 4 palettes; a 5th in the sky
        rgb[80 + i, 16 * 3] = DEFAULT_PALETTE.rgb[c]
    return rgb


@pytest.mark.parametrize(
    "breaks, rule, words, options",
    [
        (with_off_colour, "colors", "#0102FA at (37, 100)", {}),
        (with_five_colours_in_a_block, "block-colors", "block (0, 0): 5", {}),
        (with_two_disjoint_four_colour_blocks, "block-colors", "no colour is in all of them", {}),
        (with_five_palettes, "palettes", "need 5 palettes", {}),
        (lambda rgb: rgb, "tiles", "distinct new tiles of 8x8; the budget is 10",
         {"tile_budget": 10}),  # the meadow draws 13 tiles
    ],
    ids=["off-colour", "five-colours", "no-shared-backdrop", "five-palettes", "tiles"],
)  # fmt: skip
def test_a_picture_breaking_one_rule_gets_a_report_naming_that_rule(breaks, rule, words, options):
    picture = breaks(DEFAULT_PALETTE.rgb[meadow()].copy())
    report = convert_picture(picture, progress=False, **options).report
    assert not report.exact
    assert [v.rule for v in report.violations] == [rule]
    assert words in report.violations[0].message
    assert any(line.startswith("not exact") and rule in line for line in report.summary())
    outlined = report.rules_picture() != (picture // 2 + 32)
    assert outlined.any()  # the blocks or tiles to blame are drawn on the picture


def test_the_rules_picture_outlines_exactly_the_block_with_too_many_colours():
    picture = with_five_colours_in_a_block(DEFAULT_PALETTE.rgb[meadow()].copy())
    report = convert_picture(picture, progress=False).report
    assert report.violations[0].blocks == ((0, 0),)
    red = (report.rules_picture() == (255, 40, 40)).all(-1)
    assert red[0, :16].all() and red[:16, 0].all() and not red[16:, :].any()


def test_art_in_an_emulator_palette_is_exact_once_its_pal_file_is_given(tmp_path, capsys):
    rgb = 255 - DEFAULT_PALETTE.rgb  # a table no one ships: every colour's negative
    pal = tmp_path / "negative.pal"
    pal.write_bytes(rgb.astype(np.uint8).tobytes())
    art = tmp_path / "meadow.png"
    Image.fromarray(rgb[meadow()].astype(np.uint8)).save(art)
    out = tmp_path / "g.json"
    assert main(["import-image", str(art), "-o", str(out), "--rules", str(tmp_path / "r.png")]) == 0
    assert "not exact (no known palette): colors:" in capsys.readouterr().out
    assert Image.open(tmp_path / "r.png").size == (256, 240)  # the picture with blocks outlined
    assert main(["import-image", str(art), "-o", str(out), "--palette", str(pal)]) == 0
    assert (
        "exact: 0 differing pixels; colours recognised as negative.pal" in capsys.readouterr().out
    )


@pytest.mark.parametrize("size", [100, 191, 193])
def test_a_pal_file_of_the_wrong_size_is_refused_by_name(tmp_path, capsys, size):
    pal = tmp_path / "odd.pal"
    pal.write_bytes(bytes(size))
    art = tmp_path / "a.png"
    Image.new("RGB", (256, 240)).save(art)
    assert main(["import-image", str(art), "-o", str(tmp_path / "g.json"), "--palette", str(pal)])
    assert f"odd.pal: {size} bytes" in capsys.readouterr().err


def run_makechr(picture: Path, out: Path) -> subprocess.CompletedProcess:
    """makechr as a program (it is a test dependency): components to ``out/mk.%s.dat``."""
    return subprocess.run(
        [sys.executable, "-m", "makechr.makechr", str(picture), "-o", str(out / "mk.%s.dat")],
        capture_output=True,
        text=True,
        timeout=120,
    )


def makechr_scene(out: Path) -> tuple[NESScene, np.ndarray]:
    """makechr's components read back as a scene and its pattern tables."""

    def read(part: str) -> bytes:
        return (out / f"mk.{part}.dat").read_bytes()

    scene = NESScene(
        np.frombuffer(read("nametable"), np.uint8).reshape(30, 32),
        unpack_attributes(read("attribute")),
        PaletteSet.from_bytes(read("palette")),
    )
    return scene, decode_chr(read("chr").ljust(8192, b"\0"))


def test_makechr_and_we_both_reproduce_the_meadow_drawn_in_makechrs_colours(tmp_path):
    master = palette_named("makechr (AlmightyGuru)")
    art = tmp_path / "meadow.png"
    Image.fromarray(master.rgb[meadow()]).save(art)
    done = run_makechr(art, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    theirs, their_chr = makechr_scene(tmp_path)
    conversion = convert_picture(art, progress=False)
    chr_bank = np.zeros((512, 8, 8), np.uint8)
    chr_bank[:256] = conversion.pattern_table
    ours = render_scene(conversion.scene, chr_bank).indices
    assert conversion.report.exact
    assert np.array_equal(
        canonical(ours, master), canonical(render_scene(theirs, their_chr).indices, master)
    )
    assert conversion.report.tiles_used <= len(np.unique(theirs.nametable))


def test_makechr_refuses_what_we_report_as_breaking_a_rule(tmp_path):
    art = tmp_path / "five.png"
    master = palette_named("makechr (AlmightyGuru)")
    picture = master.rgb[meadow()].copy()
    for i, c in enumerate((0x16, 0x2A, 0x12, 0x27)):
        picture[i, 0] = master.rgb[c]
    Image.fromarray(picture).save(art)
    refused = run_makechr(art, tmp_path)
    assert refused.returncode == 1 and "error" in refused.stdout + refused.stderr
    report = convert_picture(art, progress=False).report
    assert [v.rule for v in report.violations] == ["block-colors"]


def test_a_fully_transparent_picture_is_exact_with_a_black_backdrop():
    picture = np.zeros((240, 256, 4), np.uint8)  # alpha 0 everywhere
    report = convert_picture(picture, progress=False).report
    assert report.exact and report.palettes[0][0] == 0x0F
