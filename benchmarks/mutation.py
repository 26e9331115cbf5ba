"""Mutation testing: do a module's unit tests notice when its code is changed?

Run: nice -n 10 python benchmarks/mutation.py [MODULE ...] [--sample N] [--seed S] [--survivors]
  (MODULE as in pyproject.toml, e.g. romulus_nb/limits.py; none = every configured module)

For each module listed under ``[tool.romulus_mutation.modules]`` in pyproject.toml, this makes
small changes ("mutants") to the code with the classic operators, runs that module's unit tests
against each one, and prints the share of mutants the tests catch (fail on, or time out on):

- ``and`` <-> ``or``; ``not x`` -> ``x``;
- comparison boundaries and negations: ``<`` <-> ``<=``, ``>`` <-> ``>=``, ``==`` <-> ``!=``,
  ``in`` <-> ``not in``, ``is`` <-> ``is not``;
- an integer constant +1 and -1, ``True`` <-> ``False``;
- arithmetic and bit operators: ``+`` <-> ``-``, ``*`` -> ``//``, ``//`` and ``/`` -> ``*``,
  ``%`` -> ``//``, ``**`` -> ``*``, ``<<`` <-> ``>>``, ``&`` <-> ``|``, ``^`` -> ``|``
  (in expressions and in augmented assignments);
- a statement inside a function deleted (replaced by ``pass``).

Strings, docstrings and annotations are never mutated, nor lines marked ``# pragma: no mutate``.
Mutants that cannot change behaviour ("equivalent") are listed in the ``equivalent`` table of
the configuration with the reason, and left out. A seeded sample of ``sample`` mutants per module
keeps a run short; the same seed gives the same mutants.

Each mutant runs in a forked child process (POSIX only) that imports the mutated module from an
in-memory compiled tree through an import hook, so the files on disk never change and no stale
bytecode can hide a mutant; third-party libraries are imported once in the parent. A child that
runs longer than ``timeout_factor`` times the unmutated run (plus 10 s) is killed and counts as
caught (the mutant made the tests hang). Needs Python 3.11+ (tomllib).
"""

from __future__ import annotations

import argparse
import ast
import importlib.abc
import importlib.util
import os
import random
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[1]

_COMPARE_SWAPS = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
_BINOP_SWAPS = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.FloorDiv,
    ast.FloorDiv: ast.Mult,
    ast.Div: ast.Mult,
    ast.Mod: ast.FloorDiv,
    ast.Pow: ast.Mult,
    ast.LShift: ast.RShift,
    ast.RShift: ast.LShift,
    ast.BitAnd: ast.BitOr,
    ast.BitOr: ast.BitAnd,
    ast.BitXor: ast.BitOr,
}
_SYMBOLS = {
    ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
    ast.In: "in", ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not", ast.Add: "+",
    ast.Sub: "-", ast.Mult: "*", ast.FloorDiv: "//", ast.Div: "/", ast.Mod: "%", ast.Pow: "**",
    ast.LShift: "<<", ast.RShift: ">>", ast.BitAnd: "&", ast.BitOr: "|", ast.BitXor: "^",
    ast.And: "and", ast.Or: "or",
}  # fmt: skip
#: Statements whose deletion is a mutant (inside functions only; imports and definitions are not).
_DELETABLE = (
    ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Expr, ast.Raise, ast.Return, ast.If, ast.For,
    ast.While, ast.With, ast.Try, ast.Assert, ast.Continue, ast.Break,
)  # fmt: skip


@dataclass(frozen=True)
class Mutant:
    """One change: the ``index``-th node (in `ast.walk` order) of the module gets ``operator``."""

    index: int
    operator: str  # "swap", "plus", "minus", "negate", "not", "delete"
    line: int
    description: str  # "<source line> :: <what changed>", the key of the equivalent table

    def label(self, module: str) -> str:
        return f"{module}:{self.line}: {self.description.split(' :: ')[1]}"


def _skipped_nodes(tree: ast.AST) -> set[int]:
    """ids of nodes never mutated: annotations and docstrings, with everything inside them."""
    skipped: set[int] = set()

    def skip(node):
        if node is not None:
            skipped.update(id(n) for n in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, ast.arg | ast.AnnAssign):
            skip(node.annotation)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            skip(node.returns)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                skip(body[0])
        if isinstance(node, ast.JoinedStr):  # f-strings: text for people, not behaviour
            skip(node)
    return skipped


