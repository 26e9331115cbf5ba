"""The limits report: every hardware limit a scene or game breaks, or nearly breaks.

The same report is shown by the editors (as you paint), by `romulus info` and in notebooks.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import numpy as np

from romulus_nb.game import tiles_used
from romulus_nb.nes.colors import DUPLICATE_BLACKS, UNSAFE_BLACK
from romulus_nb.nes.oam import MAX_SPRITES, SPRITES_PER_LINE, line_cover, overflow_lines
from romulus_nb.render import _ranges
from romulus_nb.services import service

TILES_PER_TABLE = 256
NEAR = 0.9  # warn when a budget is 90% used


@dataclass(frozen=True)
class Finding:
    """One rule's verdict. ``level`` is "error" (will not work on hardware), "warning" (works,
    but near or over a soft limit such as flicker) or "info" (a figure worth knowing)."""

    level: str
    rule: str
    message: str
    scene: str | None = None
    cells: tuple = ()  # (tile_y, tile_x) cells to highlight
    lines: tuple = ()  # scanlines to highlight

    def __str__(self) -> str:
        where = f"[{self.scene}] " if self.scene else ""
        return f"{self.level}: {where}{self.message}"


@dataclass
class LimitsReport:
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def rule(self, name: str) -> list[Finding]:
        return [f for f in self.findings if f.rule == name]

    def __iter__(self):
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def __str__(self) -> str:
        return "\n".join(str(f) for f in self.findings) or "no findings"

    def __repr__(self) -> str:
        n_err, n_warn = len(self.errors), len(self.warnings)
        return f"LimitsReport({n_err} errors, {n_warn} warnings)\n{self}"

    def _repr_html_(self) -> str:
        colors = {"error": "#c0392b", "warning": "#b9770e", "info": "#555"}
        rows = "".join(
            f'<li style="color:{colors[f.level]}">{html.escape(str(f))}</li>' for f in self.findings
        )
        head = "OK" if self.ok else f"{len(self.errors)} error(s)"
        return f"<div class='romulus-limits'><b>Limits: {head}</b><ul>{rows}</ul></div>"


def check_scene(scene, name: str | None = None) -> LimitsReport:
    """Findings for one scene (`Screen` or `Scene`)."""
    out: list[Finding] = []
    nt = np.asarray(scene.nametable)
    att = np.asarray(scene.attributes)
    # Arrays may have been edited in place: re-check what a uint8 cannot guarantee.
    if att.max(initial=0) > 3:
        cells = tuple((int(r) * 2, int(c) * 2) for r, c in np.argwhere(att > 3))
        out.append(Finding("error", "attributes", "block palettes must be 0-3", name, cells))

    used = len(np.unique(nt))
    level = "warning" if used >= NEAR * TILES_PER_TABLE else "info"
    out.append(
        Finding(
            level,
            "tiles",
            f"background tiles used: {used} of 256 in pattern table {scene.bg_table}",
            name,
        )
    )

    n = len(scene.sprites)
    level = "error" if n > MAX_SPRITES else "warning" if n >= NEAR * MAX_SPRITES else "info"
    out.append(Finding(level, "sprites", f"sprites used: {n} of 64", name))

    lines = sprite_overflow_lines(scene)
    if lines:
        out.append(
            Finding(
                "warning",
                "sprites-per-line",
                f"more than 8 sprites on lines {_ranges(lines)}: the extra ones vanish",
                name,
                lines=tuple(lines),
            )
        )
    hidden = [i for i, s in enumerate(scene.sprites) if not s.is_visible()]
    if hidden:
        out.append(
            Finding(
                "info",
                "sprites-offscreen",
                f"sprites {hidden} are off screen (y 0 or >= 240)",
                name,
            )
        )

    screens = getattr(scene, "screens", (1, 1))
    if screens != (1, 1):
        counts = [len(np.unique(part)) for part in _screen_parts(nt, screens)]
        listed = ", ".join(str(c) for c in counts)
        out.append(Finding("info", "screen-tiles",
                           f"{screens[0]}x{screens[1]} screens; tiles per screen: {listed}",
                           name))  # fmt: skip

    colors = np.asarray(scene.palettes.array)
    if (colors == UNSAFE_BLACK).any():
        out.append(Finding("error", "unsafe-colour", "$0D 'blacker than black' is used", name))
    dupes = sorted({int(c) for c in colors.ravel() if int(c) in DUPLICATE_BLACKS})
    if dupes:
        listed = ", ".join(f"${c:02X}" for c in dupes)
        out.append(Finding("info", "duplicate-black", f"{listed} draw the same black as $0F", name))
    return LimitsReport(out)


def check_game(game) -> LimitsReport:
    """Findings for every scene of ``game``, its two pattern tables and its cartridge budget
    (the ``budget_findings`` service of the ROM builder, a layer above this one)."""
    findings: list[Finding] = []
    for scene in game.scenes:
        findings.extend(check_scene(scene, scene.name).findings)
    for table in (0, 1):
        used = tiles_used(game, table)
        level = "error" if len(used) > TILES_PER_TABLE else "info"
        findings.append(
            Finding(level, "game-tiles", f"pattern table {table}: {len(used)} of 256 tiles in use")
        )
    findings.extend(scroll_findings(game))
    findings.extend(player_findings(game))
    findings.extend(service("budget_findings")(game))
    return LimitsReport(findings)


def _screen_parts(nametable: np.ndarray, screens: tuple[int, int]) -> list[np.ndarray]:
    w, h = screens
    return [nametable[y * 30 : (y + 1) * 30, x * 32 : (x + 1) * 32]
            for y in range(h) for x in range(w)]  # fmt: skip


def scroll_findings(game) -> list[Finding]:
    """Game-wide rules of scrolling maps: one mirroring for the cartridge, metatiles in use."""
    out: list[Finding] = []
    ways = {s.name: getattr(s, "scrolls", None) for s in game.scenes}
    horizontal = [n for n, w in ways.items() if w == "horizontal"]
    vertical = [n for n, w in ways.items() if w == "vertical"]
    if horizontal and vertical:
        out.append(Finding(
            "error", "mirroring",
            f"scenes {horizontal} scroll horizontally (vertical mirroring) and {vertical} "
            "vertically (horizontal mirroring), but a mapper-0 cartridge has one mirroring: "
            "make every map scroll the same way, or split the game",
        ))  # fmt: skip
    table = getattr(game, "metatiles", [])
    if table:
        used: set[int] = set()
        for s in game.scenes:
            if getattr(s, "metatiles", None) is not None:
                used |= {int(v) for v in np.unique(s.metatiles)}
        unused = [i for i in range(len(table)) if i not in used]
        if unused:
            out.append(Finding("info", "unused-metatiles",
                               f"metatiles {_short(unused)} are in no map "
                               f"({len(table) - len(unused)} of {len(table)} used)"))  # fmt: skip
        else:
            out.append(Finding("info", "metatiles", f"metatiles: all {len(table)} in use"))
    return out


def _player_parts_per_line(game) -> int:
    """The most of the player's sprites on one screen line, over all its metasprites."""
    sprites = game.player_metasprites()
    most = 0
    for index in game.player.metasprite_indices():
        if index < len(sprites):
            m = sprites[index]
            top = min((p.dy for p in m.parts), default=0)
            cover = line_cover([p.dy - top for p in m.parts], m.height)
            most = max(most, int(cover.sum(axis=0).max(initial=0)))
    return most


