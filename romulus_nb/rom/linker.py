"""Link several ca65 sources as ld65 does: segments placed in MEMORY areas by a configuration.

``link(["main.s", "reset.s"], "nes")`` assembles each source into an object (its segments'
sections, the symbols it ``.import``s and ``.export``s), places the sections in the order of the
configuration's SEGMENTS and, inside a segment, in the order of the sources (each section aligned
as its ``.align`` asks, relative to the segment's start), and writes the memory areas whose
``file`` is the output, in MEMORY order, as ld65's binary format does
(https://cc65.github.io/doc/ld65.html): padding before an aligned or fixed-start segment, ``.res``
and alignment gaps written with the segment's fill value, ``fill = yes`` areas padded to their
size with ``fillval``.

Where ld65 patches relocations into object code, we assemble again with the final addresses:
a first pass sizes every section (instruction sizes never depend on where a section lands: a
relocatable label is absolute addressing outside zero page, an import is absolute unless
``.importzp``); the layout then gives each object its sections' addresses and the linker's own
symbols (``__CODE_LOAD__``...), and further passes settle the exported values, the last one
refusing values out of range. The result is byte-identical to ``ca65`` of each file and ``ld65``
of the objects in the same order (tested against Debian's cc65).
"""

from __future__ import annotations

import html
import math
import os
from dataclasses import dataclass, field
from pathlib import Path

from romulus_nb.errors import AssemblyError
from romulus_nb.fileio import read_limited
from romulus_nb.rom.asm import assemble, read_source
from romulus_nb.rom.asm_result import Assembly
from romulus_nb.rom.ld65_config import (
    OUTPUT,
    TARGETS,
    LinkConfig,
    SegmentRule,
    parse_config,
    target_config,
)

__all__ = ["Linked", "SegmentPlacement", "link", "load_config"]

MAX_OUTPUT = 1 << 20  # bytes written to the output file
MAX_SOURCES = 256
MAX_TOTAL_SOURCE = 4 << 20  # characters of source text in all, before .include
_CA65_SEGMENTS = ("CODE", "RODATA", "BSS", "DATA", "ZEROPAGE")  # every ca65 object has them


@dataclass
class SegmentPlacement:
    """Where the linker put one segment.

    ``run`` is the address its labels have, ``load`` where its bytes sit (they differ for a
    DATA segment copied to RAM); ``sections`` is ``(source, run address, size)`` per object.
    """

    name: str
    load_memory: str
    run_memory: str
    load: int
    run: int
    size: int
    alignment: int
    type: str
    sections: list[tuple[str, int, int]] = field(default_factory=list)

    def __repr__(self) -> str:
        return (
            f"<Segment {self.name}: ${self.run:04X}-${self.run + self.size - 1:04X} "
            f"({self.size} bytes) in {self.run_memory}>"
        )


