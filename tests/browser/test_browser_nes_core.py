"""nes_core.js, GamePlayer's emulator in the browser, draws every frame our Python emulator draws.

Each ROM runs for hundreds of frames with a button script in headless chromium (a blank page,
no Jupyter) and in `romulus_nb.emu.live.LiveNES` (the kernel's `NES`); every frame's 256 x 240
colour indices must be equal. A difference names the first frame and pixel that differ. The
ROMs: the demo game played through (title, Start, running and jumping, the door to the room and
back, the camera scrolling), maps scrolling sideways and up and down, and the hand-written test
ROMs of tests/emu (splits by PPUADDR, by timing and by sprite 0 hit, a Y scroll in the attribute
rows, palette/OAM/scroll changes in every vblank, sprite 0 hits counted, the overflow flag's
hardware bug).
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import numpy as np
import pytest
from lab_harness import chromium_page
from py65.devices.mpu6502 import MPU

from romulus_nb.demo import demo_game
from romulus_nb.emu.buttons import parse_buttons
from romulus_nb.emu.cartridge import load_cartridge
from romulus_nb.emu.live import LiveNES
from tests.emu.conftest import ROMS, assemble
from tests.scroll_games import map_game

CORE = Path(__file__).resolve().parents[2] / "romulus_nb" / "widgets" / "nes_core.js"
#: Title -> Start -> the level; right over the wall, back left and a jump into the door over the
#: start -> the room; left through the room's door -> the level; then running right with jumps,
#: the camera scrolling. (Found with romulus_nb.play.simulate, which the ROM is proven to match.)
DEMO_SCRIPT = (
    "20:start,40-69:right,70-90:right+a,91-130:right,131-174:left,175-199:left+a,225-290:left,"
    "300-700:right," + ",".join(f"{f}-{f + 15}:right+a" for f in range(310, 700, 40))
)

_LOAD = """
async (source) => {
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  window.core = await import(url);
  return Object.keys(window.core).sort();
}
"""
_RUN = """
({ prg, chr, mirroring, masks, picture }) => {
  const nes = new window.core.NESCore(Uint8Array.from(prg), Uint8Array.from(chr), mirroring);
  const crcs = [];
  const start = performance.now();
  for (const mask of masks) {
    nes.runFrame(mask);
    crcs.push(window.core.crc32(nes.picture()));
  }
  const ms = (performance.now() - start) / masks.length;
  return { crcs, ms, halted: nes.halted, picture: picture ? Array.from(nes.picture()) : null };
}
"""


def _demo() -> bytes:
    return demo_game().build()


def _scrolling_map(vertical: bool = False) -> bytes:
    return map_game(5, screens=4, speed=3, vertical=vertical).build()


def _hand_written(stem: str, **defines):
    def build(tmp: Path) -> bytes:
        name = stem + "".join(f"_{k}{v}" for k, v in sorted(defines.items()))
        return assemble(ROMS / f"{stem}.s", tmp, defines, name).read_bytes()

    return build


CASES = {  # name: (build(tmp dir) -> ROM bytes, button script, frames)
    "the demo game played through the door to the room and back": (
        lambda tmp: _demo(), DEMO_SCRIPT, 700),
    "a map four screens wide (vertical mirroring), right then left": (
        lambda tmp: _scrolling_map(), "10-200:right,230-330:left", 360),
    "a map four screens high (horizontal mirroring), down then up": (
        lambda tmp: _scrolling_map(vertical=True), "10-200:down,230-330:up", 360),
    "a split written by PPUADDR in the middle of the frame": (
        _hand_written("split_2006"), None, 300),
    "a split timed by a cycle-counted loop": (_hand_written("split_timed"), None, 300),
    "a status bar split at the sprite 0 hit": (_hand_written("split_sprite0"), None, 300),
    "a Y scroll of 244 (attribute rows drawn as tiles)": (
        _hand_written("scroll_y244", SCROLL_Y=244), None, 120),
    "palette, OAM and scroll changed in every vblank": (
        _hand_written("vblank_changes"), None, 300),
    "sprite 0 hits counted every frame": (_hand_written("sprite0"), None, 300),
    "the overflow flag's false positive": (_hand_written("status_bits", LAYOUT=2), None, 60),
    "the overflow flag's false negative": (_hand_written("status_bits", LAYOUT=3), None, 60),
    "sprite 0 hit and overflow together": (_hand_written("status_bits", LAYOUT=0), None, 60),
}  # fmt: skip


@pytest.fixture(scope="module")
def page():
    with chromium_page(800, 600) as page:
        page.goto("about:blank")
        exports = page.evaluate(_LOAD, CORE.read_text())
        assert {"NESCore", "crc32"} <= set(exports)
        yield page


def python_pictures(rom: bytes, script, frames: int) -> list[bytes]:
    """Each frame's picture as the kernel's LiveNES draws it, holding the script's buttons."""
    masks = parse_buttons(script)
    live = LiveNES(rom)
    pictures = []
    for _ in range(frames):
        live.hold(masks.get(live.frame + 1, 0))
        pictures.append(live.step(1).tobytes())
    return pictures


