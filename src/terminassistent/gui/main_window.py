"""The main window: the caseload as a searchable, sortable table.

The window knows no database: it is given ``load`` (a callable returning an ``Overview``) and runs
it on the ``TaskRunner``'s worker thread. Messages go through the injected ``show_error``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QMainWindow, QWidget

from terminassistent.gui.customer_table import NAME_COLUMN, CustomerFilterModel, CustomerTableModel
from terminassistent.gui.dialogs import ShowError, show_error_box
from terminassistent.gui.forms.ui_main_window import Ui_MainWindow
from terminassistent.gui.worker import TaskFailure, TaskRunner
from terminassistent.services.monitoring.overview import Overview

APP_TITLE = "Terminassistent"
MAX_INITIAL_COLUMN_WIDTH = 300  # px; long names or flag lists get a tooltip, not half the screen
CELL_PADDING = 12  # px of air after the longest text of a column


def window_title(caseworker_name: str) -> str:
    return f"{APP_TITLE} – {caseworker_name}" if caseworker_name.strip() else APP_TITLE


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")  # German thousands separator


def count_text(shown: int, total: int) -> str:
    """The status bar's count: "150 Kunden", "12 von 150 Kunden"."""
    if total == 0:
        return "Noch keine Kunden im Bestand"
    if shown == total:
        return f"{_number(total)} {'Kunde' if total == 1 else 'Kunden'}"
    return f"{_number(shown)} von {_number(total)} Kunden"


class MainWindow(QMainWindow):
    loaded = Signal()  # the table shows a freshly loaded overview
    load_failed = Signal(str)  # the German message, already shown to the user

    def __init__(
        self,
        load: Callable[[], Overview],
        *,
        runner: TaskRunner | None = None,
        show_error: ShowError = show_error_box,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self._load = load
        self._show_error = show_error
        self._sized = False
        self.runner = runner or TaskRunner(self)
        self.overview: Overview | None = None

        self.model = CustomerTableModel(self)
        self.proxy = CustomerFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self._setup_table()

        self.count_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.count_label)
        for signal in (self.proxy.modelReset, self.proxy.rowsInserted, self.proxy.rowsRemoved, self.proxy.layoutChanged):
            signal.connect(self._show_count)

        self.ui.searchField.textChanged.connect(self.proxy.set_query)
        self.ui.searchField.returnPressed.connect(self._go_to_table)
        clear = QAction(self.ui.searchField)
        clear.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        clear.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        clear.triggered.connect(self.ui.searchField.clear)
        self.ui.searchField.addAction(clear)
        self.ui.actionFind.triggered.connect(self._focus_search)
        self.ui.actionReload.triggered.connect(self.reload)
        self.ui.actionQuit.triggered.connect(self.close)
        self._show_count()

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

    # -- loading -------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the caseload again in the background; ``loaded`` or ``load_failed`` follows."""
        self.ui.actionReload.setEnabled(False)
        self.statusBar().showMessage("Bestand wird geladen …")
        self.runner.run(self._load, self._loaded, self._failed, what="das Laden des Bestands")

    @Slot(object)
    def _loaded(self, overview: Overview) -> None:
        self.overview = overview
        self.setWindowTitle(window_title(overview.caseworker_name))
        self.model.set_rows(overview.rows)
        if not self._sized and overview.rows:
            self._fit_columns()
        self.ui.actionReload.setEnabled(True)
        self.statusBar().clearMessage()
        self.loaded.emit()

    @Slot(object)
    def _failed(self, failure: TaskFailure) -> None:
        self.ui.actionReload.setEnabled(True)
        self.statusBar().showMessage("Der Bestand konnte nicht geladen werden.")
        title = "Interner Fehler" if failure.internal else "Bestand nicht geladen"
        self._show_error(self, title, failure.message)
        self.load_failed.emit(failure.message)

    def _fit_columns(self) -> None:
        """Once, after the first load: each column as wide as its title or longest text needs."""
        table = self.ui.customerTable
        header = table.horizontalHeader()
        for section in range(header.count() - 1):  # the last one takes the remaining width
            wanted = max(header.sectionSizeHint(section), table.sizeHintForColumn(section) + CELL_PADDING)
            header.resizeSection(section, min(wanted, MAX_INITIAL_COLUMN_WIDTH))
        self._sized = True

    # -- search and status bar -----------------------------------------------------------------

    def _show_count(self, *_: object) -> None:
        self.count_label.setText(count_text(self.proxy.rowCount(), self.model.rowCount()))

    def _focus_search(self) -> None:
        self.ui.searchField.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.ui.searchField.selectAll()

    def _go_to_table(self) -> None:
        if self.proxy.rowCount():
            table = self.ui.customerTable
            table.setFocus(Qt.FocusReason.OtherFocusReason)
            table.selectRow(0)
