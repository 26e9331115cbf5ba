"""ca65 expressions: tokenize, parse with ca65's precedence, compile to small closures.

An operand such as ``<(table + 2*X)`` is parsed once per distinct text (the result is cached)
into an :class:`Expr`: a function of an evaluation context plus what the assembler needs to
know before evaluating it (is it a constant, is its top operator a byte operator).

Precedence follows the ca65 manual ("Operators and precedence"), highest first:

====  =========================================================
6     unary ``+ - ~ < > ^`` (``<`` low byte, ``>`` high byte, ``^`` bank byte)
5     ``* / .mod & ^ << >>``
4     binary ``+ - |``
3     comparisons ``= <> < > <= >=`` (true is 1, false is 0)
2     ``&& .and .xor``
1     ``|| .or``
0     ``! .not``
====  =========================================================

So ``<label+1`` is ``(<label)+1``, as in ca65.
"""

import re
from collections.abc import Callable

__all__ = ["Expr", "ExprError", "Undefined", "parse_expr", "parse_number"]


class ExprError(Exception):
    """A malformed expression; ``offset`` is the 0-based index of the fault in the text."""

    def __init__(self, message: str, offset: int = 0):
        super().__init__(message)
        self.message, self.offset = message, offset


class Undefined(Exception):
    """Raised during evaluation when a symbol has no value (yet)."""

    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


_TOKEN = re.compile(
    r"""\s*(?:
      (?P<hex>\$[0-9A-Fa-f]+)
    | (?P<bin>%[01]+)
    | (?P<dec>[0-9]+)
    | (?P<char>'[^']')
    | (?P<ident>(?:::)?[@A-Za-z_]\w*(?:::[A-Za-z_]\w*)*)
    | (?P<unnamed>:[+]+|:[-]+)
    | (?P<dot>\.[A-Za-z_]+)
    | (?P<op><<|>>|<=|>=|<>|&&|\|\||[-+*/&|^~<>=!(),])
    )""",
    re.X,
)
_SPACE = re.compile(r"\s*")

_DOT_BINARY = {
    ".mod": "%",
    ".bitand": "&",
    ".bitor": "|",
    ".bitxor": "^",
    ".shl": "<<",
    ".shr": ">>",
    ".and": "&&",
    ".or": "||",
    ".xor": ".xor",
}
_DOT_UNARY = {".not": "!", ".bitnot": "~", ".lobyte": "<", ".hibyte": ">", ".bankbyte": "^",
              ".loword": ".loword", ".hiword": ".hiword"}  # fmt: skip


def _div(a: int, b: int) -> int:
    if b == 0:
        raise ZeroDivisionError
    q = abs(a) // abs(b)  # C division truncates towards zero, like ca65
    return q if (a < 0) == (b < 0) else -q


def _mod(a: int, b: int) -> int:
    return a - _div(a, b) * b


MAX_TOKENS = 400  # bounds the parser's recursion and the depth of the compiled closures
_LOW, _HIGH = -(1 << 63), 1 << 64  # values an expression may take (ca65 computes in 64 bits)


def _bounded(value: int) -> int:
    if not _LOW <= value < _HIGH:
        raise ExprError("value out of range: an expression's values must fit in 64 bits")
    return value


def _shift(a: int, b: int, left: bool) -> int:
    if not 0 <= b <= 63:
        raise ExprError(f"shift count {b} is outside 0-63")
    return _bounded(a << b) if left else a >> b


