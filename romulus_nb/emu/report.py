"""Static HTML views of `PPUState` and `SmokeResult` for notebooks.

Pictures are PNG/GIF data URIs and nothing depends on ids, memory addresses or time, so a saved
notebook shows the same output on GitHub and nbval sees the same text on every run.
"""

from __future__ import annotations

import html
import io
import math
from collections import Counter

import numpy as np
from PIL import Image

from romulus_nb.display import (
    data_uri,
    eight_palettes_rgb,
    img_tag,
    pattern_table_rgb,
    uri_img_tag,
)
from romulus_nb.emu.ppu import MIRRORING_PAGES
from romulus_nb.nes.colors import DEFAULT_PALETTE
from romulus_nb.nes.hardware import (
    ATTR_BEHIND,
    ATTR_FLIP_H,
    ATTR_FLIP_V,
    ATTR_PALETTE,
    CTRL_BG_TABLE,
    CTRL_INCREMENT_32,
    CTRL_NMI,
    CTRL_SPRITE_16,
    CTRL_SPRITE_TABLE,
    MASK_BG,
    MASK_SPRITES,
    NAMETABLE_BASE,
    NAMETABLE_STRIDE,
)
from romulus_nb.render import line_splits, mark_pixel, scroll_strip

_STYLE = (
    "<style>.romulus-emu{font:12px sans-serif}.romulus-emu h4{margin:8px 0 4px}"
    ".romulus-emu table{border-collapse:collapse;font:11px monospace}"
    ".romulus-emu td,.romulus-emu th{border:1px solid #ccc;padding:1px 4px;text-align:right}"
    ".romulus-emu .romulus-ok{background:#d8f5d8}.romulus-emu .romulus-bad{background:#f8d8d8}"
    ".romulus-emu figure{display:inline-block;margin:4px;vertical-align:top}"
    ".romulus-emu figcaption{font:11px monospace}</style>"
)
_TIMELINE_REGISTERS = ("PPUCTRL", "PPUMASK", "OAMADDR", "OAMDATA", "PPUSCROLL", "PPUADDR",
                       "PPUDATA", "OAMDMA")  # fmt: skip
_MAX_TIMELINE_ROWS = 24


def _figure(inner: str, caption: str) -> str:
    return f"<figure>{inner}<figcaption>{html.escape(caption)}</figcaption></figure>"


def gif_bytes(frames: list[np.ndarray], scale: int = 1, ms_per_frame: int = 120) -> bytes:
    """``(240, 256)`` colour-index frames -> animated GIF with the master palette, same bytes
    every time."""
    palette = DEFAULT_PALETTE.rgb.astype(np.uint8).ravel().tolist()
    images = []
    for indices in frames:
        big = np.repeat(np.repeat(np.asarray(indices, np.uint8) & 0x3F, scale, 0), scale, 1)
        image = Image.fromarray(big, "P")
        image.putpalette(palette)
        images.append(image)
    buffer = io.BytesIO()
    durations = [ms_per_frame] * (len(images) - 1) + [ms_per_frame * 10]
    images[0].save(buffer, format="GIF", save_all=True, append_images=images[1:],
                   duration=durations, loop=0, optimize=False)  # fmt: skip
    return buffer.getvalue()


def film_gif(result, scale: int = 1) -> bytes:
    return gif_bytes([picture.indices for _, _, picture in result.film], scale)


# -- PPUState ---------------------------------------------------------------------------------


def _registers_line(state) -> str:
    ctrl, mask = state.ppuctrl, state.ppumask
    return (
        f"frame {state.frame}, CPU cycle {state.cycle} &middot; "
        f"PPUCTRL=${ctrl:02X} (NMI {'on' if ctrl & CTRL_NMI else 'off'}, BG table "
        f"${0x1000 if ctrl & CTRL_BG_TABLE else 0:04X}, sprite table "
        f"${0x1000 if ctrl & CTRL_SPRITE_TABLE else 0:04X}, "
        f"8x{16 if ctrl & CTRL_SPRITE_16 else 8} sprites, "
        f"+{32 if ctrl & CTRL_INCREMENT_32 else 1}) &middot; "
        f"PPUMASK=${mask:02X} (BG {'on' if mask & MASK_BG else 'off'}, sprites "
        f"{'on' if mask & MASK_SPRITES else 'off'}) &middot; "
        f"scroll ({state.scroll_x}, {state.scroll_y})"
        f" &middot; {state.mirroring} mirroring &middot; digest {state.digest()}"
    )


def nametables_html(state) -> str:
    pages = MIRRORING_PAGES[state.mirroring]
    cells = []
    for index in range(4):
        rgb = state.render_nametable(index).rgb()
        caption = f"${NAMETABLE_BASE + NAMETABLE_STRIDE * index:04X} = page {'ABCD'[pages[index]]}"
        cells.append(_figure(img_tag(rgb, 1, caption), caption))
    return (
        "<div style='display:grid;grid-template-columns:auto auto;width:max-content'>"
        + "".join(cells)
        + "</div>"
    )