@dataclass
class Linked:
    """The result of `link`.

    Attributes
    ----------
    image : bytes
        The output file (``%O``): for the ``nes`` target, a complete iNES ROM.
    sources : list of str
        The source file names, in link order.
    objects : list of Assembly
        Each source's final assembly (its ``listing``, ``symbols``, ``segments``).
    segments : dict of str to SegmentPlacement
        In the configuration's order.
    exports : dict of str to int
        Every exported symbol and the linker's own (``__NAME_LOAD__``...), by name.
    warnings : list of str
        What ld65 would warn about (missing segments, alignment).
    """

    image: bytes
    sources: list[str]
    objects: list[Assembly]
    segments: dict[str, SegmentPlacement]
    exports: dict[str, int]
    warnings: list[str]
    config: LinkConfig

    @property
    def symbols(self) -> dict[str, dict[str, int]]:
        """Each source's symbols by full scoped name (``main::loop``), by source."""
        return {name: obj.symbols for name, obj in zip(self.sources, self.objects, strict=True)}

    @property
    def listing(self):
        """``(source, ListingRow)`` for every line of every source, in link order."""
        return [
            (n, row) for n, o in zip(self.sources, self.objects, strict=True) for row in o.listing
        ]

    def listing_text(self) -> str:
        """Each source's listing (``ADDR  BYTES  SOURCE``) under a header naming it."""
        parts = [
            f"; {name}\n{obj.listing_text()}"
            for name, obj in zip(self.sources, self.objects, strict=True)
        ]
        return "\n".join(parts)

    def map_text(self) -> str:
        """A report like ld65's ``-m`` map: segments, memory areas, exports."""
        lines = ["Segment list:", "Name                 Start   End     Size    Align  Memory"]
        for p in self.segments.values():
            end = p.run + p.size - 1 if p.size else p.run
            lines.append(f"{p.name:<20} ${p.run:04X}   ${end:04X}   ${p.size:04X}   "
                         f"${p.alignment:04X}  {p.run_memory}")  # fmt: skip
            for source, addr, size in p.sections:
                lines.append(f"    {source}: ${addr:04X}, {size} bytes")
        lines += ["", "Memory areas:", "Name                 Start   Size    Used    File"]
        used = _memory_use(self)
        for m in self.config.memory.values():
            lines.append(f"{m.name:<20} ${m.start:04X}   ${m.size:04X}   ${used.get(m.name, 0):04X}"
                         f"   {m.file or '-'}")  # fmt: skip
        lines += ["", "Exports list:"]
        for name, value in sorted(self.exports.items()):
            lines.append(f"{name:<30} ${value:06X}")
        return "\n".join(lines) + "\n"

    def __repr__(self) -> str:
        placed = ", ".join(
            f"{p.name} ${p.run:04X}+{p.size}" for p in self.segments.values() if p.size
        )
        return f"<Linked {len(self.image)} bytes from {len(self.sources)} sources: {placed}>"

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(p.name)}</td><td>${p.run:04X}</td><td>{p.size}</td>"
            f"<td>{html.escape(p.run_memory)}</td></tr>"
            for p in self.segments.values()
        )
        return (
            f"<p>{len(self.image)} bytes linked from {len(self.sources)} sources</p>"
            '<table class="romulus-link"><tr><th>segment</th><th>start</th><th>bytes</th>'
            f"<th>memory</th></tr>{rows}</table>"
        )


def _memory_use(linked: Linked) -> dict[str, int]:
    used: dict[str, int] = {}
    for p in linked.segments.values():
        for mem, addr in ((p.run_memory, p.run), (p.load_memory, p.load)):
            start = linked.config.memory[mem].start
            used[mem] = max(used.get(mem, 0), addr + p.size - start)
    return used


def load_config(config) -> LinkConfig:
    """A `LinkConfig` from a config, a target name (``"nes"``), config text or a file path."""
    if isinstance(config, LinkConfig):
        return config
    text = os.fspath(config)
    if text in TARGETS:
        return target_config(text)
    if "{" in text:
        return parse_config(text)
    data = read_limited(text, 1 << 16, what="linker configuration")
    try:
        return parse_config(data.decode("utf-8"), text)
    except UnicodeDecodeError:
        raise AssemblyError("not UTF-8 text", text, 1, 1) from None


def link(
    sources,
    config="nes",
    *,
    include_dirs=(),
    allowed_dirs=None,
    defines: dict[str, int] | None = None,
) -> Linked:
    """Assemble ``sources`` and link them as ``ld65 -C config`` (or ``-t nes``) would.

    Parameters
    ----------
    sources : list of path-like or (name, text) pairs
        The source files, in link order; a pair gives a source that is not on disk (its name
        is used in errors and as the base of its ``.include``s).
    config : LinkConfig, str or path-like
        ``"nes"`` (ld65's built-in target), the text of an ld65 configuration, or its file.
    include_dirs, allowed_dirs, defines
        As for `romulus_nb.rom.asm.assemble`, applied to every source.

    Returns
    -------
    Linked

    Raises
    ------
    AssemblyError
        With the file, line and column of the source (or the configuration) at fault.
    """
    config = load_config(config)
    units = _units(sources)
    bss = {name for name, rule in config.segments.items() if rule.bss}

    def assemble_all(origins, imports, fills, lenient):
        return [
            assemble(
                text,
                filename=name,
                include_dirs=include_dirs,
                allowed_dirs=allowed_dirs,
                defines=defines,
                origins=origins[i],
                imports=imports,
                uninitialized=bss,
                fill_values=fills,
                lenient=lenient,
            )  # fmt: skip
            for i, (name, text) in enumerate(units)
        ]

    names = [name for name, _ in units]
    objects = assemble_all([{}] * len(units), {}, {}, True)
    for _ in range(4):  # a layout holds unless a section's size depends on an imported value
        sizes = _sizes(objects)
        layout = _Layout(config, names, objects)
        fills = {n: layout.fill_value(n) for n in config.segments}
        values, previous = dict(layout.symbols), None
        for _ in range(8):
            objects = assemble_all(layout.origins, values, fills, True)
            exports = _exports(names, objects)
            if exports == previous:
                break
            previous, values = exports, {**layout.symbols, **exports}
        else:
            raise AssemblyError("exported values never settle: symbols defined in a circle")
        _check_imports(names, objects, values)
        objects = assemble_all(layout.origins, values, fills, False)
        if _sizes(objects) == sizes:
            break
    else:
        raise AssemblyError("section sizes keep changing with the imported values")
    image = layout.write(objects)
    return Linked(image, names, objects, layout.placements, values, layout.warnings, config)


