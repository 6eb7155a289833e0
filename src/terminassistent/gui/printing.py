"""The print preview of invitation letters: the pages exactly as the PDF has them.

Strg+P prints (through the system's print dialog), Strg+S saves the letters as a PDF file, Escape
closes. The pages are painted by documents.pdf.paint_letters, the same code that writes the PDF.
The print dialog and the file dialog are injected (``PrintDialogs``), so tests never block.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from terminassistent.documents.letter import Letter

# choose_printer(parent, printer) -> True when the user confirmed printing on ``printer``.
ChoosePrinter = Callable[[QWidget, QPrinter], bool]
# save_file(parent, title, suggested_name, filter) -> the chosen path, or None.
SaveFile = Callable[[QWidget, str, str, str], Path | None]


def choose_printer_dialog(parent: QWidget, printer: QPrinter) -> bool:
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Einladung drucken")
    return dialog.exec() == QDialog.DialogCode.Accepted


def save_file_dialog(parent: QWidget, title: str, suggested: str, file_filter: str) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path.home() / suggested), file_filter)
    return Path(path) if path else None


@dataclass(frozen=True)
class PrintDialogs:
    choose_printer: ChoosePrinter = choose_printer_dialog
    save_file: SaveFile = save_file_dialog
    printer: Callable[[], QPrinter] = lambda: QPrinter(QPrinter.PrinterMode.HighResolution)


class LetterPreview(QDialog):
    """The letters' pages; Strg+P prints them, Strg+S saves them as PDF, Escape closes."""

    printed = Signal()
    save_requested = Signal(object)  # Path: the caller writes the PDF (a service, off the GUI thread)
    calendar_requested = Signal(object)  # Path: the caller writes the calendar file

    def __init__(self, letters: Sequence[Letter], *, title: str, dialogs: PrintDialogs, notice: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.letters = list(letters)
        self._dialogs = dialogs
        self.printer = dialogs.printer()
        from terminassistent.documents.pdf import prepare_device  # (the letter's drawing) when first shown

        prepare_device(self.printer)
        layout = QVBoxLayout(self)
        if notice:
            banner = QLabel(notice)
            banner.setWordWrap(True)
            banner.setStyleSheet("background:#fdecd4; color:#5c3200; padding:6px;")
            layout.addWidget(banner)
        self.preview = QPrintPreviewWidget(self.printer, self)
        self.preview.paintRequested.connect(self._paint)
        self.preview.setZoomMode(QPrintPreviewWidget.ZoomMode.FitToWidth)
        layout.addWidget(self.preview, 1)
        buttons = QDialogButtonBox()
        self.print_button = QPushButton("Drucken (Strg+P)")
        self.save_button = QPushButton("Als PDF speichern … (Strg+S)")
        self.calendar_button = QPushButton("Kalenderdatei …")
        self.calendar_button.setToolTip("Die Termine als Kalenderdatei (.ics) speichern, z. B. für die Kundin oder "
                                        "den Kunden oder den eigenen Kalender")
        self.close_button = QPushButton("Schließen (Esc)")
        for button, role in ((self.print_button, QDialogButtonBox.ButtonRole.AcceptRole),
                             (self.save_button, QDialogButtonBox.ButtonRole.ActionRole),
                             (self.calendar_button, QDialogButtonBox.ButtonRole.ActionRole),
                             (self.close_button, QDialogButtonBox.ButtonRole.RejectRole)):
            buttons.addButton(button, role)
            button.setAutoDefault(button is self.print_button)
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.print_letters)
        self.save_button.clicked.connect(self.save_letters)
        self.calendar_button.clicked.connect(self.save_calendar)
        self.close_button.clicked.connect(self.reject)
        row = QHBoxLayout()
        pages = len(self.letters)
        row.addWidget(QLabel(f"{pages} Einladung{'en' if pages != 1 else ''}"))
        row.addWidget(buttons, 1)
        layout.addLayout(row)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self, self.print_letters)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save_letters)
        self.preview.setFocus(Qt.FocusReason.OtherFocusReason)

    def _paint(self, printer: QPrinter) -> None:
        from terminassistent.documents.pdf import paint_letters

        paint_letters(printer, self.letters)

    def print_letters(self) -> None:
        if self._dialogs.choose_printer(self, self.printer):
            self.preview.print()
            self.printed.emit()
            self.accept()

    def save_calendar(self) -> None:
        name = "termin.ics" if len(self.letters) == 1 else "termine.ics"
        path = self._dialogs.save_file(self, "Kalenderdatei speichern", name, "Kalenderdateien (*.ics)")
        if path is not None:
            self.calendar_requested.emit(path if path.suffix.lower() == ".ics" else path.with_suffix(".ics"))

    def save_letters(self) -> None:
        name = "einladung.pdf" if len(self.letters) == 1 else "einladungen.pdf"
        path = self._dialogs.save_file(self, "Einladung als PDF speichern", name, "PDF-Dateien (*.pdf)")
        if path is not None:
            self.save_requested.emit(path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf"))
