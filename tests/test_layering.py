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
