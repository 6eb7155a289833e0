"""The lists of Ansicht > Nachhaltung: one section per tab (what it lists, its columns, its rows
from the report), and the read-only table whose rows stand for customers.

Every customer row shows name, Kundennummer, group, state, latest day and next booked appointment;
Enter or a double-click opens the customer's file, and several rows can be chosen (for Einladen…).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)  # fmt: skip

from terminassistent.domain.density import Compliance
from terminassistent.domain.model import BERLIN, Customer
from terminassistent.gui.style import state_foreground, state_text
from terminassistent.services.monitoring.report import MonitoringReport
from terminassistent.services.monitoring.survey import CustomerStatus

CUSTOMER_ROLE = Qt.ItemDataRole.UserRole
CUSTOMER_COLUMNS = ("Name", "Kundennummer", "Gruppe", "Stand", "spätestens", "nächster Termin")
STATE_COLUMN = CUSTOMER_COLUMNS.index("Stand")
CELL_PADDING = 16  # px of air after a column's longest text
LONG_CELL = 60  # characters; a longer text (a warning, a reason) is also a tooltip
FIGURE = re.compile(r"\d+( %)?")  # a count or a share: right-aligned


def format_date(day: dt.date | None) -> str:
    return f"{day:%d.%m.%Y}" if day else "–"


def _days(n: int) -> str:
    return "heute" if n == 0 else "vor 1 Tag" if n == 1 else f"vor {n} Tagen"


@dataclass(frozen=True)
class Row:
    customer_no: str | None  # None: a row that stands for no customer (a group, a week)
    cells: list[str]
    state: Compliance | None = None


def customer_row(customer: Customer, status: CustomerStatus | None, *extra: str) -> Row:
    """Name, Kundennummer, group, state, latest day, next booked appointment, then ``extra``."""
    a = status.assessment if status else None
    nxt = status.next_appointment.astimezone(BERLIN) if status and status.next_appointment else None
    return Row(customer.customer_no, [
        customer.display_name, customer.customer_no, a.group if a else "–", state_text(a.state if a else None),
        format_date(a.latest if a else None), f"{nxt:%d.%m.%Y %H:%M}" if nxt else "kein Termin", *extra],
        a.state if a else None)


def _status_row(s: CustomerStatus, *extra: str) -> Row:
    return customer_row(s.customer, s, *extra)


def _week(iso: str) -> str:
    year, week = (int(part) for part in iso.split("-W"))
    return f"KW {week}/{year} (ab {dt.date.fromisocalendar(year, week, 1):%d.%m.})"


def _amount(value) -> str:
    return "–" if value is None else str(value)


@dataclass(frozen=True)
class Section:
    title: str  # the tab's title; {within} and {since} are filled from the report
    hint: str  # the sentence above the table
    empty: str  # said instead when nothing is listed
    columns: tuple[str, ...]
    rows: Callable[[MonitoringReport], list[Row]]
    counted: bool = True  # the tab's title shows how many customers it lists


SECTIONS = {
    "overdue": Section(
        "Überfällig", "Der späteste Tag für den nächsten Kontakt ist vorbei; die dringendsten zuerst.",
        "Niemand ist überfällig.", CUSTOMER_COLUMNS + ("letzter Kontakt",),
        lambda r: [_status_row(s, format_date(s.last_contact)) for s in r.overdue]),
    "due": Section(
        "Fällig in {within} Tagen", "Sofort fällig oder bis zum {horizon} fällig (die Überfälligen stehen nebenan).",
        "In dieser Zeit wird niemand fällig.", CUSTOMER_COLUMNS + ("letzter Kontakt",),
        lambda r: [_status_row(s, format_date(s.last_contact)) for s in r.due if s.assessment.state is not Compliance.OVERDUE]),
    "never": Section(
        "Nie beraten", "Noch kein anrechenbarer Kontakt, etwa neue Kunden: das Erstgespräch steht aus.",
        "Alle hatten schon einen anrechenbaren Kontakt.", CUSTOMER_COLUMNS,
        lambda r: [_status_row(s) for s in r.never_counselled]),
    "awaiting": Section(
        "Meldeversäumnis offen", "Versäumte Termine mit Meldepflicht, über die das Jobcenter noch nicht entschieden hat "
        "(Meldeversäumnis festgestellt oder nicht); die ältesten zuerst.", "Kein versäumter Termin wartet auf eine "
        "Feststellung.", CUSTOMER_COLUMNS + ("versäumter Termin", "seit", "Grund"),
        lambda r: [customer_row(m.customer, r.by_customer.get(m.customer.customer_no),
                                f"{m.appointment.start.astimezone(BERLIN):%d.%m.%Y %H:%M}", _days(m.days),
                                m.appointment.reason or "–") for m in r.awaiting]),
    "reviews": Section(
        "Kooperationspläne", "Kooperationspläne, deren Überprüfung bald fällig oder überfällig ist; die ältesten zuerst.",
        "Kein Kooperationsplan ist zu überprüfen.", CUSTOMER_COLUMNS + ("Kooperationsplan vom", "Hinweis"),
        lambda r: [_status_row(s, format_date(s.customer.cooperation_plan), warning) for s, warning in r.reviews]),
    "unseen": Section(
        "Kein Kontakt seit {since}", "Ohne anrechenbaren Kontakt seit dem {since}, nach Gruppen; wer noch nie beraten "
        "wurde, zuerst.", "Alle hatten seitdem einen anrechenbaren Kontakt.", CUSTOMER_COLUMNS + ("letzter Kontakt",),
        lambda r: [_status_row(s, format_date(s.last_contact)) for items in r.not_seen.values() for s in items]),
    "groups": Section(
        "Einhaltung je Gruppe", "Anteil fristgerecht: wer innerhalb der Kontaktdichte ist (fristgerecht oder bald "
        "fällig), unter allen mit Vorgabe; sofort fällig und überfällig zählen dagegen.", "Noch keine Kunden im Bestand.",
        ("Gruppe", "Kunden", "fristgerecht", "bald fällig", "sofort fällig", "überfällig", "keine Vorgabe",
         "Anteil fristgerecht"),
        lambda r: [Row(None, [g.group, str(g.customers), *(str(g.by_state.get(state.value, 0)) for state in (
            Compliance.ON_TIME, Compliance.DUE_SOON, Compliance.DUE_NOW, Compliance.OVERDUE, Compliance.NO_DENSITY)),
            "–" if g.compliant_share is None else f"{round(g.compliant_share * 100)} %"]) for g in r.groups],
        counted=False),
    "quota": Section(
        "Quote der letzten 12 Wochen", "Ziel und Erreichtes der letzten abgeschlossenen Wochen, in der Einheit des "
        "Kontaktdichtekonzepts.", "Keine abgeschlossene Woche.", ("Woche", "Ziel", "erreicht", "Quote erreicht"),
        lambda r: [Row(None, [_week(w["week"]), _amount(w["target"]), _amount(w["achieved"]),
                              {True: "ja", False: "nein"}.get(w["reached"], "keine Quote")]) for w in r.quota],
        counted=False),
}


class CustomerTable(QTableWidget):
    """A read-only table whose rows stand for customers; Enter or a double-click opens one's file."""

    opened = Signal(str)

    def __init__(self, headers: Sequence[str], parent: QWidget | None = None):
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels(list(headers))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.itemDoubleClicked.connect(lambda _item: self._open())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(key), self, self._open, context=Qt.ShortcutContext.WidgetShortcut)

    def fill(self, rows: Sequence[Row]) -> None:
        keep, chosen = self.customer_at(self.currentRow()), set(self.selected_customers())
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row.cells):
                item = QTableWidgetItem(text)
                item.setData(CUSTOMER_ROLE, row.customer_no)
                if c == STATE_COLUMN and row.state is not None and row.customer_no is not None:
                    item.setForeground(state_foreground(row.state))
                if len(text) > LONG_CELL:
                    item.setToolTip(text)
                if FIGURE.fullmatch(text):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(r, c, item)
        self.resizeColumnsToContents()
        for column in range(self.columnCount() - 1):
            self.setColumnWidth(column, self.columnWidth(column) + CELL_PADDING)
        numbers = [row.customer_no for row in rows]
        if rows and rows[0].customer_no is not None:  # a row for Enter to open; a group or week is no row to open
            self.setCurrentCell(numbers.index(keep) if keep in numbers else 0, 0)
            flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            for r, number in enumerate(numbers):  # the rows chosen before stay chosen
                if number in chosen:
                    self.selectionModel().select(self.model().index(r, 0), flags)

    def customer_at(self, row: int) -> str | None:
        item = self.item(row, 0)
        return item.data(CUSTOMER_ROLE) if item is not None else None

    def selected_customers(self) -> list[str]:
        """The Kundennummern of the chosen rows, top to bottom."""
        rows = sorted({index.row() for index in self.selectionModel().selectedRows()})
        return [no for r in rows if (no := self.customer_at(r))]

    def lines(self) -> list[list[str]]:
        """The headings and every row's cells, as shown."""
        headers = [self.horizontalHeaderItem(c).text() for c in range(self.columnCount())]
        return [headers] + [[self.item(r, c).text() for c in range(self.columnCount())] for r in range(self.rowCount())]

    def _open(self) -> None:
        customer_no = self.customer_at(self.currentRow())
        if customer_no:
            self.opened.emit(customer_no)


class SectionPage(QWidget):
    """One tab: the section's hint (or that nothing is listed) above its table."""

    def __init__(self, section: Section):
        super().__init__()
        self.section = section
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.hint = QLabel(section.hint)
        self.hint.setWordWrap(True)
        self.table = CustomerTable(section.columns)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.table)

    def show_rows(self, rows: Sequence[Row], words: dict[str, str]) -> None:
        self.table.fill(rows)
        self.hint.setText((self.section.hint if rows else self.section.empty).format(**words))
