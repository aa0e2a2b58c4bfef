"""The layering STYLE.md asks for, checked on the AST of every module under petitions/ (no import runs).

Rules:
  - petitions/domain/ imports only the standard library and petitions.domain;
  - reportlab only in petitions/printing/; openpyxl only in the workbook modules listed below;
  - no area imports another area's views (only the app factory registers the blueprints);
  - citizens sits beneath reception and letters, and letters beneath reception (LOWER_AREAS);
  - no module imports names from petitions/__init__.py (it holds create_app only);
  - imports of petitions.* inside functions only where INNER_IMPORTS_ALLOWED says why;
  - no import cycles among petitions modules (module-level imports, which run at import time).

Each rule is a function over parsed sources, so the tests at the bottom feed it small synthetic
modules and show that it reports a violation: a checker that can never fail would prove nothing.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The modules that write or read workbooks.
OPENPYXL_MODULES = frozenset(
    {
        "petitions.spreadsheets",  # the one cell writer every workbook goes through
        "petitions.paperwork.excel",  # the reception book workbook
        "petitions.reports.excel",  # the report workbooks
        "petitions.imports.reader",  # the one reader of uploaded books (checked before openpyxl parses them)
    }
)

# (area, area it must never import): citizens is beneath reception and letters, letters beneath reception.
LOWER_AREAS = (
    ("petitions.citizens", "petitions.reception"),
    ("petitions.citizens", "petitions.letters"),
    ("petitions.letters", "petitions.reception"),
)
# module → why it may cross LOWER_AREAS.
LOWER_AREAS_ALLOWED: dict[str, str] = {}

# (module, top-level function or class) → why an import of petitions.* there cannot move to the top of the module.
INNER_IMPORTS_ALLOWED = {
    ("petitions", "create_app"): (
        "importing any petitions module runs petitions/__init__.py first: the areas, views and CLI load "
        "when an app is built, so `import petitions.domain` stays free of Flask and the database"
    ),
    ("petitions.cli", "main"): (
        "the console script's app factory: create_app imports petitions.cli to register the commands, "
        "so a module-level import would be a circle"
    ),
    ("petitions.lookup", "__getattr__"): (
        "the lookup app's WSGI entry point `petitions.lookup:app` is built on first access: the officers' app "
        "imports the area's models (petitions.models), which must not build a second application"
    ),
}

# (module, enclosing function) → why it imports a name from petitions/__init__.py.
INIT_NAME_IMPORTS_ALLOWED = {
    ("petitions.cli", "main"): "the `petitions` console script builds the app with create_app (Flask CLI)",
}


@dataclass(frozen=True)
class Import:
    """One imported name (or module) as written in a module."""

    importer: str  # the importing module, dotted
    module: str  # the module named in the statement, absolute and dotted
    name: str | None  # the name taken from it (`from module import name`), None for `import module`
    line: int
    function: str | None  # the enclosing function's qualified name; None at module level
    type_checking: bool  # under `if TYPE_CHECKING:` (never runs)

    @property
    def top(self) -> str:
        return self.module.split(".")[0]

    def where(self) -> str:
        return f"{self.importer}:{self.line}"


@dataclass(frozen=True)
class Tree:
    """Parsed modules: their dotted names and every import they make."""

    modules: frozenset[str]
    imports: tuple[Import, ...]

    def resolve(self, imp: Import) -> str | None:
        """The petitions module this import loads by name (a submodule if the name is one), else None."""
        if imp.name is not None and f"{imp.module}.{imp.name}" in self.modules:
            return f"{imp.module}.{imp.name}"
        module = imp.module
        while module and module not in self.modules:
            module = module.rpartition(".")[0]
        return module or None


def module_name(path: str) -> tuple[str, bool]:
    """('petitions.auth.views', False) for 'petitions/auth/views.py'; packages are their __init__."""
    parts = list(Path(path).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    return ".".join(parts), is_package


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports_of(name: str, is_package: bool, source: str) -> Iterator[Import]:
    package = name if is_package else name.rpartition(".")[0]

    def walk(node: ast.AST, function: str | None, scope: str, type_checking: bool) -> Iterator[Import]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield Import(name, alias.name, None, child.lineno, function, type_checking)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[: len(base) - (child.level - 1)]
                    module = ".".join(base + ([child.module] if child.module else []))
                else:
                    module = child.module or ""
                for alias in child.names:
                    yield Import(name, module, alias.name, child.lineno, function, type_checking)
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                qualified = f"{scope}.{child.name}" if scope else child.name
                yield from walk(child, qualified, qualified, type_checking)
            elif isinstance(child, ast.ClassDef):
                yield from walk(
                    child, function, f"{scope}.{child.name}" if scope else child.name, type_checking
                )
            elif isinstance(child, ast.If) and _is_type_checking(child.test):
                for statement in child.body:
                    yield from walk(ast.Module(body=[statement], type_ignores=[]), function, scope, True)
                for statement in child.orelse:
                    yield from walk(
                        ast.Module(body=[statement], type_ignores=[]), function, scope, type_checking
                    )
            else:
                yield from walk(child, function, scope, type_checking)

    yield from walk(ast.parse(source), None, "", False)


def parse(sources: Mapping[str, str]) -> Tree:
    """Sources keyed by path relative to the project root ('petitions/auth/views.py')."""
    modules, imports = set(), []
    for path, source in sources.items():
        name, is_package = module_name(path)
        modules.add(name)
        imports.extend(_imports_of(name, is_package, source))
    return Tree(frozenset(modules), tuple(imports))


def project_tree() -> Tree:
    return parse(
        {
            str(p.relative_to(ROOT)): p.read_text(encoding="utf-8")
            for p in sorted((ROOT / "petitions").rglob("*.py"))
        }
    )


# Rules: each returns its violations as readable lines ------------------------------------------------


def _in(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def domain_violations(tree: Tree) -> list[str]:
    """petitions.domain imports only the standard library and itself."""
    return [
        f"{imp.where()} imports {imp.module}"
        for imp in tree.imports
        if _in(imp.importer, "petitions.domain")
        and not _in(imp.module, "petitions.domain")
        and imp.top not in sys.stdlib_module_names
    ]


def third_party_violations(tree: Tree, library: str, allowed: Iterable[str]) -> list[str]:
    """`library` imported only by modules in or under `allowed`."""
    allowed = tuple(allowed)
    return [
        f"{imp.where()} imports {imp.module}"
        for imp in tree.imports
        if imp.top == library and not any(_in(imp.importer, a) for a in allowed)
    ]


def views_violations(tree: Tree) -> list[str]:
    """Only an area's own modules (and the app factory, which registers blueprints) import its views."""
    found = []
    for imp in tree.imports:
        target = tree.resolve(imp)
        if target is None or not target.endswith(".views") or imp.importer == "petitions":
            continue
        area = target.rpartition(".")[0]
        if not _in(imp.importer, area):
            found.append(f"{imp.where()} imports {target}")
    return found


