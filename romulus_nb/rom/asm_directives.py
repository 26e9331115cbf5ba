"""The assembler's directives (``.org``, ``.byte``, ``.macro``, ``.if`` ...), one function each.

Each handler takes the running assembler (``romulus_nb.rom.asm._Assembler``), the split line
and its location; the tables at the bottom map directive names to handlers.
"""

import os
import re

from romulus_nb.rom.asm_opcodes import MNEMONICS
from romulus_nb.rom.asm_syntax import split_list

SEGMENT_SHORTCUTS = {".code": "CODE", ".rodata": "RODATA", ".data": "DATA", ".bss": "BSS",
                     ".zeropage": "ZEROPAGE"}  # fmt: skip
_IGNORED = frozenset(
    ".export .exportzp .global .globalzp .import .importzp .p02 .debuginfo .autoimport .smart"
    " .list .listbytes".split()
)
MAX_DEPTH = 64


def show_value(value: int) -> str:
    return f"${value:X}" if value >= 0 else str(value)


def _string_arg(a, text, loc, col, what) -> str:
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        return text[1:-1]
    a._fail(f"{what} expects a quoted string, found {text or 'nothing'!r}", loc, col)


def _find_file(a, name, loc, col) -> str:
    bases = [os.path.dirname(loc[0]) if os.path.exists(loc[0]) else "."] + a.include_dirs
    for base in bases:
        path = os.path.join(base, name)
        if os.path.isfile(path):
            return path
    a._fail(f"file {name!r} not found (looked in {', '.join(bases)})", loc, col)


def _d_org(a, line, loc):
    a._org(a._const(line.operand, loc, line.operand_col, ".org"), loc)


def _d_segment(a, line, loc):
    if line.op in SEGMENT_SHORTCUTS:
        a._switch(SEGMENT_SHORTCUTS[line.op], loc)
        return
    items = split_list(line.operand)
    text = items[0][0].split(":")[0].strip()
    a._switch(_string_arg(a, text, loc, line.operand_col, ".segment"), loc)


def _d_byte(a, line, loc):
    a._data(line, loc, 1)


def _d_word(a, line, loc):
    a._data(line, loc, 2)


def _d_dword(a, line, loc):
    a._data(line, loc, 4)


def _d_dbyt(a, line, loc):
    a._data(line, loc, -2)


def _d_lobytes(a, line, loc):
    a._data(line, loc, "lo")


def _d_hibytes(a, line, loc):
    a._data(line, loc, "hi")


def _d_asciiz(a, line, loc):
    a._data(line, loc, 1)
    a._emit(b"\x00", loc)


def _d_res(a, line, loc):
    items = split_list(line.operand)
    count = a._const(items[0][0], loc, line.operand_col, ".res")
    fill = 0
    if len(items) > 1:
        fill = a._const(items[1][0], loc, line.operand_col + items[1][1], ".res fill")
        if not 0 <= fill <= 0xFF:
            a._fail(f".res fill {show_value(fill)} does not fit in a byte", loc, line.operand_col)
    a._reserve(count, fill, loc, line.operand_col)


def _d_align(a, line, loc):
    items = split_list(line.operand)
    n = a._const(items[0][0], loc, line.operand_col, ".align")
    fill = a._const(items[1][0], loc, line.operand_col, ".align") if len(items) > 1 else 0
    if n <= 0:
        a._fail(f".align needs a positive alignment, got {n}", loc, line.operand_col)
    a._reserve(-a.pc % n, fill, loc, line.operand_col)


def _d_incbin(a, line, loc):
    items = split_list(line.operand)
    name = _string_arg(a, items[0][0], loc, line.operand_col, ".incbin")
    path = _find_file(a, name, loc, line.operand_col)
    with open(path, "rb") as f:
        data = f.read()
    start = a._const(items[1][0], loc, line.operand_col, ".incbin") if len(items) > 1 else 0
    size = a._const(items[2][0], loc, line.operand_col, ".incbin") if len(items) > 2 else None
    if start > len(data) or (size is not None and start + size > len(data)):
        a._fail(
            f".incbin {name!r}: range {start}+{size} exceeds the file's {len(data)} bytes",
            loc,
            line.operand_col,
        )
    a._emit(data[start : start + size if size is not None else None], loc, line.operand_col)


