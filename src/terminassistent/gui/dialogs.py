"""German message boxes, passed into windows as plain functions so tests can swap them
(Dangerzone style): a window never calls QMessageBox directly.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import TracebackType

from pathlib import Path

from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from terminassistent.gui.worker import internal_error_message
from terminassistent.logfile import log_internal_error

# show_error(parent, title, message): tell the user, wait for "OK".
ShowError = Callable[[QWidget | None, str, str], None]
# ask(parent, title, message, yes_label, no_label) -> True when the user chose yes_label.
Ask = Callable[[QWidget | None, str, str, str, str], bool]
# open_file(parent, title, file_filter) -> the chosen file, or None.
OpenFile = Callable[[QWidget | None, str, str], Path | None]


def show_error_box(parent: QWidget | None, title: str, message: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.NoButton, parent)
    box.addButton("OK", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def ask_box(parent: QWidget | None, title: str, message: str, yes_label: str, no_label: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, message, QMessageBox.StandardButton.NoButton, parent)
    yes = box.addButton(yes_label, QMessageBox.ButtonRole.AcceptRole)
    no = box.addButton(no_label, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


def open_file_dialog(parent: QWidget | None, title: str, file_filter: str) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, title, str(Path.home()), file_filter)
    return Path(path) if path else None


def install_excepthook(show_error: ShowError = show_error_box) -> None:
    """A bug in a slot (GUI code) becomes a German message and a log entry, never a traceback."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        what = "die letzte Aktion"
        log_internal_error(exc.with_traceback(tb), what)
        show_error(QApplication.activeWindow(), "Interner Fehler", internal_error_message(what))

    sys.excepthook = hook
