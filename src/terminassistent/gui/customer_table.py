"""The caseload table: a read-only item model over ``CustomerRow``s, sorting itself (searched through customer_filter).

Every column is declared once (``COLUMNS``): title, tooltip, cell text, sort key, alignment. A
later column (due date, compliance) is one more entry. Sorting uses ``SORT_ROLE``, which holds
numbers for dates and ages and folded text for words, so dates sort as dates, not as text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from terminassistent.domain.model import BERLIN, Channel, Status
from terminassistent.gui.customer_filter import FILTERS as FILTERS  # the list's search and filters live there
from terminassistent.gui.customer_filter import CustomerFilterModel as CustomerFilterModel
from terminassistent.gui.due_filling import DueFilling
from terminassistent.gui.style import row_background, state_foreground, state_text
from terminassistent.gui.table_order import RowOrder
from terminassistent.services.monitoring.overview import UE25, CustomerRow, fold

SORT_ROLE = Qt.ItemDataRole.UserRole
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the CustomerRow itself

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_WEEKDAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
_DE_SORT = str.maketrans({"ä": "a", "ö": "o", "ü": "u"})  # DIN 5007-1: Ä sorts with A


def german_sort_key(text: str) -> str:
    folded = fold(text)
    return folded if folded.isascii() else folded.translate(_DE_SORT)


def date_text(day: dt.date) -> str:
    return f"{day:%d.%m.%Y}"


def appointment_text(start: dt.datetime) -> str:
    local = start.astimezone(BERLIN)
    return f"{_WEEKDAYS[local.weekday()]} {local:%d.%m.%Y %H:%M}"


def _day_number(day: dt.date | None) -> int:
    return day.toordinal() if day else 0  # none sorts first: never seen / nothing booked


def _time_number(start: dt.datetime | None) -> int:
    return int(start.timestamp()) if start else 0


def _status_text(r: CustomerRow) -> str:
    # Under the heading "Status", "Status nicht gesetzt" reads twice; the tooltip keeps the full label.
    return "nicht gesetzt" if r.status is Status.NICHT_GESETZT else r.status_label


def _age_text(r: CustomerRow) -> str:
    return str(r.age) if r.age_group == UE25 else f"{r.age} ({r.age_group})"


PENDING_TEXT = "…"
PENDING_TIP = "Wird im Hintergrund berechnet; die Liste ist schon nutzbar."


def _last_contact_text(r: CustomerRow) -> str:
    if not r.assessed:
        return PENDING_TEXT
    return date_text(r.last_contact) if r.last_contact else "–"


def _last_contact_tip(r: CustomerRow) -> str:
    if not r.assessed:
        return PENDING_TIP
    if r.last_contact is None:
        return "Noch kein Beratungsvermerk (Allgemeine Vermerke zählen nicht)."
    how = "persönlich" if r.last_contact_channel is Channel.PERSOENLICH else "telefonisch"
    return f"Letzter Beratungsvermerk am {date_text(r.last_contact)}, {how}."


def _due_text(r: CustomerRow) -> str:
    if not r.assessed:
        return PENDING_TEXT
    if r.due_latest is None:
        return "keine Vorgabe" if r.due_state is not None else "–"
    return date_text(r.due_latest)


def _due_tip(r: CustomerRow) -> str:
    if not r.assessed:
        return PENDING_TIP
    if r.due_state is None:
        return ""
    window = f"Empfohlen ab {date_text(r.due_earliest)}, spätestens {date_text(r.due_latest)}. " if r.due_latest else ""
    rule = f"Regel »{r.due_rule}«: {r.due_density}. " if r.due_rule else ""
    return (window + rule + " ".join(r.due_warnings)).strip()


def _state_text(r: CustomerRow) -> str:
    return state_text(r.due_state) if r.assessed else "wird berechnet …"


_STATE_ORDER = {"overdue": 0, "due_now": 1, "due_soon": 2, "on_time": 3, "no_density": 4}


def _next_text(r: CustomerRow) -> str:
    return appointment_text(r.next_appointment) if r.next_appointment else "kein Termin"


@dataclass(frozen=True)
class Column:
    title: str
    tip: str
    text: Callable[[CustomerRow], str]
    sort_key: Callable[[CustomerRow], object]
    align: Qt.AlignmentFlag = _LEFT
    cell_tip: Callable[[CustomerRow], str] | None = None
    placeholder: Callable[[CustomerRow], bool] | None = None  # shown dimmed (nothing to show)


COLUMNS: tuple[Column, ...] = (
    Column("Name", "Nachname, Vorname", lambda r: r.display_name, lambda r: german_sort_key(r.display_name)),
    Column("Kundennummer", "Kundennummer, wie sie im Fachverfahren steht",
           lambda r: r.customer_no, lambda r: fold(r.customer_no)),
    Column("Kontaktdichte", "überfällig, bald fällig (Zeitfenster offen), fristgerecht oder keine Vorgabe",
           _state_text, lambda r: _STATE_ORDER.get(r.due_state.value if r.due_state else "", 9) * 10**7 + _day_number(r.due_latest),
           cell_tip=_due_tip),
    Column("Fällig bis", "Spätester Tag für den nächsten Kontakt nach dem Kontaktdichtekonzept",
           _due_text, lambda r: _day_number(r.due_latest), cell_tip=_due_tip, placeholder=lambda r: r.due_latest is None),
    Column("Nächster Termin", "Nächster gebuchter Termin", _next_text, lambda r: _time_number(r.next_appointment),
           placeholder=lambda r: r.next_appointment is None),
    Column("Letzter Kontakt", "Datum des letzten Kontakts, der nach dem Kontaktdichtekonzept zählt",
           _last_contact_text, lambda r: _day_number(r.last_contact), cell_tip=_last_contact_tip,
           placeholder=lambda r: r.last_contact is None),
    Column("Alter", "Alter heute; U25: jünger als 25 Jahre", _age_text, lambda r: -r.birth_date.toordinal(),
           cell_tip=lambda r: f"{r.age} Jahre, {r.age_group}"),
    Column("Status", "arbeitslos, arbeitsuchend oder Status nicht gesetzt", _status_text,
           lambda r: german_sort_key(_status_text(r)), cell_tip=lambda r: r.status_label),
    Column("Profillage", "Profillage nach dem 4-Phasen-Modell", lambda r: r.profile_label or "–",
           lambda r: german_sort_key(r.profile_label), placeholder=lambda r: not r.profile_label),
    Column("Merkmale", "Schüler/in, Fallmanagement, beschäftigt, gesundheitliche Einschränkungen",
           lambda r: ", ".join(r.flag_short_labels), lambda r: german_sort_key(", ".join(r.flag_short_labels)),
           cell_tip=lambda r: "\n".join(r.flag_labels)),
    Column("Geburtsdatum", "Geburtsdatum (TT.MM.JJJJ)", lambda r: date_text(r.birth_date),
           lambda r: r.birth_date.toordinal()),
)
def column_of_title(title: str) -> int:
    return [c.title for c in COLUMNS].index(title)


NAME_COLUMN = column_of_title("Name")
BIRTH_DATE_COLUMN = column_of_title("Geburtsdatum")
STATE_COLUMN = column_of_title("Kontaktdichte")


class CustomerTableModel(QAbstractTableModel):
    """Read-only rows of the overview. ``set_rows`` replaces them all; ``update_rows`` replaces,
    adds or removes the rows of some customers (after a write touched them). Each row's cell texts
    and sort keys are computed once, when first asked for, not on every paint or comparison.

    The model sorts itself (``sort``): one Python sort over one column's keys, stable in the store's
    order (``RowOrder`` keeps both), instead of the proxy comparing two cells through ``data()``
    n·log n times. After an update it sorts again, so a changed row moves to its place as it did
    with a sorting proxy."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[CustomerRow] = []
        self._cells: dict[str, tuple[tuple[str, ...], tuple[object, ...]]] = {}  # per customer, once asked for
        self._found: dict[str, int] | None = {}  # each customer's row (None: to be counted again)
        self._order = RowOrder([c.sort_key for c in COLUMNS])  # the store's order, the sort keys
        self._sorting: tuple[int, Qt.SortOrder] | None = None
        if all(hasattr(parent, name) for name in ("loaded", "apply_changes")):
            DueFilling(parent, self)  # the window showing this list fills in a large caseload's due states

    def set_rows(self, rows: Sequence[CustomerRow]) -> None:
        self.beginResetModel()
        self._order.reset(rows)
        self._cells = {}
        self._rows, self._found = self._sorted(), None
        self.endResetModel()

    def update_rows(self, rows: Sequence[CustomerRow], gone: Sequence[str] = ()) -> None:
        """Replace the rows of these customers (adding new ones) and remove those of ``gone``."""
        changed: list[int] = []
        column = self._sorting[0] if self._sorting else None
        known = column is not None and self._order.has_keys(column)  # else: sorted again anyway
        moved = False  # whether a row's place may change (its key in the sorted column did)
        for row in rows:
            number = row.customer_no
            self._cells.pop(number, None)
            moved = self._order.put(row, column) or moved
            at = self._index.get(number)
            if at is None:
                self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
                self._rows.append(row)
                self._index[number] = len(self._rows) - 1
                self.endInsertRows()
            else:
                self._rows[at] = row
                changed.append(at)
        if changed:  # one signal for the span (not one per row: 100,000 rows filled in at once)
            self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), len(COLUMNS) - 1))
        for customer_no in gone:
            at = self._index.get(customer_no)
            if at is not None:
                self.beginRemoveRows(QModelIndex(), at, at)
                del self._rows[at]
                self._order.remove(customer_no)
                self._found = None
                self.endRemoveRows()
        if moved or (rows and not known):
            self._resort()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS) or self._sorting == (column, order):
            return  # the rows are always kept in the order chosen
        self._sorting = (column, order)
        self._resort()

    def _resort(self) -> None:
        ordered = self._sorted()
        if ordered == self._rows:  # the same row objects: compared by identity, quickly
            return
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        kept = [id(self._rows[i.row()]) if i.isValid() else None for i in before]
        ids = list(map(id, ordered)) if before else []  # where the few kept rows went (no index of all)
        went = {k: ids.index(k) for k in set(kept) if k is not None}
        self._rows, self._found = ordered, None
        self.changePersistentIndexList(before, [
            self.index(went[k], i.column()) if k is not None else QModelIndex() for i, k in zip(before, kept)])
        self.layoutChanged.emit()

    def _sorted(self) -> list[CustomerRow]:
        """The rows in the order of the chosen column, the store's order among equals."""
        if self._sorting is None:
            return self._order.ordered(None)
        column, direction = self._sorting
        return self._order.ordered(column, descending=direction == Qt.SortOrder.DescendingOrder)

    @property
    def _index(self) -> dict[str, int]:
        """Each customer's row, counted when first asked for after the rows moved."""
        if self._found is None:
            self._found = {r.customer_no: i for i, r in enumerate(self._rows)}
        return self._found

    def row_at(self, row: int) -> CustomerRow:
        return self._rows[row]

    def row_of(self, customer_no: str) -> int | None:
        return self._index.get(customer_no)

    def rows(self) -> list[CustomerRow]:
        return list(self._rows)

    def row_list(self) -> list[CustomerRow]:
        """The rows in their shown order, not copied (for the search proxy): do not change it."""
        return self._rows

    def _cell(self, row: int) -> tuple[tuple[str, ...], tuple[object, ...]]:
        r = self._rows[row]
        cached = self._cells.get(r.customer_no)
        if cached is None:
            cached = self._cells[r.customer_no] = (tuple(c.text(r) for c in COLUMNS), tuple(c.sort_key(r) for c in COLUMNS))
        return cached

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        return self.cell(index.row(), index.column(), role) if index.isValid() else None

    def cell(self, row_number: int, column_number: int, role: int = Qt.ItemDataRole.DisplayRole):
        """``data`` of the cell in this row and column (the proxy asks without making an index)."""
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell(row_number)[0][column_number]
        if role == SORT_ROLE:
            return self._cell(row_number)[1][column_number]
        row, column = self._rows[row_number], COLUMNS[column_number]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align.value)
        if role == Qt.ItemDataRole.ToolTipRole and column.cell_tip is not None:
            return column.cell_tip(row)
        if role == Qt.ItemDataRole.BackgroundRole:
            return row_background(row.due_state)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column_number == STATE_COLUMN:
                return state_foreground(row.due_state)
            if column.placeholder is not None and column.placeholder(row):
                return QApplication.palette().brush(QPalette.ColorRole.PlaceholderText)
        if role == ROW_ROLE:
            return row
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].title
        if role == Qt.ItemDataRole.ToolTipRole:
            return COLUMNS[section].tip
        return None
