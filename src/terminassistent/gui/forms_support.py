"""Marking the fields a refusal names: a red frame on the widget, the German reason beside it in
a label (not only in a tooltip), and the keyboard focus on the first bad field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

INVALID_STYLE = "border: 2px solid #b3261e; border-radius: 3px;"


def reason_label() -> QLabel:
    """A hidden, wrapping line in the colour of a refusal, for a German reason shown when needed."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #b3261e;")
    label.setVisible(False)
    return label


class FieldErrors:
    """The fields of one form by key (a service's FieldProblems keys), each with its reason label."""

    def __init__(self) -> None:
        self.widgets: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.tips: dict[str, str] = {}  # each widget's own help, given back when its mark is cleared

    def add_row(self, form: QFormLayout, key: str, label: str | QWidget, widget: QWidget) -> QLabel:
        """A form row for ``widget`` with its (hidden) reason label under it."""
        form.addRow(label, widget)
        reason = reason_label()
        reason.setObjectName(f"reason_{key}")
        form.addRow("", reason)
        self.widgets[key], self.labels[key], self.tips[key] = widget, reason, widget.toolTip()
        return reason

    def show(self, problems: dict[str, str]) -> list[str]:
        """Mark each named field; returns the reasons that name no field of this form."""
        self.clear()
        unplaced = []
        first = None
        for key, message in problems.items():
            widget = self.widgets.get(key)
            if widget is None:
                unplaced.append(message)
                continue
            widget.setStyleSheet(INVALID_STYLE)
            widget.setToolTip(message)
            self.labels[key].setText(message)
            self.labels[key].setVisible(True)
            first = first or widget
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        return unplaced

    def mark(self, key: str, message: str | None) -> None:
        """Mark one field with its reason (as it is typed), or clear it when ``message`` is None."""
        widget, label = self.widgets[key], self.labels[key]
        widget.setStyleSheet(INVALID_STYLE if message else "")
        widget.setToolTip(message or self.tips.get(key, ""))
        label.setText(message or "")
        label.setVisible(bool(message))

    def clear(self) -> None:
        for key, widget in self.widgets.items():
            widget.setStyleSheet("")
            widget.setToolTip(self.tips.get(key, ""))
            self.labels[key].setVisible(False)

    def marked(self) -> dict[str, str]:
        """The fields marked now, with their reasons (what a user sees on the form)."""
        return {k: label.text() for k, label in self.labels.items() if not label.isHidden()}


def mark_fields(widgets: dict[str, QWidget], problems: dict[str, str]) -> None:
    """Mark fields that have no reason label of their own: frame, tooltip, focus."""
    first = None
    for key, message in problems.items():
        widget = widgets.get(key)
        if widget is not None:
            widget.setStyleSheet(INVALID_STYLE)
            widget.setToolTip(message)
            first = first or widget
    if first is not None:
        first.setFocus(Qt.FocusReason.OtherFocusReason)