# binding power, function
_BINARY: dict[str, tuple[int, Callable[[int, int], int]]] = {
    "*": (5, lambda a, b: _bounded(a * b)),
    "/": (5, _div),
    "%": (5, _mod),
    "&": (5, lambda a, b: a & b),
    "^": (5, lambda a, b: a ^ b),
    "<<": (5, lambda a, b: _shift(a, b, True)),
    ">>": (5, lambda a, b: _shift(a, b, False)),
    "+": (4, lambda a, b: _bounded(a + b)),
    "-": (4, lambda a, b: _bounded(a - b)),
    "|": (4, lambda a, b: a | b),
    "=": (3, lambda a, b: int(a == b)),
    "<>": (3, lambda a, b: int(a != b)),
    "<": (3, lambda a, b: int(a < b)),
    ">": (3, lambda a, b: int(a > b)),
    "<=": (3, lambda a, b: int(a <= b)),
    ">=": (3, lambda a, b: int(a >= b)),
    "&&": (2, lambda a, b: int(bool(a) and bool(b))),
    ".xor": (2, lambda a, b: int(bool(a) != bool(b))),
    "||": (1, lambda a, b: int(bool(a) or bool(b))),
}
_UNARY: dict[str, Callable[[int], int]] = {
    "+": lambda a: a,
    "-": lambda a: _bounded(-a),
    "~": lambda a: ~a,
    "<": lambda a: a & 0xFF,
    ">": lambda a: (a >> 8) & 0xFF,
    "^": lambda a: (a >> 16) & 0xFF,
    "!": lambda a: int(not a),
    ".loword": lambda a: a & 0xFFFF,
    ".hiword": lambda a: (a >> 16) & 0xFFFF,
}
_BYTE_OPS = frozenset("<>^")
_FUNCTIONS = frozenset({".lobyte", ".hibyte", ".bankbyte", ".loword", ".hiword"})


class Expr:
    """A compiled expression.

    Attributes
    ----------
    fn : callable
        ``fn(ctx) -> int``; ``ctx`` provides ``lookup(name)``, ``key(name)``, ``symbols``,
        ``pc`` and ``unnamed(k)``.
    const : int or None
        The value when the expression uses no symbol, ``*`` or unnamed label.
    byte_sized : bool
        True when the outermost operator is ``<``, ``>`` or ``^``: ca65 then picks zero page
        even for symbols it does not know yet.
    symbols : tuple of str
        The symbol names used, in order (for error columns and ``.ifdef``-like checks).
    """

    __slots__ = ("fn", "const", "byte_sized", "symbols", "text")

    def __init__(self, fn, const, byte_sized, symbols, text):
        self.fn, self.const, self.byte_sized = fn, const, byte_sized
        self.symbols, self.text = symbols, text

    def __repr__(self) -> str:
        return f"Expr({self.text!r})"


def parse_number(text: str) -> int | None:
    """Value of a single ca65 number literal (``$1F``, ``%101``, ``42``, ``'A'``), else None."""
    c = text[:1]
    try:
        if c == "$":
            return int(text[1:], 16)
        if c == "%":
            return int(text[1:], 2)
        if c.isdigit():
            return int(text, 10)
    except ValueError:
        return None
    if len(text) == 3 and c == "'" and text[2] == "'":
        return ord(text[1])
    return None


