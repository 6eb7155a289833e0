"""Ansicht > Nachhaltung (Strg+3): who is overdue, who is due within N days, who was never
counselled, whose miss awaits the Jobcenter's finding (Meldeversäumnis or not), whose
Kooperationsplan needs a review, who has had no contact since a date, compliance per group and the
quota of the last 12 weeks (a chart above its table): the report of ``terminassistent monitor``
(services/monitoring/report.py), read in the background, and again after every change while the
view is shown.

Filters (Status, Profillage, U25/Ü25, Merkmal) narrow every list and the compliance per group
(services/monitoring/filters.py) without reading again. The lists are in gui/monitor_sections.py;
Enter or a double-click opens a customer's file in the Kunden view. The customers chosen in a list
can be invited in one step or sent to "Termin vorschlagen…" (gui/monitor_invite.py). "Liste
kopieren", "Liste drucken…" and "Als CSV speichern…" give the list in front without addresses or
notes (for the team leader's Fachaufsicht).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QGuiApplication, QTextDocument
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QPushButton, QSpinBox, QTabWidget, QVBoxLayout, QWidget

from terminassistent.gui.monitor_filters import FilterBar
from terminassistent.gui.monitor_invite import MonitorActions
from terminassistent.gui.monitor_sections import SECTIONS, CustomerTable, SectionPage, format_date
from terminassistent.gui.quota_chart import QuotaChart
from terminassistent.services.monitoring.filters import narrow
from terminassistent.services.monitoring.report import DEFAULT_WITHIN, MonitoringReport, monitoring_report

if TYPE_CHECKING:
    from terminassistent.gui.main_window import MainWindow

CHART_WEEKS = 12


def _button(text: str, tip: str, slot: Callable) -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tip)
    button.clicked.connect(slot)
    return button


class MonitorView(QWidget):
    refreshed = Signal()

    def __init__(self, window: MainWindow, load: Callable = monitoring_report):
        super().__init__()
        self.main = window
        self._load = load
        self._request = 0
        self.report: MonitoringReport | None = None  # as read, for every customer
        self.shown: MonitoringReport | None = None  # as the filters narrow it
        self.actions = MonitorActions(self)
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
        layout.addLayout(top)
        self.filters = FilterBar()
        self.filters.changed.connect(self._show)
        layout.addWidget(self.filters)
        self.tabs = QTabWidget()
        self.pages = {key: SectionPage(section) for key, section in SECTIONS.items()}
        for page in self.pages.values():
            self.tabs.addTab(page, page.section.title.format(within=DEFAULT_WITHIN, since="…"))
            page.table.opened.connect(self.open_customer)
        self.chart = QuotaChart()
        self.pages["quota"].layout().insertWidget(1, self.chart, 2)
        self.tabs.currentChanged.connect(lambda _i: self._enable())
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self._buttons())
        window.desk.changes_applied.connect(lambda *_: self.refresh() if self.isVisible() else None)
        self._enable()

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        a = self.actions
        self.invite_button = _button("Einladen…", "Die ausgewählten Kunden auf einmal einladen: je ein freier Termin "
                                     "nach der Postlaufzeit, ein Serienbrief, ein Schritt zum Rückgängigmachen", a.invite)
        self.propose_button = _button("Termin vorschlagen…", "Termine für den ausgewählten Kunden vorschlagen",
                                      a.propose)
        self.copy_button = _button("Liste kopieren", "Die Liste vorn (ohne Adressen und Notizen) in die "
                                   "Zwischenablage, zum Einfügen in eine Tabelle oder E-Mail", self.copy_list)
        self.print_button = _button("Liste drucken…", "Die Liste vorn drucken (ohne Adressen und Notizen)",
                                    self.print_list)
        self.csv_button = _button("Als CSV speichern…", "Die Liste vorn als CSV-Datei für Excel (ohne Adressen und "
                                  "Notizen), etwa für die Fachaufsicht", a.save_csv)
        for button in (self.invite_button, self.propose_button):
            row.addWidget(button)
        row.addStretch(1)
        for button in (self.copy_button, self.print_button, self.csv_button):
            row.addWidget(button)
        return row

    def table(self, key: str) -> CustomerTable:
        return self.pages[key].table

    def tab_text(self, key: str) -> str:
        return self.tabs.tabText(list(self.pages).index(key))

    def tab_title(self) -> str:
        """The title of the tab in front, without its count."""
        return self.tabs.tabText(self.tabs.currentIndex()).split(" (")[0]

    def chosen_customers(self) -> list[str]:
        """The Kundennummern chosen in the list in front."""
        return self.front()[1].selected_customers()

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
        self.main.desk.query(lambda ctx: self._load(ctx, within=within, since=since, weeks=CHART_WEEKS),
                             lambda report: self.show_report(report) if request == self._request else None,
                             what="das Berechnen der Nachhaltung", parent=self.main)

    def show_report(self, report: MonitoringReport) -> None:
        self.report = report
        self.title.setText(f"Nachhaltung am {report.on:%d.%m.%Y} nach »{report.policy_title}«")
        if not self._since_chosen:
            self.since.blockSignals(True)
            self.since.setDate(QDate(report.since))
            self.since.blockSignals(False)
        self.chart.show_quota(report.quota)
        self._show()
        self.refreshed.emit()

    def _show(self) -> None:
        """The report through the filters, in every tab."""
        if self.report is None:
            return
        report = self.shown = narrow(self.report, self.filters.current())
        words = {"within": str(report.within), "since": format_date(report.since),
                 "horizon": format_date(report.on + dt.timedelta(days=report.within))}
        for index, page in enumerate(self.pages.values()):
            rows = page.section.rows(report)
            page.show_rows(rows, words)
            title = page.section.title.format(**words)
            self.tabs.setTabText(index, f"{title} ({len(rows)})" if page.section.counted else title)
        self._enable()

    def _enable(self) -> None:
        page = self.tabs.currentWidget()
        customers = page is not None and page.section.counted and page.table.rowCount() > 0
        self.invite_button.setEnabled(customers)
        self.propose_button.setEnabled(customers)

    def open_customer(self, customer_no: str) -> None:
        """The customer's file in the Kunden view."""
        self.main.ui.searchField.clear()
        self.main.actions["view_customers"].trigger()
        self.main.select_customer(customer_no)

    # -- the list in front, for the Fachaufsicht ---------------------------------------------------

    def front(self) -> tuple[str, CustomerTable]:
        """The heading (day, policy, tab and filters) and the table of the list in front."""
        page = self.tabs.currentWidget()
        heading = f"{self.title.text()}: {self.tabs.tabText(self.tabs.currentIndex())}"
        chosen = self.filters.current().describe()
        return heading + (f" – nur {chosen}" if chosen else ""), page.table

    def copy_list(self) -> None:
        """The list in front as tab-separated lines (a spreadsheet takes them as columns)."""
        heading, table = self.front()
        QGuiApplication.clipboard().setText("\n".join([heading] + ["\t".join(line) for line in table.lines()]) + "\n")
        self.main.statusBar().showMessage(f"{table.rowCount()} Zeilen in die Zwischenablage kopiert.", 5000)

    def list_html(self) -> str:
        heading, table = self.front()
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
