"""Cross-check against a real emulator: our smoke test's frame (py65 + our PPU model + our
renderer) must equal cynes' frame pixel for pixel, compared in colour-index space through the
RGB palette learned from cynes itself (see ``cynes_palette`` in conftest.py), so indices that
cynes draws alike (the blacks, $20/$30) count as equal."""

from __future__ import annotations

import numpy as np
import pytest

from romulus_nb.emu.smoke import smoke_game, smoke_test
from romulus_nb.game import Game
from romulus_nb.nes.oam import Sprite
from romulus_nb.nes.palettes import PaletteSet
from romulus_nb.rom.build import build
from tests.emu.conftest import cynes_frame, differing_pixels

# Colours a design may use (no $0D, which the model refuses as unsafe).
SAFE_COLORS = [c for c in range(0x40) if c != 0x0D]


def test_the_learned_cynes_palette_has_64_colours_and_one_black(cynes_palette):
    assert cynes_palette.shape == (64, 3)
    blacks = {tuple(cynes_palette[i]) for i in (0x0D, 0x0E, 0x0F, 0x1D, 0x1E, 0x2F, 0x3F)}
    assert len(blacks) == 1
    assert len({tuple(c) for c in cynes_palette}) >= 52


def compare(rom, frames: int, palette, buttons=None) -> int:
    ours = smoke_test(rom, frames=frames, buttons=buttons, film=False)
    assert ours.ok, ours.message
    return differing_pixels(ours.frame.indices, cynes_frame(rom, frames, buttons), palette)


@pytest.mark.parametrize(
    "rom_name, defines",
    [
        ("basic", {}),
        ("corners", {"MIRRORING": 1}),
        ("corners", {"MIRRORING": 0}),
        ("rules", {}),
        ("sprite0", {}),  # the backdrop turns $2A only after sprite 0 hits were counted
    ],
)
def test_hand_written_roms_draw_like_cynes(build_rom, cynes_palette, rom_name, defines):
    rom = build_rom(rom_name, **defines)
    assert compare(rom, 20, cynes_palette) == 0


def test_every_scene_of_the_demo_game_draws_like_cynes(tmp_path, cynes_palette):
    from romulus_nb.demo import demo_game

    rom = tmp_path / "demo.nes"
    rom.write_bytes(build(demo_game()))
    script = {30: "start", 60: "start"}
    for frames in (28, 58, 88):  # each scene, settled
        assert compare(rom, frames, cynes_palette, script) == 0, f"frame {frames}"


def random_game(seed: int) -> Game:
    """A one-scene game of random tiles, nametable, attributes, palettes and sprites."""
    rng = np.random.default_rng(seed)
    game = Game(f"random {seed}")
    game.tileset = rng.integers(0, 4, (512, 8, 8), dtype=np.uint8)
    scene = game.add_scene("random")
    scene.nametable = rng.integers(0, 256, (30, 32), dtype=np.uint8)
    scene.attributes = rng.integers(0, 4, (15, 16), dtype=np.uint8)
    colors = rng.choice(SAFE_COLORS, (8, 4))
    scene.palettes = PaletteSet(colors.tolist(), backdrop=int(colors[0, 0]))
    scene.bg_table = int(rng.integers(0, 2))
    scene.sprite_table = int(rng.integers(0, 2))
    scene.sprites = [
        Sprite(int(rng.integers(0, 249)), int(rng.integers(0, 232)), int(rng.integers(0, 256)),
               int(rng.integers(0, 4)), *(bool(b) for b in rng.integers(0, 2, 3)))
        for _ in range(int(rng.integers(0, 40)))
    ]  # fmt: skip
    return game


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_generated_games_draw_like_cynes_and_like_their_design(
    tmp_path, cynes_palette, seed
):
    game = random_game(seed)
    rom = tmp_path / f"random{seed}.nes"
    rom.write_bytes(build(game))
    assert compare(rom, 20, cynes_palette) == 0
    report = smoke_game(game, rom.read_bytes())
    assert report.ok, repr(report)


def test_a_cc65_c_program_runs_and_its_early_ppu_writes_are_named(cc65_hello, cynes_palette):
    """cc65's NES runtime turns rendering on about 7600 cycles after power-on and never again.
    The PPU ignores that during its warm-up, so on hardware the screen stays dark: we say so.
    Without the warm-up (as cynes runs it) the text is drawn exactly as cynes draws it."""
    strict = smoke_test(cc65_hello, frames=60, film=False)
    assert strict.verdict == "no-rendering" and "warm-up" in strict.message
    (warmup,) = [w for w in strict.warnings if w.kind == "warmup"]
    assert "PPUMASK" in warmup.message and warmup.frame == 0
    lax = smoke_test(cc65_hello, frames=60, film=False, warmup=False)
    assert lax.ok
    cynes = cynes_frame(cc65_hello, 60)
    text = slice(96, 144)  # the "Hello world!" lines
    assert differing_pixels(lax.frame.indices[text], cynes[text], cynes_palette) == 0
    assert len(np.unique(lax.frame.indices[text])) == 2  # text on a backdrop, not blank
