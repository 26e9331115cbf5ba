"""A two-pass 6502 assembler for the common subset of ca65 syntax.

Pass 1 walks the source once (expanding ``.include``, ``.macro``, ``.repeat`` and ``.if``),
places every statement, defines labels and decides each instruction's size. Like ca65, the
zero-page/absolute choice is made where the instruction is met: an operand whose value is
already known and fits in a byte (and does not come from a relocatable label) is zero page;
a forward reference is absolute unless its outermost operator is ``<``, ``>`` or ``^``, or the
operand is forced with ``z:``/``a:``. Bytes whose value is known are written at once; the rest
are remembered and filled in by pass 2, when every symbol is known.

Segments: ``.segment "NAME"`` (or ``.code .rodata .data .bss .zeropage``) switches the current
segment; each remembers its own location counter, which ``.org`` sets. Bytes are placed by
address; ``ZEROPAGE`` and ``BSS`` only reserve space (``.res``) and emit nothing. A segment
without ``.org`` starts where ``origins`` says (like an ld65 config's ``start``), else at $0000,
and its labels count as relocatable (absolute addressing, as ca65 does before linking).

One deliberate difference from ca65 2.18: there ``.org`` sets a single absolute counter shared
by all segments, so returning to a segment without a new ``.org`` continues from wherever the
last ``.org`` left off; here the segment resumes its own counter. Sources that give each
``.segment`` its ``.org`` (or none at all) assemble to the same bytes in both.

Supported directives: ``.org .segment .code .rodata .data .bss .zeropage .byte/.byt/.db
.word/.addr/.dw .dbyt .dword .lobytes .hibytes .asciiz .res .align .incbin .include .proc/.endproc
.scope/.endscope .macro/.endmacro .local .repeat/.endrepeat .if/.elseif/.else/.endif .ifdef
.ifndef .ifblank .ifnblank .enum/.endenum .define/.undefine (no parameters) .setcpu .end
.error .import .importzp .export .exportzp .global .globalzp``. Imported symbols take their
values from ``imports`` (the linker, `romulus_nb.rom.link`, supplies them); exports are listed in
the result for the linker to match.

Hostile sources meet limits, each refused with file:line:column: a ``.repeat`` runs at most
65536 times, at most 500,000 statements are assembled in all, ``.res`` and data stop at $FFFF,
expression values stay within 64 bits, and files read by ``.include``/``.incbin`` are regular
files of bounded size, UTF-8 for ``.include``, inside ``allowed_dirs`` when it is given.
"""

import os
import re

from romulus_nb.errors import AssemblyError
from romulus_nb.fileio import read_limited
from romulus_nb.rom.asm_directives import (
    CONDITIONALS,
    DIRECTIVES,
    MAX_DEPTH,
    MAX_SOURCE_BYTES,
    NO_ROW,
    Directives,
    show_value,
)
from romulus_nb.rom.asm_opcodes import BRANCHES, MNEMONICS, MODE_NAMES, OPCODES, OPERAND_SIZE
from romulus_nb.rom.asm_result import Assembly, Chunk, Segment
from romulus_nb.rom.asm_syntax import SyntaxProblem, parse_line, split_list, split_operand
from romulus_nb.rom.expr import ExprError, Undefined, parse_expr

__all__ = ["assemble", "Assembly", "read_source"]

UNINITIALIZED_SEGMENTS = frozenset({"ZEROPAGE", "ZP", "BSS"})
_ZP_SEGMENTS = frozenset({"ZEROPAGE", "ZP"})
MAX_STATEMENTS = 500_000  # source lines assembled, macro and .repeat expansions included