def _units(sources) -> list[tuple[str, str]]:
    if isinstance(sources, (str, os.PathLike)):
        sources = [sources]
    units = []
    for s in sources:
        if isinstance(s, tuple):
            units.append((str(s[0]), str(s[1])))
        else:
            units.append((os.fspath(s), read_source(Path(s))))
    if not units:
        raise AssemblyError("nothing to link: give at least one source")
    if len(units) > MAX_SOURCES:
        raise AssemblyError(f"{len(units)} sources: at most {MAX_SOURCES} can be linked")
    if sum(len(text) for _, text in units) > MAX_TOTAL_SOURCE:
        raise AssemblyError(f"the sources hold over {MAX_TOTAL_SOURCE} characters in all")
    return units


def _sizes(objects) -> list[dict[str, int]]:
    return [{n: s.size for n, s in o.segments.items()} for o in objects]


def _exports(names, objects) -> dict[str, int]:
    exports: dict[str, int] = {}
    where: dict[str, str] = {}
    for name, obj in zip(names, objects, strict=True):
        for sym, (value, _, file, line, col) in obj.exports.items():
            if sym in exports:
                raise AssemblyError(f"duplicate export {sym!r}: {where[sym]} exports it too",
                                    file, line, col)  # fmt: skip
            exports[sym], where[sym] = value, name
    return exports


def _check_imports(names, objects, values) -> None:
    for obj in objects:
        for sym, (_, file, line, col) in obj.imports.items():
            if sym not in values:
                raise AssemblyError(
                    f"unresolved external {sym!r}: no source exports it (sources: "
                    f"{', '.join(names)})",
                    file,
                    line,
                    col,
                )


def _align(addr: int, n: int) -> int:
    return addr + (-addr % n) if n > 1 else addr