def pattern_tables_html(state) -> str:
    """Both pattern tables; the background's in BG palette 0, the other in sprite palette 0."""
    tables = state.pattern_tables
    bg_table = 1 if state.ppuctrl & CTRL_BG_TABLE else 0
    figures = []
    for i in range(2):
        first, label = (0, "BG palette 0") if i == bg_table else (16, "sprite palette 0")
        colors = [int(state.palette_ram[0])] + [
            int(c) for c in state.palette_ram[first + 1 : first + 4]
        ]
        picture = img_tag(pattern_table_rgb(tables[i], colors), 2, f"pattern table {i}")
        figures.append(_figure(picture, f"${0x1000 * i:04X} ({label})"))
    return "".join(figures)


def palette_html(state) -> str:
    # A picture, not styled spans: saved notebooks keep it where inline styles are stripped.
    ram = np.asarray(state.palette_ram).reshape(8, 4)
    return img_tag(eight_palettes_rgb(ram, addresses=True), 2, "palette RAM")


def oam_html(state) -> str:
    oam = state.oam
    rows = []
    for n in range(64):
        y, tile, attr, x = (int(v) for v in oam[4 * n : 4 * n + 4])
        if y >= 0xEF:
            continue  # off screen: the usual way to hide a sprite
        flags = ("H" if attr & ATTR_FLIP_H else "") + ("V" if attr & ATTR_FLIP_V else "")
        rows.append(
            f"<tr><td>{n}</td><td>{x}</td><td>{y + 1}</td><td>${tile:02X}</td>"
            f"<td>{attr & ATTR_PALETTE}</td><td>{flags or '-'}</td>"
            f"<td>{'behind' if attr & ATTR_BEHIND else 'front'}</td></tr>"
        )
    hidden = 64 - len(rows)
    head = (
        "<tr><th>#</th><th>x</th><th>y</th><th>tile</th><th>pal</th><th>flip</th>"
        "<th>priority</th></tr>"
    )
    return (
        f"<table>{head}{''.join(rows)}</table>"
        f"<div style='font:11px monospace'>{hidden} of 64 entries off screen (Y &ge; $EF)</div>"
    )


def timeline_svg(state, max_frames: int = 240) -> str:
    """One bar per frame, height growing with log2(1 + writes): where the CPU talked to the
    PPU. Blue: every write of the frame in vblank; grey: some outside it (fine with rendering
    off, a hardware-rule warning with rendering on)."""
    per_frame: dict[int, list] = {}
    for write in state.writes:
        per_frame.setdefault(write.frame, []).append(write)
    last = min(state.frame, max_frames - 1)
    width, height = max(240, 3 * (last + 1)), 60
    bars = []
    for frame in range(last + 1):
        writes = per_frame.get(frame, [])
        if not writes:
            continue
        size = min(height, int(8 * math.log2(1 + len(writes))))
        in_vblank = all(241 <= w.scanline <= 260 for w in writes)
        color = "#36c" if in_vblank else "#999"
        bars.append(
            f'<rect x="{3 * frame}" y="{height - size}" width="2" height="{size}" '
            f'fill="{color}"><title>frame {frame}: {len(writes)} writes</title></rect>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 12}" '
        f'style="background:#f4f4f4">{"".join(bars)}<text x="0" y="{height + 11}" '
        f'font-size="10" font-family="monospace">frames 0-{last}; blue: all writes in vblank'
        "</text></svg>"
    )


def timeline_html(state) -> str:
    counts: dict[int, Counter] = {}
    for write in state.writes:
        counts.setdefault(write.frame, Counter())[write.register] += 1
    if not counts:
        return "<div>no writes to the PPU</div>"
    frames = sorted(counts)
    shown = frames[:_MAX_TIMELINE_ROWS]
    head = "<tr><th>frame</th>" + "".join(f"<th>{r}</th>" for r in _TIMELINE_REGISTERS)
    head += "<th>lines</th></tr>"
    rows = []
    for frame in shown:
        lines = sorted({w.scanline for w in state.writes if w.frame == frame})
        span = f"{lines[0]}-{lines[-1]}" if len(lines) > 1 else str(lines[0])
        cells = "".join(f"<td>{counts[frame][r] or ''}</td>" for r in _TIMELINE_REGISTERS)
        rows.append(f"<tr><td>{frame}</td>{cells}<td>{span}</td></tr>")
    more = len(frames) - len(shown)
    tail = f"<div>... and {more} more frames with writes</div>" if more else ""
    return f"<table>{head}{''.join(rows)}</table>{tail}"


