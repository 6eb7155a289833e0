"""Choosing the next appointment: the proposals (best first, selected), "Anderer Termin…", and
the appointment's channel and purposes (§ 309 Abs. 2 SGB III), preset and visibly chosen.

Used by the conclusion dialog and by "Termin vorschlagen…"; it knows no database: the dialog
gives it a Proposal and, for "Anderer Termin…", a function returning a day's free start times.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from terminassistent.domain.model import BERLIN, WEEKDAYS_DE, Channel, Purpose
from terminassistent.gui.customer_table import date_text
from terminassistent.services.scheduling.proposals import Proposal

SLOT_ROLE = Qt.ItemDataRole.UserRole
SHORT_PURPOSES = {  # the check boxes' short words; the full wording of the statute is their tooltip
    Purpose.BERUFSBERATUNG: "Berufsberatung",
    Purpose.VERMITTLUNG: "Vermittlung",
    Purpose.ARBEITSFOERDERUNG: "Arbeitsförderung",
    Purpose.LEISTUNGSVERFAHREN: "Leistungsverfahren",
    Purpose.ANSPRUCHSPRUEFUNG: "Anspruchsprüfung",
}
# free_starts(day) -> the free start times of that day. A small read (one day of the calendar), run
# when the user picks a day, like a combo box filling itself.
FreeStarts = Callable[[dt.date], list[dt.datetime]]


def slot_text(start: dt.datetime, end: dt.datetime) -> str:
    local = start.astimezone(BERLIN)
    return f"{WEEKDAYS_DE[local.weekday()]}, {date_text(local.date())}, {local:%H:%M}–{end.astimezone(BERLIN):%H:%M} Uhr"


def window_sentence(proposal: Proposal) -> str:
    """The due window in one German sentence, with the rule and where it stands in the policy."""
    w = proposal.window
    latest = f"spätestens {date_text(w.latest)}" if w.latest else "keine Frist nach dem Kontaktdichtekonzept"
    rule = ""
    a = proposal.assessment
    if a is not None and a.rule is not None:
        source = a.rule.source
        rule = f" (Regel »{a.group}«: {a.density}; Quelle: {source.document}, {source.section})"
    return f"Nächster Termin empfohlen ab {date_text(w.earliest)}, {latest}{rule}."


class ProposalPicker(QWidget):
    chosen = Signal()  # a proposal was double-clicked: book it

    def __init__(self, free_starts: FreeStarts, today: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self._free_starts = free_starts
        self._today = today
        self._minutes = 45
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.window_label = QLabel()
        self.window_label.setWordWrap(True)
        layout.addWidget(self.window_label)
        self.list = QListWidget()
        self.list.setAccessibleName("Terminvorschläge, der beste zuerst")
        self.list.setMinimumHeight(150)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)  # the reasons are in each item's tooltip too
        self.list.setSpacing(2)
        self.list.itemDoubleClicked.connect(lambda _item: self.chosen.emit())
        layout.addWidget(self.list, 1)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color: #8a4b00;")
        layout.addWidget(self.notes)
        row = QHBoxLayout()
        self.other_button = QPushButton("Anderer Termin …")
        self.other_button.setToolTip("Einen anderen freien Termin wählen (Tag und Uhrzeit)")
        self.other_button.setAutoDefault(False)  # Enter books the proposal; it never opens this
        self.other_button.clicked.connect(self.pick_other)
        row.addWidget(self.other_button)
        row.addStretch(1)
        layout.addLayout(row)
        details = QFormLayout()
        self.channel = QComboBox()
        for channel in Channel:
            self.channel.addItem(channel.label, channel)
        self.channel.setAccessibleName("Kanal des nächsten Termins")
        details.addRow("&Kanal des Termins:", self.channel)
        purposes = QGridLayout()
        self.purposes: dict[Purpose, QCheckBox] = {}
        for n, purpose in enumerate(Purpose):
            box = QCheckBox(f"Nr. {purpose.number} {SHORT_PURPOSES[purpose]}")
            box.setToolTip(f"§ 309 Abs. 2 Nr. {purpose.number} SGB III: {purpose.label}")
            box.setAccessibleName(purpose.label)
            purposes.addWidget(box, n // 3, n % 3)
            self.purposes[purpose] = box
        details.addRow("Meldezweck(e):", purposes)
        layout.addLayout(details)

    def show_proposal(self, proposal: Proposal, purposes: Sequence[Purpose] | None = None) -> None:
        self._minutes = proposal.minutes
        self.window_label.setText(window_sentence(proposal))
        a = proposal.assessment
        self.window_label.setToolTip(a.source or "" if a is not None else "")
        self.list.clear()
        for slot in proposal.slots:
            self._add(slot.start, slot.end, "; ".join(slot.reasons))
        self.notes.setText("\n".join(proposal.notes))
        self.notes.setVisible(bool(proposal.notes))
        if purposes is not None:
            for purpose, box in self.purposes.items():
                box.setChecked(purpose in purposes)
        if self.list.count():
            self.list.setCurrentRow(0)

    def _add(self, start: dt.datetime, end: dt.datetime, reasons: str) -> QListWidgetItem:
        item = QListWidgetItem(f"{slot_text(start, end)}\n      {reasons}" if reasons else slot_text(start, end))
        item.setData(SLOT_ROLE, (start, end))
        item.setToolTip(reasons)
        self.list.addItem(item)
        return item

    def pick_other(self) -> None:
        first = self.selected_start()
        dialog = OtherTimeDialog(self._free_starts, self._minutes, first.date() if first else self._today, self)
        dialog.setObjectName("other_time_dialog")
        dialog.accepted.connect(lambda: self._take_other(dialog.start()))
        dialog.open()

    def _take_other(self, start: dt.datetime | None) -> None:
        if start is None:
            return
        item = self._add(start, start + dt.timedelta(minutes=self._minutes), "selbst gewählt")
        self.list.setCurrentItem(item)
        self.list.setFocus()

    def selected_start(self) -> dt.datetime | None:
        item = self.list.currentItem()
        return item.data(SLOT_ROLE)[0] if item is not None else None

    def selected_channel(self) -> Channel:
        return Channel(self.channel.currentData())  # a combo box keeps the enum's value as text

    def selected_purposes(self) -> list[Purpose]:
        return [p for p, box in self.purposes.items() if box.isChecked()]


def booking_buttons(dialog: QDialog, only_label: str) -> tuple[QDialogButtonBox, QPushButton, QPushButton]:
    """"Buchen und Einladung drucken" (the default: Enter), ``only_label`` (without the letter, or
    without a booking) and "Abbrechen" (Escape); no other button of the dialog takes Enter."""
    buttons = QDialogButtonBox()
    book = QPushButton("Buchen und Einladung drucken")
    only = QPushButton(only_label)
    cancel = QPushButton("Abbrechen")
    buttons.addButton(book, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton(only, QDialogButtonBox.ButtonRole.ActionRole)
    buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
    book.setDefault(True)
    for button in (only, cancel):
        button.setAutoDefault(False)
    book.clicked.connect(dialog.accept)
    cancel.clicked.connect(dialog.reject)
    return buttons, book, only


class OtherTimeDialog(QDialog):
    """Any free time: a day, then one of its free start times."""

    def __init__(self, free_starts: FreeStarts, minutes: int, day: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Anderer Termin")
        self._free_starts = free_starts
        layout = QFormLayout(self)
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dddd, dd.MM.yyyy")
        self.day.setDate(QDate(day.year, day.month, day.day))
        layout.addRow("&Tag:", self.day)
        self.times = QListWidget()
        self.times.setAccessibleName(f"Freie Anfangszeiten für {minutes} Minuten")
        layout.addRow("&Uhrzeit:", self.times)
        self.empty = QLabel("")
        layout.addRow(self.empty)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Übernehmen")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Abbrechen")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)
        self.day.dateChanged.connect(self._fill)
        self._fill()

    def set_day(self, day: dt.date) -> None:
        self.day.setDate(QDate(day.year, day.month, day.day))

    def _fill(self) -> None:
        q = self.day.date()
        starts = self._free_starts(dt.date(q.year(), q.month(), q.day()))
        self.times.clear()
        for start in starts:
            item = QListWidgetItem(f"{start.astimezone(BERLIN):%H:%M} Uhr")
            item.setData(SLOT_ROLE, start)
            self.times.addItem(item)
        self.empty.setText("" if starts else "An diesem Tag ist keine Zeit frei (Arbeitszeit, Termine, Abwesenheit).")
        if starts:
            self.times.setCurrentRow(0)

    def start(self) -> dt.datetime | None:
        item = self.times.currentItem()
        return item.data(SLOT_ROLE) if item is not None else None

