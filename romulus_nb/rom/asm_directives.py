"""The assembler's directives (``.org``, ``.byte``, ``.macro``, ``.if`` ...) as its own methods.

As py65 fills its opcode table with a decorator, each directive here is a method of
:class:`Directives` marked with :func:`directive` (or :func:`conditional` for the ``.if``
family, which runs even in skipped code); the decorator files it in a table by name, and the
assembler (`romulus_nb.rom.asm._Assembler`, a subclass) dispatches through that table. The
methods work on the assembler's own state: segments, symbols, scopes, imports and exports.
"""

import math
import os
import re

from romulus_nb.errors import ProjectFileError
from romulus_nb.fileio import read_limited
from romulus_nb.rom.asm_opcodes import MNEMONICS
from romulus_nb.rom.asm_syntax import split_list

SEGMENT_SHORTCUTS = {".code": "CODE", ".rodata": "RODATA", ".data": "DATA", ".bss": "BSS",
                     ".zeropage": "ZEROPAGE"}  # fmt: skip
_IGNORED = ".p02 .debuginfo .autoimport .smart .list .listbytes".split()
MAX_DEPTH = 64
MAX_REPEAT = 65536  # iterations of one .repeat
MAX_SOURCE_BYTES = 1 << 20  # one source or .include file
MAX_INCBIN_BYTES = 1 << 16  # more would not fit the 6502's address space
_NAME = re.compile(r"[A-Za-z_]\w*")

#: directive name -> method, filled by @directive; the assembler dispatches through it
DIRECTIVES: dict[str, object] = {}
#: the .if family: run even while skipping code, to track nesting
CONDITIONALS: dict[str, object] = {}
#: directives that write their own listing row (or none)
NO_ROW: set[str] = set()


def directive(*names: str, row: bool = True):
    """Register the decorated method as the handler of ``names``."""

    def register(method):
        for name in names:
            DIRECTIVES[name] = method
            if not row:
                NO_ROW.add(name)
        return method

    return register


def conditional(*names: str):
    """Register the decorated method as a conditional-assembly handler of ``names``."""

    def register(method):
        for name in names:
            CONDITIONALS[name] = method
        return method

    return register


def show_value(value: int) -> str:
    return f"${value:X}" if value >= 0 else str(value)


def _prefixes(scope) -> tuple[str, ...]:
    return tuple("".join(s + "::" for s in scope[:i]) for i in range(len(scope), -1, -1))


