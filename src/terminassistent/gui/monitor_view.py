"""Ansicht > Nachhaltung (Strg+3): who is overdue or due soon, which misses await the Jobcenter's
finding, which Kooperationspläne need a review, who was not seen for long, compliance per group
and the quota of the last weeks: the report of ``terminassistent monitor``
(services/monitoring/report.py), read in the background and read again after every change.
Enter or a double-click on a customer opens their file in the Kunden view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QSpinBox, QTableWidget, QTableWidgetItem, QTabWidget,
    QVBoxLayout, QWidget,
)  # fmt: skip

from terminassistent.domain.model import BERLIN
from terminassistent.services.monitoring.report import DEFAULT_WITHIN, MonitoringReport, monitoring_report

if TYPE_CHECKING:
    from terminassistent.gui.main_window import MainWindow

CUSTOMER_ROLE = Qt.ItemDataRole.UserRole


def _date(day: dt.date | None) -> str:
    return f"{day:%d.%m.%Y}" if day else "–"


def due_rows(report: MonitoringReport) -> list[tuple[str, list[str]]]:
    """(Kundennummer, cells) of the Fällig tab, most urgent first."""
    rows = []
    for s in report.due:
        a = s.assessment
        nxt = s.next_appointment.astimezone(BERLIN) if s.next_appointment else None
        rows.append((s.customer.customer_no, [
            a.state.label, s.customer.display_name, s.customer.customer_no, a.group, _date(a.latest),
            _date(s.last_contact), f"{nxt:%d.%m.%Y %H:%M}" if nxt else "kein Termin"]))
    return rows


class CustomerTable(QTableWidget):
    """A read-only table whose rows stand for customers; Enter opens the customer's file."""

    opened = Signal(str)

    def __init__(self, headers: Sequence[str], stretch: int | None = None, parent: QWidget | None = None):
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels(list(headers))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if stretch is None:
            header.setStretchLastSection(True)
        else:  # the column with the longest texts takes the room
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        self.itemDoubleClicked.connect(lambda _item: self._open())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(key), self, self._open, context=Qt.ShortcutContext.WidgetShortcut)

    def fill(self, rows: Sequence[tuple[str | None, Sequence[str]]]) -> None:
        self.setRowCount(len(rows))
        for r, (customer_no, cells) in enumerate(rows):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(CUSTOMER_ROLE, customer_no)
                item.setToolTip(text)
                self.setItem(r, c, item)
        if rows:
            self.setCurrentCell(0, 0)

    def customer_at(self, row: int) -> str | None:
        item = self.item(row, 0)
        return item.data(CUSTOMER_ROLE) if item is not None else None

    def _open(self) -> None:
        customer_no = self.customer_at(self.currentRow())
        if customer_no:
            self.opened.emit(customer_no)


class MonitorView(QWidget):
    refreshed = Signal()

    def __init__(self, window: MainWindow, load: Callable = monitoring_report):
        super().__init__()
        self.window = window
        self._load = load
        self.report: MonitoringReport | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = QLabel("Nachhaltung")
        self.title.setStyleSheet("font-weight:600;")
        top.addWidget(self.title, 1)
        top.addWidget(QLabel("Fällig in den nächsten"))
        self.within = QSpinBox()
        self.within.setRange(0, 365)
        self.within.setValue(DEFAULT_WITHIN)
        self.within.setSuffix(" Tagen")
        self.within.valueChanged.connect(lambda _v: self.refresh())
        top.addWidget(self.within)
        layout.addLayout(top)
        self.tabs = QTabWidget()
        self.due = CustomerTable(("Stand", "Name", "Kundennummer", "Gruppe", "spätestens", "letzter Kontakt",
                                  "nächster Termin"), stretch=3)
        self.awaiting = CustomerTable(("versäumt am", "Name", "Kundennummer", "Termin", "seit", "Grund"))
        self.reviews = CustomerTable(("Name", "Kundennummer", "Hinweis"))
        self.unseen = CustomerTable(("Gruppe", "Name", "Kundennummer", "letzter Kontakt"), stretch=0)
        self.groups = CustomerTable(("Gruppe", "Kunden", "fristgerecht", "bald fällig", "überfällig", "Anteil"),
                                    stretch=0)
        self.quota = CustomerTable(("Woche", "Ziel", "erreicht", "Quote erreicht"))
        for table, title in ((self.due, "Überfällig und fällig"), (self.awaiting, "Versäumt, ohne Feststellung"),
                             (self.reviews, "Kooperationspläne"), (self.unseen, "Lange nicht gesehen"),
                             (self.groups, "Einhaltung je Gruppe"), (self.quota, "Quote der letzten Wochen")):
            self.tabs.addTab(table, title)
            table.opened.connect(self.open_customer)
        layout.addWidget(self.tabs)
        window.desk.changes_applied.connect(lambda *_: self.refresh() if self.isVisible() else None)

    def setFocus(self, reason=Qt.FocusReason.OtherFocusReason) -> None:  # noqa: N802 - Qt's name
        self.refresh()
        (self.tabs.currentWidget() or self).setFocus(reason)

    def refresh(self) -> None:
        within = self.within.value()
        self.window.desk.query(lambda ctx: self._load(ctx, within=within), self.show_report,
                               what="das Berechnen der Nachhaltung", parent=self.window)

    def show_report(self, report: MonitoringReport) -> None:
        self.report = report
        self.title.setText(f"Nachhaltung am {report.on:%d.%m.%Y} nach »{report.policy_title}«")
        self.due.fill(due_rows(report))
        self.awaiting.fill([(m.customer.customer_no, [
            _date(m.appointment.start.astimezone(BERLIN).date()), m.customer.display_name, m.customer.customer_no,
            str(m.appointment.id), f"{m.days} Tagen", m.appointment.reason]) for m in report.awaiting])
        self.reviews.fill([(s.customer.customer_no, [s.customer.display_name, s.customer.customer_no, warning])
                           for s, warning in report.reviews])
        self.unseen.fill([(s.customer.customer_no, [group, s.customer.display_name, s.customer.customer_no,
                                                    _date(s.last_contact)])
                          for group, items in report.not_seen.items() for s in items])
        self.groups.fill([(None, [g.group, str(g.customers), str(g.by_state.get("on_time", 0)),
                                  str(g.by_state.get("due_soon", 0)), str(g.by_state.get("overdue", 0)),
                                  "–" if g.compliant_share is None else f"{round(g.compliant_share * 100)} %"])
                          for g in report.groups])
        self.quota.fill([(None, [str(w.get("week", "")), str(w.get("target", "–")), str(w.get("achieved", "–")),
                                 "ja" if w.get("reached") else "nein"]) for w in report.quota])
        counts = (len(report.due), len(report.awaiting), len(report.reviews),
                  sum(len(v) for v in report.not_seen.values()))
        for index, count in enumerate(counts):
            self.tabs.setTabText(index, f"{self.tabs.tabText(index).split(' (')[0]} ({count})")
        self.refreshed.emit()

    def open_customer(self, customer_no: str) -> None:
        """The customer's file in the Kunden view."""
        self.window.actions["view_customers"].trigger()
        self.window.ui.searchField.clear()
        self.window.select_customer(customer_no)
