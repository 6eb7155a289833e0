"""Ansicht > Woche (Strg+2), with Heute (Strg+Pos1), Vorige Woche (Strg+Bild↑) and Nächste Woche
(Strg+Bild↓): Monday to Friday (the weekend when something lies there), the working hours as a
light band, holidays and absences named and greyed, a line for the current time, and every
appointment as a block with time, customer, kind, channel and state, by colour and in words.

A click selects an appointment (the Termin menu acts on it: Erschienen, Versäumt…, Einladung
drucken…); a double-click or Enter opens the customer's file; the arrow keys move from one
appointment to the next; a booked block dragged to another day or time is moved there (Escape
calls the drag off), as Verschieben… moves it. The week's quota stands above the calendar, its calculation as tooltip;
beside it the open invitation chain (gui/open_chain_panel.py), each one Enter from "Termin
vorschlagen…".
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from terminassistent.gui.week_canvas import WeekCanvas
from terminassistent.gui.open_chain_panel import OpenChainPanel
from terminassistent.gui.propose_dialog import AGAIN
from terminassistent.gui.week_quota_bar import QuotaBar
from terminassistent.services.monitoring.open_chain import open_chain
from terminassistent.services.scheduling.proposals import propose_following
from terminassistent.services.scheduling.week_calendar import due_state, week_calendar

if TYPE_CHECKING:
    from terminassistent.gui.main_window import MainWindow

class WeekView(QWidget):
    """The navigation, the quota and the drawn week."""

    refreshed = Signal()

    def __init__(self, window: MainWindow):
        super().__init__()
        self.main = window
        self.day: dt.date | None = None  # a day of the week shown; None: today's week
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.previous = QPushButton("◀ Vorige Woche")
        self.today_button = QPushButton("Heute")
        self.next = QPushButton("Nächste Woche ▶")
        self.picker = QDateEdit()
        self.picker.setCalendarPopup(True)
        self.picker.setDisplayFormat("dd.MM.yyyy")
        self.picker.setToolTip("Eine Woche wählen: einen Tag darin")
        self.title = QLabel()
        self.title.setStyleSheet("font-weight:600;")
        self.quota = QuotaBar()
        for widget in (self.previous, self.today_button, self.next, self.picker):
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus if widget is not self.picker else Qt.FocusPolicy.ClickFocus)
            bar.addWidget(widget)
        bar.addWidget(self.title)
        bar.addStretch(1)
        layout.addLayout(bar)
        layout.addWidget(self.quota)
        self.canvas = WeekCanvas()
        self.chain = OpenChainPanel()
        row = QHBoxLayout()
        row.addWidget(self.canvas, 1)
        row.addWidget(self.chain)
        layout.addLayout(row, 1)
        self.chain.chosen.connect(self.propose_again)
        self.previous.clicked.connect(lambda: self.go(-7))
        self.next.clicked.connect(lambda: self.go(7))
        self.today_button.clicked.connect(self.go_today)
        self.picker.dateChanged.connect(self._picked)
        self.canvas.selected.connect(lambda _a: window.update_actions())
        self.canvas.opened.connect(self.open_customer)
        self.canvas.hovered.connect(lambda no: window.desk.query(
            lambda ctx: due_state(ctx, no), lambda due: self.canvas.set_due(no, due), what="das Lesen der Fälligkeit"))
        # a block dropped elsewhere: moved as by Verschieben… (refused where it cannot go, the new letter offered)
        self.canvas.dropped.connect(lambda appointment, start: window.flows._move(appointment, start))
        window.desk.changes_applied.connect(self._changed)

    def setFocus(self, reason=Qt.FocusReason.OtherFocusReason) -> None:  # noqa: N802 - Qt's name
        self.refresh()
        self.refresh_chain()
        self.canvas.setFocus(reason)

    def shown_day(self) -> dt.date:
        return self.day or self.main.desk.ctx.today()

    def go(self, days: int) -> None:
        self.day = self.shown_day() + dt.timedelta(days=days)
        self.refresh()

    def go_today(self) -> None:
        self.day = None
        self.refresh()

    def _picked(self, date: QDate) -> None:
        picked = date.toPython()
        if picked != self.shown_day():
            self.day = picked
            self.refresh()

    def _changed(self, changes, _initiator=None) -> None:
        if self.isVisible() and (changes.everything or changes.calendar or changes.settings):
            self.refresh()
            self.refresh_chain()

    def refresh_chain(self) -> None:
        """The open invitation chain: read when the view is shown or the calendar changed, not when
        paging (it does not depend on the week shown)."""
        self.main.desk.query(lambda ctx: (open_chain(ctx), ctx.today()), lambda found: self.chain.show_links(*found),
                             what="das Lesen der offenen Einladungsketten", parent=self.main)

    def propose_again(self, customer_no: str) -> None:
        """Termin vorschlagen… for a customer of the open chain: the next invitation, by post."""
        def opened(proposal) -> None:
            intro = (f"Die Einladungskette von {proposal.customer.display_name} ist offen: Der letzte Termin fiel aus, "
                     "und es ist kein neuer gebucht.")
            self.main.flows.propose(AGAIN, customer_no, proposal, intro)

        self.main.desk.query(lambda ctx: propose_following(ctx, customer_no), opened,
                             what="das Vorschlagen von Terminen", parent=self.main)

    def show_provisional(self, monday: dt.date, slots) -> None:
        """Woche planen…: the week of ``monday`` with the ticked proposals as provisional blocks."""
        self.canvas.provisional = tuple(slots)
        if self.shown_day() - dt.timedelta(days=self.shown_day().weekday()) != monday:
            self.day = monday
            self.refresh()
        self.canvas.update()

    def refresh(self) -> None:
        day = self.shown_day()
        self.main.desk.query(lambda ctx: (week_calendar(ctx, day), ctx.now()), self._show,
                               what="das Laden der Woche", parent=self.main)

    def _show(self, found) -> None:
        week, now = found
        if week.monday != self.shown_day() - dt.timedelta(days=self.shown_day().weekday()):
            return  # an older request
        self.picker.blockSignals(True)
        self.picker.setDate(QDate(week.monday.year, week.monday.month, week.monday.day))
        self.picker.blockSignals(False)
        last = week.days[-1].day
        self.title.setText(f"KW {week.monday.isocalendar().week}: {week.monday:%d.%m.} – {last:%d.%m.%Y}")
        self.quota.show_quota(week.quota)
        self.canvas.show_week(week, now)
        self.refreshed.emit()

    def open_customer(self, customer_no: str) -> None:
        self.main.actions["view_customers"].trigger()
        self.main.ui.searchField.clear()
        self.main.select_customer(customer_no)
