"""The layers of ../shared/ARCHITECTURE.md: the domain, policy and storage layers import no Qt,
the domain no SQL and no storage; only the GUI (and the PDF drawing) may use Qt."""

import ast
from pathlib import Path

import terminassistent

PACKAGE = Path(terminassistent.__file__).parent
QT = ("PySide6", "shiboken6", "terminassistent.gui")
SQL = ("sqlite3", "sqlite_utils", "terminassistent.storage")


def imports(folder: str):
    for path in (PACKAGE / folder).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
            for name in names:
                yield f"{path.relative_to(PACKAGE)}: {name}", name


def offenders(folder: str, forbidden: tuple[str, ...]) -> set[str]:
    return {where for where, name in imports(folder) if name.startswith(forbidden)}


def test_the_domain_knows_nothing_of_qt_or_sql():
    assert not offenders("domain", QT + SQL + ("terminassistent.services", "terminassistent.policy"))


def test_policy_and_storage_import_no_qt():
    assert not offenders("policy", QT + SQL)
    assert not offenders("storage", QT + ("terminassistent.services",))


def test_services_and_cli_use_no_qt_widgets():
    assert not offenders("services", ("terminassistent.gui", "PySide6.QtWidgets"))
    assert not offenders("cli", ("terminassistent.gui", "PySide6"))


def test_no_module_imports_another_modules_private_names():
    # A name with a leading underscore belongs to its module; another module that needs it asks
    # for a public name (services/ is grouped by capability, each module with its own API).
    found = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("terminassistent"):
                own_package = node.module == ".".join(("terminassistent", *path.parent.relative_to(PACKAGE).parts))
                found += [f"{path.relative_to(PACKAGE)}: {node.module}.{a.name}" for a in node.names
                          if a.name.startswith("_") and not a.name.startswith("__")
                          and not (own_package and (path.parent / f"{a.name}.py").exists())]  # its own private module
    assert found == []


def test_services_are_grouped_by_capability():
    services = PACKAGE / "services"
    loose = sorted(p.name for p in services.glob("*.py") if p.name not in ("__init__.py", "changes.py", "context.py"))
    assert loose == [], f"services/ holds packages by capability, not loose modules: {loose}"
