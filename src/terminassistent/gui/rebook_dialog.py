"""After Abwesenheit eintragen…: the booked appointments inside the absence, each with its proposed
new date (services/scheduling/rebooking.py) and a tick the caseworker removes for any they would
rather move by hand; "Verschieben" moves the ticked ones in one step (one Rückgängig), after which
the series letter of the new dates opens in the print preview."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from terminassistent.domain.model import BERLIN, Appointment
from terminassistent.services.scheduling.rebooking import Rebooking

WEEKDAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")


def when(moment: dt.datetime) -> str:
    moment = moment.astimezone(BERLIN)
    return f"{WEEKDAYS[moment.weekday()]} {moment:%d.%m.%Y %H:%M} Uhr"


def rebooking_line(r: Rebooking) -> str:
    new = when(r.start) if r.start else "kein Vorschlag"
    return f"{r.name} ({r.appointment.customer_no}): {when(r.appointment.start)}  →  {new}"


class RebookDialog(QDialog):
    def __init__(self, rebookings: tuple[Rebooking, ...], absence: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.rebookings = rebookings
        self.setWindowTitle("Termine in der Abwesenheit verschieben")
        layout = QVBoxLayout(self)
        count = len(rebookings)
        text = QLabel(f"In der Abwesenheit ({absence}) {'liegt ein gebuchter Termin' if count == 1 else f'liegen {count} gebuchte Termine'}. "
                      "Vorgeschlagen ist je ein neuer Termin außerhalb der Abwesenheit im Zeitfenster der Kundin "
                      "oder des Kunden; die neue Einladung geht per Post. Entfernen Sie den Haken bei Terminen, die "
                      "Sie selbst verschieben möchten (Termin → Verschieben…).")
        text.setWordWrap(True)
        layout.addWidget(text)
        self.list = QListWidget()
        for r in rebookings:
            item = QListWidgetItem(rebooking_line(r))
            item.setToolTip("\n".join(r.reasons))
            if r.start is None:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                item.setForeground(Qt.GlobalColor.darkRed)
            else:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        self.list.itemChanged.connect(lambda _item: self._count())
        self.list.itemActivated.connect(lambda _item: self.accept() if self.chosen() else None)
        layout.addWidget(self.list, 1)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        buttons = QDialogButtonBox()
        self.move_button = buttons.addButton("Verschieben und Einladungen zeigen", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Nicht verschieben", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if rebookings:
            self.list.setCurrentRow(0)
        self.list.setFocus()
        self.resize(820, 420)
        self._count()

    def chosen(self) -> list[tuple[Appointment, dt.datetime]]:
        return [(r.appointment, r.start) for i, r in enumerate(self.rebookings)
                if r.start is not None and self.list.item(i).checkState() == Qt.CheckState.Checked]

    def _count(self) -> None:
        ticked = len(self.chosen())
        unplaced = sum(1 for r in self.rebookings if r.start is None)
        self.summary.setText(f"{ticked} von {len(self.rebookings)} Terminen werden verschoben."
                             + (f" Für {unplaced} fand sich kein freier Termin." if unplaced else ""))
        self.move_button.setEnabled(ticked > 0)
