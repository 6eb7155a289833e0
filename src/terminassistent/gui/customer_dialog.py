""""Neuer Kunde…" and "Kunde bearbeiten…": every field of the CSV format, checked field by field.

The form collects texts keyed by the CSV column names; the services read them as the import reads
a row and answer with FieldProblems, which the form marks at the fields (``show_problems``). Word
lists (Anrede, Status, Profillage, Kanal) are combo boxes with the words the reader accepts; flags
are check boxes; free text stays free text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from terminassistent.domain.model import Channel, Profile, Salutation, Status
from terminassistent.gui.forms_support import FieldErrors, reason_label
from terminassistent.services.customers.edit import EDIT_FIELDS, NEW_FIELDS

_FLAGS = (("Schüler", "Schüler/in, nicht im Abschlussjahr"), ("Fallmanagement", "Fallmanagement"),
          ("beschäftigt", "sozialversicherungspflichtig beschäftigt"),
          ("Gesundheit", "schwere gesundheitliche Einschränkungen"))

_TIPS = {
    "Kundennummer": "Die Kundennummer wie im Fachverfahren (z. B. 123A456789)",
    "Geburtsdatum": "TT.MM.JJJJ",
    "PLZ": "Fünf Ziffern",
    "Vorlieben": "z. B. »nur vormittags, nicht freitags«",
    "Kooperationsplan": "Datum des aktuellen Kooperationsplans (TT.MM.JJJJ); seine Überprüfung wird dann angezeigt",
    "Letzter Kontakt": "Das letzte Beratungsgespräch vor der Aufnahme: TT.MM.JJJJ oder TT.MM.JJJJ HH:MM",
}


def _combo(words: list[str], editable: bool = False) -> QComboBox:
    box = QComboBox()
    box.addItems(words)
    box.setEditable(editable)
    return box


class CustomerDialog(QDialog):
    """Save emits ``submitted(values)``; the caller stores them and calls ``finish()`` on success or
    ``show_problems`` on a refusal (the dialog stays open with the fields marked)."""

    submitted = Signal(object)  # dict[str, str]

    def __init__(self, values: dict[str, str] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.new = values is None
        values = values or {}
        self.setWindowTitle("Neuer Kunde" if self.new else f"Kunde bearbeiten – {values.get('Nachname', '')}, "
                            f"{values.get('Vorname', '')} ({values.get('Kundennummer', '')})")
        self.errors = FieldErrors()
        self.fields: dict[str, QWidget] = {}
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        form = QFormLayout(body)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for name in NEW_FIELDS if self.new else EDIT_FIELDS:
            widget = self._widget(name)
            if name in _TIPS:
                widget.setToolTip(_TIPS[name])
                widget.setAccessibleDescription(_TIPS[name])
            widget.setAccessibleName(name)
            self.fields[name] = widget
            self.errors.add_row(form, name, f"{name}:", widget)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        if not self.new:
            outer.insertWidget(0, QLabel(f"Kundennummer: {values.get('Kundennummer', '')}"))
        self.unplaced = reason_label()
        outer.addWidget(self.unplaced)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Speichern")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Abbrechen")
        buttons.accepted.connect(lambda: self.submitted.emit(self.values()))
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self.set_values(values)
        first = self.fields["Kundennummer" if self.new else "Nachname"]
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _widget(self, name: str) -> QWidget:
        if name == "Anrede":
            return _combo(["", Salutation.FRAU.label, Salutation.HERR.label])
        if name == "Status":
            return _combo([s.label for s in Status])
        if name == "Profillage":
            return _combo(["", *(p.label for p in Profile)])
        if name == "Kanal":
            return _combo([c.label for c in Channel])
        if name == "Merkmale":
            box = QWidget()
            row = QHBoxLayout(box)
            row.setContentsMargins(0, 0, 0, 0)
            self.flag_boxes = {}
            for word, label in _FLAGS:
                check = QCheckBox(label)
                row.addWidget(check)
                self.flag_boxes[word] = check
            row.addStretch(1)
            return box
        if name == "Notiz":
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(60)
            return edit
        return QLineEdit()

    def set_values(self, values: dict[str, str]) -> None:
        for name, widget in self.fields.items():
            text = values.get(name, "")
            if isinstance(widget, QComboBox):
                found = widget.findText(text, Qt.MatchFlag.MatchFixedString)
                widget.setCurrentIndex(max(found, 0))
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(text)
            elif isinstance(widget, QLineEdit):
                widget.setText(text)
            elif name == "Merkmale":
                chosen = {w.strip().casefold() for w in text.split(",")}
                for word, check in self.flag_boxes.items():
                    check.setChecked(word.casefold() in chosen)

    def values(self) -> dict[str, str]:
        found = {}
        for name, widget in self.fields.items():
            if isinstance(widget, QComboBox):
                found[name] = widget.currentText()
            elif isinstance(widget, QPlainTextEdit):
                found[name] = widget.toPlainText()
            elif isinstance(widget, QLineEdit):
                found[name] = widget.text()
            elif name == "Merkmale":
                found[name] = ", ".join(w for w, check in self.flag_boxes.items() if check.isChecked())
        if self.new and not found.get("Letzter Kontakt", "").strip():
            found["Kanal"] = ""  # a channel only goes with a last contact
        return found

    def finish(self) -> None:
        self.accept()

    def show_problems(self, problems: dict[str, str]) -> None:
        rest = self.errors.show(problems)
        self.unplaced.setText("\n".join(rest))
        self.unplaced.setVisible(bool(rest))
