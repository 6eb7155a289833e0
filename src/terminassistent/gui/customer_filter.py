"""The caseload table's search and filter: a proxy showing the rows of the customer table that hold
every word of the query and pass the chosen filter (``FILTERS``), in the table's own order.

The proxy decides in Python, in one pass over the rows (or, when a query only narrows the last
one, over the rows it showed), which rows of the table it shows: an ascending list of table rows.
Qt never calls back into Python once per row, as a ``QSortFilterProxyModel`` calls
``filterAcceptsRow``; at 100,000 rows those calls alone took longer than a keystroke may. What the
views are told is what a filtering ``QSortFilterProxyModel`` tells them: the runs of rows removed
and inserted (each from the last up), so the selection and the current row follow as before (a current
row filtered out hands over to the row above it).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable

from PySide6.QtCore import QAbstractProxyModel, QModelIndex, QPersistentModelIndex, Qt

from terminassistent.domain.density import Compliance
from terminassistent.domain.model import BERLIN
from terminassistent.services.monitoring.overview import CustomerRow, search_terms

Terms = tuple[frozenset[str], ...]


def _today(r: CustomerRow, today: dt.date) -> bool:
    return r.next_appointment is not None and r.next_appointment.astimezone(BERLIN).date() == today


def _overdue(r: CustomerRow, today: dt.date) -> bool:
    return r.due_state is Compliance.OVERDUE


def _due(r: CustomerRow, today: dt.date) -> bool:
    return r.due_state in (Compliance.OVERDUE, Compliance.DUE_NOW, Compliance.DUE_SOON)


# The list's filters: title, and which rows they keep (on the day the overview was read).
FILTERS: tuple[tuple[str, Callable[[CustomerRow, dt.date], bool] | None], ...] = (
    ("Alle", None),
    ("Heute einbestellt", _today),
    ("Überfällig", _overdue),
    ("Fällig (überfällig, sofort, bald)", _due),
)


def narrows(before: Terms, after: Terms) -> bool:
    """True when every key the query ``after`` matches is matched by ``before`` as well: each word
    of ``before`` has a word in ``after`` whose every spelling holds one of its spellings (typing
    on, ``mül`` → ``müll``; another word: ``anna`` → ``anna mül``)."""
    return all(any(all(any(v in longer for v in term) for longer in word) for word in after) for term in before)


def runs(positions: list[int]) -> list[tuple[int, int]]:
    """Ascending positions as runs of neighbours: [1, 2, 3, 7] → [(1, 3), (7, 7)]."""
    breaks = [n for n in range(1, len(positions)) if positions[n] != positions[n - 1] + 1]
    starts, ends = [0, *breaks], [*breaks, len(positions)]
    return [(positions[a], positions[b - 1]) for a, b in zip(starts, ends)] if positions else []


def _holding(word: str, keys: list[str], among: Iterable[int] | None) -> list[int]:
    """The positions (of ``among``, ascending; None: all) whose key holds ``word``."""
    if among is None:
        return [i for i, key in enumerate(keys) if word in key]
    return [i for i in among if word in keys[i]]


class _Spliced:
    """The shown rows while runs are removed or inserted, the last run first: ``head[:cut]`` and
    then ``tail`` reversed. What a view asks for between two runs is right, and a run does not
    move the rows after it (10,000 runs in 100,000 rows: the list is built once, not per run)."""

    def __init__(self, head: list[int]):
        self.head, self.cut, self.tail = head, len(head), []

    def replace(self, a: int, b: int, rows: list[int]) -> None:
        """Put ``rows`` in place of positions ``a`` to ``b`` (b = a - 1: insert), before the last run."""
        self.tail.extend(reversed(self.head[b + 1:self.cut]))
        self.tail.extend(reversed(rows))
        self.cut = a

    def __len__(self) -> int:
        return self.cut + len(self.tail)

    def __getitem__(self, p: int) -> int:
        if not 0 <= p < len(self):
            raise IndexError(p)
        return self.head[p] if p < self.cut else self.tail[len(self) - 1 - p]

    def result(self) -> list[int]:
        return self.head[:self.cut] + self.tail[::-1]


class CustomerFilterModel(QAbstractProxyModel):
    """Shows the table's rows that match the query (``set_query``) and the filter (``set_filter``),
    in the table's order; sorting is the table's (``sort`` passes it on)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._terms: Terms = ()
        self._keep: Callable[[CustomerRow, dt.date], bool] | None = None
        self._today = dt.date.min
        self._shown: list[int] = []  # the table rows shown, ascending: always what query and filter keep
        self._source = None
        self._before: list[tuple[QModelIndex, QPersistentModelIndex]] = []
        self._keys: list[str] | None = None  # the table rows' search keys (None: to be taken again)

    # -- the query and the filter -----------------------------------------------------------------

    def set_query(self, text: str) -> None:
        terms = search_terms(text)
        if terms != self._terms:
            narrowed = narrows(self._terms, terms)
            self._terms = terms
            self._show(self._matching(self._shown if narrowed else None))

    def set_filter(self, keep: Callable[[CustomerRow, dt.date], bool] | None, today: dt.date) -> None:
        self._keep, self._today = keep, today
        self._show(self._matching())

    def _matching(self, among: list[int] | None = None, first: int = 0, last: int | None = None) -> list[int]:
        """The table rows (of ``among``, or from ``first`` to ``last``) that query and filter keep:
        ``search_matches`` word by word, each a tight pass over the rows the words before kept."""
        rows = self._source.row_list() if self._source is not None else []
        found = among if among is not None else range(first, len(rows) if last is None else last + 1)
        every = among is None and first == 0 and last is None  # a pass over all keys: no look-up by row
        keys = self._search_keys() if self._terms else []
        for term in self._terms:
            if len(term) == 1:
                found = _holding(next(iter(term)), keys, None if every else found)
            else:  # Müller: any of its spellings
                found = sorted({i for word in term for i in _holding(word, keys, None if every else found)})
            every = False
        if self._keep is not None:
            keep, today = self._keep, self._today
            found = [i for i in found if keep(rows[i], today)]
        return list(found)

    def _search_keys(self) -> list[str]:
        """The table rows' search keys in the table's order, taken once after each change."""
        if self._keys is None:
            self._keys = [r.search_key for r in self._source.row_list()]
        return self._keys

    def _show(self, wanted: list[int], first: int = 0, last: int | None = None) -> None:
        """Show ``wanted`` instead of the shown rows from table row ``first`` to ``last``, telling
        the views each run removed, then each run inserted, from the last up (as Qt's filtering proxy)."""
        shown = self._shown
        start = bisect_left(shown, first)
        end = len(shown) if last is None else bisect_right(shown, last)
        before = shown[start:end]
        if before == wanted:
            return
        keep, had = set(wanted), set(before)
        removed = runs([start + n for n, row in enumerate(before) if row not in keep])
        if removed:
            spliced = self._shown = _Spliced(shown)
            for a, b in reversed(removed):
                self.beginRemoveRows(QModelIndex(), a, b)
                spliced.replace(a, b, [])
                self.endRemoveRows()
            shown = self._shown = spliced.result()
        added = runs([start + n for n, row in enumerate(wanted) if row not in had])
        if added:
            spliced = self._shown = _Spliced(shown)
            earlier = sum(b - a + 1 for a, b in added)
            for a, b in reversed(added):  # the rows of the runs above are not in yet
                earlier -= b - a + 1
                self.beginInsertRows(QModelIndex(), a - earlier, b - earlier)
                spliced.replace(a - earlier, a - earlier - 1, wanted[a - start:b - start + 1])
                self.endInsertRows()
            self._shown = spliced.result()

    # -- the table's changes ----------------------------------------------------------------------

    def setSourceModel(self, model) -> None:  # noqa: N802 - Qt's name
        self.beginResetModel()
        super().setSourceModel(model)
        self._source = model
        model.modelAboutToBeReset.connect(self.beginResetModel)
        model.modelReset.connect(self._reset)
        model.layoutAboutToBeChanged.connect(self._layout_about_to_change)
        model.layoutChanged.connect(self._layout_changed)
        model.dataChanged.connect(self._data_changed)
        model.rowsInserted.connect(self._rows_inserted)
        model.rowsAboutToBeRemoved.connect(self._rows_about_to_be_removed)
        model.rowsRemoved.connect(self._rows_removed)
        self._shown, self._keys = [], None
        self._shown = self._matching()
        self.endResetModel()

    def _reset(self) -> None:
        self._keys = None
        self._shown = self._matching()
        self.endResetModel()

    def _layout_about_to_change(self, *_: object) -> None:
        self.layoutAboutToBeChanged.emit()
        self._before = [(i, QPersistentModelIndex(self.mapToSource(i))) for i in self.persistentIndexList()]

    def _layout_changed(self, *_: object) -> None:
        self._keys = None
        self._shown = self._matching()
        before, self._before = self._before, []
        self.changePersistentIndexList([i for i, _ in before],
                                       [self.mapFromSource(QModelIndex(s)) for _, s in before])
        self.layoutChanged.emit()

    def _data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, roles=()) -> None:
        first, last, self._keys = top_left.row(), bottom_right.row(), None
        self._show(self._matching(first=first, last=last), first, last)
        start, end = bisect_left(self._shown, first), bisect_right(self._shown, last)
        if start < end:
            self.dataChanged.emit(self.index(start, 0), self.index(end - 1, self.columnCount() - 1), roles)

    def _rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        count, at, self._keys = last - first + 1, bisect_left(self._shown, first), None
        self._shown[at:] = [row + count for row in self._shown[at:]]
        self._show(self._matching(first=first, last=last), first, last)

    def _rows_about_to_be_removed(self, _parent: QModelIndex, first: int, last: int) -> None:
        self._show([], first, last)

    def _rows_removed(self, _parent: QModelIndex, first: int, last: int) -> None:
        count, at, self._keys = last - first + 1, bisect_left(self._shown, first), None
        self._shown[at:] = [row - count for row in self._shown[at:]]

    # -- the model a view reads -------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._source.sort(column, order)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() or self._source is None else self._source.columnCount()

    def index(self, row: int, column: int, parent=QModelIndex()) -> QModelIndex:
        if parent.isValid() or not (0 <= row < len(self._shown) and 0 <= column < self.columnCount()):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, index=QModelIndex()):  # noqa: D102 - a flat list: no row has a parent
        return QModelIndex()

    def hasChildren(self, parent=QModelIndex()) -> bool:  # noqa: N802
        return not parent.isValid() and bool(self._shown)

    def mapToSource(self, index) -> QModelIndex:  # noqa: N802
        if not index.isValid() or self._source is None or not 0 <= index.row() < len(self._shown):
            return QModelIndex()
        return self._source.index(self._shown[index.row()], index.column())

    def mapFromSource(self, index) -> QModelIndex:  # noqa: N802
        if not index.isValid():
            return QModelIndex()
        at = bisect_left(self._shown, index.row())
        if at == len(self._shown) or self._shown[at] != index.row():
            return QModelIndex()
        return self.createIndex(at, index.column())

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        return self._source.cell(self._shown[index.row()], index.column(), role)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        return self._source.headerData(section, orientation, role) if self._source is not None else None
