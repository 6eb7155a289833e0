"""Termin > Verschieben…: another day and time for a booked appointment, from the caseworker's free
starts of the chosen day (the appointment's own time counts as free). The appointment keeps its
identity: the calendar file's UID stays, its SEQUENCE goes up, and the new letter is offered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QListWidget, QListWidgetItem, QWidget,
)  # fmt: skip

from terminassistent.domain.model import BERLIN, Appointment

WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")


class MoveDialog(QDialog):
    def __init__(self, appointment: Appointment, name: str, free_starts: Callable[[dt.date], list[dt.datetime]],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.appointment = appointment
        self._free_starts = free_starts
        start = appointment.start.astimezone(BERLIN)
        self.setWindowTitle("Termin verschieben")
        form = QFormLayout(self)
        form.addRow(QLabel(f"{name}: {appointment.kind.label} ({appointment.channel.label}) am "
                           f"{WEEKDAYS[start.weekday()]}, {start:%d.%m.%Y} um {start:%H:%M} Uhr"))
        self.day = QDateEdit(QDate(start.year, start.month, start.day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd.MM.yyyy")
        self.day.dateChanged.connect(lambda _d: self._fill())
        form.addRow("Neuer Tag:", self.day)
        self.starts = QListWidget()
        self.starts.itemActivated.connect(lambda _item: self.accept())
        form.addRow("Freie Zeiten:", self.starts)
        self.empty = QLabel()
        form.addRow(self.empty)
        buttons = QDialogButtonBox()
        self.move_button = buttons.addButton("Verschieben", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Abbrechen", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._fill()

    def _fill(self) -> None:
        day = self.day.date().toPython()
        self.starts.clear()
        minutes = self.appointment.minutes
        for start in self._free_starts(day):
            if start == self.appointment.start.astimezone(BERLIN):
                continue  # where it is already
            item = QListWidgetItem(f"{start:%H:%M}–{start + dt.timedelta(minutes=minutes):%H:%M} Uhr")
            item.setData(Qt.ItemDataRole.UserRole, start)
            self.starts.addItem(item)
        self.empty.setText("" if self.starts.count() else
                           f"Am {day:%d.%m.%Y} ist keine Zeit frei (oder es ist kein Arbeitstag).")
        self.move_button.setEnabled(self.starts.count() > 0)
        if self.starts.count():
            self.starts.setCurrentRow(0)
        self.starts.setFocus()

    def chosen(self) -> dt.datetime | None:
        item = self.starts.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None