def _function_statements(tree: ast.AST) -> set[int]:
    """ids of the statements that sit in a function's body (at any depth)."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for child in ast.walk(node):
                if child is not node and isinstance(child, ast.stmt):
                    inside.add(id(child))
    return inside


def _changes(node: ast.AST, in_function: bool) -> list[tuple[str, str]]:
    """The (operator, what-changed text) mutants of one node."""
    if isinstance(node, ast.BoolOp):
        other = ast.Or if isinstance(node.op, ast.And) else ast.And
        return [("swap", f"{_SYMBOLS[type(node.op)]} -> {_SYMBOLS[other]}")]
    if isinstance(node, ast.Compare):
        return [
            ("swap", f"{_SYMBOLS[type(op)]} -> {_SYMBOLS[_COMPARE_SWAPS[type(op)]]} #{k}")
            for k, op in enumerate(node.ops)
        ]
    if isinstance(node, ast.BinOp | ast.AugAssign) and type(node.op) in _BINOP_SWAPS:
        op = type(node.op)
        return [("swap", f"{_SYMBOLS[op]} -> {_SYMBOLS[_BINOP_SWAPS[op]]}")]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return [("not", "not x -> x")]
    if isinstance(node, ast.Constant) and type(node.value) is bool:
        return [("negate", f"{node.value} -> {not node.value}")]
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return [
            ("plus", f"{node.value} -> {node.value + 1}"),
            ("minus", f"{node.value} -> {node.value - 1}"),
        ]
    if isinstance(node, _DELETABLE) and in_function:
        return [("delete", "statement deleted")]
    return []


def find_mutants(source: str) -> list[Mutant]:
    """Every mutant of a module's source, in a stable order."""
    tree = ast.parse(source)
    lines = source.splitlines()
    skipped, in_function = _skipped_nodes(tree), _function_statements(tree)
    out, seen = [], {}
    for index, node in enumerate(ast.walk(tree)):
        if id(node) in skipped or not hasattr(node, "lineno"):
            continue
        text = lines[node.lineno - 1]
        if "pragma: no mutate" in text:
            continue
        for operator, change in _changes(node, id(node) in in_function):
            key = f"{text.strip()} :: {change}"
            seen[key] = seen.get(key, 0) + 1
            if seen[key] > 1:  # the same line and change again in the module: (2), (3), ...
                key += f" ({seen[key]})"
            out.append(Mutant(index, operator, node.lineno, key))
    return out


def apply(source: str, mutant: Mutant) -> ast.Module:
    """The module's tree with ``mutant`` applied."""
    tree = ast.parse(source)
    node = next(n for i, n in enumerate(ast.walk(tree)) if i == mutant.index)
    change = mutant.description.split(" :: ")[1]
    if mutant.operator == "delete":
        _replace_statement(tree, node, ast.Pass())
    elif mutant.operator == "not":
        _replace_expression(tree, node, node.operand)
    elif mutant.operator in ("plus", "minus"):
        node.value += 1 if mutant.operator == "plus" else -1
    elif mutant.operator == "negate":
        node.value = not node.value
    elif isinstance(node, ast.BoolOp):
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    elif isinstance(node, ast.Compare):
        k = int(change.split("#", 1)[1].split()[0])
        node.ops[k] = _COMPARE_SWAPS[type(node.ops[k])]()
    else:
        node.op = _BINOP_SWAPS[type(node.op)]()
    return ast.fix_missing_locations(tree)


def _replace_statement(tree, old, new):
    for parent in ast.walk(tree):
        for _name, value in ast.iter_fields(parent):
            if isinstance(value, list) and any(item is old for item in value):
                value[[i for i, item in enumerate(value) if item is old][0]] = ast.copy_location(
                    new, old
                )
                return


def _replace_expression(tree, old, new):
    for parent in ast.walk(tree):
        for name, value in ast.iter_fields(parent):
            if value is old:
                setattr(parent, name, new)
                return
            if isinstance(value, list) and any(item is old for item in value):
                value[[i for i, item in enumerate(value) if item is old][0]] = new
                return


class _MutantFinder(importlib.abc.MetaPathFinder):
    """Import hook: module ``name`` is built from ``tree`` instead of its file."""

    def __init__(self, name: str, path: Path, tree: ast.Module):
        self.name, self.path, self.tree = name, path, tree

    def find_spec(self, fullname, path=None, target=None):
        if fullname != self.name:
            return None
        return importlib.util.spec_from_file_location(
            fullname, self.path, loader=_MutantLoader(fullname, str(self.path), self.tree)
        )


class _MutantLoader(importlib.machinery.SourceFileLoader):
    def __init__(self, fullname, path, tree):
        super().__init__(fullname, path)
        self.tree = tree

    def get_code(self, fullname):
        return compile(self.tree, self.path, "exec", dont_inherit=True)


