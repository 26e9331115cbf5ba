"""Split ca65 source lines into labels, an operation and an operand, and operands into modes.

Pure text work, cached by line text: the assembler passes call :func:`parse_line` and
:func:`split_operand` and never look at characters themselves.
"""

import re

__all__ = ["Line", "parse_line", "split_operand", "split_list", "SyntaxProblem"]


class SyntaxProblem(Exception):
    """A line that cannot be split; ``column`` is 1-based."""

    def __init__(self, message: str, column: int):
        super().__init__(message)
        self.message, self.column = message, column


_LABEL = re.compile(r"\s*([@A-Za-z_]\w*):(?![:=])")
_UNNAMED = re.compile(r"\s*:(?=\s|$)")
_ASSIGN = re.compile(r"\s*([A-Za-z_]\w*)\s*(:=|=|\.set\b)\s*", re.I)
_OP = re.compile(r"\s*(\.?[A-Za-z_]\w*)\s*")


class Line:
    """One source line, split.

    Attributes
    ----------
    labels : tuple of (str, int)
        Label names defined at the start of the line with their 1-based columns; an unnamed
        label is ``":"``.
    kind : str or None
        ``"assign"`` (``NAME = expr`` or ``NAME := expr``), ``"set"`` (``NAME .set expr``,
        redefinable), ``"dir"`` (a directive, ``op`` lower-cased with its dot),
        ``"word"`` (a mnemonic or a macro name, as written) or None for an empty line.
    op, op_col : str, int
        The operation (or the assigned name) and its 1-based column.
    operand, operand_col : str, int
        The rest of the line without comment or surrounding blanks, and its 1-based column.
    """

    __slots__ = ("labels", "kind", "op", "op_col", "operand", "operand_col")

    def __init__(self, labels, kind, op, op_col, operand, operand_col):
        self.labels, self.kind, self.op, self.op_col = labels, kind, op, op_col
        self.operand, self.operand_col = operand, operand_col


def strip_comment(text: str) -> str:
    """``text`` without its ``;`` comment (a ``;`` inside quotes is kept)."""
    if ";" not in text:
        return text
    if "'" not in text and '"' not in text:
        return text[: text.index(";")]
    quote = None
    for i, c in enumerate(text):
        if quote:
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c == ";":
            return text[:i]
    return text


_LINE_CACHE: dict[str, Line] = {}


def parse_line(text: str) -> Line:
    """Split one source line (cached by text). Raises :class:`SyntaxProblem`."""
    line = _LINE_CACHE.get(text)
    if line is not None:
        return line
    code = strip_comment(text).rstrip()
    labels = []
    pos = 0
    while ":" in code:  # labels need a colon; most lines have none
        m = _LABEL.match(code, pos)
        if m:
            labels.append((m.group(1), m.start(1) + 1))
            pos = m.end()
            continue
        m = _UNNAMED.match(code, pos)
        if m:
            labels.append((":", m.end()))
            pos = m.end()
            continue
        break
    rest_start = len(code) - len(code[pos:].lstrip())
    if rest_start >= len(code):
        line = Line(tuple(labels), None, "", 0, "", 0)
    else:
        maybe_assign = not labels and ("=" in code or ".set" in code.lower())
        m = _ASSIGN.match(code, pos) if maybe_assign else None
        if m:
            kind = "set" if m.group(2).lower() == ".set" else "assign"
            line = Line((), kind, m.group(1), m.start(1) + 1, code[m.end() :], m.end() + 1)
        else:
            m = _OP.match(code, pos)
            if m is None:
                raise SyntaxProblem(
                    f"expected a label, an instruction or a directive, found "
                    f"{code[rest_start:].strip()[:20]!r}",
                    rest_start + 1,
                )
            op = m.group(1)
            kind = "dir" if op[0] == "." else "word"
            if kind == "dir":
                op = op.lower()
            line = Line(tuple(labels), kind, op, m.start(1) + 1, code[m.end() :], m.end() + 1)
    if len(_LINE_CACHE) < 200_000:
        _LINE_CACHE[text] = line
    return line


