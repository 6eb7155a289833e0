"""The parts of the settings dialog that are the caseworker's own record rather than declared
settings: Person und Dienststelle, the working week (several intervals a day, part-time hours and
the full-time reference), the Bundesland with its holidays, and the choice of a bundled policy.
The first-start wizard uses the same Person page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QComboBox, QDoubleSpinBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QWidget,
)  # fmt: skip

from terminassistent.domain.model import WEEKDAYS_DE, Caseworker
from terminassistent.domain.policy_model import Policy
from terminassistent.domain.quota import german_number
from terminassistent.domain.workweek import BUNDESLAENDER, HolidayCalendar, default_pattern
from terminassistent.errors import InvalidInput
from terminassistent.gui.forms_support import FieldErrors
from terminassistent.services.settings.caseworker import DAY_KEYS, parse_pattern_day

_PERSON = (
    ("name", "Ihr Name:", "So steht er als Absender auf jeder Einladung, z. B. »Frau Petra Muster«."),
    ("office", "Jobcenter / Dienststelle:", "Eine Zeile je Briefkopfzeile: Name des Jobcenters, Team, Straße, PLZ Ort."),
    ("room", "Zimmer:", "Wo die Kundin oder der Kunde Sie findet, z. B. »E.14«."),
    ("phone", "Telefon:", "Ihre Durchwahl für Rückfragen und Terminverschiebungen."),
    ("email", "E-Mail:", "Die Adresse, unter der Kundinnen und Kunden Sie erreichen."),
)


class PersonPage:
    """Name, Dienststelle (several lines), room, phone and e-mail, each tied to its field."""

    def __init__(self, cw: Caseworker, errors: FieldErrors):
        self.errors = errors
        self.widgets: dict[str, QLineEdit | QPlainTextEdit] = {}
        for key, _label, tip in _PERSON:
            if key == "office":
                widget = QPlainTextEdit(cw.office)
                widget.setTabChangesFocus(True)
                widget.setFixedHeight(widget.fontMetrics().lineSpacing() * 5 + 12)
            else:
                widget = QLineEdit(getattr(cw, key))
            widget.setObjectName(f"person_{key}")
            widget.setToolTip(tip)
            widget.setAccessibleDescription(tip)
            self.widgets[key] = widget

    def form_into(self, form: QFormLayout) -> None:
        for key, label, _tip in _PERSON:
            self.errors.add_row(form, key, label, self.widgets[key])

    def first_field(self) -> QWidget:
        return self.widgets["name"]

    def values(self) -> dict[str, str]:
        return {k: (w.toPlainText() if isinstance(w, QPlainTextEdit) else w.text()).strip() for k, w in self.widgets.items()}


def hours_box(value: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(0.5, 60)
    box.setDecimals(2)  # 29,25 Stunden are 75 % of 39
    box.setSingleStep(0.25)
    box.setSuffix(" Stunden")
    box.setValue(value)
    return box


def day_text(ranges) -> str:
    return ", ".join(str(r) for r in ranges)


class WorkTimePage:
    """The weekly hours, the full-time reference and one line of intervals per day of the week
    ("07:30-12:00, 12:30-16:00"; empty: no working day), the sum shown as it is typed."""

    def __init__(self, cw: Caseworker, errors: FieldErrors):
        self.errors = errors
        self.weekly = hours_box(cw.weekly_hours)
        self.weekly.setObjectName("weekly_hours")
        self.full = hours_box(cw.full_time_hours)
        self.full.setObjectName("full_time_hours")
        self.full.setToolTip("Die Wochenstunden einer Vollzeitstelle; Quote und Höchstzahl je Woche gelten anteilig.")
        self.days: dict[str, QLineEdit] = {}
        for day, key in enumerate(DAY_KEYS):
            line = QLineEdit(day_text(cw.pattern.get(day, ())))
            line.setObjectName(f"pattern_{key}")
            line.setPlaceholderText("frei" if day < 5 else "frei (Wochenende)")
            line.setToolTip("Arbeitszeiten dieses Tages, z. B. 07:30-12:00, 12:30-16:00 (Pausen dazwischen frei)")
            line.textEdited.connect(lambda _text, key=key: self._day_edited(key))
            self.days[key] = line
        self.suggest = QPushButton("Arbeitszeiten aus den Wochenstunden vorschlagen")
        self.suggest.clicked.connect(self._suggest)
        self.sum = QLabel()
        self.sum.setObjectName("pattern_sum")
        self.weekly.valueChanged.connect(self._show_sum)
        self._show_sum()

    def form_into(self, form: QFormLayout) -> None:
        self.errors.add_row(form, "weekly_hours", "Ihre Wochenarbeitszeit:", self.weekly)
        self.errors.add_row(form, "full_time_hours", "Vollzeit entspricht:", self.full)
        for day, key in enumerate(DAY_KEYS):
            self.errors.add_row(form, f"pattern.{key}", f"{WEEKDAYS_DE[day]}:", self.days[key])
        form.addRow("", self.sum)
        form.addRow("", self.suggest)

    def _ranges(self, key: str):
        text = self.days[key].text().strip()
        return parse_pattern_day(f"{key}={text}")[1]

    def _day_edited(self, key: str) -> None:
        try:
            self._ranges(key)
        except (InvalidInput, ValueError) as err:
            self.errors.mark(f"pattern.{key}", str(err))
        else:
            self.errors.mark(f"pattern.{key}", None)
        self._show_sum()

    def problems(self) -> dict[str, str]:
        found = {}
        for key in DAY_KEYS:
            try:
                self._ranges(key)
            except (InvalidInput, ValueError) as err:
                found[f"pattern.{key}"] = str(err)
        return found

    def _show_sum(self) -> None:
        minutes = 0
        for key in DAY_KEYS:
            try:
                minutes += sum(r.minutes for r in self._ranges(key))
            except (InvalidInput, ValueError):
                pass
        hours = minutes / 60
        text = f"Die Arbeitszeiten ergeben {german_number(hours)} Stunden in der Woche."
        if abs(hours - self.weekly.value()) > 0.5:
            text += f" Das weicht von der Wochenarbeitszeit ({german_number(self.weekly.value())} Stunden) ab."
        self.sum.setText(text)

    def _suggest(self) -> None:
        pattern = default_pattern(self.weekly.value())
        for day, key in enumerate(DAY_KEYS):
            self.days[key].setText(day_text(pattern.get(day, ())))
            self.errors.mark(f"pattern.{key}", None)
        self._show_sum()

    def values(self) -> dict[str, float]:
        return {"weekly_hours": self.weekly.value(), "full_time_hours": self.full.value()}

    def changed_days(self, cw: Caseworker) -> list[str]:
        """``mo=…`` for every day whose intervals differ from the stored pattern."""
        changed = []
        for day, key in enumerate(DAY_KEYS):
            text = self.days[key].text().strip()
            try:
                if self._ranges(key) == tuple(cw.pattern.get(day, ())):
                    continue
            except (InvalidInput, ValueError):
                pass
            changed.append(f"{key}={text}")
        return changed


class HolidayPreview(QObject):
    """The Bundesland as a choice by name, and the holidays it brings this year and next."""

    land_changed = Signal(str)

    def __init__(self, land: str):
        super().__init__()
        self.land = QComboBox()
        self.land.setObjectName("bundesland")
        for code, name in sorted(BUNDESLAENDER.items(), key=lambda item: item[1]):
            self.land.addItem(name, code)
        self.land.setCurrentIndex(max(0, self.land.findData(land)))
        self.land.currentIndexChanged.connect(lambda _i: self.land_changed.emit(self.land.currentData()))
        self.listing = QLabel()
        self.listing.setObjectName("holiday_listing")
        self.listing.setWordWrap(True)

    def show_days(self, land: str, regional: list[str], today: dt.date | None = None) -> None:
        today = today or dt.date.today()
        try:
            days = HolidayCalendar(land, regional).between(today.replace(month=1, day=1), dt.date(today.year + 1, 12, 31))
        except InvalidInput as err:
            self.listing.setText(str(err))
            return
        self.listing.setText("; ".join(f"{d:%d.%m.%Y} {name}" for d, name in days.items()))


class PolicyChoice:
    """The bundled Kontaktdichtekonzepte by title, each with issuer and validity."""

    def __init__(self, policies: tuple[Policy, ...], current: str):
        self.combo = QComboBox()
        self.combo.setObjectName("policy_id")
        self._policies = {p.id: p for p in policies}
        for p in policies:
            self.combo.addItem(p.title, p.id)
        if current not in self._policies:  # stored by an older version or by hand: kept, never replaced silently
            self.combo.addItem(f"{current} (nicht mitgeliefert)", current)
        self.combo.setCurrentIndex(max(0, self.combo.findData(current)))
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.combo.currentIndexChanged.connect(self._show)
        self._show()

    def _show(self, *_: Any) -> None:
        p = self._policies.get(self.combo.currentData())
        if p is None:
            self.details.setText("")
            return
        since = f"ab {p.valid_from:%d.%m.%Y}" if p.valid_from else ""
        until = f"bis {p.valid_until:%d.%m.%Y}" if p.valid_until else ""
        validity = "gültig " + " ".join(x for x in (since, until) if x) if since or until else "ohne Befristung"
        self.details.setText(f"{p.issuer}; {validity}. Ein eigenes Konzept des Jobcenters (Einstellungen) geht vor.")
