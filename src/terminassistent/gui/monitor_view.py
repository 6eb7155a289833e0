"""Ansicht > Nachhaltung (Strg+3): who is overdue, who is due within N days, whose miss awaits the
Jobcenter's finding (Meldeversäumnis or not), whose Kooperationsplan needs a review, who has had
no contact since a date, compliance per group and the quota of the last weeks: the report of
``terminassistent monitor`` (services/monitoring/report.py), read in the background, and again
after every change while the view is shown.

Every customer row shows name, Kundennummer, group, state, latest day and next booked appointment;
Enter or a double-click opens the customer's file in the Kunden view. "Liste kopieren" and "Liste
drucken…" give the list in front without addresses or notes (for the team leader's Fachaufsicht).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView, QDateEdit, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSpinBox, QTableWidget,
    QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)  # fmt: skip

from terminassistent.domain.density import Compliance
from terminassistent.domain.model import BERLIN, Customer
from terminassistent.gui.style import state_foreground, state_text
from terminassistent.services.monitoring.report import DEFAULT_WITHIN, MonitoringReport, monitoring_report
from terminassistent.services.monitoring.survey import CustomerStatus

if TYPE_CHECKING:
    from terminassistent.gui.main_window import MainWindow

CUSTOMER_ROLE = Qt.ItemDataRole.UserRole
CUSTOMER_COLUMNS = ("Name", "Kundennummer", "Gruppe", "Stand", "spätestens", "nächster Termin")
STATE_COLUMN = CUSTOMER_COLUMNS.index("Stand")
CELL_PADDING = 16  # px of air after a column's longest text
LONG_CELL = 60  # characters; a longer text (a warning, a reason) is also a tooltip
FIGURE = re.compile(r"\d+( %)?")  # a count or a share: right-aligned


def _date(day: dt.date | None) -> str:
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
        _date(a.latest if a else None), f"{nxt:%d.%m.%Y %H:%M}" if nxt else "kein Termin", *extra],
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
        lambda r: [_status_row(s, _date(s.last_contact)) for s in r.overdue]),
    "due": Section(
        "Fällig in {within} Tagen", "Sofort fällig oder bis zum {horizon} fällig (die Überfälligen stehen nebenan).",
        "In dieser Zeit wird niemand fällig.", CUSTOMER_COLUMNS + ("letzter Kontakt",),
        lambda r: [_status_row(s, _date(s.last_contact)) for s in r.due if s.assessment.state is not Compliance.OVERDUE]),
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
        lambda r: [_status_row(s, _date(s.customer.cooperation_plan), warning) for s, warning in r.reviews]),
    "unseen": Section(
        "Kein Kontakt seit {since}", "Ohne anrechenbaren Kontakt seit dem {since}, nach Gruppen; wer noch nie beraten "
        "wurde, zuerst.", "Alle hatten seitdem einen anrechenbaren Kontakt.", CUSTOMER_COLUMNS + ("letzter Kontakt",),
        lambda r: [_status_row(s, _date(s.last_contact)) for items in r.not_seen.values() for s in items]),
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
        "Quote der letzten Wochen", "Ziel und erreichte Gespräche der letzten abgeschlossenen Wochen nach dem "
        "Kontaktdichtekonzept.", "Keine abgeschlossene Woche.", ("Woche", "Ziel", "erreicht", "Quote erreicht"),
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
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
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
        keep = self.customer_at(self.currentRow())
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

    def customer_at(self, row: int) -> str | None:
        item = self.item(row, 0)
        return item.data(CUSTOMER_ROLE) if item is not None else None

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


class MonitorView(QWidget):
    refreshed = Signal()

    def __init__(self, window: MainWindow, load: Callable = monitoring_report):
        super().__init__()
        self.main = window
        self._load = load
        self._request = 0
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
        self.within.setToolTip("Wer in so vielen Tagen fällig wird, steht unter »Fällig«")
        self.within.valueChanged.connect(lambda _v: self.refresh())
        top.addWidget(self.within)
        top.addSpacing(12)
        top.addWidget(QLabel("Kein Kontakt seit"))
        self.since = QDateEdit()
        self.since.setDisplayFormat("dd.MM.yyyy")
        self.since.setCalendarPopup(True)
        self.since.setToolTip("Wer seit diesem Tag keinen anrechenbaren Kontakt hatte (Standard: vor sechs Monaten)")
        self._since_chosen = False
        self.since.dateChanged.connect(self._since_changed)
        top.addWidget(self.since)
        top.addSpacing(12)
        self.copy_button = QPushButton("Liste kopieren")
        self.copy_button.setToolTip("Die Liste vorn (ohne Adressen und Notizen) in die Zwischenablage, "
                                    "zum Einfügen in eine Tabelle oder E-Mail")
        self.copy_button.clicked.connect(self.copy_list)
        self.print_button = QPushButton("Liste drucken…")
        self.print_button.setToolTip("Die Liste vorn drucken (ohne Adressen und Notizen)")
        self.print_button.clicked.connect(self.print_list)
        top.addWidget(self.copy_button)
        top.addWidget(self.print_button)
        layout.addLayout(top)
        self.tabs = QTabWidget()
        self.pages = {key: SectionPage(section) for key, section in SECTIONS.items()}
        for page in self.pages.values():
            self.tabs.addTab(page, page.section.title.format(within=DEFAULT_WITHIN, since="…"))
            page.table.opened.connect(self.open_customer)
        layout.addWidget(self.tabs, 1)
        window.desk.changes_applied.connect(lambda *_: self.refresh() if self.isVisible() else None)

    def table(self, key: str) -> CustomerTable:
        return self.pages[key].table

    def setFocus(self, reason=Qt.FocusReason.OtherFocusReason) -> None:  # noqa: N802 - Qt's name
        self.refresh()
        (self.tabs.currentWidget() or self).setFocus(reason)

    def _since_changed(self, _date: QDate) -> None:
        self._since_chosen = True
        self.refresh()

    def refresh(self) -> None:
        """Read the report again in the background (a newer request wins)."""
        self._request += 1
        request, within = self._request, self.within.value()
        since = self.since.date().toPython() if self._since_chosen else None
        self.main.desk.query(lambda ctx: self._load(ctx, within=within, since=since),
                               lambda report: self.show_report(report) if request == self._request else None,
                               what="das Berechnen der Nachhaltung", parent=self.main)

    def show_report(self, report: MonitoringReport) -> None:
        self.report = report
        self.title.setText(f"Nachhaltung am {report.on:%d.%m.%Y} nach »{report.policy_title}«")
        if not self._since_chosen:
            self.since.blockSignals(True)
            self.since.setDate(QDate(report.since))
            self.since.blockSignals(False)
        words = {"within": str(report.within), "since": _date(report.since),
                 "horizon": _date(report.on + dt.timedelta(days=report.within))}
        for index, page in enumerate(self.pages.values()):
            rows = page.section.rows(report)
            page.show_rows(rows, words)
            title = page.section.title.format(**words)
            self.tabs.setTabText(index, f"{title} ({len(rows)})" if page.section.counted else title)
        self.refreshed.emit()

    def open_customer(self, customer_no: str) -> None:
        """The customer's file in the Kunden view."""
        self.main.ui.searchField.clear()
        self.main.actions["view_customers"].trigger()
        self.main.select_customer(customer_no)

    # -- the list in front, for the Fachaufsicht ---------------------------------------------------

    def _front(self) -> tuple[str, CustomerTable]:
        page = self.tabs.currentWidget()
        heading = f"{self.title.text()}: {self.tabs.tabText(self.tabs.currentIndex())}"
        return heading, page.table

    def copy_list(self) -> None:
        """The list in front as tab-separated lines (a spreadsheet takes them as columns)."""
        heading, table = self._front()
        QGuiApplication.clipboard().setText("\n".join([heading] + ["\t".join(line) for line in table.lines()]) + "\n")
        self.main.statusBar().showMessage(f"{table.rowCount()} Zeilen in die Zwischenablage kopiert.", 5000)

    def list_html(self) -> str:
        heading, table = self._front()
        head, *rows = table.lines()
        cells = "".join(f"<th align='left'>{html.escape(h)}</th>" for h in head)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows)
        return (f"<h3>{html.escape(heading)}</h3><table border='1' cellspacing='0' cellpadding='3'>"
                f"<tr>{cells}</tr>{body}</table>")

    def print_list(self) -> None:
        dialogs = self.main.dialogs.printing
        printer = dialogs.printer()
        if not dialogs.choose_printer(self.main, printer):
            return
        document = QTextDocument()
        document.setHtml(self.list_html())
        document.print_(printer)
