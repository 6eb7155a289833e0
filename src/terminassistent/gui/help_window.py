"""Hilfe > Handbuch (F1) and Hilfe > Über Terminassistent.

The manual is the program's own (resources/manual/handbuch.md for the window, befehle.md for the
command line), shown as it is in the repository and the bundle: nothing on the network.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from terminassistent import __version__
from terminassistent.paths import resources_dir

MANUAL_PAGES = (("Das Programmfenster", "handbuch.md"), ("Die Befehle", "befehle.md"))


class ManualWindow(QDialog):
    """The manual in tabs; Strg+F is not needed: the text is short and has headings."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Terminassistent – Handbuch")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.pages: list[QTextBrowser] = []
        for title, name in MANUAL_PAGES:
            page = QTextBrowser()
            page.setOpenExternalLinks(False)
            try:
                page.setMarkdown((resources_dir() / "manual" / name).read_text(encoding="utf-8"))
            except OSError as exc:
                page.setPlainText(f"Die Datei »{name}« des Handbuchs fehlt in dieser Installation ({exc.strerror}).")
            self.tabs.addTab(page, title)
            self.pages.append(page)
        layout.addWidget(self.tabs)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Schließen")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, self.reject)
        self.resize(900, 760)


def about_text(policy_title: str, legal_notice: str, legal_summary: str, path: str) -> str:
    """The "Über Terminassistent" text (plain, German)."""
    lines = [
        f"Terminassistent {__version__}",
        "Terminplanung für Integrationsfachkräfte im Jobcenter: Kontaktdichte, Terminvorschläge, "
        "Wochenquote, Einladungen mit Rechtsfolgenbelehrung.",
        "",
        f"Kontaktdichtekonzept: {policy_title}",
        f"Rechtsfolgenbelehrungen: {legal_summary}",
        f"Bestand: {path}",
        "",
        "Ihre Daten bleiben auf diesem Rechner; das Programm sendet nichts über das Netz.",
    ]
    if legal_notice:
        lines += ["", legal_notice]
    return "\n".join(lines)


class AboutDialog(QDialog):
    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Über Terminassistent")
        layout = QVBoxLayout(self)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
