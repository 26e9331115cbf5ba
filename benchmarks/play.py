"""How well a game plays: in the browser (frames drawn per second, key to picture), and on our
emulator against cynes on the same recorded session.

1. Browser: JupyterLab on loopback with a GamePlayer on the demo game, in Debian's chromium
   (headless, driven by Playwright); the game runs in the page (nes_core.js). Counts the frames
   the page drew over ``--seconds`` (target >= 58 per second over 10 s) on the stock server and
   on the no-delay server of ``./dev lab``, then presses Enter (Start: the next scene)
   ``--keys`` times and measures each keydown to the first drawn frame whose picture changed
   *because of it* (target <= 50 ms): the kernel's recording is replayed on our emulator with
   and without the press, and the first frame whose pictures differ is looked up in the page's
   log of drawn frames (``playLog``: when each frame was drawn).
2. Emulator: a 20-second recorded session (1200 frames of scripted buttons) run on our emulator
   (`LiveNES`, one frame at a time as the player runs it) and on cynes, side by side; frames per
   second and the ratio.
3. The ROM's CPU time: the busiest frame of the same session (from the NMI to the main loop's
   next wait, uploads and OAM DMA included; scene loads left out) against the 29,780 CPU
   cycles of an NTSC frame, and the median frame while the player plays; then the same on a
   map down (the tests' 2-screen tower climbed to its exit, ``TOWER_CLIMB``).

Usage: ``python benchmarks/play.py [--seconds 10] [--keys 5] [--skip-browser]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import cynes

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "tests" / "browser"), str(REPO)]

from lab_harness import kernel, notebook_page  # noqa: E402

from romulus_nb.demo import demo_game, demo_level  # noqa: E402
from romulus_nb.emu.bus import BUTTONS  # noqa: E402
from romulus_nb.emu.buttons import parse_buttons  # noqa: E402
from romulus_nb.emu.live import LiveNES  # noqa: E402
from romulus_nb.emu.machine import NES  # noqa: E402
from romulus_nb.emu.state import PPUState  # noqa: E402
from romulus_nb.play.proof import FRAME_CYCLES, busy_cycles  # noqa: E402
from romulus_nb.rom.build import build_game  # noqa: E402
from tests.emu.conftest import CYNES_BITS  # noqa: E402
from tests.play.player_games import TOWER_CLIMB, TOWER_CLIMB_EXIT, tower_game  # noqa: E402

NOTEBOOK = [
    "import json\n"
    "from romulus_nb.demo import demo_game\n"
    "from romulus_nb.widgets import GamePlayer\n"
    "player = GamePlayer(demo_game())\n"
    "player",
]
SESSION = "30:start,100-160:right,170:a,200-260:left,300:start,400-500:right+a,600:select"
SESSION_FRAMES = 1200


#: Frames the page drew per second over the next ``ms`` milliseconds, from its log of draws.
_DRAWN_PER_SECOND = """
(ms) => new Promise((done) => setTimeout(() => {
  const end = performance.now();
  const draws = document.querySelector(".romulus-play").playLog.draws;
  done(draws.filter(([when]) => when > end - ms).length / (ms / 1000));
}, ms))
"""


def browser(rom: bytes, seconds: float, keys: int, nodelay: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        lab = notebook_page(
            Path(tmp), "play.ipynb", NOTEBOOK, [".romulus-play canvas"], nodelay=nodelay
        )
        with lab as (page, _):
            time.sleep(3)  # warm up: the page's first frames and paints
            fps = page.evaluate(_DRAWN_PER_SECOND, seconds * 1000)
            page.locator(".romulus-play-screen").click()
            for _ in range(keys):
                page.keyboard.down("Enter")
                time.sleep(0.2)
                page.keyboard.up("Enter")
                time.sleep(1.0)  # the next scene settles before the next press
            log = page.evaluate("() => document.querySelector('.romulus-play').playLog")
            script = kernel(page, "player.pause()\nprint(json.dumps(player._live.script()))")
            diverged = kernel(page, "print(json.dumps(player.diverged))")
    script = {int(frame): mask for frame, mask in script.items()}
    latencies = key_latencies(rom, script, log)
    return {"fps": fps, "latency_ms": statistics.median(latencies), "all": latencies,
            "diverged": diverged}  # fmt: skip


def key_latencies(rom: bytes, script: dict[int, int], log: dict) -> list[float]:
    """Per keydown in the page's log: ms from the key to the first drawn frame whose picture
    differs from what the same session draws without that press."""
    out = []
    changes = [(when, frame, mask) for when, frame, mask in log["keys"] if frame > 0]
    for k, (when, frame, mask) in enumerate(changes):
        before = script.get(frame - 1, 0)
        if not mask & ~before:
            continue  # a release
        until = changes[k + 1][1] if k + 1 < len(changes) else frame + 60
        without = {f: m for f, m in script.items() if not frame <= f < until}
        without.update({f: before for f in range(frame, until) if before})
        changed = first_changed_frame(rom, script, without, frame)
        drawn_at = [t for t, f in log["draws"] if f >= changed]
        if drawn_at:
            out.append(drawn_at[0] - when)
    return out


def first_changed_frame(rom: bytes, script: dict, without: dict, frame: int) -> int:
    """The first frame count n >= ``frame`` after which the two scripts' pictures differ."""
    runs = [NES(rom, buttons=script), NES(rom, buttons=without)]
    for nes in runs:
        nes.run_frames(frame - 1)
    for n in range(frame, frame + 120):
        pictures = []
        for nes in runs:
            nes.run_frames(1)
            pictures.append(PPUState.capture(nes.ppu, nes.cycles, writes=False).render().indices)
        if not (pictures[0] == pictures[1]).all():
            return n
    return frame + 120


