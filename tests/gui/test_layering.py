"""The desktop reaches the caseload only through services: no SQL, no storage internals in gui/."""

import ast
from pathlib import Path

import terminassistent.gui

GUI = Path(terminassistent.gui.__file__).parent
FORBIDDEN = ("sqlite3", "sqlite_utils", "terminassistent.storage")


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_gui_modules_import_no_database_code():
    offenders = {
        f"{path.relative_to(GUI)}: {name}"
        for path in GUI.rglob("*.py")
        for name in imported_modules(path)
        if name.startswith(FORBIDDEN)
    }
    assert not offenders