def scroll_html(state) -> str:
    """The scroll strip (one row per line: red X, blue Y, yellow where a split begins) and a
    table of the runs of lines drawn alike: where the frame's splits are."""
    lines = getattr(state, "lines", None)
    if lines is None:
        return ""
    rows = "".join(
        f"<tr><td>{first}-{last}</td><td>{'off' if x < 0 else x}</td>"
        f"<td>{'off' if y < 0 else y}</td><td>${ctrl:02X}</td>"
        f"<td>${mask:02X}</td></tr>"
        for first, last, x, y, ctrl, mask in line_splits(lines)
    )
    table = (
        "<table><tr><th>lines</th><th>scroll x</th><th>scroll y</th><th>PPUCTRL</th>"
        f"<th>PPUMASK</th></tr>{rows}</table>"
    )
    strip = _figure(img_tag(scroll_strip(lines), 2, "scroll per line"), "x red, y blue")
    return f"<h4>Scroll per line</h4>{strip}{table}"


def _hit_caption(state) -> str:
    hit = getattr(state, "sprite0_hit", None)
    return "" if hit is None else f"; sprite 0 hit at line {hit[0]}, x {hit[1]} (magenta)"


def framed(state, frame) -> str:
    """The frame as an image, the sprite 0 hit marked."""
    rgb = mark_pixel(frame.rgb(), getattr(state, "sprite0_hit", None))
    return img_tag(rgb, 2, "frame")


def state_html(state) -> str:
    frame = state.render()
    return (
        f"<div class='romulus-emu'>{_STYLE}"
        f"<div>{_registers_line(state)}</div>"
        f"<h4>Frame</h4>"
        f"{_figure(framed(state, frame), 'rendered from this state' + _hit_caption(state))}"
        f"{scroll_html(state)}"
        f"<h4>Nametables</h4>{nametables_html(state)}"
        f"<h4>Pattern tables</h4>{pattern_tables_html(state)}"
        f"<h4>Palette RAM</h4>{palette_html(state)}"
        f"<h4>OAM</h4>{oam_html(state)}"
        f"<h4>PPU writes per frame</h4>{timeline_svg(state)}{timeline_html(state)}"
        "</div>"
    )


# -- SmokeResult ------------------------------------------------------------------------------


def smoke_html(result) -> str:
    css = "romulus-ok" if result.ok else "romulus-bad"
    warnings = "".join(
        f"<li><b>{html.escape(w.kind)}</b>: {html.escape(w.message)}</li>" for w in result.warnings
    )
    warnings = f"<ul>{warnings}</ul>" if warnings else "<div>no hardware-rule warnings</div>"
    film = ""
    if len(result.film) > 1:
        film = _figure(
            uri_img_tag(data_uri(film_gif(result), "image/gif"), "nametable filling up", 512),
            f"nametable $2000 over {len(result.film)} pictures",
        )
    listing = html.escape("\n".join(result.disassembly))
    return (
        f"<div class='romulus-emu'>{_STYLE}"
        f"<div class='{css}' style='padding:4px'><b>{html.escape(result.verdict)}</b>: "
        f"{html.escape(result.message)}</div>"
        f"<div>{result.frames} frames, {result.cycles} CPU cycles, {result.instructions} "
        f"instructions &middot; frame digest {result.frame.digest()}</div>"
        f"<h4>Warnings</h4>{warnings}"
        f"{_figure(framed(result.state, result.frame), 'last frame' + _hit_caption(result.state))}"
        f"{film}"
        f"<h4>Code at ${result.last_pc:04X}</h4><pre>{listing}</pre>"
        "</div>" + state_html(result.state)
    )


# -- GameSmokeReport --------------------------------------------------------------------------


def game_smoke_html(report) -> str:
    css = "romulus-ok" if report.ok else "romulus-bad"
    parts = [
        f"<div class='romulus-emu'>{_STYLE}<div class='{css}' style='padding:4px'>"
        f"<b>{'PASS' if report.ok else 'FAIL'}</b>: {html.escape(report.game_name)}, "
        f"{len(report.scenes)} scene(s) reached with the joypad &middot; smoke: "
        f"{html.escape(report.smoke.verdict)}</div>"
    ]
    for check in report.scenes:
        state = "identical to the design" if check.ok else check.where() + " (magenta, right)"
        parts.append(
            f"<h4>Scene {check.index}: {html.escape(check.name)} &mdash; {state}</h4>"
            + _figure(
                img_tag(check.difference_rgb(), 1, f"scene {check.index}"),
                f"design | ROM (frame {check.frame}) | difference",
            )
        )
    warnings = "".join(
        f"<li><b>{html.escape(w.kind)}</b>: {html.escape(w.message)}</li>"
        for w in report.smoke.warnings
    )
    parts.append(f"<h4>Warnings</h4><ul>{warnings}</ul>" if warnings else "")
    parts.append("</div>")
    return "".join(parts)