def _solid_under(scene, x: int, y: int, width: int, height: int) -> list[tuple[int, int]]:
    """(block_x, block_y) of the solid metatiles a box of the map overlaps."""
    cells = getattr(scene, "metatiles", None)
    if cells is None:
        return []
    solid = {i for i, m in enumerate(scene.game.metatiles) if m.solid}
    rows, cols = cells.shape
    return [(bx, by) for by in range(y // 16, min((y + height - 1) // 16 + 1, rows))
            for bx in range(x // 16, min((x + width - 1) // 16 + 1, cols))
            if int(cells[by, bx]) in solid]  # fmt: skip


def player_findings(game) -> list[Finding]:
    """The player's rules: every scene it plays in has a start outside solid metatiles, exits
    that lead to a scene with a player, and room for its sprites (64 in OAM, 8 a line)."""
    out: list[Finding] = []
    player = getattr(game, "player", None)
    playing = [s for s in game.scenes if getattr(s, "play", None) is not None]
    if player is None:
        out += [Finding("error", "player", "the scene has a start position but the game has no "
                        "player: set game.player", s.name) for s in playing]  # fmt: skip
        return out
    sprites = game.player_metasprites()
    missing = sorted(i for i in player.metasprite_indices() if i >= len(sprites))
    if missing:
        out.append(Finding("error", "player", f"the player's animations use metasprites "
                           f"{_short(missing)} but the game has {len(sprites)}"))  # fmt: skip
    per_line = _player_parts_per_line(game)
    parts = max((len(sprites[i].parts) for i in player.metasprite_indices() if i < len(sprites)),
                default=0)  # fmt: skip
    for scene in playing:
        name, play = scene.name, scene.play
        if len(scene.sprites) + parts > MAX_SPRITES:
            message = (
                f"the player's {parts} sprites and the scene's {len(scene.sprites)} are over 64"
            )
            out.append(Finding("error", "player-sprites", message, name))
        counts = line_cover([s.y for s in scene.sprites], scene.sprite_size).sum(axis=0)
        lines = [int(v) for v in np.flatnonzero(counts + per_line > SPRITES_PER_LINE)]
        if lines:
            out.append(Finding("warning", "sprites-per-line",
                               f"with the player's {per_line} sprites on a line, lines "
                               f"{_ranges(lines)} may have more than 8: some vanish",
                               name, lines=tuple(lines)))  # fmt: skip
        blocks = _solid_under(scene, *play.start, player.width, player.height)
        if blocks:
            out.append(Finding("error", "player-start", f"the start {play.start} is inside the "
                               f"solid metatiles at blocks {blocks}", name))  # fmt: skip
        for i, e in enumerate(play.exits):
            where = f"exit {i} to scene {e.scene} at ({e.to_x}, {e.to_y})"
            if e.scene >= len(game.scenes):
                out.append(Finding("error", "player-exit", f"{where} leads nowhere: the game "
                                   f"has {len(game.scenes)} scenes", name))  # fmt: skip
                continue
            target = game.scenes[e.scene]
            w, h = target.screens
            if getattr(target, "play", None) is None:
                problem = f"scene {target.name!r} has no player (give it a ScenePlay)"
            elif e.to_x > 256 * w - player.width or e.to_y > 240 * h - player.height:
                problem = f"outside scene {target.name!r}'s map"
            elif _solid_under(target, e.to_x, e.to_y, player.width, player.height):
                problem = f"inside solid metatiles of scene {target.name!r}"
            else:
                continue
            out.append(Finding("error", "player-exit", f"{where} leads nowhere: {problem}", name))
    return out


def _short(values: list[int]) -> str:
    return ", ".join(map(str, values[:12])) + (", ..." if len(values) > 12 else "")


def sprite_overflow_lines(scene) -> list[int]:
    """Scanlines (0-239) covered by more than 8 of the scene's sprites."""
    if not scene.sprites:
        return []
    return overflow_lines(line_cover([s.y for s in scene.sprites], scene.sprite_size))