def lower_area_violations(
    tree: Tree, lower: Iterable[tuple[str, str]], allowed: Mapping[str, str]
) -> list[str]:
    """An area never imports one above it (LOWER_AREAS), except the modules allowed with a reason."""
    return [
        f"{imp.where()} imports {imp.module}"
        for imp in tree.imports
        for below, above in lower
        if _in(imp.importer, below) and _in(imp.module, above) and imp.importer not in allowed
    ]


def init_name_violations(tree: Tree, allowed: Mapping[tuple[str, str], str]) -> list[str]:
    """No module takes a name from petitions/__init__.py (`from petitions import clock` takes a module)."""
    return [
        f"{imp.where()} imports {imp.name} from petitions/__init__.py"
        for imp in tree.imports
        if imp.module == "petitions"
        and imp.name is not None
        and f"petitions.{imp.name}" not in tree.modules
        and (imp.importer, imp.function) not in allowed
    ]


def inner_import_violations(tree: Tree, allowed: Mapping[tuple[str, str], str]) -> list[str]:
    """Imports of petitions.* inside functions hide circles; only the allowed ones remain."""
    return [
        f"{imp.where()} imports {imp.module} inside {imp.function}()"
        for imp in tree.imports
        if imp.function is not None
        and imp.top == "petitions"
        and not imp.type_checking
        and (imp.importer, imp.function.split(".")[0]) not in allowed
    ]


