"""The layout's rules: each app imports only the floors below it, and every module stays small.

Floors, bottom up: the basement (`textsafety`: cleaning what people type, safe spreadsheets;
`worker`: the task worker and its recovery pass) imports no app and any app may use it;
`events` (companies, research areas, events) imports no other app;
`attendees` imports `events`; `tables` imports both; the apps on the top floor (`door`, `portal`,
`orga`, `followup`, `demo`, `printing`) import any of those three and never each other. Imports inside functions count,
and so do modules named in strings to import_module/import_string/apps.get_model. The seating
engine (`tables/seating/`) imports nothing from Django or the apps: plain Python in, a plan out.
"""
import ast
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# Infrastructure below every floor: any app may use it, it imports none of them.
BASEMENT = {"brakes", "textsafety", "worker"}
GROUND = {"events": set(), "attendees": {"events"}, "tables": {"events", "attendees"}}
TOP = {"door", "portal", "orga", "followup", "demo", "printing"}
FLOORS = {**{package: set() for package in BASEMENT}, **GROUND, **{app: set(GROUND) for app in TOP}}
ENGINE = ROOT / "tables" / "seating"
MAX_LINES = 400
DYNAMIC_IMPORTERS = {"import_module", "import_string", "get_model"}


def project_packages():
    """The project's own apps (in INSTALLED_APPS) and the basement's packages."""
    apps = {app for app in settings.INSTALLED_APPS if (ROOT / app / "apps.py").exists()}
    return sorted(apps | {path.parent.name for path in ROOT.glob("*/__init__.py")} - {"config", "tests", "bench"})


def modules(app):
    return sorted(path for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts)


def module_name(path, root=ROOT):
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(path, root=ROOT):
    """Every module `path` imports, anywhere in it (absolute names; relative imports resolved)."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module
            names.append((module, node.lineno))
            names += [(f"{module}.{alias.name}", node.lineno) for alias in node.names]
        elif isinstance(node, ast.Call) and _called_name(node.func) in DYNAMIC_IMPORTERS:
            strings = [arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
            if strings:
                names.append((".".join(strings) if _called_name(node.func) == "get_model" else strings[0],
                              node.lineno))
    return names


def _called_name(func):
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def app_of(name):
    return name.split(".")[0]


def test_the_floors_cover_every_package_of_the_project():
    assert project_packages() == sorted(FLOORS)


@pytest.mark.parametrize("app", sorted(FLOORS))
def test_each_app_imports_only_the_floors_below_it(app):
    allowed = FLOORS[app] | {app} | (BASEMENT if app not in BASEMENT else set())
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in modules(app) for name, line in imported_names(path)
        if app_of(name) in FLOORS and app_of(name) not in allowed
    ]

    assert wrong == []


def test_the_seating_engine_imports_no_django_and_no_app():
    stdlib = sys.stdlib_module_names
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in sorted(ENGINE.rglob("*.py")) for name, line in imported_names(path)
        if not (name.startswith("tables.seating") or app_of(name) in stdlib or app_of(name) == "ortools")
    ]

    assert wrong == []


def test_no_source_module_is_over_400_lines():
    sources = [path for app in [*FLOORS, "config"] for path in modules(app)] + sorted((ROOT / "bench").glob("*.py"))
    long = {str(path.relative_to(ROOT)): n for path in sources
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}

    assert long == {}


def test_the_checker_sees_imports_inside_functions_and_relative_ones(tmp_path):
    module = tmp_path / "events" / "probe.py"
    module.parent.mkdir()
    module.write_text("def late():\n    from attendees.models import Registration\n    from .models import Event\n"
                      "    from django.apps import apps\n    return apps.get_model('tables', 'Seat')\n")

    names = [name for name, _line in imported_names(module, root=tmp_path)]

    assert "attendees.models" in names
    assert "events.models" in names
    assert "tables.Seat" in names
