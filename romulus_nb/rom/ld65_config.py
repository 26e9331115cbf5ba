"""ld65 linker configurations: MEMORY areas, SEGMENTS rules and SYMBOLS, parsed from text.

The subset NES projects use (https://cc65.github.io/doc/ld65.html#s5): memory attributes
``start size file fill fillval type define``; segment attributes ``load run type define align
align_load start offset optional fillval``; ``SYMBOLS`` of type ``weak``/``export`` with a
value. ``FILES``, ``FORMATS`` and ``FEATURES`` are read and ignored (binary output only).
Values are numbers (``$8000``, ``0x8000``, ``%101``, ``32768``) or expressions of numbers and
``SYMBOLS`` (``__STACKSIZE__``), as ld65 allows.

`TARGETS` holds ld65's built-in ``nes`` target as Debian's cc65 2.19 ships it
(``/usr/share/cc65/cfg/nes.cfg``), so ``--target nes`` links as ``ld65 -t nes`` does.
"""

import re
from dataclasses import dataclass, field

from romulus_nb.errors import AssemblyError
from romulus_nb.rom.expr import ExprError, Undefined, parse_expr

__all__ = ["LinkConfig", "MemoryArea", "SegmentRule", "TARGETS", "parse_config", "target_config"]

OUTPUT = "%O"  # the file named by -o


@dataclass
class MemoryArea:
    """A MEMORY entry: a range of addresses and the file its bytes go to.

    ``file`` is ``"%O"`` (the output), ``""`` (not written) or a file name.
    """

    name: str
    start: int
    size: int
    file: str = OUTPUT
    fill: bool = False
    fillval: int = 0
    type: str = "rw"
    define: bool = False
    line: int = 0


@dataclass
class SegmentRule:
    """A SEGMENTS entry: which memory area a segment loads into (and runs from)."""

    name: str
    load: str
    run: str
    type: str = "ro"
    define: bool = False
    align: int | None = None
    align_load: int | None = None
    start: int | None = None
    offset: int | None = None
    optional: bool = False
    fillval: int | None = None
    line: int = 0

    @property
    def bss(self) -> bool:
        """True for ``bss`` and ``zp`` segments: they reserve RAM and write no bytes."""
        return self.type in ("bss", "zp")


@dataclass
class LinkConfig:
    """A parsed configuration; ``memory`` and ``segments`` keep the file's order."""

    memory: dict[str, MemoryArea] = field(default_factory=dict)
    segments: dict[str, SegmentRule] = field(default_factory=dict)
    symbols: dict[str, int] = field(default_factory=dict)
    filename: str = "<config>"


_TOKEN = re.compile(
    r'\s*(?:(?P<comment>#[^\n]*)|(?P<string>"[^"\n]*")|(?P<word>%O|[^\s{}:;,=#"]+)'
    r"|(?P<punct>[{}:;,=]))"
)
_MEMORY_ATTRS = {"start", "size", "file", "fill", "fillval", "type", "define", "bank"}
_SEGMENT_ATTRS = {"load", "run", "type", "define", "align", "align_load", "start", "offset",
                  "optional", "fillval", "alignment"}  # fmt: skip
_TYPES = {"ro", "rw", "bss", "zp", "overwrite"}


class _Reader:
    def __init__(self, text: str, filename: str):
        self.filename = filename
        self.tokens = []  # (kind, text, line, column)
        line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        pos = 0
        while pos < len(text):
            if text[pos:].strip() == "":
                break
            m = _TOKEN.match(text, pos)
            if m is None or m.end() == pos:
                self.fail_at(text, pos, line_starts, f"unexpected character {text[pos]!r}")
            kind = m.lastgroup
            if kind != "comment":
                start = m.start(kind)
                line = _line_of(line_starts, start)
                self.tokens.append((kind, m.group(kind), line, start - line_starts[line - 1] + 1))
            pos = m.end()
        self.i = 0

    def fail_at(self, text, pos, line_starts, message):
        line = _line_of(line_starts, pos)
        raise AssemblyError(message, self.filename, line, pos - line_starts[line - 1] + 1)

    def fail(self, message, token=None):
        token = token or self.peek()
        raise AssemblyError(message, self.filename, token[2], token[3])

    def peek(self):
        if self.i < len(self.tokens):
            return self.tokens[self.i]
        last = self.tokens[-1] if self.tokens else ("end", "", 1, 1)
        return ("end", "the end of the file", last[2], last[3] + len(last[1]))

    def take(self):
        tok = self.peek()
        self.i += 1
        return tok

    def expect(self, text):
        tok = self.take()
        if tok[1] != text:
            self.fail(f"expected {text!r}, found {tok[1]!r}", tok)
        return tok