def assemble(
    source: str,
    *,
    filename: str = "<source>",
    include_dirs=(),
    defines: dict[str, int] | None = None,
    origins: dict[str, int] | None = None,
    allowed_dirs=None,
    imports: dict[str, int] | None = None,
    uninitialized=None,
    fill_values: dict[str, int] | None = None,
    lenient: bool = False,
) -> Assembly:
    """Assemble ca65-style 6502 source.

    Parameters
    ----------
    source : str
        The program text.
    filename : str
        Name used in error messages and the listing; also the base for relative
        ``.include``/``.incbin`` paths when it names a real file.
    include_dirs : iterable of path-like
        Further directories searched by ``.include`` and ``.incbin``.
    defines : dict of str to int, optional
        Constants defined before the first line (like ``ca65 -D NAME=value``).
    origins : dict of str to int, optional
        Start address of segments that the source does not ``.org`` (what an ld65 linker
        config's ``start`` does), e.g. ``{"CODE": 0x8000, "VECTORS": 0xFFFA}``. Their labels
        stay relocatable in ca65's sense: absolute addressing outside ZEROPAGE.
    allowed_dirs : iterable of path-like, optional
        When given, ``.include``/``.incbin`` may read only files inside these directories
        (after following links); a server passes the project's folder.
    imports : dict of str to int, optional
        Values of the symbols the source ``.import``s (from the linker); others count as 0.
    uninitialized : iterable of str, optional
        Segments that hold no bytes in the image (an ld65 config's ``bss``/``zp`` types);
        default ZEROPAGE, ZP and BSS.
    fill_values : dict of str to int, optional
        Byte written by ``.res``/``.align`` without a fill value, by segment (ld65 writes the
        segment's fill value there); default 0.
    lenient : bool
        Do not refuse values out of range (the linker's sizing passes, where imported and
        relocated values are not final yet).

    Returns
    -------
    Assembly
        ``.segments``, ``.symbols``, ``.listing`` and ``.image()``.

    Raises
    ------
    AssemblyError
        With file, line and column, saying what was expected.
    """
    a = _Assembler(filename, include_dirs, defines or {}, origins or {})
    a.link_settings(allowed_dirs, imports, uninitialized, fill_values or {}, lenient)
    if len(source) > MAX_SOURCE_BYTES:
        raise AssemblyError(f"source is over {MAX_SOURCE_BYTES} bytes", filename, 1, 1)
    a.run(source)
    return a.result()


