"""benchmarks/mutation.py: which mutants it makes, and that each one really changes the code."""

import ast
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from mutation import apply, find_mutants, run_tests  # noqa: E402

SOURCE = '''"""Module docstring: 1 < 2 and 3."""
from __future__ import annotations

LIMIT = 8


def crowded(count: int = 0, names: list[int] | None = None) -> bool:
    """Docstring 7 > 8."""
    total = count + 1
    if not names and total > LIMIT:
        return True
    return total >= 2 * 3  # pragma: no mutate
'''


def changes(source: str) -> list[str]:
    return [m.description.split(" :: ")[1] for m in find_mutants(source)]


def test_every_classic_operator_is_applied_where_it_fits():
    assert sorted(changes(SOURCE)) == sorted(
        [
            "8 -> 9",  # LIMIT
            "8 -> 7",
            "0 -> 1",  # the default count
            "0 -> -1",
            "statement deleted",  # total = ...
            "+ -> -",
            "1 -> 2",
            "1 -> 0",
            "statement deleted",  # if
            "and -> or",
            "not x -> x",
            "> -> >= #0",
            "statement deleted",  # return True
            "True -> False",
        ]
    )


def test_docstrings_annotations_fstrings_and_marked_lines_are_left_alone():
    source = 'def f(x: int = 1) -> int:\n    """3 < 4"""\n    return f"{x + 1}"\n'
    assert sorted(changes(source)) == ["1 -> 0", "1 -> 2", "statement deleted"]


@pytest.mark.parametrize("index", range(14))
def test_each_mutant_compiles_and_differs_from_the_original(index):
    mutant = find_mutants(SOURCE)[index]
    tree = apply(SOURCE, mutant)
    compile(tree, "<mutant>", "exec")
    assert ast.dump(tree) != ast.dump(ast.parse(SOURCE))


def test_a_deleted_statement_becomes_pass_and_a_boundary_moves():
    mutants = {m.description: m for m in find_mutants(SOURCE)}
    deleted = apply(SOURCE, mutants["return True :: statement deleted"])
    assert "if not names and total > LIMIT:\n        pass" in ast.unparse(deleted)
    moved = apply(SOURCE, mutants["if not names and total > LIMIT: :: > -> >= #0"])
    assert "total >= LIMIT" in ast.unparse(moved)


def test_a_child_run_reports_pass_fail_and_timeout(tmp_path):
    (tmp_path / "test_a.py").write_text("import time\ndef test_ok(): pass\n")
    (tmp_path / "test_b.py").write_text("def test_bad(): assert False\n")
    (tmp_path / "test_c.py").write_text("import time\ndef test_slow(): time.sleep(30)\n")
    args = ["-q", "-p", "no:cacheprovider", "--rootdir", str(tmp_path)]
    assert run_tests([str(tmp_path / "test_a.py")], args) == "passed"
    assert run_tests([str(tmp_path / "test_b.py")], args) == "failed"
    assert run_tests([str(tmp_path / "test_c.py")], args, timeout=0.5) == "timeout"