def run_tests(tests: list[str], pytest_args: list[str], hook=None, timeout: float = 0) -> str:
    """Run ``tests`` in a forked child, with ``hook`` on the import path when given.

    Returns "passed", "failed" or "timeout".
    """
    pid = os.fork()
    if pid == 0:  # child: never returns
        code = 1
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 1)
            os.dup2(null, 2)
            if hook is not None:
                sys.meta_path.insert(0, hook)
            import pytest

            code = pytest.main([*tests, *pytest_args])
        finally:
            os._exit(int(code))
    deadline = time.monotonic() + timeout if timeout else None
    try:
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return "passed" if os.waitstatus_to_exitcode(status) == 0 else "failed"
            if deadline and time.monotonic() > deadline:
                break
            time.sleep(0.05)
    except BaseException:  # interrupted: leave no child running
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return "timeout"


def load_config() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["tool"]["romulus_mutation"]


def score_module(module: str, tests: list[str], config: dict, args) -> tuple[int, int, list, int]:
    """(caught, mutants run, survivors, mutants in all) for one module."""
    path = ROOT / module
    source = path.read_text()
    name = module.removesuffix(".py").replace("/", ".")
    equivalent = {e["mutant"] for e in config.get("equivalent", []) if e["module"] == module}
    mutants = [m for m in find_mutants(source) if m.description not in equivalent]
    rng = random.Random(f"{args.seed}:{module}")
    sample = sorted(rng.sample(mutants, min(args.sample, len(mutants))), key=lambda m: m.index)
    pytest_args = config.get("pytest_args", [])

    start = time.monotonic()
    if run_tests(tests, pytest_args) != "passed":
        raise SystemExit(f"{module}: the unit tests fail without any mutant: {' '.join(tests)}")
    timeout = config.get("timeout_factor", 4) * (time.monotonic() - start) + 10

    caught, survivors = 0, []
    for mutant in sample:
        hook = _MutantFinder(name, path, apply(source, mutant))
        outcome = run_tests(tests, pytest_args, hook, timeout)
        if outcome == "passed":
            survivors.append(mutant)
        else:
            caught += 1
        if args.verbose:
            print(f"  {outcome:8} {mutant.label(module)}", flush=True)
    return caught, len(sample), survivors, len(mutants)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="modules to test (default: all configured)")
    config = load_config()
    parser.add_argument("--sample", type=int, default=config.get("sample", 60))
    parser.add_argument("--seed", type=int, default=config.get("seed", 19))
    parser.add_argument("--survivors", action="store_true", help="list the surviving mutants")
    parser.add_argument("--verbose", action="store_true", help="print every mutant's outcome")
    args = parser.parse_args()

    table = config["modules"]
    unknown = [m for m in args.modules if m not in table]
    if unknown:
        parser.error(f"not configured in [tool.romulus_mutation.modules]: {', '.join(unknown)}")
    os.chdir(ROOT)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # kill: stop the running child too
    os.environ["CI"] = "1"  # tests/conftest.py: derandomized Hypothesis, same examples each run
    # Entry-point plugins (playwright, nbval, ...) cost seconds a run; the unit tests need only
    # Hypothesis, named in pytest_args.
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    sys.path.insert(0, str(ROOT))
    spec = importlib.util.find_spec("romulus_nb")
    if spec is None or not Path(spec.origin).is_relative_to(ROOT):
        raise SystemExit(f"romulus_nb would be imported from {spec and spec.origin}, not {ROOT}")
    for library in config.get("preload", []):  # imported once here, shared by every child
        __import__(library)
    # A failing Hypothesis example is enough to catch a mutant: skip the (slow) shrinking.
    hypothesis = sys.modules.get("hypothesis")
    if hypothesis is not None:
        phases = [p for p in hypothesis.Phase if p is not hypothesis.Phase.shrink]
        hypothesis.settings.register_profile("mutation", derandomize=True, deadline=None,
                                             phases=phases)  # fmt: skip

    print(f"{'module':28} {'mutants':>7} {'run':>4} {'caught':>6} {'score':>6}", flush=True)
    for module in args.modules or table:
        caught, run, survivors, total = score_module(module, table[module], config, args)
        score = caught / run if run else 1.0
        print(f"{module:28} {total:7} {run:4} {caught:6} {score:6.0%}", flush=True)
        if args.survivors:
            for mutant in survivors:
                print(f"    survived {mutant.label(module)}    [{mutant.description}]")


if __name__ == "__main__":
    main()
