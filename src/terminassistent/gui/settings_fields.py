"""One widget for each declared setting (terminassistent.settings), made from its declaration the
way MusicBrainz Picard's option pages map declared options to widgets: a number is a spin box with
the declared range, a choice a combo box, a list a text box with one entry per line, a file or
folder a text field with "Auswählen…", a value set by the program a read-only text. The registry
stays free of Qt; nothing is written out twice.

Each field checks its value where it is typed (``setting_value``, the same check the service makes
before storing) and shows the German reason beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QSpinBox,
    QVBoxLayout, QWidget,
)  # fmt: skip

from terminassistent import settings as registry
from terminassistent.domain.model import Purpose
from terminassistent.domain.workweek import BUNDESLAENDER, REGIONAL_HOLIDAYS
from terminassistent.errors import UserError
from terminassistent.services.settings.caseworker import setting_value

# (title, filter) -> chosen path or None; "folder" as filter asks for a folder. Tests pass their own.
PickPath = Callable[[QWidget, str, str], "str | None"]


def pick_path_dialog(parent: QWidget, title: str, file_filter: str) -> str | None:
    if file_filter == "folder":
        chosen = QFileDialog.getExistingDirectory(parent, title)
    else:
        chosen, _ = QFileDialog.getOpenFileName(parent, title, "", f"{file_filter};;Alle Dateien (*)")
    return chosen or None


class SettingField(QWidget):
    """The widget of one setting; ``value()`` in the form the service stores, None for the default.
    ``touched``: the user changed it (only such fields are checked on OK and sent); ``edited`` is
    emitted when a value is complete (a text field when it is left or Enter is pressed, a box at
    once), so a file on a network share is not looked up at every keystroke."""

    edited = Signal()

    def __init__(self, spec: registry.Setting, pick: PickPath = pick_path_dialog, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec = spec
        self._pick = pick
        self.touched = False
        self.edited.connect(lambda: setattr(self, "touched", True))
        self.read_only = spec.key in registry.READ_ONLY
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.editor = self._editor()
        self.editor.setObjectName(f"setting_{spec.key}")
        self.editor.setAccessibleName(spec.title)
        tip = spec.help or spec.title
        self.editor.setToolTip(tip)
        self.editor.setAccessibleDescription(tip)
        row.addWidget(self.editor, 1)
        if spec.kind == "path" and not self.read_only:
            button = QPushButton("Auswählen…")
            button.setObjectName(f"pick_{spec.key}")
            button.clicked.connect(self._choose)
            row.addWidget(button)

    def _editor(self) -> QWidget:
        spec = self.spec
        if self.read_only:
            label = QLabel()
            label.setWordWrap(True)
            return label
        if spec.kind == "int":
            box = QSpinBox()
            box.setRange(spec.minimum if spec.minimum is not None else -(2**31),
                         spec.maximum if spec.maximum is not None else 2**31 - 1)
            box.valueChanged.connect(self.edited)
            return box
        if spec.kind == "choice":
            box = QComboBox()
            box.addItems(list(spec.choices))
            box.currentIndexChanged.connect(self.edited)
            return box
        if spec.kind == "list":
            text = QPlainTextEdit()
            text.setTabChangesFocus(True)
            text.setPlaceholderText("eine Angabe je Zeile")
            text.setFixedHeight(text.fontMetrics().lineSpacing() * 4 + 12)
            text.textChanged.connect(lambda: setattr(self, "touched", True))
            return text
        line = QLineEdit()
        line.setClearButtonEnabled(True)
        if spec.kind == "path":
            line.setPlaceholderText("leer: " + ("mitgelieferte Fassung" if spec.key != registry.LOGO.key else "ohne"))
        line.textEdited.connect(lambda _text: setattr(self, "touched", True))
        line.editingFinished.connect(lambda: self.touched and self.edited.emit())
        return line

    def set_value(self, value: Any) -> None:
        e = self.editor
        if self.read_only:
            e.setText(str(value) if value not in (None, "") else "–")
        elif isinstance(e, QSpinBox):
            e.setValue(int(value))
        elif isinstance(e, QComboBox):
            e.setCurrentIndex(max(0, e.findText(str(value))))
        elif isinstance(e, QPlainTextEdit):
            e.setPlainText("\n".join(value or ()))
        else:
            e.setText(str(value or ""))
        self.touched = False

    def value(self) -> Any:
        """The typed value (a list for a list, an int for a number); None: back to the default."""
        e = self.editor
        if isinstance(e, QSpinBox):
            return e.value()
        if isinstance(e, QComboBox):
            return e.currentText()
        if isinstance(e, QPlainTextEdit):
            lines = [line.strip() for line in e.toPlainText().splitlines() if line.strip()]
            return None if not lines and self.spec.default is None else lines
        return e.text().strip()

    def problem(self) -> str | None:
        """Why the typed value would be refused, in German; None when it is fine."""
        if self.read_only:
            return None
        try:
            setting_value(self.spec.key, self.value())
        except UserError as err:
            return str(err)
        return None

    def _choose(self) -> None:
        chosen = self._pick(self, self.spec.title, self.spec.pick or "Alle Dateien (*)")
        if chosen:
            self.editor.setText(chosen)
            self.edited.emit()


class CheckListField(SettingField):
    """A list setting whose entries come from a closed list: one check box each (the purposes of
    § 309 Abs. 2 SGB III, the regional holiday rules)."""

    def __init__(self, spec: registry.Setting, options: list[tuple[str, str, str]], parent: QWidget | None = None):
        self._options = options  # (stored word, label, tooltip)
        super().__init__(spec, parent=parent)

    def _editor(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        self.checks: dict[str, QCheckBox] = {}
        for word, label, tip in self._options:
            check = QCheckBox(label)
            check.setToolTip(tip)
            check.toggled.connect(self.edited)
            column.addWidget(check)
            self.checks[word] = check
        return box

    def set_value(self, value: Any) -> None:
        chosen = {self._normal(word) for word in value or ()}
        for word, check in self.checks.items():
            check.setChecked(word in chosen)
        self.touched = False

    def value(self) -> Any:
        return [word for word, check in self.checks.items() if check.isChecked() and check.isEnabled()]

    def _normal(self, word: str) -> str:
        """A stored entry in the spelling of its check box (a purpose may be stored as "2")."""
        if self.spec is registry.PURPOSES:
            try:
                return Purpose.parse(word).value
            except ValueError:
                return word
        return str(word).strip().lower()


def purposes_field(parent: QWidget | None = None) -> CheckListField:
    options = [(p.value, f"Nr. {p.number}: {p.label}", p.label) for p in Purpose]
    return CheckListField(registry.PURPOSES, options, parent)


def regional_field(parent: QWidget | None = None) -> CheckListField:
    options = [(key, f"{key}: {text}", "gilt in " + ", ".join(BUNDESLAENDER[land] for land in lands))
               for key, (lands, text) in REGIONAL_HOLIDAYS.items()]
    return CheckListField(registry.REGIONAL_HOLIDAYS, options, parent)


def field_for(spec: registry.Setting, pick: PickPath = pick_path_dialog, parent: QWidget | None = None) -> SettingField:
    if spec is registry.PURPOSES:
        return purposes_field(parent)
    if spec is registry.REGIONAL_HOLIDAYS:
        return regional_field(parent)
    return SettingField(spec, pick, parent)