def _line_of(line_starts, pos) -> int:
    lo, hi = 0, len(line_starts)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if line_starts[mid] <= pos:
            lo = mid
        else:
            hi = mid
    return lo + 1


class _Symbols:
    """Evaluation context for config expressions: only SYMBOLS names, no ``*``."""

    def __init__(self, symbols):
        self.symbols = symbols

    def lookup(self, name):
        if name not in self.symbols:
            raise Undefined(name)
        return self.symbols[name]


def parse_config(text: str, filename: str = "<config>") -> LinkConfig:
    """Parse ld65 configuration ``text``.

    Raises
    ------
    AssemblyError
        With the config file's line and column and what was expected.
    """
    r = _Reader(text, filename)
    config = LinkConfig(filename=filename)
    raw_memory, raw_segments = [], []
    while r.peek()[0] != "end":
        kind, section, *_ = tok = r.take()
        r.expect("{")
        entries = _entries(r)
        name = section.upper()
        if name == "MEMORY":
            raw_memory += entries
        elif name == "SEGMENTS":
            raw_segments += entries
        elif name == "SYMBOLS":
            for entry_tok, attrs in entries:
                value = attrs.get("value")
                if value is None:
                    r.fail(f"symbol {entry_tok[1]} needs a value", entry_tok)
                config.symbols[entry_tok[1]] = _number(r, value, config.symbols)
        elif name not in ("FILES", "FORMATS", "FEATURES"):
            r.fail(f"unknown section {section!r}: expected MEMORY, SEGMENTS, SYMBOLS, FILES, "
                   "FORMATS or FEATURES", tok)  # fmt: skip
    for tok, attrs in raw_memory:
        config.memory[tok[1]] = _memory(r, tok, attrs, config.symbols)
    for tok, attrs in raw_segments:
        config.segments[tok[1]] = _segment(r, tok, attrs, config)
    if not config.memory:
        r.fail("the configuration has no MEMORY section")
    return config


def _entries(r: _Reader) -> list:
    """``NAME: attr = value, attr = value;`` entries up to the closing brace."""
    out = []
    while True:
        tok = r.take()
        if tok[1] == "}":
            return out
        if tok[0] != "word":
            r.fail(f"expected a name or '}}', found {tok[1]!r}", tok)
        r.expect(":")
        attrs = {}
        while True:
            nxt = r.peek()
            if nxt[1] == ";":
                r.take()
                break
            if nxt[1] == ",":
                r.take()
                continue
            key = r.take()
            if key[0] != "word":
                r.fail(f"expected an attribute name, found {key[1]!r}", key)
            r.expect("=")
            value = r.take()
            if value[0] not in ("word", "string"):
                r.fail(f"expected a value for {key[1]}, found {value[1]!r}", value)
            attrs[key[1].lower()] = value
        out.append((tok, attrs))


def _number(r: _Reader, tok, symbols) -> int:
    text = tok[1]
    if text.lower().startswith("0x"):
        text = "$" + text[2:]
    try:
        return parse_expr(text).fn(_Symbols(symbols))
    except (ExprError, Undefined):
        r.fail(f"expected a number, found {tok[1]!r}", tok)


def _yes(r: _Reader, tok) -> bool:
    word = tok[1].lower()
    if word not in ("yes", "no"):
        r.fail(f"expected yes or no, found {tok[1]!r}", tok)
    return word == "yes"


def _check(r, tok, attrs, allowed, what):
    for key, value in attrs.items():
        if key not in allowed:
            r.fail(f"{what} {tok[1]}: unknown attribute {key!r}; allowed: "
                   f"{', '.join(sorted(allowed))}", value)  # fmt: skip