def _d_include(a, line, loc):
    name = _string_arg(a, line.operand, loc, line.operand_col, ".include")
    path = _find_file(a, name, loc, line.operand_col)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    a._row(a.pc, a.chunk, loc)
    a.depth += 1
    if a.depth > MAX_DEPTH:
        a._fail(f".include nested deeper than {MAX_DEPTH} levels", loc, line.operand_col)
    a._lines(text, path, loc[3])
    a.depth -= 1


def _d_proc(a, line, loc):
    kind = line.op[1:]
    name = line.operand.split()[0] if line.operand else ""
    if kind == "proc":
        if not re.fullmatch(r"[A-Za-z_]\w*", name):
            a._fail(f".proc needs a name, found {name or 'nothing'!r}", loc, line.operand_col)
        a._label(name, line.operand_col, loc)
    elif not name:
        a.local_count += 1
        name = f"__scope{a.local_count}"
    if not a.scope:
        a.scope_open_loc = loc
    a.scope += (name,)
    a.scope_kinds.append(kind)
    a.ctx.prefixes = _prefixes(a.scope)


def _d_endproc(a, line, loc):
    kind = line.op[4:]
    if not a.scope or a.scope_kinds[-1] != kind:
        open_ = f".{a.scope_kinds[-1]}" if a.scope else "nothing"
        a._fail(f"{line.op} without a matching .{kind} (open: {open_})", loc, line.op_col)
    a.scope = a.scope[:-1]
    a.scope_kinds.pop()
    a.ctx.prefixes = _prefixes(a.scope)


def _prefixes(scope) -> tuple[str, ...]:
    return tuple("".join(s + "::" for s in scope[:i]) for i in range(len(scope), -1, -1))


def _d_macro(a, line, loc):
    name, _, rest = line.operand.partition(" ")
    name, rest = name.strip(), rest.strip()
    if "," in name:  # ".macro name,a,b" without a blank
        name, _, more = name.partition(",")
        rest = more + rest
    if not re.fullmatch(r"[A-Za-z_]\w*", name):
        a._fail(f".macro needs a name, found {name or 'nothing'!r}", loc, line.operand_col)
    if name.upper() in MNEMONICS:
        a._fail(f"macro name {name!r} is a 6502 instruction", loc, line.operand_col)
    params = [p for p, _ in split_list(rest.lstrip(","))] if rest else []
    for p in params:
        if not re.fullmatch(r"[A-Za-z_]\w*", p):
            a._fail(f"macro parameter {p!r} is not a name", loc, line.operand_col)
    a.collecting = [".macro", name, params, [], 0, loc]


def _d_repeat(a, line, loc):
    items = split_list(line.operand)
    count = a._const(items[0][0], loc, line.operand_col, ".repeat")
    var = items[1][0] if len(items) > 1 else None
    a.collecting = [".repeat", count, var, [], 0, loc]


def _d_enum(a, line, loc):
    name = line.operand.strip()
    if name and not re.fullmatch(r"[A-Za-z_]\w*", name):
        a._fail(f".enum name {name!r} is not a name", loc, line.operand_col)
    a.enum = [name + "::" if name else "", 0]
    a.enum_loc = loc


def _d_endenum(a, line, loc):
    if a.enum is None:
        a._fail(".endenum without .enum", loc, line.op_col)
    a.enum = None


def _d_define(a, line, loc):
    m = re.match(r"([A-Za-z_]\w*)(\(?)\s*(.*)$", line.operand)
    if m is None:
        a._fail(".define needs a name and a replacement", loc, line.operand_col)
    name, paren, body = m.groups()
    if paren:
        a._fail(f".define {name}(...): macros with parameters are not supported; use .macro",
                loc, line.operand_col)  # fmt: skip
    if name in a.text_defines or name in a.symbols:
        a._fail(f".define {name}: the name is already defined", loc, line.operand_col)
    a.text_defines[name] = body
    a._define_pattern = None


