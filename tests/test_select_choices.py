"""Select choices are SelectChoice objects everywhere (STYLE: forms use SelectChoice(value, label)).

WTForms 3.2+ deprecates tuple choices, but warns only when they reach a field's constructor:
tuples assigned to `field.choices` in a view pass silently, so `filterwarnings = error` cannot
catch them. This test reads the source instead: no tuple literal may stand for a choice, and every
`*_choices` builder says it returns SelectChoice.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "petitions"


def _tuple_choices(value: ast.expr) -> list[int]:
    """Lines where a list (or list comprehension) in a choices expression holds tuple literals."""
    lines = []
    for node in ast.walk(value):
        if isinstance(node, ast.List):
            lines += [elt.lineno for elt in node.elts if isinstance(elt, ast.Tuple)]
        elif isinstance(node, ast.ListComp) and isinstance(node.elt, ast.Tuple):
            lines.append(node.elt.lineno)
    return lines


def _builders_returning(tree: ast.AST) -> dict[str, ast.expr | None]:
    return {
        node.name: node.returns
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef)
        and node.name.endswith("_choices")
        and not (isinstance(node.returns, ast.Constant) and node.returns.value is None)  # fills a form
    }


def violations(source: str, name: str) -> list[str]:
    tree = ast.parse(source)
    found = []
    builders = _builders_returning(tree)
    for node in ast.walk(tree):
        values: list[ast.expr] = []
        if isinstance(node, ast.Call):
            values += [kw.value for kw in node.keywords if kw.arg == "choices"]
        elif isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Attribute) and t.attr == "choices" for t in node.targets
        ):
            values.append(node.value)
        elif isinstance(node, ast.FunctionDef) and node.name in builders:
            values += [n.value for n in ast.walk(node) if isinstance(n, ast.Return) and n.value is not None]
        for value in values:
            found += [f"{name}:{line}: a choice written as a tuple" for line in _tuple_choices(value)]
    for builder, returns in builders.items():
        if returns is None or "SelectChoice" not in ast.unparse(returns):
            found.append(f"{name}: {builder}() is not annotated to return SelectChoice")
    return found


def test_no_choice_is_a_tuple():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        found += violations(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE.parent)))
    assert found == []


@pytest.mark.parametrize(
    "source",
    [
        "form.x.choices = [('', 'none')] + [(u.id, u.name) for u in units]",
        "field = SelectField('x', choices=[('a', 'A')])",
        "def _unit_choices() -> list[tuple[int, str]]:\n    return [(1, 'a')]",
        "def _unit_choices():\n    return []",
    ],
)
def test_the_check_sees_tuple_choices(source):
    assert violations(source, "example.py") != []


def test_the_check_accepts_select_choices():
    source = (
        "def _unit_choices() -> list[SelectChoice]:\n"
        "    return [SelectChoice('', 'none')] + [SelectChoice(u.id, u.name) for u in units]\n"
        "form.x.choices = _unit_choices()\n"
    )
    assert violations(source, "example.py") == []
