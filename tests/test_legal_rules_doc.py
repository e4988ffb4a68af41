"""docs/legal-rules.md is the list of every legal rule the code enforces: each row names its test, and that test
must exist (a renamed or deleted test leaves a rule unchecked, and this fails)."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "legal-rules.md"
# `tests/x/test_y.py::test_name`, `test_y.py::test_name` or `::test_name` (same file as the reference before it)
REFERENCE = re.compile(r"`((?:tests/[\w/]+/)?test_\w+\.py)?(?:::(\w+))?`")


@cache
def _functions(path: Path) -> frozenset[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return frozenset(node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef))


def _find(name: str) -> Path:
    if "/" in name:
        return ROOT / name
    matches = list((ROOT / "tests").rglob(name))
    assert len(matches) == 1, f"{name}: {len(matches)} files of that name under tests/"
    return matches[0]


def _rule_rows() -> list[tuple[str, str]]:
    """(rule id, test cell) for every row of the rule tables."""
    rows = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 5 and re.fullmatch(r"[A-Z]\d+", cells[0]):
            rows.append((cells[0], cells[-1]))
    return rows


def test_every_rule_names_a_test_that_exists() -> None:
    rows = _rule_rows()
    assert len(rows) >= 30
    for rule, cell in rows:
        if cell == "–":
            continue  # a rule with nothing to enforce says so in its row
        current: Path | None = None
        found = 0
        for file_name, function in REFERENCE.findall(cell):
            if file_name:
                current = _find(file_name)
                assert current.is_file(), f"{rule}: {file_name} does not exist"
            if function:
                assert current is not None, f"{rule}: ::{function} without a file before it"
                assert function in _functions(current), f"{rule}: {current.name}::{function} does not exist"
            found += bool(file_name or function)
        assert found, f"{rule}: no test named"


def test_rule_ids_are_unique() -> None:
    ids = [rule for rule, _cell in _rule_rows()]
    assert len(ids) == len(set(ids))