def _tokenize(text: str) -> list[tuple[str, str, int]]:
    tokens = []
    pos, end = 0, len(text)
    while True:
        pos = _SPACE.match(text, pos).end()
        if pos >= end:
            break
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise ExprError(f"unexpected character {text[pos]!r} in expression", pos)
        kind = m.lastgroup
        value = m.group(kind)
        start = m.start(kind)
        if kind in ("hex", "bin", "dec") and len(value) > 20:
            raise ExprError(f"number {value[:12]}... is too large: values fit in 64 bits", start)
        if kind == "dot":
            low = value.lower()
            if low in _DOT_BINARY or low in _DOT_UNARY:
                kind, value = "op", low
            elif low in (".defined", ".def"):
                kind, value = "defined", low
            else:
                raise ExprError(f"unknown operator {value!r} in expression", start)
        tokens.append((kind, value, start))
        if len(tokens) > MAX_TOKENS:
            raise ExprError(f"expression too long: at most {MAX_TOKENS} tokens", start)
        pos = m.end()
    tokens.append(("end", "", end))
    return tokens


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.tokens = _tokenize(text)
        self.i = 0
        self.symbols: list[str] = []
        self.dynamic = False

    def peek(self):
        return self.tokens[self.i]

    def take(self):
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def parse(self, min_bp: int = 0):
        """Return (fn, root_op) where root_op is the outermost operator or None."""
        kind, value, pos = self.take()
        root = None
        if kind == "op" and value in ("!", ".not"):
            fa, _ = self.parse(0)
            fn, root = _unary(_UNARY["!"], fa), "!"
        elif kind == "op" and (value in _UNARY or value in _DOT_UNARY):
            op = _DOT_UNARY.get(value, value)
            if value in _FUNCTIONS:  # .lobyte(x) style functions
                fa = self.paren_arg(pos)
            else:
                fa, _ = self.parse(6)
            fn, root = _unary(_UNARY[op], fa), op
        elif kind == "op" and value == "*":
            self.dynamic = True
            fn = _pc
        elif kind == "op" and value == "(":
            fn, _ = self.parse(0)
            self.expect(")")
        elif kind in ("hex", "bin", "dec", "char"):
            fn = _const(parse_number(value))
        elif kind == "ident":
            self.dynamic = True
            self.symbols.append(value)
            fn = _symbol(value)
        elif kind == "defined":  # .defined(name): 1 if the symbol has a value at this point
            self.expect("(")
            kind, name, npos = self.take()
            if kind != "ident":
                raise ExprError(".defined needs a symbol name in parentheses", npos)
            self.expect(")")
            self.dynamic = True
            fn = _defined(name)
        elif kind == "unnamed":
            self.dynamic = True
            k = len(value) - 1
            fn = _unnamed(k if value[1] == "+" else -k)
        elif kind == "end":
            raise ExprError("expected an expression", pos)
        else:
            raise ExprError(f"expected a value, found {value!r}", pos)

        while True:
            kind, value, pos = self.peek()
            if kind != "op":
                break
            op = _DOT_BINARY.get(value, value)
            entry = _BINARY.get(op)
            if entry is None or entry[0] <= min_bp:
                break
            self.i += 1
            bp, f = entry
            fb, _ = self.parse(bp)
            fn, root = _binary(f, fn, fb), op
        return fn, root

    def paren_arg(self, pos: int):
        self.expect("(")
        fn, _ = self.parse(0)
        self.expect(")")
        return fn

    def expect(self, op: str):
        kind, value, pos = self.take()
        if value != op:
            found = f"{value!r}" if kind != "end" else "the end of the expression"
            raise ExprError(f"expected {op!r}, found {found}", pos)


def _const(v):
    return lambda ctx: v


def _pc(ctx):
    return ctx.pc


def _symbol(name):
    return lambda ctx: ctx.lookup(name)


def _defined(name):
    return lambda ctx: int(ctx.key(name) in ctx.symbols)


def _unnamed(k):
    return lambda ctx: ctx.unnamed(k)


def _unary(f, fa):
    return lambda ctx: f(fa(ctx))


def _binary(f, fa, fb):
    return lambda ctx: f(fa(ctx), fb(ctx))


_CACHE: dict[str, Expr] = {}
_SIMPLE = re.compile(
    r"(?P<number>\$[0-9A-Fa-f]+|%[01]+|[0-9]+|'[^']')$|(?P<name>(?:::)?[@A-Za-z_]\w*)$"
)


def parse_expr(text: str) -> Expr:
    """Parse ca65 expression ``text`` into an :class:`Expr` (cached by text).

    Raises
    ------
    ExprError
        With ``offset`` pointing at the offending character.
    """
    cached = _CACHE.get(text)
    if cached is not None:
        return cached
    m = _SIMPLE.match(text)
    if m and (
        m.lastgroup == "name" or len(text) <= 20
    ):  # fast path for the commonest operands: one number or one name
        if m.lastgroup == "name":
            expr = Expr(_symbol(text), None, False, (text,), text)
        else:
            value = parse_number(text)
            expr = Expr(_const(value), value, False, (), text)
        _CACHE[text] = expr
        return expr
    p = _Parser(text)
    fn, root = p.parse(0)
    kind, value, pos = p.peek()
    if kind != "end":
        raise ExprError(f"unexpected {value!r} after the expression", pos)
    const = None
    if not p.dynamic:
        try:
            const = fn(None)
        except ExprError as e:
            raise ExprError(e.message, 0) from None
        except ZeroDivisionError:
            raise ExprError("division by zero", 0) from None
    expr = Expr(fn, const, root in _BYTE_OPS, tuple(p.symbols), text)
    if len(_CACHE) < 100_000:
        _CACHE[text] = expr
    return expr