def run_in_browser(page, rom: bytes, masks: list[int], picture: bool = False) -> dict:
    cartridge = load_cartridge(rom)
    return page.evaluate(
        _RUN,
        {
            "prg": list(cartridge.prg),
            "chr": list(cartridge.chr),
            "mirroring": cartridge.mirroring,
            "masks": masks,
            "picture": picture,
        },
    )


def first_difference(page, rom: bytes, masks: list[int], expected: bytes) -> str:
    """Where the browser's picture after ``len(masks)`` frames first differs from ``expected``."""
    got = np.array(run_in_browser(page, rom, masks, picture=True)["picture"], np.uint8)
    want = np.frombuffer(expected, np.uint8)
    index = int(np.flatnonzero(got != want)[0])
    line, x = divmod(index, 256)
    return (
        f"frame {len(masks)} differs first at line {line}, x {x}: the browser drew colour "
        f"${got[index]:02X}, the Python emulator ${want[index]:02X} "
        f"({int((got != want).sum())} pixels differ)"
    )


@pytest.mark.parametrize("name", CASES)
def test_the_browser_emulator_draws_every_frame_the_python_emulator_draws(page, tmp_path, name):
    build, script, frames = CASES[name]
    rom = build(tmp_path)
    expected = python_pictures(rom, script, frames)
    script_masks = parse_buttons(script)
    masks = [script_masks.get(frame + 1, 0) for frame in range(frames)]
    result = run_in_browser(page, rom, masks)
    assert result["halted"] is None, f"the browser's CPU halted ({result['halted']})"
    for frame, (crc, picture) in enumerate(zip(result["crcs"], expected, strict=True)):
        if crc != zlib.crc32(picture):
            pytest.fail(first_difference(page, rom, masks[: frame + 1], picture))


def test_the_demo_game_takes_the_door_in_the_script_the_equality_test_plays():
    """The demo script really reaches the room and comes back (else the test proves less)."""
    live = LiveNES(_demo())
    masks = parse_buttons(DEMO_SCRIPT)
    room = demo_game().scene("Room").screen_nametable_bytes(0, 0)
    seen_room = back_in_level = False
    for _ in range(700):
        live.hold(masks.get(live.frame + 1, 0))
        live.step(1)
        in_room = bytes(live.state().nametables[0]) == room
        seen_room |= in_room
        back_in_level |= seen_room and not in_room and live.frame > 300
    assert seen_room and back_in_level


def test_the_opcode_table_of_nes_core_js_is_py65s():
    """Names, addressing modes, cycles and extra cycles of all 256 opcodes, as py65 has them."""
    text = CORE.read_text()
    rows = "".join(re.findall(r'^  "([^"]*)",$', text, flags=re.MULTILINE)).split(",")[:256]
    for opcode, row in enumerate(rows):
        name, mode = MPU.disassemble[opcode]
        expected = "" if name == "???" else f"{name} {mode} {MPU.cycletime[opcode]} "
        expected += "" if name == "???" else str(MPU.extracycles[opcode])
        assert row == expected, f"opcode ${opcode:02X}: {row!r} in nes_core.js, py65 {expected!r}"