class Directives:
    """The directive handlers; each takes the split line and its location."""

    # ------------------------------------------------------------------ helpers
    def _string_arg(self, text, loc, col, what) -> str:
        if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
            return text[1:-1]
        self._fail(f"{what} expects a quoted string, found {text or 'nothing'!r}", loc, col)

    def _find_file(self, name, loc, col) -> str:
        here = os.path.dirname(loc[0]) or "."
        here = here if os.path.isdir(here) else "."
        bases = [here, *self.include_dirs]
        for base in bases:
            path = os.path.join(base, name)
            if os.path.isfile(path) or (os.path.exists(path) and not os.path.isdir(path)):
                self._check_allowed(path, name, loc, col)
                return path
        self._fail(f"file {name!r} not found (looked in {', '.join(bases)})", loc, col)

    def _check_allowed(self, path, name, loc, col) -> None:
        if self.allowed_dirs is None:
            return
        real = os.path.realpath(path)
        for base in self.allowed_dirs:
            if os.path.commonpath([real, base]) == base:
                return
        self._fail(f"file {name!r} is outside the directories this assembly may read", loc, col)

    def _read(self, path, limit, what, loc, col) -> bytes:
        try:
            return read_limited(path, limit, what=what)
        except ProjectFileError as e:
            self._fail(str(e), loc, col)

    def _names(self, line, loc) -> list[tuple[str, str | None, int]]:
        """``name`` or ``name = expr`` items of an import/export list: (name, expr, column)."""
        if not line.operand:
            self._fail(f"{line.op} needs a list of names", loc, line.op_col)
        out = []
        for text, off in split_list(line.operand):
            name, eq, value = text.partition(":=") if ":=" in text else text.partition("=")
            name = name.strip().split(":")[0].strip()  # "name: zp" address-size suffixes
            col = line.operand_col + off
            if not _NAME.fullmatch(name):
                self._fail(f"{line.op} expects symbol names, found {text or 'nothing'!r}", loc, col)
            out.append((name, value.strip() if eq else None, col))
        return out

    # ------------------------------------------------------------------ placement
    @directive(".org")
    def _d_org(self, line, loc):
        self._org(self._const(line.operand, loc, line.operand_col, ".org"), loc)

    @directive(".segment", *SEGMENT_SHORTCUTS)
    def _d_segment(self, line, loc):
        if line.op in SEGMENT_SHORTCUTS:
            self._switch(SEGMENT_SHORTCUTS[line.op], loc)
            return
        name, _, size = line.operand.partition(":")
        name = self._string_arg(name.strip(), loc, line.operand_col, ".segment")
        size = size.strip().lower()
        if size in ("zeropage", "zp", "direct"):
            self.zp_segments.add(name)
        elif size and size not in ("absolute", "abs"):
            self._fail(f".segment {name!r}: address size {size!r}; use zeropage or absolute",
                       loc, line.operand_col)  # fmt: skip
        self._switch(name, loc)

    @directive(".res")
    def _d_res(self, line, loc):
        items = split_list(line.operand)
        count = self._const(items[0][0], loc, line.operand_col, ".res")
        fill = None
        if len(items) > 1:
            fill = self._const(items[1][0], loc, line.operand_col + items[1][1], ".res fill")
            if not 0 <= fill <= 0xFF:
                self._fail(f".res fill {show_value(fill)} does not fit in a byte",
                           loc, line.operand_col)  # fmt: skip
        self._reserve(count, fill, loc, line.operand_col)

    @directive(".align")
    def _d_align(self, line, loc):
        items = split_list(line.operand)
        n = self._const(items[0][0], loc, line.operand_col, ".align")
        fill = self._const(items[1][0], loc, line.operand_col, ".align") if len(items) > 1 else None
        if not 1 <= n <= 0x10000:
            self._fail(f".align {n}: the alignment must be 1 to $10000", loc, line.operand_col)
        name = self.seg.name
        self.seg_align[name] = math.lcm(self.seg_align.get(name, 1), n)
        # as in ca65, relative to the section's start, which the linker aligns to n
        base = self.origins.get(name, 0) if name in self.relocatable else 0
        self._reserve(-(self.pc - base) % n, fill, loc, line.operand_col)

    # ------------------------------------------------------------------ data
    @directive(".byte", ".byt", ".db")
    def _d_byte(self, line, loc):
        self._data(line, loc, 1)

    @directive(".word", ".addr", ".dw")
    def _d_word(self, line, loc):
        self._data(line, loc, 2)

    @directive(".dword")
    def _d_dword(self, line, loc):
        self._data(line, loc, 4)

    @directive(".dbyt")
    def _d_dbyt(self, line, loc):
        self._data(line, loc, -2)

    @directive(".lobytes")
    def _d_lobytes(self, line, loc):
        self._data(line, loc, "lo")

    @directive(".hibytes")
    def _d_hibytes(self, line, loc):
        self._data(line, loc, "hi")

    @directive(".asciiz")
    def _d_asciiz(self, line, loc):
        self._data(line, loc, 1)
        self._emit(b"\x00", loc)

    @directive(".incbin")
    def _d_incbin(self, line, loc):
        items = split_list(line.operand)
        col = line.operand_col
        name = self._string_arg(items[0][0], loc, col, ".incbin")
        path = self._find_file(name, loc, col)
        data = self._read(path, MAX_INCBIN_BYTES, ".incbin file", loc, col)
        start = self._const(items[1][0], loc, col + items[1][1], ".incbin") if len(items) > 1 else 0
        size = (
            self._const(items[2][0], loc, col + items[2][1], ".incbin") if len(items) > 2 else None
        )
        if start < 0 or (size is not None and size < 0):
            self._fail(f".incbin {name!r}: start {start} and size {size} must not be negative",
                       loc, col)  # fmt: skip
        if start > len(data) or (size is not None and start + size > len(data)):
            self._fail(f".incbin {name!r}: range {start}+{size} exceeds the file's "
                       f"{len(data)} bytes", loc, col)  # fmt: skip
        self._emit(data[start : start + size if size is not None else None], loc, col)

    @directive(".include", row=False)
    def _d_include(self, line, loc):
        name = self._string_arg(line.operand, loc, line.operand_col, ".include")
        path = self._find_file(name, loc, line.operand_col)
        text = self._source_text(path, loc, line.operand_col)
        self._row(self.pc, self.chunk, loc)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self._fail(f".include nested deeper than {MAX_DEPTH} levels", loc, line.operand_col)
        self._lines(text, path, loc[3])
        self.depth -= 1

    def _source_text(self, path, loc, col) -> str:
        data = self._read(path, MAX_SOURCE_BYTES, "source file", loc, col)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as e:
            self._fail(f"{path} is not UTF-8 text (byte {e.start}): only text source can be "
                       "included; use .incbin for binary data", loc, col)  # fmt: skip

    # ------------------------------------------------------------------ scopes
    @directive(".proc", ".scope")
    def _d_proc(self, line, loc):
        kind = line.op[1:]
        name = line.operand.split()[0] if line.operand else ""
        if kind == "proc":
            if not _NAME.fullmatch(name):
                self._fail(f".proc needs a name, found {name or 'nothing'!r}", loc,
                           line.operand_col)  # fmt: skip
            self._label(name, line.operand_col, loc)
        elif not name:
            self.local_count += 1
            name = f"__scope{self.local_count}"
        if not self.scope:
            self.scope_open_loc = loc
        self.scope += (name,)
        self.scope_kinds.append(kind)
        self.ctx.prefixes = _prefixes(self.scope)

    @directive(".endproc", ".endscope")
    def _d_endproc(self, line, loc):
        kind = line.op[4:]
        if not self.scope or self.scope_kinds[-1] != kind:
            open_ = f".{self.scope_kinds[-1]}" if self.scope else "nothing"
            self._fail(f"{line.op} without a matching .{kind} (open: {open_})", loc, line.op_col)
        self.scope = self.scope[:-1]
        self.scope_kinds.pop()
        self.ctx.prefixes = _prefixes(self.scope)

    # ------------------------------------------------------------------ linking
    @directive(".import", ".importzp")
    def _d_import(self, line, loc):
        # as in ca65, a plain .import takes the address size of the current segment
        zeropage = line.op == ".importzp" or self.seg.name in self.zp_segments
        for name, _, col in self._names(line, loc):
            self._import(name, zeropage, loc, col)

    @directive(".export", ".exportzp")
    def _d_export(self, line, loc):
        for name, value, col in self._names(line, loc):
            if value is not None:
                self._assign_text(name, value, loc, col + len(name))
            key = self.ctx.prefixes[0] + name
            self.exports.setdefault(name, (line.op == ".exportzp", loc, col, key))

    @directive(".global", ".globalzp")
    def _d_global(self, line, loc):
        zeropage = line.op == ".globalzp" or self.seg.name in self.zp_segments
        for name, _, col in self._names(line, loc):
            self.globals.setdefault(name, (zeropage, loc, col))

    # ------------------------------------------------------------------ macros
    @directive(".macro", ".mac", row=False)
    def _d_macro(self, line, loc):
        name, _, rest = line.operand.partition(" ")
        name, rest = name.strip(), rest.strip()
        if "," in name:  # ".macro name,a,b" without a blank
            name, _, more = name.partition(",")
            rest = more + rest
        if not _NAME.fullmatch(name):
            self._fail(f".macro needs a name, found {name or 'nothing'!r}", loc, line.operand_col)
        if name.upper() in MNEMONICS:
            self._fail(f"macro name {name!r} is a 6502 instruction", loc, line.operand_col)
        params = [p for p, _ in split_list(rest.lstrip(","))] if rest else []
        for p in params:
            if not _NAME.fullmatch(p):
                self._fail(f"macro parameter {p!r} is not a name", loc, line.operand_col)
        self.collecting = [".macro", name, params, [], 0, loc]

    @directive(".repeat", ".rep", row=False)
    def _d_repeat(self, line, loc):
        items = split_list(line.operand)
        count = self._const(items[0][0], loc, line.operand_col, ".repeat")
        if not 0 <= count <= MAX_REPEAT:
            self._fail(f".repeat {count}: the count must be 0 to {MAX_REPEAT}", loc,
                       line.operand_col)  # fmt: skip
        var = items[1][0] if len(items) > 1 else None
        self.collecting = [".repeat", count, var, [], 0, loc]

    @directive(".endmacro", ".endmac", ".endrepeat", ".endrep")
    def _d_stray_end(self, line, loc):
        self._fail(f"{line.op} without a matching opening directive", loc, line.op_col)

    @directive(".local")
    def _d_local(self, line, loc):
        self._fail(".local is only allowed inside a macro", loc, line.op_col)

    # ------------------------------------------------------------------ names
    @directive(".enum")
    def _d_enum(self, line, loc):
        name = line.operand.strip()
        if name and not _NAME.fullmatch(name):
            self._fail(f".enum name {name!r} is not a name", loc, line.operand_col)
        self.enum = [name + "::" if name else "", 0]
        self.enum_loc = loc

    @directive(".endenum")
    def _d_endenum(self, line, loc):
        if self.enum is None:
            self._fail(".endenum without .enum", loc, line.op_col)
        self.enum = None

    @directive(".define")
    def _d_define(self, line, loc):
        m = re.match(r"([A-Za-z_]\w*)(\(?)\s*(.*)$", line.operand)
        if m is None:
            self._fail(".define needs a name and a replacement", loc, line.operand_col)
        name, paren, body = m.groups()
        if paren:
            self._fail(f".define {name}(...): macros with parameters are not supported; use "
                       ".macro", loc, line.operand_col)  # fmt: skip
        if name in self.text_defines or name in self.symbols:
            self._fail(f".define {name}: the name is already defined", loc, line.operand_col)
        self.text_defines[name] = body
        self._define_pattern = None

    @directive(".undefine", ".undef")
    def _d_undefine(self, line, loc):
        name = line.operand.strip()
        if self.text_defines.pop(name, None) is None:
            self._fail(f".undefine {name or 'nothing'!r}: no such .define", loc, line.operand_col)
        self._define_pattern = None

    # ------------------------------------------------------------------ the rest
    @directive(*_IGNORED)
    def _d_ignore(self, line, loc):
        pass

    @directive(".setcpu")
    def _d_setcpu(self, line, loc):
        cpu = self._string_arg(line.operand, loc, line.operand_col, ".setcpu")
        if cpu.lower() not in ("6502", "6502x"):
            self._fail(f".setcpu {cpu!r}: only the 6502 is supported", loc, line.operand_col)

    @directive(".end")
    def _d_end(self, line, loc):
        self.ended = True

    @directive(".error")
    def _d_error(self, line, loc):
        self._fail(f".error: {line.operand.strip(chr(34))}", loc, line.op_col)

    # ------------------------------------------------------------------ .if family
    @conditional(".if", ".ifdef", ".ifndef", ".ifblank", ".ifnblank")
    def _c_if(self, line, loc):
        parent = self.active
        value = False
        if parent:
            op = line.op
            if op == ".if":
                value = self._const(line.operand, loc, line.operand_col, ".if") != 0
            elif op in (".ifdef", ".ifndef"):
                key = self.ctx.key(line.operand.strip())
                defined = key in self.symbols and key not in self.imports  # ca65: imports are not
                value = defined == (op == ".ifdef")
            elif op in (".ifblank", ".ifnblank"):
                value = (not line.operand.strip()) == (op == ".ifblank")
        self.cond.append([value, value, parent, loc])
        self.active = parent and value

    @conditional(".else", ".elseif")
    def _c_else(self, line, loc):
        if not self.cond:
            self._fail(f"{line.op} without .if", loc, line.op_col)
        frame = self.cond[-1]
        if line.op == ".elseif":
            value = False
            if frame[2] and not frame[1]:
                value = self._const(line.operand, loc, line.operand_col, ".elseif") != 0
        else:
            value = not frame[1]
        frame[0] = value
        frame[1] = frame[1] or value
        self.active = frame[2] and value

    @conditional(".endif")
    def _c_endif(self, line, loc):
        if not self.cond:
            self._fail(".endif without .if", loc, line.op_col)
        frame = self.cond.pop()
        self.active = frame[2]
