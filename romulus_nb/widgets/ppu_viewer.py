"""`PPUViewer`: what the PPU held, frame by frame: the picture, the four nametables, both
pattern tables, palette RAM and OAM, with a slider over the recorded frames.

It reads any object with the fields of `romulus_nb.emu.state.PPUState` (``nametables``
``(4, 1024)``, ``palette_ram`` ``(32,)``, ``oam`` ``(256,)``, ``chr`` (8192 CHR bytes) or
``chr_bank`` ``(512, 8, 8)``, ``ppuctrl``, ``ppumask``, ``scroll_x``, ``scroll_y``, ``frame``,
and, from the emulator, ``lines`` ``(240, 4)`` and ``sprite0_hit``), and draws everything with
`romulus_nb.render`, the renderer of the designs. The scroll strip shows each line's X (red) and
Y (blue) scroll, yellow where a split begins; the sprite 0 hit is marked on the frame.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import anywidget
import numpy as np
import traitlets

from romulus_nb.display import img_tag
from romulus_nb.errors import InvalidValueError
from romulus_nb.nes.chr import decode_chr
from romulus_nb.nes.colors import DEFAULT_PALETTE
from romulus_nb.render import (
    HEIGHT,
    WIDTH,
    line_splits,
    mark_pixel,
    render_nametable,
    render_state,
    scroll_strip,
)
from romulus_nb.widgets._base import (
    FRAME_BYTES,
    StaticFallback,
    asset,
    binary,
    indices_to_bytes,
    ranged,
)


@dataclass(frozen=True)
class PPUSnapshot:
    """PPU memory and registers as plain arrays: what a scene design puts there (see
    `PPUViewer.from_scene`), and what `ppu_arrays` reads from any state."""

    chr_bank: np.ndarray
    nametables: np.ndarray
    palette_ram: np.ndarray
    oam: np.ndarray
    ppuctrl: int
    ppumask: int
    scroll_x: int = 0
    scroll_y: int = 0
    frame: int = 0
    lines: np.ndarray | None = None
    sprite0_hit: tuple[int, int] | None = None


STRIP_WIDTH = 64


def ppu_arrays(state, position: int = 0) -> PPUSnapshot:
    """Read and check the PPU fields of ``state`` (a PPUState or anything shaped like one)."""
    where = f"state {position}"
    try:
        chr_bank = getattr(state, "chr_bank", None)
        if chr_bank is None:
            chr_bank = decode_chr(state.chr)
        chr_bank = np.asarray(chr_bank, np.uint8)
        nametables = np.asarray(state.nametables, np.uint8).reshape(4, 1024)
        palette_ram = np.asarray(state.palette_ram, np.uint8).reshape(32)
        oam = np.asarray(state.oam, np.uint8).reshape(256)
        if hasattr(state, "scroll_x"):
            scroll_x, scroll_y = int(state.scroll_x), int(state.scroll_y)
        else:
            scroll_x, scroll_y = (int(v) for v in getattr(state, "scroll", (0, 0)))
        frame = int(getattr(state, "frame", position))
        ppuctrl, ppumask = int(state.ppuctrl), int(state.ppumask)
        lines = getattr(state, "lines", None)
        lines = None if lines is None else np.asarray(lines, np.int64).reshape(HEIGHT, 4)
        hit = getattr(state, "sprite0_hit", None)
        hit = None if hit is None else (int(hit[0]), int(hit[1]))
    except (AttributeError, ValueError, TypeError) as exc:
        raise InvalidValueError(
            f"{where}: {type(state).__name__} is not a PPU state ({exc}); expected nametables "
            "(4, 1024), palette_ram (32,), oam (256,), chr or chr_bank, ppuctrl, ppumask"
        ) from None
    if chr_bank.shape != (512, 8, 8):
        raise InvalidValueError(f"{where}: chr_bank shape {chr_bank.shape}; expected (512, 8, 8)")
    registers = (ppuctrl, ppumask, scroll_x, scroll_y, frame)
    return PPUSnapshot(chr_bank, nametables, palette_ram, oam, *registers, lines, hit)


def design_nametables(scene) -> np.ndarray:
    """``(4, 1024) uint8``: $2000, $2400, $2800, $2C00 holding the screens around a camera at
    the scene's top left, as the runtime loads them: the screens right of and below the first;
    a one-screen scene (or a map one screen wide or high) in the mirrored tables too."""
    w, h = scene.screens
    return np.stack(
        [
            np.frombuffer(scene.screen_nametable_bytes(nx % w, ny % h), np.uint8)
            for ny in (0, 1)
            for nx in (0, 1)
        ]
    )


def pattern_sheet(chr_bank: np.ndarray, colors: np.ndarray) -> np.ndarray:
    """Both pattern tables side by side as colour indices, ``(128, 256) uint8``."""
    tables = chr_bank.reshape(2, 16, 16, 8, 8)  # table, tile row, tile column, y, x
    values = tables.transpose(1, 3, 0, 2, 4).reshape(128, 256)
    return np.asarray(colors, np.uint8)[values]


class PPUViewer(StaticFallback, anywidget.AnyWidget):
    """Browse recorded PPU states: ``PPUViewer(states)``.

    ``states`` is one state, a list of them, or a smoke-test result (its ``.states`` if it has
    them, else its final ``.state``). ``frame_index`` picks the state shown;
    ``pattern_palette`` (0-7) the palette the pattern tables are drawn in.
    """

    _esm = asset("ppu_viewer", "js")
    _css = asset("ppu_viewer", "css")

    master_rgb = binary(64 * 3)
    count = traitlets.Int(0).tag(sync=True)
    frame_index = traitlets.Int(0).tag(sync=True)
    frame_numbers = traitlets.List(traitlets.Int()).tag(sync=True)
    pattern_palette = ranged(0, 7)
    frame = binary(FRAME_BYTES, deflate=True)  # (240, 256) colour indices
    #: (480, 512): $2000 $2400 / $2800 $2C00
    nametables_image = binary(4 * FRAME_BYTES, deflate=True)
    patterns_image = binary(128 * 256, deflate=True)  # (128, 256): pattern table 0 then 1
    palette_ram = binary(32)
    oam = binary(256)
    registers = traitlets.Dict().tag(sync=True)
    #: (240, STRIP_WIDTH, 3) RGB: each line's X (red) and Y (blue) scroll; yellow rows begin a
    #: split. Empty for states without line registers (a design's snapshot).
    scroll_strip = binary(deflate=True)
    #: The runs of lines drawn alike, as text: "lines 0-25: scroll (0, 0) PPUCTRL $80 ...".
    splits = traitlets.List(traitlets.Unicode()).tag(sync=True)
    #: ``[line, x]`` of the sprite 0 hit in the frame shown, or ``[]``.
    sprite0_hit = traitlets.List(traitlets.Int()).tag(sync=True)
    #: What the CPU wrote to the PPU since the previous recorded state: a summary line, then
    #: every register write except the (many) PPUDATA bytes, at most `WRITE_LINES` lines.
    writes = traitlets.List(traitlets.Unicode()).tag(sync=True)

    def __init__(self, states, **kwargs):
        self._states = _state_list(states)
        self._arrays = [ppu_arrays(s, i) for i, s in enumerate(self._states)]
        super().__init__(**kwargs)
        self.master_rgb = DEFAULT_PALETTE.rgb.tobytes()
        self.count = len(self._states)
        self.frame_numbers = [a.frame for a in self._arrays]
        self._show()
        self.observe(lambda _change: self._show(), names=["frame_index", "pattern_palette"])

    @classmethod
    def from_scene(cls, scene, **kwargs) -> PPUViewer:
        """The PPU state a scene design asks for (what the ROM should leave), as one frame;
        a map's with the camera at its top left."""
        if scene.game is None:
            raise InvalidValueError(f"scene {scene.name!r} belongs to no game: it has no tiles")
        state = PPUSnapshot(
            chr_bank=scene.game.tileset,
            nametables=design_nametables(scene),
            palette_ram=np.frombuffer(scene.palettes.to_bytes(), np.uint8),
            oam=np.frombuffer(scene.oam_bytes(), np.uint8),
            ppuctrl=scene.ppuctrl,
            ppumask=scene.ppumask,
        )
        return cls([state], **kwargs)

    @classmethod
    def record(cls, rom, frames: int = 60, every: int = 1, **kwargs) -> PPUViewer:
        """Run ``rom`` (bytes or path) on the emulator and keep a PPU state every ``every``
        frames, up to ``frames`` frames."""
        # Heavy, rarely-used import: the emulator is only needed when recording.
        from romulus_nb.emu.machine import NES

        if not isinstance(frames, int) or not 1 <= frames <= 3600:
            raise InvalidValueError(f"frames: {frames!r}; use a whole number from 1 to 3600")
        if not isinstance(every, int) or not 1 <= every <= frames:
            raise InvalidValueError(f"every: {every!r}; use a whole number from 1 to {frames}")
        nes = NES(rom)
        states = []
        for _ in range(0, frames, every):
            nes.run_frames(every)
            states.append(nes.state())
        return cls(states, **kwargs)

    @traitlets.validate("frame_index")
    def _check_frame_index(self, proposal):
        value = proposal["value"]
        if not 0 <= value < max(1, self.count):
            raise traitlets.TraitError(f"frame_index: {value}; use 0-{self.count - 1}")
        return value

    @property
    def states(self) -> list:
        return list(self._states)

    @property
    def state(self):
        """The state shown now."""
        return self._states[self.frame_index]

    def _show(self) -> None:
        a = self._arrays[self.frame_index]
        with self.hold_sync():
            self.frame = indices_to_bytes(render_state(a).indices)
            self.nametables_image = indices_to_bytes(_nametables(a))
            self.patterns_image = indices_to_bytes(_patterns(a, self.pattern_palette))
            self.palette_ram = a.palette_ram.tobytes()
            self.oam = a.oam.tobytes()
            strip = b"" if a.lines is None else scroll_strip(a.lines, STRIP_WIDTH).tobytes()
            self.scroll_strip = strip
            self.splits = split_text(a.lines)
            self.sprite0_hit = [] if a.sprite0_hit is None else list(a.sprite0_hit)
            previous = self._states[self.frame_index - 1] if self.frame_index else None
            self.writes = write_log(self.state, previous)
            self.registers = {
                "ppuctrl": a.ppuctrl,
                "ppumask": a.ppumask,
                "scroll_x": a.scroll_x,
                "scroll_y": a.scroll_y,
                "frame": a.frame,
            }

    # --- pictures without a kernel ------------------------------------------------------------
    def _static_html(self) -> str:
        a = self._arrays[self.frame_index]
        frame = mark_pixel(render_state(a).rgb(), a.sprite0_hit)
        nts = DEFAULT_PALETTE.lookup(_nametables(a))
        head = html.escape(repr(self))
        return (
            f"<div class='romulus-static'><b>{head}</b><br>{img_tag(frame, 2, 'frame')} "
            f"{img_tag(nts, 1, 'nametables')}</div>"
        )

    def __repr__(self) -> str:
        a = self._arrays[self.frame_index]
        return (
            f"PPUViewer({self.count} state{'s' if self.count != 1 else ''}; showing frame "
            f"{a.frame}: PPUCTRL=${a.ppuctrl:02X} "
            f"PPUMASK=${a.ppumask:02X} scroll ({a.scroll_x}, {a.scroll_y}))"
        )