def _memory(r, tok, attrs, symbols) -> MemoryArea:
    _check(r, tok, attrs, _MEMORY_ATTRS, "memory area")
    for need in ("start", "size"):
        if need not in attrs:
            r.fail(f"memory area {tok[1]} needs {need}", tok)
    m = MemoryArea(tok[1], _number(r, attrs["start"], symbols), _number(r, attrs["size"], symbols))
    m.line = tok[2]
    if "file" in attrs:
        f = attrs["file"][1]
        m.file = f[1:-1] if f.startswith('"') else f
    if "fill" in attrs:
        m.fill = _yes(r, attrs["fill"])
    if "fillval" in attrs:
        m.fillval = _byte(r, attrs["fillval"], symbols)
    if "define" in attrs:
        m.define = _yes(r, attrs["define"])
    if "type" in attrs:
        m.type = attrs["type"][1].lower()
    if not (0 <= m.start and 0 <= m.size and m.start + m.size <= 0x10000):
        r.fail(f"memory area {tok[1]} ${m.start:X}+${m.size:X} leaves the 6502's 64 KiB", tok)
    return m


def _byte(r, tok, symbols) -> int:
    value = _number(r, tok, symbols)
    if not 0 <= value <= 0xFF:
        r.fail(f"fill value {tok[1]} does not fit in a byte", tok)
    return value


def _segment(r, tok, attrs, config) -> SegmentRule:
    _check(r, tok, attrs, _SEGMENT_ATTRS, "segment")
    if "load" not in attrs:
        r.fail(f"segment {tok[1]} needs load = a memory area", tok)
    for key in ("load", "run"):
        if key in attrs and attrs[key][1] not in config.memory:
            r.fail(f"segment {tok[1]}: no memory area {attrs[key][1]!r}", attrs[key])
    load = attrs["load"][1]
    s = SegmentRule(tok[1], load, attrs["run"][1] if "run" in attrs else load)
    s.line = tok[2]
    if "type" in attrs:
        s.type = attrs["type"][1].lower()
        if s.type not in _TYPES:
            r.fail(f"segment {tok[1]}: type {s.type!r}; use one of {sorted(_TYPES)}",
                   attrs["type"])  # fmt: skip
    for key in ("define", "optional"):
        if key in attrs:
            setattr(s, key, _yes(r, attrs[key]))
    for key in ("align", "alignment", "align_load", "start", "offset"):
        if key in attrs:
            setattr(s, "align" if key == "alignment" else key,
                    _number(r, attrs[key], config.symbols))  # fmt: skip
    if "fillval" in attrs:
        s.fillval = _byte(r, attrs["fillval"], config.symbols)
    return s


# ld65 -t nes, as /usr/share/cc65/cfg/nes.cfg of Debian's cc65 2.19 (comments shortened)
_NES = """
SYMBOLS { __STACKSIZE__: type = weak, value = $0300; }
MEMORY {
    ZP:     file = "", start = $0002, size = $001A, type = rw, define = yes;
    HEADER: file = %O, start = $0000, size = $0010, fill = yes;
    ROM0:   file = %O, start = $8000, size = $7FFA, fill = yes, define = yes;
    ROMV:   file = %O, start = $FFFA, size = $0006, fill = yes;
    ROM2:   file = %O, start = $0000, size = $2000, fill = yes;
    SRAM:   file = "", start = $0500, size = __STACKSIZE__, define = yes;
    RAM:    file = "", start = $6000, size = $2000, define = yes;
}
SEGMENTS {
    ZEROPAGE: load = ZP,              type = zp;
    HEADER:   load = HEADER,          type = ro;
    STARTUP:  load = ROM0,            type = ro,  define   = yes;
    LOWCODE:  load = ROM0,            type = ro,  optional = yes;
    ONCE:     load = ROM0,            type = ro,  optional = yes;
    CODE:     load = ROM0,            type = ro,  define   = yes;
    RODATA:   load = ROM0,            type = ro,  define   = yes;
    DATA:     load = ROM0, run = RAM, type = rw,  define   = yes;
    VECTORS:  load = ROMV,            type = rw;
    CHARS:    load = ROM2,            type = rw;
    BSS:      load = RAM,             type = bss, define   = yes;
}
"""

#: ld65's built-in targets we know, by ``-t`` name
TARGETS = {"nes": _NES}


def target_config(name: str) -> LinkConfig:
    """The configuration of ld65's built-in target ``name`` (``"nes"``)."""
    if name not in TARGETS:
        raise AssemblyError(f"unknown target {name!r}; known: {', '.join(TARGETS)}")
    return parse_config(TARGETS[name], f"<target {name}>")
