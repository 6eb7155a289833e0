"""The caseload table: a read-only item model over ``CustomerRow``s and its search/sort proxy.

Every column is declared once (``COLUMNS``): title, tooltip, cell text, sort key, alignment. A
later column (due date, compliance) is one more entry. Sorting uses ``SORT_ROLE``, which holds
numbers for dates and ages and folded text for words, so dates sort as dates, not as text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from terminassistent.domain.model import BERLIN, Channel, Status
from terminassistent.services.monitoring.overview import UE25, CustomerRow, fold, search_matches, search_terms

SORT_ROLE = Qt.ItemDataRole.UserRole
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the CustomerRow itself

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_WEEKDAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
_DE_SORT = str.maketrans({"ä": "a", "ö": "o", "ü": "u"})  # DIN 5007-1: Ä sorts with A


def german_sort_key(text: str) -> str:
    return fold(text).translate(_DE_SORT)


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


def _last_contact_text(r: CustomerRow) -> str:
    return date_text(r.last_contact) if r.last_contact else "–"


def _last_contact_tip(r: CustomerRow) -> str:
    if r.last_contact is None:
        return "Noch kein Beratungsvermerk (Allgemeine Vermerke zählen nicht)."
    how = "persönlich" if r.last_contact_channel is Channel.PERSOENLICH else "telefonisch"
    return f"Letzter Beratungsvermerk am {date_text(r.last_contact)}, {how}."


def _due_text(r: CustomerRow) -> str:
    if r.due_latest is None:
        return "keine Vorgabe" if r.due_state is not None else "–"
    return date_text(r.due_latest)


def _due_tip(r: CustomerRow) -> str:
    if r.due_state is None:
        return ""
    window = f"Empfohlen ab {date_text(r.due_earliest)}, spätestens {date_text(r.due_latest)}. " if r.due_latest else ""
    rule = f"Regel »{r.due_rule}«: {r.due_density}. " if r.due_rule else ""
    return (window + rule + " ".join(r.due_warnings)).strip()


def _state_text(r: CustomerRow) -> str:
    return r.due_state.label if r.due_state is not None else "–"


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
    Column("Kundennummer", "Kundennummer, wie sie im Fachverfahren steht",
           lambda r: r.customer_no, lambda r: fold(r.customer_no)),
    Column("Name", "Nachname, Vorname", lambda r: r.display_name, lambda r: german_sort_key(r.display_name)),
    Column("Geburtsdatum", "Geburtsdatum (TT.MM.JJJJ)", lambda r: date_text(r.birth_date),
           lambda r: r.birth_date.toordinal()),
    Column("Alter", "Alter heute; U25: jünger als 25 Jahre", _age_text, lambda r: -r.birth_date.toordinal(),
           cell_tip=lambda r: f"{r.age} Jahre, {r.age_group}"),
    Column("Status", "arbeitslos, arbeitsuchend oder Status nicht gesetzt", _status_text,
           lambda r: german_sort_key(_status_text(r)), cell_tip=lambda r: r.status_label),
    Column("Profillage", "Profillage nach dem 4-Phasen-Modell", lambda r: r.profile_label or "–",
           lambda r: german_sort_key(r.profile_label), placeholder=lambda r: not r.profile_label),
    Column("Merkmale", "Schüler/in, Fallmanagement, beschäftigt, gesundheitliche Einschränkungen",
           lambda r: ", ".join(r.flag_short_labels), lambda r: german_sort_key(", ".join(r.flag_short_labels)),
           cell_tip=lambda r: "\n".join(r.flag_labels)),
    Column("Letzter Kontakt", "Datum des letzten Kontakts, der nach dem Kontaktdichtekonzept zählt",
           _last_contact_text, lambda r: _day_number(r.last_contact), cell_tip=_last_contact_tip,
           placeholder=lambda r: r.last_contact is None),
    Column("Fällig bis", "Spätester Tag für den nächsten Kontakt nach dem Kontaktdichtekonzept",
           _due_text, lambda r: _day_number(r.due_latest), cell_tip=_due_tip, placeholder=lambda r: r.due_latest is None),
    Column("Kontaktdichte", "überfällig, bald fällig (Zeitfenster offen), fristgerecht oder keine Vorgabe",
           _state_text, lambda r: _STATE_ORDER.get(r.due_state.value if r.due_state else "", 9) * 10**7 + _day_number(r.due_latest),
           cell_tip=_due_tip),
    Column("Nächster Termin", "Nächster gebuchter Termin", _next_text, lambda r: _time_number(r.next_appointment),
           placeholder=lambda r: r.next_appointment is None),
)
NAME_COLUMN = 1
BIRTH_DATE_COLUMN = 2


class CustomerTableModel(QAbstractTableModel):
    """Read-only rows of the overview; ``set_rows`` replaces them all."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: tuple[CustomerRow, ...] = ()

    def set_rows(self, rows: Sequence[CustomerRow]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def row_at(self, row: int) -> CustomerRow:
        return self._rows[row]

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == SORT_ROLE:
            return column.sort_key(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align.value)
        if role == Qt.ItemDataRole.ToolTipRole and column.cell_tip is not None:
            return column.cell_tip(row)
        if role == Qt.ItemDataRole.ForegroundRole and column.placeholder is not None and column.placeholder(row):
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


class CustomerFilterModel(QSortFilterProxyModel):
    """Sorts by ``SORT_ROLE`` and keeps the rows whose search key holds every word of the query."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._terms: tuple[frozenset[str], ...] = ()
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def set_query(self, text: str) -> None:
        terms = search_terms(text)
        if terms != self._terms:
            self.beginFilterChange()
            self._terms = terms
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:  # noqa: N802
        if not self._terms:
            return True
        model: CustomerTableModel = self.sourceModel()
        return search_matches(model.row_at(source_row).search_key, self._terms)