WRITE_LINES = 40


def split_text(lines) -> list[str]:
    """One line of text per run of lines drawn alike (see `romulus_nb.render.line_splits`)."""
    if lines is None:
        return []
    return [
        f"lines {first}-{last}: {'rendering off' if x < 0 else f'scroll ({x}, {y})'} "
        f"PPUCTRL ${ctrl:02X} PPUMASK ${mask:02X}"
        for first, last, x, y, ctrl, mask in line_splits(lines)
    ]


def write_log(state, previous=None) -> list[str]:
    """The CPU's PPU register writes since ``previous`` (a state recorded earlier in the same
    run), as text: a count per register, then each write but PPUDATA's. A state's ``writes``
    holds every write since power-on; states without one (a design's snapshot) have none."""
    writes = list(getattr(state, "writes", ()))
    writes = writes[len(getattr(previous, "writes", ())) :]
    if not writes:
        return []
    counts: dict[str, int] = {}
    for w in writes:
        counts[w.register] = counts.get(w.register, 0) + 1
    first, last = writes[0].frame, writes[-1].frame
    frames = f"frame {first}" if first == last else f"frames {first}-{last}"
    summary = ", ".join(f"{name} x{n}" for name, n in counts.items())
    lines = [f"{len(writes)} writes in {frames}: {summary}"]
    for w in writes:
        if w.register == "PPUDATA":
            continue
        if len(lines) > WRITE_LINES:
            lines.append("...")
            break
        lines.append(
            f"frame {w.frame} line {w.scanline}: {w.register} (${w.address:04X}) = ${w.value:02X}"
        )
    return lines


def _state_list(states) -> list:
    if hasattr(states, "states"):
        states = states.states
    elif hasattr(states, "state") and not hasattr(states, "nametables"):
        states = [states.state]
    if hasattr(states, "nametables"):
        states = [states]
    states = list(states)
    if not states:
        raise InvalidValueError("PPUViewer: no states to show; give one PPU state or more")
    return states


def _nametables(a: PPUSnapshot) -> np.ndarray:
    """The four logical nametables drawn alone (background only), 2x2: ``(480, 512) uint8``."""
    out = np.empty((2 * HEIGHT, 2 * WIDTH), np.uint8)
    for index in range(4):
        frame = render_nametable(a, index)
        row, col = index >> 1, index & 1
        out[row * HEIGHT : (row + 1) * HEIGHT, col * WIDTH : (col + 1) * WIDTH] = frame.indices
    return out


def _patterns(a: PPUSnapshot, palette: int) -> np.ndarray:
    ram = a.palette_ram & 0x3F
    colors = np.array([ram[0], *ram[4 * palette + 1 : 4 * palette + 4]], np.uint8)
    return pattern_sheet(a.chr_bank, colors)
