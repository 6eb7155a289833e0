"""The main window: the customer list beside the customer's file, the menus of ../shared/DESKTOP.md,
and the status bar with the overdue count and the week's quota.

The window knows no database: it works through the Desk (gui/desk.py), which runs the services on
the worker thread and reports every change; the list and the file update the customers a change
touched. The flows of a customer's day (conclusion, proposals, outcomes, letters) are in
gui/flows.py; this module lays out the window and keeps its parts in step.
"""

from __future__ import annotations

import dataclasses
import gc
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMainWindow, QSplitter, QStackedWidget, QWidget

from terminassistent.domain.model import Appointment, AppointmentStatus
from terminassistent.gui import actions as menu
from terminassistent.gui.caseload_flows import CaseloadFlows, OpenRequest
from terminassistent.gui.customer_file import CustomerFileView
from terminassistent.gui.customer_table import FILTERS, NAME_COLUMN, ROW_ROLE, CustomerFilterModel, CustomerTableModel
from terminassistent.gui.desk import Desk
from terminassistent.gui.flows import Flows, GuiDialogs
from terminassistent.gui.help_window import AboutDialog, ManualWindow, about_text
from terminassistent.gui.retention_flows import RetentionFlows
from terminassistent.gui.safety_flows import SafetyFlows
from terminassistent.gui.status_bar import StatusLabels, count_text, overdue_count, overdue_text
from terminassistent.gui.week_flows import WeekFlows
from terminassistent.gui.forms.ui_customer_list import Ui_CustomerList
from terminassistent.gui.worker import TaskFailure
from terminassistent.services.changes import Changes
from terminassistent.services.context import Context
from terminassistent.services.invitations.legal_state import LegalTextState, legal_text_state
from terminassistent.services.monitoring.customer_file import CustomerFile, customer_file
from terminassistent.services.monitoring.overview import CustomerRow, Overview, caseload_overview, customer_overview

if TYPE_CHECKING:  # built when first shown (their modules, with the calendar and the reports, too)
    from terminassistent.gui.monitor_view import MonitorView
    from terminassistent.gui.week_view import WeekView

APP_TITLE = "Terminassistent"
MAX_INITIAL_COLUMN_WIDTH = 300  # px; long names or flag lists get a tooltip, not half the screen
CELL_PADDING = 12  # px of air after the longest text of a column
SIZE_SAMPLE = 200  # rows a column's width is measured on (not all 100,000)


def window_title(caseworker_name: str) -> str:
    return f"{APP_TITLE} – {caseworker_name}" if caseworker_name.strip() else APP_TITLE