class _Layout:
    """Segments placed in memory areas, following ld65's ``CfgProcess`` and ``BinWriteMem``."""

    def __init__(self, config: LinkConfig, names, objects):
        self.config = config
        self.names = names
        self.warnings: list[str] = []
        self.symbols: dict[str, int] = dict(config.symbols)
        self.origins: list[dict[str, int]] = [{} for _ in objects]
        self.placements: dict[str, SegmentPlacement] = {}
        self.present = self._check_segments(names, objects)
        self.sections = {n: self._sections(n, names, objects) for n in self.present}
        self.plans: dict[str, list] = {}
        for m in config.memory.values():
            self._place_memory(m)
        for name, rule in config.segments.items():
            if name in self.present:
                self._define_segment(rule)

    def _check_segments(self, names, objects) -> set[str]:
        used = {}
        for obj in objects:
            for seg, s in obj.segments.items():
                used.setdefault(seg, (s.file, s.line))
        for seg, (source, line) in used.items():
            if seg not in self.config.segments and _has_bytes(objects, seg):  # ld65 skips empty
                raise AssemblyError(
                    f"segment {seg!r} (used in {source}) has no rule in the configuration's "
                    f"SEGMENTS; the configuration places {', '.join(self.config.segments)}",
                    source,
                    line,
                    1,
                )
        present = set(used) | set(_CA65_SEGMENTS)
        for name, rule in self.config.segments.items():
            if name not in present and not rule.optional:
                self.warnings.append(
                    f"{self.config.filename}({rule.line}): Segment '{name}' does not exist"
                )
        return present & set(self.config.segments)

    @staticmethod
    def _sections(seg, names, objects):
        """``(object index, offset in the segment, size, alignment)`` per object's section."""
        out, offset = [], 0
        for i, obj in enumerate(objects):
            s = obj.segments.get(seg)
            if s is None:
                continue
            align = obj.alignment.get(seg, 1)
            offset = _align(offset, align)
            out.append((i, offset, s.size, align))
            offset += s.size
        return out

    def fill_value(self, seg: str) -> int:
        rule = self.config.segments[seg]
        if rule.fillval is not None:
            return rule.fillval
        return self.config.memory[rule.load].fillval

    def _place_memory(self, m) -> None:
        addr = m.start
        plan = []
        for rule in self.config.segments.values():
            if rule.name not in self.present or m.name not in (rule.load, rule.run):
                continue
            sections = self.sections[rule.name]
            size = sections[-1][1] + sections[-1][2] if sections else 0
            alignment = math.lcm(1, *(s[3] for s in sections))
            before = addr
            if rule.run == m.name:
                if rule.start is not None or rule.offset is not None:
                    fixed = rule.start if rule.start is not None else m.start + rule.offset
                    aligned_by = fixed
                else:
                    aligned_by = rule.align or 1
                if aligned_by % alignment:
                    self.warnings.append(
                        f"{self.config.filename}({rule.line}): Segment '{rule.name}' isn't "
                        "aligned properly; the resulting executable might not be functional."
                    )
                if rule.align:
                    addr = _align(addr, rule.align)
                elif rule.start is not None or rule.offset is not None:
                    if fixed < addr:
                        raise AssemblyError(
                            f"segment {rule.name} start ${fixed:04X} is too low in memory area "
                            f"{m.name} by {addr - fixed} bytes (earlier segments end at "
                            f"${addr:04X})",
                            self.config.filename,
                            rule.line,
                            1,
                        )
                    addr = fixed
                self._placement(rule, size, alignment).run = addr
                for i, offset, _, _ in sections:
                    self.origins[i][rule.name] = addr + offset
            elif rule.align_load:
                addr = _align(addr, rule.align_load)
            if rule.load == m.name:
                self._placement(rule, size, alignment).load = addr
            if addr + size - m.start > m.size:
                raise AssemblyError(
                    f"segment {rule.name} overflows memory area {m.name} by "
                    f"{addr + size - m.start - m.size} bytes (${m.start:04X}+${m.size:X})",
                    self.config.filename,
                    m.line,
                    1,
                )
            plan.append((rule, addr - before, size))
            addr += size
        self.plans[m.name] = plan
        if m.define:
            self.symbols[f"__{m.name}_START__"] = m.start
            self.symbols[f"__{m.name}_SIZE__"] = m.size
            self.symbols[f"__{m.name}_LAST__"] = addr

    def _placement(self, rule: SegmentRule, size: int, alignment: int) -> SegmentPlacement:
        p = self.placements.get(rule.name)
        if p is None:
            p = SegmentPlacement(rule.name, rule.load, rule.run, 0, 0, size, alignment, rule.type)
            self.placements[rule.name] = p
        return p

    def _define_segment(self, rule: SegmentRule) -> None:
        p = self.placements[rule.name]
        if rule.define:
            self.symbols[f"__{rule.name}_LOAD__"] = p.load
            self.symbols[f"__{rule.name}_RUN__"] = p.run
            self.symbols[f"__{rule.name}_SIZE__"] = p.size

    def write(self, objects) -> bytes:
        """The output file's bytes, memory area by memory area."""
        out = bytearray()
        for m in self.config.memory.values():
            if m.file != OUTPUT:
                continue
            offset = len(out)
            for rule, pad, size in self.plans[m.name]:
                write = not rule.bss and rule.load == m.name
                if pad and (write or m.fill):
                    out += bytes([m.fillval]) * pad
                if write:
                    out += self._segment_bytes(rule.name, objects)
                elif m.fill:
                    out += bytes([self.fill_value(rule.name)]) * size
                if len(out) > MAX_OUTPUT:
                    raise AssemblyError(f"the output is over {MAX_OUTPUT} bytes")
            if m.fill:
                out += bytes([m.fillval]) * (m.size - (len(out) - offset))
            if m.define:
                self.symbols[f"__{m.name}_FILEOFFS__"] = offset
        for p in self.placements.values():
            p.sections = [
                (self.names[i], p.run + off, size) for i, off, size, _ in self.sections[p.name]
            ]
        return bytes(out)

    def _segment_bytes(self, seg: str, objects) -> bytes:
        fill = self.fill_value(seg)
        data = bytearray()
        for i, offset, _, _ in self.sections[seg]:
            data += bytes([fill]) * (offset - len(data))
            for chunk in objects[i].segments[seg].chunks:
                data += chunk.data if chunk.data else bytes([fill]) * chunk.size
        return bytes(data)


def _has_bytes(objects, seg) -> bool:
    return any(seg in o.segments and o.segments[seg].size for o in objects)
