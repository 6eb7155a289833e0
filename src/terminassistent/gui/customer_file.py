"""The customer's file (Kundenakte) beside the list: who, the rule, the due window, the history.

It shows a ``CustomerFile`` (services/monitoring/customer_file.py) and knows no database. The
appointments list selects the appointment the Termin menu acts on; when a customer is shown, the
appointment of today (or else the next one booked) is selected, so Strg+P prints its letter.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTabWidget,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from terminassistent.domain.density import Assessment, Compliance
from terminassistent.domain.model import BERLIN, Appointment, AppointmentStatus, Contact, ContactKind
from terminassistent.gui.customer_table import appointment_text, date_text
from terminassistent.gui.style import state_badge
from terminassistent.services.journal.history import HistoryItem
from terminassistent.services.monitoring.customer_file import CustomerFile

APPOINTMENT_ROLE = Qt.ItemDataRole.UserRole


def _html_lines(lines: list[str]) -> str:
    return "<br>".join(lines)


def header_html(f: CustomerFile) -> str:
    c, r = f.customer, f.row
    who = [f"<span style='font-size:14pt; font-weight:600'>{html.escape(c.display_name)}</span>"
           f"&nbsp;&nbsp;<span>Kd.-Nr. {html.escape(c.customer_no)}</span>"]
    facts = [f"geb. {date_text(c.birth_date)}, {r.age} Jahre ({r.age_group})", r.status_label]
    if r.profile_label:
        facts.append(r.profile_label)
    if r.flag_labels:
        facts.append(", ".join(r.flag_labels))
    who.append(html.escape(" · ".join(facts)))
    details = []
    if c.address:
        details.append(", ".join(c.address.lines()))
    if c.preferences.describe():
        details.append(f"Terminwünsche: {c.preferences.describe()}")
    if c.cooperation_plan:
        details.append(f"Kooperationsplan vom {date_text(c.cooperation_plan)}")
    if details:
        who.append(html.escape(" · ".join(details)))
    if c.notes:
        who.append(f"<i>{html.escape(c.notes)}</i>")
    return _html_lines(who)


def due_html(f: CustomerFile) -> str:
    a = f.assessment
    lines = [state_badge(a.state) + "&nbsp;&nbsp;" + html.escape(due_sentence(f))]
    lines.append(f"<span style='color:palette(placeholder-text)'>Kontaktdichtekonzept »{html.escape(f.policy_title)}«. "
                 f"{html.escape(a.explanation)}</span>")
    if a.deviation is not None:
        lines.append(html.escape(f"Begründete Abweichung: nächster Kontakt bis {date_text(a.deviation.due_date)} "
                                 f"(statt {date_text(a.rule_latest) if a.rule_latest else '–'}), weil: "
                                 f"{a.deviation.reason}"))
    lines.append(html.escape(f.chain))
    return _html_lines(lines)


def due_sentence(f: CustomerFile) -> str:
    return assessment_sentence(f.assessment)


def assessment_sentence(a: Assessment) -> str:
    """The due state in one German sentence (the file's and the week's tooltip)."""
    if a.state is Compliance.NO_DENSITY or a.latest is None:
        return "Das Kontaktdichtekonzept schreibt für diese Person keine Kontaktdichte vor."
    if a.state is Compliance.DUE_NOW:
        return f"Noch kein Beratungsgespräch: der erste Kontakt ist sofort fällig (spätestens {date_text(a.latest)})."
    window = f"empfohlen ab {date_text(a.earliest)}, " if a.earliest else ""
    count = (f"; {a.count_reached} von {a.count_target} Kontakten im Halbjahr"
             if a.count_target is not None else "")
    if a.state is Compliance.OVERDUE:
        return f"Überfällig: der nächste Kontakt war bis {date_text(a.latest)} fällig{count}."
    return f"Nächster Kontakt {window}spätestens {date_text(a.latest)}{count}."


def warnings_html(f: CustomerFile) -> str:
    if not f.warnings:
        return ""
    return _html_lines([f"⚠ {html.escape(w)}" for w in f.warnings])


def _appointment_item(a: Appointment) -> QTreeWidgetItem:
    start = a.start.astimezone(BERLIN)
    status = a.status.label + (f": {a.reason}" if a.reason else "")
    item = QTreeWidgetItem([appointment_text(a.start), f"{start:%H:%M}–{a.end.astimezone(BERLIN):%H:%M}",
                            a.kind.label, a.channel.label, status])
    item.setData(0, APPOINTMENT_ROLE, a)
    item.setToolTip(4, status)
    if a.status is AppointmentStatus.BOOKED:
        font = item.font(0)
        font.setBold(True)
        for column in range(5):
            item.setFont(column, font)
    return item


def _contact_item(c: Contact) -> QTreeWidgetItem:
    at = c.at.astimezone(BERLIN)
    note = c.note
    if c.deviation is not None:
        note = f"{note} · Abweichung: bis {date_text(c.deviation.due_date)}, {c.deviation.reason}".strip(" ·")
    item = QTreeWidgetItem([f"{date_text(at.date())} {at:%H:%M}", c.kind.label, c.channel.label, note])
    item.setToolTip(3, note)
    if c.kind is ContactKind.ALLGEMEIN:
        item.setToolTip(1, "Ein Allgemeiner Vermerk zählt nicht für die Kontaktdichte.")
    return item


def _history_item(h: HistoryItem) -> QTreeWidgetItem:
    what = h.action + (" (rückgängig gemacht)" if h.undone else "")
    item = QTreeWidgetItem([f"{h.at:%d.%m.%Y %H:%M}", h.user, what])
    item.setToolTip(2, what)
    return item


def _tree(headers: list[str], name: str) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setAlternatingRowColors(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    tree.setAccessibleName(name)
    tree.header().setStretchLastSection(True)
    tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return tree


class CustomerFileView(QWidget):
    """Shows one CustomerFile; ``appointment_selected`` names the appointment the Termin menu acts on."""

    appointment_selected = Signal(object)  # Appointment or None

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.file: CustomerFile | None = None
        self._buttons: list[QToolButton] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        self.header = QLabel()
        self.due = QLabel()
        self.warnings = QLabel()
        for label in (self.header, self.due, self.warnings):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)
        self.warnings.setStyleSheet("color: #8a4b00;")
        self.customer_buttons = QHBoxLayout()
        layout.addLayout(self.customer_buttons)
        self.tabs = QTabWidget()
        self.appointments = _tree(["Termin", "Zeit", "Art", "Kanal", "Ergebnis"], "Termine der Kundin oder des Kunden")
        self.contacts = _tree(["Kontakt", "Art", "Kanal", "Vermerk"], "Kontakte der Kundin oder des Kunden")
        appointments = QWidget()
        inner = QVBoxLayout(appointments)
        inner.setContentsMargins(0, 4, 0, 0)
        inner.addWidget(self.appointments, 1)
        self.appointment_buttons = QHBoxLayout()
        inner.addLayout(self.appointment_buttons)
        self.tabs.addTab(appointments, "Termine")
        self.tabs.addTab(self.contacts, "Kontakte")
        self.history = _tree(["Wann", "Wer", "Was"], "Was für die Kundin oder den Kunden geändert wurde, von wem, wann")
        self.tabs.addTab(self.history, "Verlauf")
        layout.addWidget(self.tabs, 1)
        self.appointments.currentItemChanged.connect(self._current_changed)
        self.placeholder = QLabel("Bitte wählen Sie links eine Kundin oder einen Kunden.")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.placeholder)
        self.show_file(None)

    def add_buttons(self, customer: list[QAction], appointment: list[QAction]) -> None:
        """Buttons for the menu's actions (same text, shortcut in the tooltip, enabled with them)."""
        for row, actions in ((self.customer_buttons, customer), (self.appointment_buttons, appointment)):
            for action in actions:
                button = QToolButton()
                button.setDefaultAction(action)
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
                button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
                row.addWidget(button)
                self._buttons.append(button)
            row.addStretch(1)

    def show_file(self, f: CustomerFile | None, keep_appointment: int | None = None) -> None:
        self.file = f
        for button in self._buttons:
            button.setVisible(f is not None)
        for widget in (self.header, self.due, self.warnings, self.tabs):
            widget.setVisible(f is not None)
        self.placeholder.setVisible(f is None)
        self.appointments.clear()
        self.contacts.clear()
        self.history.clear()
        if f is None:
            self.appointment_selected.emit(None)
            return
        self.header.setText(header_html(f))
        self.due.setText(due_html(f))
        self.warnings.setText(warnings_html(f))
        self.warnings.setVisible(bool(f.warnings))
        self.appointments.addTopLevelItems([_appointment_item(a) for a in f.appointments])
        self.contacts.addTopLevelItems([_contact_item(c) for c in f.contacts])
        self.history.addTopLevelItems([_history_item(h) for h in f.history])
        preferred = f.today_appointment or f.next_appointment
        self.select_appointment(keep_appointment or (preferred.id if preferred else None))

    def select_appointment(self, appointment_id: int | None) -> None:
        for i in range(self.appointments.topLevelItemCount()):
            item = self.appointments.topLevelItem(i)
            if item.data(0, APPOINTMENT_ROLE).id == appointment_id:
                self.appointments.setCurrentItem(item)
                return
        self.appointments.setCurrentItem(None)
        self.appointment_selected.emit(None)

    def selected_appointment(self) -> Appointment | None:
        item = self.appointments.currentItem()
        return item.data(0, APPOINTMENT_ROLE) if item is not None else None

    def _current_changed(self, current: QTreeWidgetItem | None, _previous) -> None:
        self.appointment_selected.emit(current.data(0, APPOINTMENT_ROLE) if current is not None else None)