def read_source(path) -> str:
    """The text of source file ``path``: a regular UTF-8 file of at most 1 MiB.

    Raises ``ProjectFileError`` for what is not a readable regular file, ``AssemblyError`` for
    bytes that are not UTF-8."""
    data = read_limited(path, MAX_SOURCE_BYTES, what="source file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise AssemblyError(f"not UTF-8 text (byte {e.start})", str(path), 1, 1) from None


class _Ctx:
    """Evaluation context of expressions: symbol lookup, ``*`` and unnamed labels."""

    __slots__ = ("symbols", "abs_syms", "prefixes", "cheap", "pc", "upos", "unnamed_labels",
                 "forced_abs", "imported", "used")  # fmt: skip

    def __init__(self, symbols, abs_syms, unnamed_labels):
        self.symbols, self.abs_syms, self.unnamed_labels = symbols, abs_syms, unnamed_labels
        self.prefixes, self.cheap, self.pc, self.upos = ("",), "", 0, 0
        self.forced_abs = False
        self.imported: set[str] = set()  # imported names, and those an expression used
        self.used: set[str] = set()

    def key(self, name: str) -> str | None:
        if name[0] == "@":
            return self.cheap + name
        if name[0] == ":":
            return name[2:]
        syms = self.symbols
        for p in self.prefixes:
            if p + name in syms:
                return p + name
        return None

    def lookup(self, name: str) -> int:
        if len(self.prefixes) == 1 and name[0] not in "@:":
            key = name  # global scope: the name is the key
        else:
            key = self.key(name)
        value = self.symbols.get(key)
        if value is None:
            raise Undefined(name)
        if key in self.imported:
            self.used.add(key)  # as ca65, only referenced imports need an export
        if key in self.abs_syms:
            self.forced_abs = True
        return value

    def unnamed(self, k: int) -> int:
        i = self.upos + k - 1 if k > 0 else self.upos + k
        if 0 <= i < len(self.unnamed_labels):
            return self.unnamed_labels[i]
        raise Undefined(":" + ("+" * k if k > 0 else "-" * -k))


class _Assembler(Directives):
    """One assembly's state; the directives (`Directives`) are its methods too."""

    def __init__(self, filename, include_dirs, defines, origins):
        self.filename = filename
        self.allowed_dirs = None
        self.import_values: dict[str, int] = {}
        self.linking = False  # without a linker, imported symbols have no value
        self.fill_values: dict[str, int] = {}
        self.lenient = False
        self.uninitialized = UNINITIALIZED_SEGMENTS
        self.zp_segments = set(_ZP_SEGMENTS)
        self.seg_align: dict[str, int] = {}
        self.imports: dict[str, tuple] = {}  # name -> (zeropage?, loc, column)
        self.exports: dict[str, tuple] = {}  # name -> (zeropage?, loc, column, symbol key)
        self.globals: dict[str, tuple] = {}
        self.budget = MAX_STATEMENTS
        self.cur_loc, self.cur_col = (filename, 0, "", ""), 1
        self.origins = origins
        self.include_dirs = [os.fspath(d) for d in include_dirs]
        self.symbols: dict[str, int] = dict(defines)
        self.defined_at: dict[str, tuple] = {}
        self.abs_syms: set[str] = set()
        self.unnamed_labels: list[int] = []
        self.ctx = _Ctx(self.symbols, self.abs_syms, self.unnamed_labels)
        self.segments: dict[str, Segment] = {}
        self.relocatable: set[str] = set()
        self.scope: tuple[str, ...] = ()
        self.scope_kinds: list[str] = []
        self.macros: dict[str, tuple] = {}
        self.collecting = None  # [kind, name, params, body, depth, loc] while in .macro/.repeat
        self.cond: list[list[bool]] = []  # [active, taken, parent_active]
        self.active = True
        self.fixups: list[tuple] = []
        self.pending: list[tuple] = []
        self.pending_keys: set[str] = set()
        self.rows: list[tuple] = []
        self.depth = 0
        self.local_count = 0
        self.ended = False
        self.enum = None  # [scope prefix, next value] inside .enum
        self.enum_loc = self.scope_open_loc = None
        self.text_defines: dict[str, str] = {}  # .define NAME replacement
        self._define_pattern = None
        self._switch("CODE", None)

    def link_settings(self, allowed_dirs, imports, uninitialized, fill_values, lenient) -> None:
        """What `assemble` passes beyond the source: see its parameters."""
        if allowed_dirs is not None:
            self.allowed_dirs = [os.path.realpath(d) for d in allowed_dirs]
        self.import_values = imports or {}
        self.linking = imports is not None
        self.fill_values = fill_values
        self.lenient = lenient
        if uninitialized is not None:
            self.uninitialized = frozenset(uninitialized)
            self.segments["CODE"].initialized = "CODE" not in self.uninitialized

    # ------------------------------------------------------------------ driving
    def run(self, source: str) -> None:
        self._lines(source, self.filename, "")
        if self.collecting is not None:
            kind, name, *_, loc = self.collecting
            self._fail(f"{kind} {name!r} has no matching end directive", loc, 1)
        if self.cond:
            self._fail(".if without matching .endif", self.cond[-1][3], 1)
        if self.enum is not None:
            self._fail(".enum without matching .endenum", self.enum_loc, 1)
        if self.scope:
            self._fail(
                f".{self.scope_kinds[-1]} {self.scope[-1]} has no matching "
                f".end{self.scope_kinds[-1]}",
                self.scope_open_loc,
                1,
            )
        self._resolve_globals()
        self._resolve_pending()
        self._pass2()
        self._resolve_exports()

    def _lines(self, text: str, file: str, note: str) -> None:
        for number, raw in enumerate(text.splitlines(), 1):
            if self.ended:
                return
            self._statement(raw, (file, number, raw, note))

    def _fail(self, message, loc, column):
        file, line, _, note = loc
        raise AssemblyError(message + note, file, line, column)

    # ------------------------------------------------------------------ one line
    def _spend(self, loc) -> None:
        self.budget -= 1
        if self.budget < 0:
            self._fail(
                f"more than {MAX_STATEMENTS} statements assembled: a .repeat or macro runs away",
                loc,
                1,
            )

    def _statement(self, raw: str, loc) -> None:
        self._spend(loc)
        self.cur_loc = loc
        if self.text_defines and self.collecting is None:
            raw = self._expand_defines(raw)
        try:
            line = parse_line(raw)
        except SyntaxProblem as e:
            if self.collecting is None and self.active:
                self._fail(e.message, loc, e.column)
            if self.collecting is not None:
                self.collecting[3].append((raw, loc))
            return
        if self.collecting is not None:
            self._collect(line, raw, loc)
            return
        if line.kind == "dir" and line.op in CONDITIONALS:
            CONDITIONALS[line.op](self, line, loc)
            return
        if not self.active:
            return
        if self.enum is not None and line.op != ".endenum":
            self._enum_member(line, loc)
            return
        ctx = self.ctx
        chunk = self.chunk
        start = chunk.address + len(chunk.data) + chunk.reserved
        ctx.pc = start
        for name, col in line.labels:
            self._label(name, col, loc)
        kind = line.kind
        if kind == "word":
            mnemonic = line.op.upper()
            if mnemonic in MNEMONICS:
                self._instruction(mnemonic, line, loc)
            elif line.op in self.macros:
                self._row(start, chunk, loc)
                self._expand_macro(line, loc)
                return
            else:
                self._fail(
                    f"unknown mnemonic {line.op!r}: expected one of the 56 6502 instructions, "
                    "a directive or a macro name",
                    loc,
                    line.op_col,
                )
        elif kind == "dir":
            handler = DIRECTIVES.get(line.op)
            if handler is None:
                self._fail(f"unknown directive {line.op!r}", loc, line.op_col)
            handler(self, line, loc)
            if line.op in NO_ROW:
                return
        elif kind == "assign" or kind == "set":
            self._assign(line, loc, kind == "set")
        self._row(start, chunk, loc)

    def _expand_defines(self, raw: str) -> str:
        """Replace ``.define`` names outside strings and comments."""
        if raw.lstrip()[:7].lower() in (".undefi", ".undef ", ".define"):
            return raw
        if self._define_pattern is None:
            names = "|".join(map(re.escape, sorted(self.text_defines, key=len, reverse=True)))
            self._define_pattern = re.compile(
                r"(\"[^\"]*\"|'[^']*'|;.*$)|(?<![\w.@])(" + names + r")\b"
            )
        return self._define_pattern.sub(lambda m: m.group(1) or self.text_defines[m.group(2)], raw)

    def _row(self, start, chunk, loc) -> None:
        if chunk is self.chunk:
            off = start - chunk.address
            n = self.pc - start if self.seg.initialized else 0
            self.rows.append((start, chunk.data, off, n, loc))
        else:
            self.rows.append((self.pc, b"", 0, 0, loc))

    # ------------------------------------------------------------------ symbols
    def _label(self, name, col, loc) -> None:
        if name == ":":
            self.unnamed_labels.append(self.pc)
            self.ctx.upos = len(self.unnamed_labels)
            return
        if name[0] == "@":
            key = self.ctx.cheap + name
        else:
            key = self.ctx.prefixes[0] + name
            self.ctx.cheap = key
        self._define(key, self.pc, loc, col, name)
        if self.seg.name in self.relocatable and self.seg.name not in self.zp_segments:
            self.abs_syms.add(key)

    def _define(self, key, value, loc, col, shown) -> None:
        if key in self.symbols or key in self.pending_keys:
            first = self.defined_at.get(key)
            where = f" (first defined at {first[0]}:{first[1]})" if first else " (a define)"
            self._fail(f"duplicate label {shown!r}{where}", loc, col)
        self.symbols[key] = value
        self.defined_at[key] = loc

    def _assign(self, line, loc, redefinable) -> None:
        self._assign_text(line.op, line.operand, loc, line.op_col, line.operand_col, redefinable)

    def _assign_text(self, name, text, loc, col, text_col=None, redefinable=False) -> None:
        """Define ``name`` as the value of expression ``text`` (now, or once it is known)."""
        text_col = text_col or col
        key = self.ctx.prefixes[0] + name
        if not redefinable and (key in self.symbols or key in self.pending_keys):
            self._define(key, 0, loc, col, name)  # reports the duplicate
        expr = self._parse(text, loc, text_col)
        self.defined_at[key] = loc
        try:
            value, forced = self._eval1(expr)
        except Undefined:
            self.pending.append((key, expr, self._snap(), loc, text_col))
            self.pending_keys.add(key)
            return
        self.symbols[key] = value
        if forced:
            self.abs_syms.add(key)

    def _resolve_pending(self) -> None:
        progress = True
        while self.pending and progress:
            progress = False
            for item in list(self.pending):
                key, expr, snap, loc, col = item
                self._restore(snap)
                try:
                    value, forced = self._eval1(expr)
                except Undefined:
                    continue
                self.symbols[key] = value
                if forced:
                    self.abs_syms.add(key)
                self.pending.remove(item)
                progress = True
        for key, expr, snap, loc, col in self.pending:
            self._restore(snap)
            try:
                self._eval1(expr)
            except Undefined as e:
                self._fail(
                    f"undefined symbol {e.name!r} in the value of {key!r}{self._hint(e.name)}",
                    loc,
                    self._column_of(e.name, loc, col),
                )

    # ------------------------------------------------------------------ linking
    def _import(self, name, zeropage, loc, col) -> None:
        if name in self.imports:
            return
        if name in self.symbols or name in self.pending_keys:
            self._define(name, 0, loc, col, name)  # reports it as a duplicate
        self.imports[name] = (zeropage, loc, col)
        self.ctx.imported.add(name)
        if not self.linking:
            return
        self.symbols[name] = self.import_values.get(name, 0)
        self.defined_at[name] = loc
        if not zeropage:
            self.abs_syms.add(name)

    def _hint(self, name) -> str:
        if name in self.imports and not self.linking:
            return (": it is imported, and only the linker gives imports a value (romulus asm "
                    "--target nes or --config FILE.cfg, or romulus_nb.rom.link)")  # fmt: skip
        return ""

    def _zp_import(self, expr) -> bool:
        """True when ``expr`` uses an ``.importzp`` symbol: zero page whatever its value."""
        return any(self.imports.get(n, (False,))[0] for n in expr.symbols)

    def _resolve_globals(self) -> None:
        """A ``.global`` name defined here is exported; one used but not defined, imported."""
        for name, (zeropage, loc, col) in self.globals.items():
            if name in self.imports:
                continue
            if name in self.symbols or name in self.pending_keys:
                self.exports.setdefault(name, (zeropage, loc, col, name))
            else:
                self._import(name, zeropage, loc, col)

    def _resolve_exports(self) -> None:
        for name, (_, loc, col, key) in self.exports.items():
            if name in self.imports:
                self._fail(f"symbol {name!r} is both imported and exported", loc, col)
            if key not in self.symbols:
                self._fail(f"exported symbol {name!r} is never defined", loc, col)

    # ------------------------------------------------------------------ evaluation
    def _parse(self, text, loc, col):
        if not text:
            self._fail("expected an expression", loc, col)
        self.cur_col = col
        try:
            return parse_expr(text)
        except ExprError as e:
            self._fail(e.message, loc, col + e.offset)

    def _eval1(self, expr):
        """Value and 'relocatable label used' flag; raises Undefined for unknown symbols."""
        if expr.const is not None:
            return expr.const, False
        ctx = self.ctx
        ctx.forced_abs = False
        try:
            return expr.fn(ctx), ctx.forced_abs
        except ZeroDivisionError:
            raise Undefined("division by zero") from None
        except ExprError as e:
            self._fail(e.message, self.cur_loc, self.cur_col)

    def _const(self, text, loc, col, what) -> int:
        """A value that must be known now (``.org``, ``.res``, ``.if``...)."""
        expr = self._parse(text, loc, col)
        try:
            return self._eval1(expr)[0]
        except Undefined as e:
            self._fail(
                f"{what} needs a value known at this point, but {e.name!r} is not defined yet",
                loc,
                self._column_of(e.name, loc, col),
            )

    def _snap(self):
        c = self.ctx
        return (c.prefixes, c.cheap, c.pc, c.upos)

    def _restore(self, snap) -> None:
        c = self.ctx
        c.prefixes, c.cheap, c.pc, c.upos = snap

    @staticmethod
    def _column_of(name, loc, default) -> int:
        i = loc[2].find(name, max(default - 1, 0))
        return i + 1 if i >= 0 else default

    # ------------------------------------------------------------------ segments
    @property
    def pc(self) -> int:
        return self.chunk.address + self.chunk.size

    def _switch(self, name, loc) -> None:
        seg = self.segments.get(name)
        if seg is None:
            seg = Segment(name, initialized=name not in self.uninitialized)
            file, line = (loc[0], loc[1]) if loc else (self.filename, 0)
            seg.file, seg.line = file, line
            seg.chunks.append(Chunk(self.origins.get(name, 0), bytearray(), file, line))
            self.segments[name] = seg
            self.relocatable.add(name)
        self.seg = seg
        self.chunk = seg.chunks[-1]

    def _org(self, address, loc) -> None:
        if not 0 <= address <= 0xFFFF:
            self._fail(f".org ${address:X} is outside the 6502 address space $0000-$FFFF", loc, 1)
        self.relocatable.discard(self.seg.name)
        chunk = Chunk(address, bytearray(), loc[0], loc[1])
        if self.chunk.size == 0:
            self.seg.chunks[-1] = chunk
        else:
            self.seg.chunks.append(chunk)
        self.chunk = chunk

    def _emit(self, data, loc, col=1) -> None:
        if not self.seg.initialized:
            self._fail(
                f"segment {self.seg.name} holds no initialized data: reserve space with .res",
                loc,
                col,
            )
        if self.pc + len(data) > 0x10000:
            self._fail(
                f"bytes run past $FFFF (location counter ${self.pc:04X})",
                loc,
                col,
            )
        self.chunk.data += data

    def _reserve(self, count, fill, loc, col) -> None:
        """``count`` bytes of ``fill`` (None: the segment's fill value), or reserved RAM."""
        if count < 0:
            self._fail(f".res count {count} is negative", loc, col)
        if self.pc + count > 0x10000:  # checked before anything is allocated
            self._fail(
                f"{count} bytes from ${self.pc:04X} run past $FFFF: the 6502 addresses 64 KiB",
                loc,
                col,
            )
        if self.seg.initialized:
            if fill is None:
                fill = self.fill_values.get(self.seg.name, 0)
            self._emit(bytes([fill]) * count, loc, col)
        else:
            self.chunk.reserved += count

    # ------------------------------------------------------------------ instructions
    def _instruction(self, mnemonic, line, loc) -> None:
        modes = MNEMONICS[mnemonic]
        form, text, offset, force = split_operand(line.operand)
        col = line.operand_col + offset
        expr = None
        if form == "none":
            if not modes & {"imp", "acc"}:
                self._fail(f"{mnemonic} needs an operand; {_allowed(mnemonic)}", loc, line.op_col)
            mode = "imp" if "imp" in modes else "acc"
        elif form == "acc":
            mode = "acc"
        elif mnemonic in BRANCHES:
            mode = "rel" if form == "direct" else _FORM_MODE.get(form, form)
            expr = self._parse(text, loc, col)
        elif form == "imm":
            mode = "imm"
            expr = self._parse(text, loc, col)
        elif form in ("inx", "iny", "ind"):
            mode = form
            expr = self._parse(text, loc, col)
        else:
            expr = self._parse(text, loc, col)
            zp, ab = {"direct": ("zpg", "abs"), "x": ("zpx", "abx"), "y": ("zpy", "aby")}[form]
            mode, known = ab, True
            if force == "zp":
                mode = zp
            elif force == "far":
                self._fail("far (24-bit) addressing does not exist on the 6502", loc, col)
            elif force is None:
                if expr.byte_sized:
                    mode = zp
                else:
                    try:
                        value, forced = self._eval1(expr)
                        if not forced and (value <= 0xFF or self._zp_import(expr)):
                            mode = zp
                    except Undefined:
                        known = False
                        if expr.symbols and all(n in self.globals and self.globals[n][0]
                                                for n in expr.symbols):  # fmt: skip
                            mode = zp  # declared .globalzp: zero page before it is known
            if mode == zp and zp not in modes and force != "zp":
                mode = ab
            elif mode == ab and ab not in modes and not known and zp in modes:
                mode = zp  # a forward reference where only zero page exists (STX zp,Y)
        if mode not in modes:
            self._fail(
                f"bad addressing mode: {mnemonic} has no {MODE_NAMES[mode]} form; "
                f"{_allowed(mnemonic)}",
                loc,
                col if line.operand else line.op_col,
            )
        opcode = OPCODES[mnemonic, mode]
        size = OPERAND_SIZE[mode]
        if size == 0:
            self._emit(bytes((opcode,)), loc)
            return
        try:
            value = self._eval1(expr)[0]
        except Undefined:
            self._emit(bytes((opcode, 0, 0)[: size + 1]), loc)
            self.fixups.append((mode, self.chunk.data, len(self.chunk.data) - size, expr,
                                self._snap(), loc, col))  # fmt: skip
            return
        self._emit(bytes((opcode,)) + self._operand(mode, value, self.ctx.pc, loc, col), loc)

    def _operand(self, mode, value, pc, loc, col) -> bytes:
        if self.lenient:  # a sizing pass: values are not final yet
            value &= 0xFFFF
            if mode == "rel":
                return bytes(((value - pc - 2) & 0xFF,))
            return value.to_bytes(2, "little")[: OPERAND_SIZE[mode]]
        if mode == "rel":
            delta = value - (pc + 2)
            if not -128 <= delta <= 127:
                over = delta - 127 if delta > 127 else -128 - delta
                self._fail(
                    f"branch out of range by {over} bytes: target ${value & 0xFFFF:04X} is "
                    f"{delta:+d} bytes from the next instruction; a branch reaches -128..+127",
                    loc,
                    col,
                )
            return bytes((delta & 0xFF,))
        if OPERAND_SIZE[mode] == 1:
            if not 0 <= value <= 0xFF:
                what = "immediate value" if mode == "imm" else "zero-page address"
                self._fail(
                    f"value too large: {what} {show_value(value)} does not fit in a byte "
                    "(allowed $00-$FF)",
                    loc,
                    col,
                )
            return bytes((value,))
        if not 0 <= value <= 0xFFFF:
            self._fail(
                f"value too large: address {show_value(value)} does not fit in 16 bits "
                "(allowed $0000-$FFFF)",
                loc,
                col,
            )
        return bytes((value & 0xFF, value >> 8))

    # ------------------------------------------------------------------ data
    def _data(self, line, loc, width) -> None:
        if not line.operand:
            self._fail("expected a list of values", loc, line.operand_col or line.op_col)
        out = bytearray()
        start = self.ctx.pc
        for text, off in split_list(line.operand):
            col = line.operand_col + off
            self.ctx.pc = start + len(out)  # in ca65, * in a list is the address of each item
            if width == 1 and len(text) >= 2 and text[0] == '"' and text[-1] == '"':
                out += self._ascii(text[1:-1], loc, col)
                continue
            if not text:
                self._fail("expected a value between commas", loc, col)
            expr = self._parse(text, loc, col)
            n = abs(width) if width in (1, 2, -2, 4) else 1
            try:
                value = self._eval1(expr)[0]
            except Undefined:
                self.fixups.append((width, None, len(out), expr, self._snap(), loc, col))
                out += bytes(n)
                continue
            out += self._pack(width, value, loc, col)
        base = len(self.chunk.data)
        # rebind the deferred entries of this line to the chunk they landed in
        for i in range(len(self.fixups) - 1, -1, -1):
            f = self.fixups[i]
            if f[1] is not None:
                break
            self.fixups[i] = (f[0], self.chunk.data, base + f[2], *f[3:])
        self._emit(bytes(out), loc, line.operand_col)

    # ------------------------------------------------------------------ pass 2
    def _pass2(self) -> None:
        ctx = self.ctx
        for mode, data, at, expr, snap, loc, col in self.fixups:
            self._restore(snap)
            self.cur_loc, self.cur_col = loc, col
            try:
                ctx.forced_abs = False
                value = expr.fn(ctx)
            except Undefined as e:
                self._fail(f"undefined symbol {e.name!r}{self._hint(e.name)}", loc,
                           self._column_of(e.name, loc, col))  # fmt: skip
            except ZeroDivisionError:
                self._fail("division by zero", loc, col)
            except ExprError as e:
                self._fail(e.message, loc, col)
            if isinstance(mode, str):
                data[at : at + OPERAND_SIZE[mode]] = self._operand(mode, value, snap[2], loc, col)
            else:
                data[at : at + len(self._pack(mode, 0, loc, col))] = self._pack(
                    mode, value, loc, col
                )

    def result(self) -> Assembly:
        for seg in self.segments.values():
            seg.chunks = [c for c in seg.chunks if c.size] or seg.chunks[:0]
        segments = {n: s for n, s in self.segments.items() if s.chunks or n != "CODE"}
        assembly = Assembly(segments, dict(self.symbols), self.rows)
        for n, (zp, loc, col) in self.imports.items():
            if n in self.ctx.used:
                assembly.imports[n] = (zp, loc[0], loc[1], col)
        for n, (zp, loc, col, key) in self.exports.items():
            assembly.exports[n] = (self.symbols[key], zp, loc[0], loc[1], col)
        assembly.alignment = dict(self.seg_align)
        return assembly

    def _enum_member(self, line, loc) -> None:
        if line.kind is None and not line.labels:
            return
        if line.kind == "word" and not line.operand and not line.labels:
            value = self.enum[1]
        elif line.kind == "assign":
            value = self._const(line.operand, loc, line.operand_col, "an .enum member")
        else:
            self._fail(".enum members are NAME or NAME = value, one a line", loc, line.op_col or 1)
        prefix = self.ctx.prefixes[0] + self.enum[0]
        self._define(prefix + line.op, value, loc, line.op_col, line.op)
        self.enum[1] = value + 1

    # ------------------------------------------------------------------ macros
    def _collect(self, line, raw, loc) -> None:
        c = self.collecting
        if line.kind == "dir":
            if line.op in (".macro", ".mac", ".repeat", ".rep"):
                c[4] += 1
            elif line.op in (".endmacro", ".endmac", ".endrepeat", ".endrep"):
                if c[4] == 0:
                    self.collecting = None
                    if c[0] == ".macro":
                        self.macros[c[1]] = (c[2], c[3], c[5])
                    else:
                        self._expand_repeat(c)
                    return
                c[4] -= 1
        c[3].append((raw, loc))

    def _expand_macro(self, line, loc) -> None:
        params, body, _ = self.macros[line.op]
        args = [a for a, _ in split_list(line.operand)] if line.operand else []
        if len(args) > len(params):
            self._fail(
                f"macro {line.op!r} takes {len(params)} argument(s), got {len(args)}",
                loc,
                line.operand_col,
            )
        args = [a[1:-1] if a.startswith("{") and a.endswith("}") else a for a in args]
        mapping = dict(zip(params, args + [""] * (len(params) - len(args)), strict=True))
        note = f" (in macro {line.op!r} used at {loc[0]}:{loc[1]})"
        self._run_body(body, mapping, note)

    def _expand_repeat(self, c) -> None:
        _, count, var, body, _, loc = c
        note = f" (in .repeat at {loc[0]}:{loc[1]})"
        for i in range(count):
            self._spend(loc)  # an empty body costs too
            self._run_body(body, {var: str(i)} if var else {}, note)

    def _run_body(self, body, mapping, note) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self._fail(f"macros nested deeper than {MAX_DEPTH} levels", body[0][1], 1)
        locals_ = [
            name
            for raw, _ in body
            if raw.strip().lower().startswith(".local")
            for name, _ in split_list(raw.strip()[6:])
        ]
        for name in locals_:
            self.local_count += 1
            mapping = {**mapping, name: f"{name}__{self.local_count}"}
        pattern = (
            re.compile(r"(?<![\w.@])(" + "|".join(map(re.escape, mapping)) + r")\b")
            if mapping
            else None
        )
        for raw, (file, number, _, inner_note) in body:
            if raw.strip().lower().startswith(".local"):
                continue
            text = pattern.sub(lambda m: mapping[m.group(1)], raw) if pattern else raw
            self._statement(text, (file, number, text, inner_note + note))
            if self.ended:
                break
        self.depth -= 1

    def _ascii(self, text, loc, col) -> bytes:
        try:
            return text.encode("ascii")
        except UnicodeEncodeError:
            self._fail(f"string {text!r} has characters outside ASCII", loc, col)

    def _pack(self, width, value, loc, col) -> bytes:
        if self.lenient:  # a sizing pass: values are not final yet
            value &= 0xFFFFFFFF
            if width in (1, 2, -2):
                value &= 0xFF if width == 1 else 0xFFFF
        if width == 1:
            if not 0 <= value <= 0xFF:
                self._fail(f"value too large: {show_value(value)} does not fit in a byte "
                        "(allowed $00-$FF)", loc, col)  # fmt: skip
            return bytes((value,))
        if width == "lo":
            return bytes((value & 0xFF,))
        if width == "hi":
            return bytes(((value >> 8) & 0xFF,))
        if width == 4:
            if not 0 <= value <= 0xFFFFFFFF:
                self._fail(f"value too large: {show_value(value)} does not fit in 32 bits "
                        "(allowed $0-$FFFFFFFF)", loc, col)  # fmt: skip
            return value.to_bytes(4, "little")
        if not 0 <= value <= 0xFFFF:
            self._fail(f"value too large: {show_value(value)} does not fit in a word "
                    "(allowed $0000-$FFFF)", loc, col)  # fmt: skip
        if width == -2:
            return bytes((value >> 8, value & 0xFF))
        return bytes((value & 0xFF, value >> 8))


_FORM_MODE = {"x": "abx", "y": "aby", "direct": "abs", "none": "imp"}


def _allowed(mnemonic: str) -> str:
    modes = sorted(MNEMONICS[mnemonic], key=list(MODE_NAMES).index)
    return f"{mnemonic} allows {', '.join(MODE_NAMES[m] for m in modes)}"
