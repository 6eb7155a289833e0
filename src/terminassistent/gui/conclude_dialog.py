""""Gespräch abschließen…": the moment the program exists for (../shared/DESKTOP.md).

The dialog opens filled in from a ConclusionDraft: the conversation as held now, in person, as a
Beratungsvermerk; the customer's appointment of today as the one being held; the due window in
one sentence; the proposals, best first and selected, with the keyboard focus. Enter books the
selected proposal (the default button); Escape leaves everything as it was. The dialog only
collects the choices: ``request()`` returns them for the conclude service.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from terminassistent.domain.model import BERLIN, Channel, ContactKind, Deviation, Purpose
from terminassistent.gui.customer_table import date_text
from terminassistent.gui.forms_support import mark_fields
from terminassistent.gui.proposal_picker import FreeStarts, ProposalPicker, booking_buttons
from terminassistent.services.conversation.conclude import ConclusionDraft


@dataclass(frozen=True)
class ConclusionRequest:
    customer_no: str
    at: dt.datetime
    channel: Channel
    kind: ContactKind
    note: str
    hold_todays: bool
    deviation: Deviation | None
    next_start: dt.datetime | None
    next_channel: Channel
    next_purposes: tuple[Purpose, ...]
    replace_booked: bool


class ConcludeDialog(QDialog):
    def __init__(self, draft: ConclusionDraft, free_starts: FreeStarts, parent: QWidget | None = None):
        super().__init__(parent)
        self.draft = draft
        self.book_next = True
        c = draft.customer
        self.setWindowTitle(f"Gespräch abschließen – {c.display_name} ({c.customer_no})")
        layout = QVBoxLayout(self)

        talk = QGroupBox("Das Gespräch")
        form = QFormLayout(talk)
        self.at = QDateTimeEdit()
        self.at.setDisplayFormat("dd.MM.yyyy HH:mm")
        local = draft.at.astimezone(BERLIN)
        self.at.setDateTime(QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute)))
        form.addRow("&Zeitpunkt:", self.at)
        self.channel = QComboBox()
        for channel in Channel:
            self.channel.addItem(channel.label, channel)
        form.addRow("&Kanal:", self.channel)
        self.kind = QComboBox()
        for kind in ContactKind:
            self.kind.addItem(kind.label, kind)
        self.kind.setToolTip("Nur ein Beratungsvermerk zählt für die Kontaktdichte; ein Allgemeiner Vermerk "
                             "(nur Unterlagen abgegeben, nur Termin vereinbart) zählt nicht.")
        form.addRow("&Vermerk:", self.kind)
        self.note = QLineEdit()
        self.note.setPlaceholderText("z. B. Bewerbungsstrategie besprochen")
        form.addRow("&Notiz:", self.note)
        self.hold = QCheckBox()
        if draft.held is not None:
            start = draft.held.start.astimezone(BERLIN)
            self.hold.setText(f"Der heutige Termin um {start:%H:%M} Uhr wird als wahrgenommen festgehalten.")
            self.hold.setChecked(True)
            form.addRow(self.hold)
        layout.addWidget(talk)

        nxt = QGroupBox("Der nächste Termin")
        inner = QVBoxLayout(nxt)
        self.picker = ProposalPicker(free_starts, local.date())
        self.picker.show_proposal(draft.proposal, draft.purposes)
        self.picker.chosen.connect(self.accept)
        inner.addWidget(self.picker)
        self.replace = QCheckBox()
        if draft.later:
            dates = ", ".join(f"{date_text(a.start.astimezone(BERLIN).date())} {a.start.astimezone(BERLIN):%H:%M} Uhr"
                              for a in draft.later)
            self.replace.setText(f"Den schon gebuchten Termin ({dates}) absagen: der neue ersetzt ihn.")
            self.replace.setChecked(True)
            inner.addWidget(self.replace)
        layout.addWidget(nxt, 1)

        self.deviate = QCheckBox("Begründete Abweichung vom Kontaktdichtekonzept festhalten")
        layout.addWidget(self.deviate)
        self.deviation_box = QWidget()
        dform = QFormLayout(self.deviation_box)
        dform.setContentsMargins(20, 0, 0, 0)
        self.deviation_date = QDateEdit()
        self.deviation_date.setCalendarPopup(True)
        self.deviation_date.setDisplayFormat("dd.MM.yyyy")
        latest = draft.proposal.window.latest or local.date() + dt.timedelta(days=90)
        self.deviation_date.setDate(QDate(latest.year, latest.month, latest.day))
        dform.addRow("Nächster Kontakt &bis:", self.deviation_date)
        self.deviation_reason = QLineEdit()
        self.deviation_reason.setPlaceholderText("z. B. Maßnahme beginnt am …; bis dahin kein Kontakt nötig")
        dform.addRow("&Grund:", self.deviation_reason)
        self.deviation_box.setVisible(False)
        self.deviate.toggled.connect(self.deviation_box.setVisible)
        layout.addWidget(self.deviation_box)

        buttons, self.book_button, self.only_button = booking_buttons(self, "Nur Gespräch festhalten")
        self.only_button.clicked.connect(self._conclude_only)
        self.book_button.setEnabled(self.picker.list.count() > 0)
        layout.addWidget(buttons)
        self.picker.list.setFocus(Qt.FocusReason.OtherFocusReason)
        self.setTabOrder(self.picker.list, self.picker.other_button)

    def _conclude_only(self) -> None:
        self.book_next = False
        self.accept()

    def accept(self) -> None:
        if self.book_next and self.picker.selected_start() is None:
            return
        problems = {}
        if self.deviate.isChecked() and not self.deviation_reason.text().strip():
            problems["deviation_reason"] = "Eine begründete Abweichung braucht einen Grund."
        if problems:
            mark_fields({"deviation_reason": self.deviation_reason}, problems)
            return
        super().accept()

    def request(self) -> ConclusionRequest:
        q = self.at.dateTime()
        d, t = q.date(), q.time()
        at = dt.datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=BERLIN)
        deviation = None
        if self.deviate.isChecked():
            day = self.deviation_date.date()
            deviation = Deviation(dt.date(day.year(), day.month(), day.day()), self.deviation_reason.text().strip())
        return ConclusionRequest(
            customer_no=self.draft.customer.customer_no, at=at, channel=Channel(self.channel.currentData()),
            kind=ContactKind(self.kind.currentData()), note=self.note.text().strip(),
            hold_todays=self.draft.held is not None and self.hold.isChecked(), deviation=deviation,
            next_start=self.picker.selected_start() if self.book_next else None,
            next_channel=self.picker.selected_channel(), next_purposes=tuple(self.picker.selected_purposes()),
            replace_booked=bool(self.draft.later) and self.replace.isChecked(),
        )