def _d_undefine(a, line, loc):
    name = line.operand.strip()
    if a.text_defines.pop(name, None) is None:
        a._fail(f".undefine {name or 'nothing'!r}: no such .define", loc, line.operand_col)
    a._define_pattern = None


def _d_stray_end(a, line, loc):
    a._fail(f"{line.op} without a matching opening directive", loc, line.op_col)


def _d_ignore(a, line, loc):
    pass


def _d_setcpu(a, line, loc):
    cpu = _string_arg(a, line.operand, loc, line.operand_col, ".setcpu")
    if cpu.lower() not in ("6502", "6502x"):
        a._fail(f".setcpu {cpu!r}: only the 6502 is supported", loc, line.operand_col)


def _d_end(a, line, loc):
    a.ended = True


def _d_error(a, line, loc):
    a._fail(f".error: {line.operand.strip(chr(34))}", loc, line.op_col)


def _d_local(a, line, loc):
    a._fail(".local is only allowed inside a macro", loc, line.op_col)


def _c_if(a, line, loc):
    parent = a.active
    value = False
    if parent:
        op = line.op
        if op == ".if":
            value = a._const(line.operand, loc, line.operand_col, ".if") != 0
        elif op in (".ifdef", ".ifndef"):
            defined = a.ctx.key(line.operand.strip()) in a.symbols
            value = defined == (op == ".ifdef")
        elif op in (".ifblank", ".ifnblank"):
            value = (not line.operand.strip()) == (op == ".ifblank")
    a.cond.append([value, value, parent, loc])
    a.active = parent and value


def _c_else(a, line, loc):
    if not a.cond:
        a._fail(f"{line.op} without .if", loc, line.op_col)
    frame = a.cond[-1]
    if line.op == ".elseif":
        value = False
        if frame[2] and not frame[1]:
            value = a._const(line.operand, loc, line.operand_col, ".elseif") != 0
    else:
        value = not frame[1]
    frame[0] = value
    frame[1] = frame[1] or value
    a.active = frame[2] and value


def _c_endif(a, line, loc):
    if not a.cond:
        a._fail(".endif without .if", loc, line.op_col)
    frame = a.cond.pop()
    a.active = frame[2]


CONDITIONALS = {
    ".if": _c_if, ".ifdef": _c_if, ".ifndef": _c_if, ".ifblank": _c_if, ".ifnblank": _c_if,
    ".else": _c_else, ".elseif": _c_else, ".endif": _c_endif,
}  # fmt: skip

DIRECTIVES = {
    ".org": _d_org, ".segment": _d_segment,
    ".byte": _d_byte, ".byt": _d_byte, ".db": _d_byte,
    ".word": _d_word, ".addr": _d_word, ".dw": _d_word, ".dbyt": _d_dbyt, ".dword": _d_dword,
    ".lobytes": _d_lobytes, ".hibytes": _d_hibytes, ".asciiz": _d_asciiz,
    ".res": _d_res, ".align": _d_align, ".incbin": _d_incbin, ".include": _d_include,
    ".proc": _d_proc, ".endproc": _d_endproc, ".scope": _d_proc, ".endscope": _d_endproc,
    ".macro": _d_macro, ".mac": _d_macro, ".repeat": _d_repeat, ".rep": _d_repeat,
    ".endmacro": _d_stray_end, ".endmac": _d_stray_end, ".endrepeat": _d_stray_end,
    ".endrep": _d_stray_end, ".setcpu": _d_setcpu, ".end": _d_end, ".error": _d_error,
    ".local": _d_local, ".enum": _d_enum, ".endenum": _d_endenum,
    ".define": _d_define, ".undefine": _d_undefine, ".undef": _d_undefine,
    **{d: _d_segment for d in SEGMENT_SHORTCUTS},
    **{d: _d_ignore for d in _IGNORED},
}  # fmt: skip

# Directives that write their own listing row (or none).
NO_ROW = frozenset({".include", ".macro", ".mac", ".repeat", ".rep"})
