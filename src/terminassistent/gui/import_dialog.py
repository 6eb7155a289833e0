"""Datei > Kunden importieren…: choose the office's CSV list, see its first rows as the import
reads them and every problem (line, column, reason; copy them for whoever keeps the list), and
import only when none remains. The imported customers are selected afterwards."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)  # fmt: skip

from terminassistent.services.caseload_io.import_preview import ImportPreview


def _table(headers: list[str], rows: list[list[str]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    for r, row in enumerate(rows):
        for c, text in enumerate(row[:len(headers)]):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(r, c, item)
    return table


class ImportDialog(QDialog):
    def __init__(self, preview: ImportPreview, parent: QWidget | None = None):
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(f"Kunden importieren – {preview.source.name}")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"So liest das Programm die ersten Zeilen von »{preview.source}«:"))
        self.rows = _table(preview.header or ["(keine Spalten erkannt)"], preview.rows)
        self.rows.setMaximumHeight(200)
        layout.addWidget(self.rows)
        if preview.problems:
            self.summary = QLabel(f"{len(preview.problems)} Problem{'e' if len(preview.problems) != 1 else ''}: "
                                  "Es wird nichts importiert, bis die Datei sie nicht mehr hat. Korrigieren Sie die "
                                  "Liste (etwa in Excel) und wählen Sie sie erneut.")
            self.summary.setStyleSheet("color:#a00000;")
        else:
            self.summary = QLabel(f"Keine Probleme: {preview.customers} Kunden und {preview.contacts} Kontakte "
                                  "können importiert werden.")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.problems = _table(["Zeile", "Spalte", "Grund"],
                               [[str(p.line or ""), p.column, p.reason] for p in preview.problems])
        self.problems.setVisible(bool(preview.problems))
        self.problems.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        layout.addWidget(self.problems, 1)
        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton("Importieren", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(not preview.problems)
        self.copy_button = buttons.addButton("Probleme kopieren", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.setVisible(bool(preview.problems))
        buttons.addButton("Abbrechen", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.copy_problems)
        layout.addWidget(buttons)
        self.resize(900, 600)
        (self.import_button if not preview.problems else self.problems).setFocus()

    def problems_text(self) -> str:
        return "\n".join(f"Zeile {p.line or '–'}\t{p.column or '–'}\t{p.reason}" for p in self.preview.problems)

    def copy_problems(self) -> None:
        QApplication.clipboard().setText(self.problems_text())