def ours(rom: bytes) -> float:
    script = parse_buttons(SESSION)
    live = LiveNES(rom)
    start = time.perf_counter()
    for frame in range(SESSION_FRAMES):
        live.hold(script.get(frame, 0))
        live.step(1)
    return SESSION_FRAMES / (time.perf_counter() - start)


def theirs(rom: bytes) -> float:
    script = parse_buttons(SESSION)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo.nes"
        path.write_bytes(rom)
        nes = cynes.NES(str(path))
        start = time.perf_counter()
        for frame in range(SESSION_FRAMES):
            nes.controller = _cynes_mask(script.get(frame, 0))
            nes.step()
        return SESSION_FRAMES / (time.perf_counter() - start)


def cpu_cycles(game=None, session: str = SESSION,
               frames: int = SESSION_FRAMES) -> tuple[int, int, float]:  # fmt: skip
    """(worst frame's cycles, its frame, median cycles) over the session on our emulator
    (``game``: the demo level by default)."""
    built = build_game(demo_level() if game is None else game)
    nes = NES(built.rom, buttons=session)
    busy = busy_cycles(nes, built.symbols["wait_nmi"])
    nes.run_frames(frames)
    worst = max(busy, key=busy.__getitem__)
    return busy[worst], worst, statistics.median(busy.values())


def _cynes_mask(mask: int) -> int:
    """Our joypad byte (bit 0 = A ... bit 7 = Right, `BUTTONS`) in cynes' bit order."""
    return sum(CYNES_BITS[name] for bit, name in enumerate(BUTTONS) if mask >> bit & 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--keys", type=int, default=5)
    parser.add_argument("--skip-browser", action="store_true")
    args = parser.parse_args()
    rom = demo_game().build()
    a, b = ours(rom), theirs(rom)
    print(
        f"emulator, {SESSION_FRAMES}-frame recorded session: ours {a:.0f} fps, "
        f"cynes {b:.0f} fps, ratio {a / b:.2f} (ours/cynes; 60 is real time)"
    )
    worst, frame, median = cpu_cycles()
    print(
        f"ROM CPU time, same session: worst frame {worst} of {FRAME_CYCLES} cycles "
        f"({100 * worst / FRAME_CYCLES:.0f}%, frame {frame}); median frame {median:.0f}"
    )
    worst, frame, median = cpu_cycles(tower_game(screens=2), TOWER_CLIMB, TOWER_CLIMB_EXIT + 60)
    print(
        f"ROM CPU time, a tower (map down) climbed to its exit: worst frame {worst} of "
        f"{FRAME_CYCLES} cycles ({100 * worst / FRAME_CYCLES:.0f}%, frame {frame}); "
        f"median frame {median:.0f}"
    )
    if args.skip_browser:
        return 0
    for nodelay in (False, True):
        r = browser(rom, args.seconds, args.keys, nodelay)
        server = "no-delay server (./dev lab)" if nodelay else "stock server"
        print(
            f"browser, {server}: {r['fps']:.1f} frames drawn per second over "
            f"{args.seconds:g} s (target >= 58); key -> changed picture median "
            f"{r['latency_ms']:.0f} ms (target <= 50), all {[round(x) for x in r['all']]}; "
            f"diverged: {r['diverged'] or 'never'}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
