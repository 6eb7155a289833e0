"""Datei > Einstellungen… (Strg+,): the caseworker's own data, working week, holidays and policy,
and every declared setting on the page the registry names (settings.PAGES).

Each value is checked where it is typed, with the German reason beside the field; "OK" hands every
change of the dialog to the service at once (one transaction, one undo step). A refusal keeps the
dialog open, marks the fields it names and shows the page of the first one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QListWidget, QScrollArea, QStackedWidget,
    QVBoxLayout, QWidget,
)  # fmt: skip

from terminassistent import settings as registry
from terminassistent.domain.workweek import REGIONAL_HOLIDAYS
from terminassistent.gui.forms_support import FieldErrors, reason_label
from terminassistent.gui.settings_fields import PickPath, SettingField, field_for, pick_path_dialog
from terminassistent.gui.settings_pages import HolidayPreview, PersonPage, PolicyChoice, WorkTimePage
from terminassistent.services.settings.access import SettingsSnapshot


@dataclass
class SettingsRequest:
    """The changes of one "OK": Caseworker fields, pattern days ("mo=07:30-12:00") and settings."""

    changes: dict[str, Any] = field(default_factory=dict)
    pattern_days: list[str] = field(default_factory=list)
    settings: list[tuple[str, Any]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changes or self.pattern_days or self.settings)


class SettingsDialog(QDialog):
    """OK emits ``submitted(SettingsRequest)``; the caller stores it and calls ``finish()`` or
    ``show_problems({field: reason})``."""

    submitted = Signal(object)

    def __init__(self, snapshot: SettingsSnapshot, parent: QWidget | None = None, *, pick: PickPath = pick_path_dialog):
        super().__init__(parent)
        self.setWindowTitle("Einstellungen")
        self.snapshot = snapshot
        self.errors = FieldErrors()
        self.fields: dict[str, SettingField] = {}
        self._page_of: dict[str, int] = {}
        self.pages = QListWidget()
        self.pages.setObjectName("settings_pages")
        self.stack = QStackedWidget()
        self.pages.currentRowChanged.connect(self.stack.setCurrentIndex)
        cw = snapshot.caseworker
        self.person = PersonPage(cw, self.errors)
        self.work = WorkTimePage(cw, self.errors)
        self._add_page("Person und Dienststelle", self.person.form_into)
        self._add_page("Arbeitszeit", self.work.form_into)
        for title, specs in registry.PAGES:
            self._add_page(title, lambda form, specs=specs, title=title: self._registry_rows(form, title, specs, pick))
        self.regional = self.fields[registry.REGIONAL_HOLIDAYS.key]
        self.holidays.land_changed.connect(self._land_changed)
        self.regional.edited.connect(lambda: self.holidays.show_days(self.holidays.land.currentData(),
                                                                     self.regional.value()))
        self._land_changed(cw.bundesland)
        body = QHBoxLayout()
        self.pages.setFixedWidth(self.pages.sizeHintForColumn(0) + 32)
        body.addWidget(self.pages)
        body.addWidget(self.stack, 1)
        outer = QVBoxLayout(self)
        outer.addLayout(body, 1)
        self.unplaced = reason_label()
        outer.addWidget(self.unplaced)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("OK")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Abbrechen")
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.pages.setCurrentRow(0)
        self.resize(900, 640)
        if snapshot.problems:  # stored values the registry refuses: shown at their fields, defaults in the widgets
            self.errors.show(snapshot.problems)
            for key in snapshot.problems:
                if key in self.fields:
                    self.fields[key].touched = True
        self.person.first_field().setFocus(Qt.FocusReason.OtherFocusReason)

    # -- building -------------------------------------------------------------------------------

    def _add_page(self, title: str, fill) -> None:
        body = QWidget()
        form = QFormLayout(body)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        heading = QLabel(f"<b>{title}</b>")
        form.addRow(heading)
        before = set(self.errors.widgets)
        fill(form)
        index = self.stack.count()
        for key in set(self.errors.widgets) - before:
            self._page_of[key] = index
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        self.stack.addWidget(scroll)
        self.pages.addItem(title)

    def _registry_rows(self, form: QFormLayout, title: str, specs: tuple[registry.Setting, ...], pick: PickPath) -> None:
        if title == "Feiertage":
            self.holidays = HolidayPreview(self.snapshot.caseworker.bundesland)
            self.errors.add_row(form, "bundesland", "Bundesland:", self.holidays.land)
        if title == "Kontaktdichtekonzept":
            self.policy = PolicyChoice(self.snapshot.policies, self.snapshot.caseworker.policy_id)
            self.errors.add_row(form, "policy_id", "Mitgeliefertes Konzept:", self.policy.combo)
            form.addRow("", self.policy.details)
        for spec in specs:
            widget = field_for(spec, pick)
            widget.set_value(self.snapshot.values.get(spec.key, spec.default))
            widget.edited.connect(lambda w=widget: self._check(w))
            self.fields[spec.key] = widget
            label = QLabel(spec.title + ":")
            label.setWordWrap(True)
            label.setBuddy(widget.editor)
            self.errors.add_row(form, spec.key, label, widget)
        if title == "Feiertage":
            form.addRow("Feiertage in diesem und im nächsten Jahr:", self.holidays.listing)

    def _check(self, widget: SettingField) -> None:
        """Show or clear the reason beside one field as its value is typed."""
        problem = widget.problem()
        self.errors.mark(widget.spec.key, problem)

    def _land_changed(self, land: str) -> None:
        for key, check in self.regional.checks.items():
            lands = REGIONAL_HOLIDAYS[key][0]
            allowed = land in lands
            check.setEnabled(allowed)
            where = "gilt in " + ", ".join(lands)
            check.setToolTip(where if allowed else f"Gilt nicht im gewählten Bundesland ({where}).")
        self.holidays.show_days(land, self.regional.value())

    # -- the result -----------------------------------------------------------------------------

    def request(self) -> SettingsRequest:
        """Everything changed against the snapshot (unchanged values are not sent)."""
        req = SettingsRequest()
        cw = self.snapshot.caseworker
        person = {**self.person.values(), **self.work.values(),
                  "bundesland": self.holidays.land.currentData(), "policy_id": self.policy.combo.currentData()}
        req.changes = {k: v for k, v in person.items() if _differs(v, getattr(cw, k))}
        req.pattern_days = self.work.changed_days(cw)
        for key, widget in self.fields.items():
            if widget.read_only or not widget.touched:
                continue
            value = widget.value()
            old = self.snapshot.values.get(key)
            if _comparable(value) != _comparable(old) or key in self.snapshot.problems:
                req.settings.append((key, value))
        return req

    def _submit(self) -> None:
        problems = {key: p for key, w in self.fields.items() if w.touched and (p := w.problem())}
        problems.update(self.work.problems())
        if problems:
            self.show_problems(problems)
            return
        req = self.request()
        if not req:
            self.accept()
            return
        self.submitted.emit(req)

    def show_problems(self, problems: dict[str, str]) -> None:
        unplaced = self.errors.show(problems)
        self.unplaced.setText("\n".join(unplaced))
        self.unplaced.setVisible(bool(unplaced))
        placed = [k for k in problems if k in self._page_of]
        first = min(placed, key=lambda k: self._page_of[k]) if placed else None
        if first is not None:
            self.pages.setCurrentRow(self._page_of[first])
            self.errors.widgets[first].setFocus(Qt.FocusReason.OtherFocusReason)

    def finish(self) -> None:
        self.accept()


def _differs(new: Any, old: Any) -> bool:
    """Hours shown with two decimals are unchanged when they round to the stored value."""
    if isinstance(new, float) and isinstance(old, (int, float)):
        return round(new, 2) != round(float(old), 2)
    return new != old


def _comparable(value: Any) -> Any:
    return tuple(value) if isinstance(value, (list, tuple)) else value