def _wrapped(s: str) -> bool:
    """True when ``s`` is ``( ... )`` with the first parenthesis closing at the very end."""
    if not (s.startswith("(") and s.endswith(")")):
        return False
    depth = 0
    for i, c in enumerate(s):
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i == len(s) - 1
    return False


_INDEX = re.compile(r"^(.*?)\s*,\s*([xXyY])$", re.S)
_FORCE = re.compile(r"^(a|abs|absolute|z|zp|zeropage|f|far)\s*:(?!:)\s*", re.I)
_FORCE_KIND = {"a": "abs", "abs": "abs", "absolute": "abs", "z": "zp", "zp": "zp",
               "zeropage": "zp", "f": "far", "far": "far"}  # fmt: skip

_OPERAND_CACHE: dict[str, tuple] = {}


def split_operand(text: str) -> tuple[str, str, int, str | None]:
    """Classify an instruction operand.

    Returns
    -------
    (form, expr, offset, force)
        ``form`` is one of ``none acc imm direct x y inx iny ind``; ``expr`` the expression
        text; ``offset`` its 0-based position in ``text``; ``force`` ``"abs"``, ``"zp"``,
        ``"far"`` or None (from an ``a:``/``z:``/``f:`` prefix).
    """
    got = _OPERAND_CACHE.get(text)
    if got is not None:
        return got
    s = text
    if not s:
        got = ("none", "", 0, None)
    elif s in ("a", "A"):
        got = ("acc", "", 0, None)
    elif s[0] == "#":
        body = s[1:]
        got = ("imm", body.strip(), 1 + len(body) - len(body.lstrip()), None)
    else:
        force, offset = None, 0
        m = _FORCE.match(s)
        if m:
            force, offset = _FORCE_KIND[m.group(1).lower()], m.end()
            s = s[offset:]
        m = _INDEX.match(s)
        if m and not (s.startswith("(") and _inner_index(s)):
            base, reg = m.group(1), m.group(2).lower()
            if reg == "y" and _wrapped(base):
                got = ("iny", base[1:-1].strip(), offset + 1, force)
            else:
                got = (reg, base, offset, force)
        elif _wrapped(s):
            inner = s[1:-1]
            m = _INDEX.match(inner)
            if m and m.group(2).lower() == "x":
                got = ("inx", m.group(1).strip(), offset + 1, force)
            else:
                got = ("ind", inner.strip(), offset + 1, force)
        else:
            got = ("direct", s, offset, force)
    if len(_OPERAND_CACHE) < 100_000:
        _OPERAND_CACHE[text] = got
    return got


def _inner_index(s: str) -> bool:
    """True for ``(expr,x)``: the index register sits inside the outer parentheses."""
    return _wrapped(s) and _INDEX.match(s[1:-1]) is not None


_NESTING = re.compile(r"[\"'(){}]")


def split_list(text: str) -> list[tuple[str, int]]:
    """Split a comma list at depth 0 outside quotes: ``[(item, offset), ...]``, items stripped."""
    if not _NESTING.search(text):  # no quotes, parentheses or braces: split on every comma
        out, off = [], 0
        for item in text.split(","):
            stripped = item.strip()
            out.append((stripped, off + len(item) - len(item.lstrip())))
            off += len(item) + 1
        return out
    items = []
    depth, quote, start = 0, None, 0
    for i, c in enumerate(text):
        if quote:
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c in "({":
            depth += 1
        elif c in ")}":
            depth -= 1
        elif c == "," and depth == 0:
            items.append((text[start:i], start))
            start = i + 1
    items.append((text[start:], start))
    out = []
    for item, off in items:
        stripped = item.strip()
        out.append((stripped, off + len(item) - len(item.lstrip())))
    return out