def import_cycles(tree: Tree) -> list[list[str]]:
    """Groups of petitions modules that import each other at import time (strongly connected components)."""
    graph: dict[str, set[str]] = {module: set() for module in tree.modules}
    for imp in tree.imports:
        if imp.function is not None or imp.type_checking or imp.top != "petitions":
            continue
        target = tree.resolve(imp)
        if target is not None and target != imp.importer:
            graph[imp.importer].add(target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def connect(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(graph[module]):
            if target not in index:
                connect(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            connect(module)
    return cycles


# The project ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tree() -> Tree:
    return project_tree()


def test_the_walk_sees_every_area(tree):
    assert {
        "petitions.domain.deadlines",
        "petitions.citizens.models",
        "petitions.reception.services",
    } <= tree.modules
    assert len(tree.imports) > 500


def test_domain_imports_only_the_standard_library_and_itself(tree):
    assert domain_violations(tree) == []


def test_reportlab_only_in_printing(tree):
    assert third_party_violations(tree, "reportlab", ["petitions.printing"]) == []


def test_openpyxl_only_in_the_workbook_modules(tree):
    assert third_party_violations(tree, "openpyxl", OPENPYXL_MODULES) == []


def test_no_area_imports_another_areas_views(tree):
    assert views_violations(tree) == []


def test_citizens_beneath_reception_and_letters_and_letters_beneath_reception(tree):
    assert lower_area_violations(tree, LOWER_AREAS, LOWER_AREAS_ALLOWED) == []


def test_no_module_imports_names_from_the_package_init(tree):
    assert init_name_violations(tree, INIT_NAME_IMPORTS_ALLOWED) == []


def test_imports_inside_functions_only_from_the_allowlist(tree):
    assert inner_import_violations(tree, INNER_IMPORTS_ALLOWED) == []


def test_every_allowlist_entry_is_still_needed(tree):
    """An entry whose import was removed must leave the list, so the list stays short and true."""
    used = {
        (imp.importer, imp.function.split(".")[0])
        for imp in tree.imports
        if imp.function and imp.top == "petitions"
    }
    assert set(INNER_IMPORTS_ALLOWED) <= used
    assert set(INIT_NAME_IMPORTS_ALLOWED) <= used
    crossing = {
        imp.importer
        for imp in tree.imports
        for below, above in LOWER_AREAS
        if _in(imp.importer, below) and _in(imp.module, above)
    }
    assert set(LOWER_AREAS_ALLOWED) <= crossing


def test_no_import_cycles_among_petitions_modules(tree):
    assert import_cycles(tree) == []


# The checker on synthetic modules: each rule reports a violation -------------------------------------


def test_checker_reports_a_domain_module_importing_flask_or_an_area():
    tree = parse(
        {
            "petitions/domain/rules.py": "import datetime\nfrom petitions.domain import text\nimport flask\n",
            "petitions/domain/text.py": "from petitions.reception.models import Visit\nfrom . import rules\n",
        }
    )
    assert domain_violations(tree) == [
        "petitions.domain.rules:3 imports flask",
        "petitions.domain.text:1 imports petitions.reception.models",
    ]


def test_checker_reports_reportlab_outside_printing_and_openpyxl_outside_the_list():
    tree = parse(
        {
            "petitions/printing/layout.py": "from reportlab.lib import colors\n",
            "petitions/letters/labels.py": "def render():\n    from reportlab.pdfgen import canvas\n",
            "petitions/reports/excel.py": "import openpyxl\n",
            "petitions/letters/export.py": "from openpyxl import Workbook\n",
        }
    )
    assert third_party_violations(tree, "reportlab", ["petitions.printing"]) == [
        "petitions.letters.labels:2 imports reportlab.pdfgen"
    ]
    assert third_party_violations(tree, "openpyxl", OPENPYXL_MODULES) == [
        "petitions.letters.export:1 imports openpyxl"
    ]


def test_checker_reports_an_area_importing_another_areas_views():
    tree = parse(
        {
            "petitions/__init__.py": "def create_app():\n    from petitions.letters.views import bp\n",
            "petitions/letters/views.py": "from petitions.letters import forms\n",
            "petitions/letters/forms.py": "",
            "petitions/letters/__init__.py": "",
            "petitions/reception/views.py": "from petitions.letters import views as letter_views\n",
            "petitions/reception/services.py": "import petitions.letters.views\n",
        }
    )
    assert views_violations(tree) == [
        "petitions.reception.views:1 imports petitions.letters.views",
        "petitions.reception.services:1 imports petitions.letters.views",
    ]


def test_checker_reports_a_lower_area_importing_one_above_it():
    tree = parse(
        {
            "petitions/citizens/services.py": "from petitions.letters.models import Letter\n",
            "petitions/letters/queries.py": "from petitions.citizens.queries import find_matches\n",
            "petitions/letters/views.py": "def page():\n    from petitions.reception import queries\n",
            "petitions/letters/demo.py": "from petitions.reception.models import Visit\n",
            "petitions/reception/services.py": "from petitions.letters.services import register_letter\n",
        }
    )
    assert lower_area_violations(tree, LOWER_AREAS, {}) == [
        "petitions.citizens.services:1 imports petitions.letters.models",
        "petitions.letters.views:2 imports petitions.reception",
        "petitions.letters.demo:1 imports petitions.reception.models",
    ]
    allowed = {"petitions.letters.demo": "a module the allowlist names"}
    assert lower_area_violations(tree, LOWER_AREAS, allowed) == [
        "petitions.citizens.services:1 imports petitions.letters.models",
        "petitions.letters.views:2 imports petitions.reception",
    ]


def test_checker_reports_a_name_taken_from_the_package_init():
    tree = parse(
        {
            "petitions/__init__.py": "def create_app(): ...\n",
            "petitions/clock.py": "",
            "petitions/web.py": "from petitions import clock\nfrom petitions import create_app\n",
            "petitions/cli.py": "def main():\n    from petitions import create_app\n",
        }
    )
    assert init_name_violations(tree, {}) == [
        "petitions.web:2 imports create_app from petitions/__init__.py",
        "petitions.cli:2 imports create_app from petitions/__init__.py",
    ]
    assert init_name_violations(tree, {("petitions.cli", "main"): "why"}) == [
        "petitions.web:2 imports create_app from petitions/__init__.py"
    ]


def test_checker_reports_an_import_inside_a_function_unless_allowed():
    tree = parse(
        {
            "petitions/reception/services.py": (
                "import sqlalchemy as sa\n"
                "class Service:\n"
                "    def run(self):\n"
                "        from petitions.letters.services import register_letter\n"
                "def helper():\n"
                "    import json\n"
                "    from petitions.vault import services\n"
            ),
        }
    )
    assert inner_import_violations(tree, {}) == [
        "petitions.reception.services:4 imports petitions.letters.services inside Service.run()",
        "petitions.reception.services:7 imports petitions.vault inside helper()",
    ]
    allowed = {
        ("petitions.reception.services", "Service"): "why",
        ("petitions.reception.services", "helper"): "why",
    }
    assert inner_import_violations(tree, allowed) == []


def test_checker_finds_a_cycle_through_module_level_imports_only():
    tree = parse(
        {
            "petitions/letters/__init__.py": "",
            "petitions/letters/queries.py": "from petitions.reception.queries import find_matches\n",
            "petitions/reception/__init__.py": "",
            "petitions/reception/queries.py": "from petitions.letters import queries\n",
            "petitions/cli.py": "from petitions.demo import run_demo\n",
            "petitions/demo.py": "def command():\n    from petitions.cli import seed\n",
            "petitions/auth/services.py": "if TYPE_CHECKING:\n    from petitions.auth.clearance import Grant\n",
            "petitions/auth/clearance.py": "from petitions.auth.services import record_event\n",
        }
    )
    assert import_cycles(tree) == [["petitions.letters.queries", "petitions.reception.queries"]]
