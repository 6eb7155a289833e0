"""Long work shows its progress and can be cancelled (../shared/ARCHITECTURE.md): a German
progress dialog that appears only when the work takes longer than half a second, fed from the
worker thread through a signal, with "Abbrechen" that the service sees at its next step. A
cancelled service raises Cancelled before it writes anything."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from terminassistent.services.context import Progress

SHOW_AFTER_MS = 500


class ProgressBox(QObject):
    advanced = Signal(int, int, str)  # emitted on the worker thread, shown on the GUI thread

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._cancel = threading.Event()
        self.dialog = QProgressDialog(text, "Abbrechen", 0, 0, parent)
        self.dialog.setWindowTitle("Bitte warten")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self._cancel.set)
        self.advanced.connect(self._show)

    def progress(self) -> Progress:
        return Progress(lambda done, total, text: self.advanced.emit(done, total, text), self._cancel.is_set)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        """As the "Abbrechen" button does (QProgressDialog.cancel() itself emits no ``canceled``)."""
        self._cancel.set()
        self.dialog.cancel()

    def _show(self, done: int, total: int, text: str) -> None:
        if self._cancel.is_set():
            return
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(min(done, max(total, 1)))
        self.dialog.setLabelText(text)

    def close(self) -> None:
        self.advanced.disconnect(self._show)
        self.dialog.hide()
        self.dialog.deleteLater()
        self.deleteLater()