class MainWindow(QMainWindow):
    loaded = Signal()  # the list shows a freshly loaded overview
    load_failed = Signal(str)  # the German message, already shown to the user
    file_shown = Signal(str)  # the customer's file shows this Kundennummer

    def __init__(self, desk: Desk, dialogs: GuiDialogs | None = None, *,
                 load: Callable[[Context], Overview] = caseload_overview, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        if desk.parent() is None:
            desk.setParent(self)  # a result that arrives after the window closed goes nowhere
        self._load = load
        self.dialogs = dialogs or GuiDialogs.standard()
        self.runner = desk.runner
        self.overview: Overview | None = None
        self.today: dt.date | None = None
        self._sized = False
        self._shown_customer: str | None = None
        self._overdue = 0  # rows of the list that are overdue, kept up to date with each update
        self._filtered: tuple[object, dt.date | None] = (None, None)  # the proxy's filter and its day
        self._frozen = False  # see _loaded
        self._file_request = 0
        self.pending_selection: str | None = None  # a customer to select once the list shows them

        self.model = CustomerTableModel(self)
        self.proxy = CustomerFilterModel(self)
        self.proxy.setSourceModel(self.model)

        self.list_page = QWidget()
        self.ui = Ui_CustomerList()
        self.ui.setupUi(self.list_page)
        self.file_view = CustomerFileView()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.list_page)
        self.splitter.addWidget(self.file_view)
        self.splitter.setStretchFactor(0, 11)
        self.splitter.setStretchFactor(1, 9)
        self.splitter.setChildrenCollapsible(False)
        self.views = QStackedWidget()
        self.views.addWidget(self.splitter)  # "Kunden" (Strg+1); other views are added by add_view
        self._view_appointments: dict[QWidget, Callable[[], Appointment | None]] = {}
        self.setCentralWidget(self.views)
        self._setup_table()
        for title, _ in FILTERS:
            self.ui.filterBox.addItem(title)

        self.actions = menu.build_menus(self.menuBar(), self)
        self.file_view.add_buttons([self.actions[k] for k in ("conclude", "propose", "first", "edit_customer")],
                                   [self.actions[k] for k in ("held", "missed", "excused", "cancel", "print", "save_ics")])
        self.flows = Flows(self)
        self.safety = SafetyFlows(self)
        self.week_flows = WeekFlows(self)
        self.caseload_flows = CaseloadFlows(self)
        self.retention = RetentionFlows(self)
        self.next_caseload: OpenRequest | None = None  # set when the window closes for another caseload
        self._week_view: WeekView | None = None  # the week and the Nachhaltung: built when first shown
        self._monitor_view: MonitorView | None = None
        self.actions["view_week"].triggered.connect(lambda: self.show_view(self.week_view))
        self.actions["view_monitor"].triggered.connect(lambda: self.show_view(self.monitor_view))
        for key, move in (("today", lambda: self.week_view.go_today()), ("prev_week", lambda: self.week_view.go(-7)),
                          ("next_week", lambda: self.week_view.go(7))):
            self.actions[key].triggered.connect(lambda _checked=False, move=move: self._in_week(move))
        self.legal_state: LegalTextState | None = None
        self.help_window: ManualWindow | None = None
        self._connect()
        self._setup_status_bar()
        self._update_actions()
        self.setWindowTitle(APP_TITLE)

    # -- layout --------------------------------------------------------------------------------

    def _setup_table(self) -> None:
        table = self.ui.customerTable
        table.setModel(self.proxy)
        table.sortByColumn(NAME_COLUMN, Qt.SortOrder.AscendingOrder)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSortIndicatorShown(True)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

    def _setup_status_bar(self) -> None:
        labels = StatusLabels.on(self.statusBar())
        self.overdue_label, self.quota_label, self.count_label = labels.overdue, labels.quota, labels.count
        self.legal_label, self.erasure_label = labels.legal, labels.erasure
        self._show_count()

    def _connect(self) -> None:
        a = self.actions
        a["quit"].triggered.connect(self.close)
        a["find"].triggered.connect(self._focus_search)
        a["reload"].triggered.connect(self.reload)
        a["view_customers"].triggered.connect(self._focus_table)
        a["open_file"].triggered.connect(self._focus_file)
        a["manual"].triggered.connect(self.show_manual)
        a["about"].triggered.connect(self.show_about)
        self.ui.customerTable.addAction(a["open_file"])  # Enter in the list opens the file
        self.ui.searchField.textChanged.connect(self.proxy.set_query)
        self.ui.searchField.returnPressed.connect(self._focus_table)
        clear = QAction(self.ui.searchField)
        clear.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        clear.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        clear.triggered.connect(self.ui.searchField.clear)
        self.ui.searchField.addAction(clear)
        self.ui.filterBox.currentIndexChanged.connect(self._filter_changed)
        for signal in (self.proxy.modelReset, self.proxy.rowsInserted, self.proxy.rowsRemoved, self.proxy.layoutChanged):
            signal.connect(self._show_count)
        self.ui.customerTable.selectionModel().currentRowChanged.connect(self._current_changed)
        self.ui.customerTable.doubleClicked.connect(lambda _index: self._focus_file())
        self.file_view.appointment_selected.connect(lambda _a: self._update_actions())
        self.desk.changes_applied.connect(self.apply_changes)

    # -- loading and changes -------------------------------------------------------------------

    def reload(self) -> None:
        """Read the whole caseload again in the background; ``loaded`` or ``load_failed`` follows."""
        self.actions["reload"].setEnabled(False)
        self.statusBar().showMessage("Bestand wird geladen …")
        self.desk.query(self._load, self._loaded, what="das Laden des Bestands", failed=self._failed)

    @Slot(object)
    def _loaded(self, overview: Overview) -> None:
        keep = self.current_customer()
        # The rows live in the model from here on (which replaces them as due states come in and
        # changes are made): the window keeps the rest, not 100,000 rows that are no longer shown.
        self.overview, self.today = dataclasses.replace(overview, rows=()), overview.today
        self.setWindowTitle(window_title(overview.caseworker_name))
        self.model.set_rows(overview.rows)
        self._overdue = overdue_count(overview.rows)
        self._set_filter(FILTERS[self.ui.filterBox.currentIndex()][1], self.today)
        if not self._sized and overview.rows:
            self._fit_columns()
        self.actions["reload"].setEnabled(True)
        self.statusBar().clearMessage()
        self._show_overdue()
        self.refresh_legal_state()
        self.safety.refresh_labels()
        if keep is not None:
            self.select_customer(keep)
        elif self.proxy.rowCount():
            self.ui.customerTable.selectRow(0)
        if not self._frozen:
            # Once, after the first load: what the program built to start and the rows just shown
            # live on (or are freed by their count of references), so Python's full collections,
            # 0.1 s each on the GUI thread at 100,000 customers, no longer look through them.
            gc.freeze()
            self._frozen = True
        self.loaded.emit()  # a large caseload's first run of due states goes to the worker first:
        # the list's due states are what the caseworker looks at, the quota and the reminder follow
        self.flows.refresh_quota()
        self.retention.refresh_reminder()

    @Slot(object)
    def _failed(self, failure: TaskFailure) -> None:
        self.actions["reload"].setEnabled(True)
        self.statusBar().showMessage("Der Bestand konnte nicht geladen werden.")
        title = "Interner Fehler" if failure.internal else "Bestand nicht geladen"
        self.dialogs.show_error(self, title, failure.message)
        self.load_failed.emit(failure.message)

    @Slot(object, object)
    def apply_changes(self, changes: Changes, initiator: object = None) -> None:
        """Update what a write touched: the rows of its customers, the file if it is one of them,
        the quota when the calendar changed; everything after a new day or an unknown change."""
        if changes.everything or (changes.settings and "caseworker" in changes.settings):
            self.reload()
            return
        if changes.customers:
            numbers = sorted(changes.customers)

            def updated(rows) -> None:
                found = {r.customer_no for r in rows}
                shown = (self.model.row_of(n) for n in numbers)
                before = overdue_count(self.model.row_at(at) for at in shown if at is not None)
                self.model.update_rows(rows, gone=[n for n in numbers if n not in found])
                self._overdue += overdue_count(rows) - before  # counted over the run, not the whole list
                self._show_overdue()
                if self.pending_selection in found:
                    self.select_customer(self.pending_selection)
                    self.pending_selection = None
                elif self._shown_customer in changes.customers:
                    self.show_file(self._shown_customer)

            self.desk.query(lambda ctx: customer_overview(ctx, self.today, numbers), updated,
                            what="das Aktualisieren der Liste")
        if changes.calendar:
            self.flows.refresh_quota()
        if changes.settings and any(key.startswith("letter.") for key in changes.settings):
            self.refresh_legal_state()

    # -- the legal texts in use ------------------------------------------------------------------

    def refresh_legal_state(self) -> None:
        """Show, for as long as it holds, that the legal texts in use are unconfirmed samples."""

        def shown(state: LegalTextState) -> None:
            self.legal_state = state
            self.legal_label.setVisible(bool(state.notice))
            self.legal_label.setText("⚠ Rechtsfolgenbelehrungen: Muster, nicht freigegeben")
            self.legal_label.setToolTip(state.notice)

        def refused(failure: TaskFailure) -> None:
            self.legal_state = None
            self.legal_label.setVisible(True)
            self.legal_label.setText("⚠ Rechtsfolgenbelehrungen fehlerhaft")
            self.legal_label.setToolTip(failure.message)

        self.desk.query(legal_text_state, shown, what="das Prüfen der Rechtsfolgenbelehrungen", failed=refused)

    # -- help ------------------------------------------------------------------------------------

    def show_manual(self) -> None:
        if self.help_window is None:
            self.help_window = ManualWindow(self)
        self.help_window.show()
        self.help_window.raise_()
        self.help_window.activateWindow()

    def show_about(self) -> None:
        state = self.legal_state

        def read(ctx):
            return ctx.policy().title, str(ctx.caseload.path)

        def shown(found) -> None:
            title, path = found
            if state is None:
                legal = "nicht geprüft"
            else:
                legal = ("die mitgelieferten Muster" if state.bundled else f"die eigenen aus »{state.folder}«") + (
                    f", freigegeben von {state.approved_by} am {state.approved_on:%d.%m.%Y}" if state.approved else
                    ", nicht freigegeben")
            self.flows._open(AboutDialog(about_text(title, state.notice if state else "", legal, path), self))

        self.desk.query(read, shown, what="das Lesen der Programmangaben", parent=self)

    def _fit_columns(self) -> None:
        """Once, after the first load: each column as wide as its title or its longest text needs,
        measured on the first rows (enough for the widths; not every row of a large caseload)."""
        table = self.ui.customerTable
        header = table.horizontalHeader()
        metrics = table.fontMetrics()
        rows = min(self.proxy.rowCount(), SIZE_SAMPLE)
        for section in range(header.count() - 1):  # the last one takes the remaining width
            longest = max((metrics.horizontalAdvance(str(self.proxy.index(r, section).data() or ""))
                           for r in range(rows)), default=0)
            wanted = max(header.sectionSizeHint(section), longest + CELL_PADDING)
            header.resizeSection(section, min(wanted, MAX_INITIAL_COLUMN_WIDTH))
        self._sized = True

    # -- the current customer and their file ---------------------------------------------------

    def current_customer(self) -> str | None:
        index = self.ui.customerTable.currentIndex()
        if not index.isValid() or not self.ui.customerTable.selectionModel().isRowSelected(index.row(), index.parent()):
            return self._shown_customer if index.isValid() else None
        return self._customer_at(index.row())

    def select_customer(self, customer_no: str) -> bool:
        source = self.model.row_of(customer_no)
        if source is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(source, 0))
        if not index.isValid():  # filtered out: show everyone
            self.ui.filterBox.setCurrentIndex(0)
            self.ui.searchField.clear()
            index = self.proxy.mapFromSource(self.model.index(source, 0))
        table = self.ui.customerTable
        table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        table.scrollTo(index)
        return True

    def _current_changed(self, current, _previous) -> None:
        self.show_file(self._customer_at(current.row()) if current.isValid() else None)

    def _customer_at(self, proxy_row: int) -> str | None:
        row = self.proxy.index(proxy_row, 0).data(ROW_ROLE)
        return row.customer_no if row is not None else None

    def show_file(self, customer_no: str | None) -> None:
        """Show the customer's file (read in the background; a newer request wins)."""
        self._file_request += 1
        request = self._file_request
        if customer_no is None:
            self._shown_customer = None
            self.file_view.show_file(None)
            self._update_actions()
            return
        keep = self.file_view.selected_appointment() if customer_no == self._shown_customer else None

        def shown(f: CustomerFile) -> None:
            if request != self._file_request:
                return
            self._shown_customer = customer_no
            self.file_view.show_file(f, keep.id if keep else None)
            self._update_actions()
            self.file_shown.emit(customer_no)

        def gone(failure: TaskFailure) -> None:
            if request == self._file_request:
                self._shown_customer = None
                self.file_view.show_file(None)
                self._update_actions()

        self.desk.query(lambda ctx: customer_file(ctx, customer_no), shown, what="das Lesen der Kundenakte",
                        failed=gone)

    def shown_file(self) -> CustomerFile | None:
        return self.file_view.file

    # -- views -------------------------------------------------------------------------------------

    @property
    def week_view(self) -> WeekView:
        """Ansicht > Woche, built (and its module imported) when first asked for."""
        if self._week_view is None:
            from terminassistent.gui.week_view import WeekView

            self._week_view = WeekView(self)
            self.add_view(self._week_view, selected_appointment=self._week_view.canvas.selected_appointment)
        return self._week_view

    @property
    def monitor_view(self) -> MonitorView:
        """Ansicht > Nachhaltung, built (and its module imported) when first asked for."""
        if self._monitor_view is None:
            from terminassistent.gui.monitor_view import MonitorView

            self._monitor_view = MonitorView(self)
            self.add_view(self._monitor_view)
        return self._monitor_view

    def add_view(self, widget: QWidget, selected_appointment: Callable[[], Appointment | None] | None = None) -> None:
        """A view beside the customer list (the week, the Nachhaltung); ``selected_appointment``
        tells the Termin menu what it acts on there."""
        self.views.addWidget(widget)
        if selected_appointment is not None:
            self._view_appointments[widget] = selected_appointment

    def _in_week(self, move: Callable[[], None]) -> None:
        if self.views.currentWidget() is not self.week_view:
            self.show_view(self.week_view)
        move()

    def show_view(self, widget: QWidget) -> None:
        self.views.setCurrentWidget(widget)
        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._update_actions()

    def selected_appointment(self) -> Appointment | None:
        """The appointment the Termin menu acts on: the one selected in the view in front."""
        current = self.views.currentWidget()
        if current in self._view_appointments:
            return self._view_appointments[current]()
        return self.file_view.selected_appointment()

    def update_actions(self) -> None:
        self._update_actions()

    def _update_actions(self) -> None:
        appointment = self.selected_appointment()

        menu.enable(self.actions, {
            menu.CUSTOMER: self._shown_customer is not None,
            menu.APPOINTMENT: appointment is not None,
            menu.BOOKED: appointment is not None and appointment.status is AppointmentStatus.BOOKED,
        })

    # -- status bar, search, focus -------------------------------------------------------------

    def _show_count(self, *_: object) -> None:
        self.count_label.setText(count_text(self.proxy.rowCount(), self.model.rowCount()))

    def _show_overdue(self) -> None:
        self.overdue_label.setText(overdue_text(self._overdue))

    def _filter_changed(self, number: int) -> None:
        self._set_filter(FILTERS[number][1], self.today or dt.date.min)

    def _set_filter(self, keep: Callable[[CustomerRow, dt.date], bool] | None, today: dt.date) -> None:
        """Filter the list anew, unless it is filtered so already ("Alle" keeps every row on any
        day): a load's new rows were filtered as they came in, no second pass over 100,000 rows."""
        if (keep, today if keep else None) != self._filtered:
            self._filtered = (keep, today if keep else None)
            self.proxy.set_filter(keep, today)

    def _focus_search(self) -> None:
        self.ui.searchField.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.ui.searchField.selectAll()

    def _focus_table(self) -> None:
        self.views.setCurrentWidget(self.splitter)
        self._update_actions()
        table = self.ui.customerTable
        table.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.proxy.rowCount() and not table.currentIndex().isValid():
            table.selectRow(0)
        elif self.proxy.rowCount() and self.ui.searchField.text():
            table.selectRow(0)

    def _focus_file(self) -> None:
        if self._shown_customer is not None:
            self.file_view.appointments.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.desk.stop()
        super().closeEvent(event)
