"""The order of the caseload table's rows: the store's order, and any column's order with the
store's order among equals (as a stable sort from the store's order gives it).

Kept up to date row by row as the table changes, so a sort is one ``sorted`` over a list of keys
already in the store's order: no look-up of each row's place in the store and no key computed again
(at 100,000 rows those look-ups took longer than the sort itself).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence

from terminassistent.services.monitoring.overview import CustomerRow


class RowOrder:
    """The rows in the store's order (``rank``: the place a customer had in it, kept when a row is
    replaced, a new customer comes last), with each sorted column's keys beside them."""

    def __init__(self, sort_keys: Sequence[Callable[[CustomerRow], object]]):
        self._sort_keys = sort_keys
        self._rank: dict[str, int] = {}  # never forgets a customer: one who comes back keeps the place
        self._base: list[CustomerRow] = []  # the rows by rank
        self._at: dict[str, int] = {}  # each customer's position in _base
        self._keys: dict[int, list[object]] = {}  # per column asked for: the keys of _base, in its order

    def reset(self, rows: Iterable[CustomerRow]) -> None:
        self._base = list(rows)
        self._rank = {r.customer_no: n for n, r in enumerate(self._base)}
        self._at, self._keys = dict(self._rank), {}

    def has_keys(self, column: int) -> bool:
        return column in self._keys

    def put(self, row: CustomerRow, column: int | None) -> bool:
        """Replace the customer's row (or add it); whether its place in the order of ``column``
        (None: the store's order) may have changed. Other columns' keys are computed again when
        next asked for."""
        for other in [c for c in self._keys if c != column]:
            del self._keys[other]
        number = row.customer_no
        at = self._at.get(number)
        if at is not None:
            self._base[at] = row
            if column is None or column not in self._keys:
                return False
            keys, key = self._keys[column], self._sort_keys[column](row)
            moved, keys[at] = keys[at] != key, key
            return moved
        rank = self._rank.setdefault(number, len(self._rank))
        if self._base and self._rank[self._base[-1].customer_no] > rank:  # came back: to its old place
            ranks = [self._rank[r.customer_no] for r in self._base]
            at = bisect_left(ranks, rank)
            self._base.insert(at, row)
            self._at = {r.customer_no: n for n, r in enumerate(self._base)}
            self._keys = {}
            return True
        self._at[number] = len(self._base)
        self._base.append(row)
        for c, keys in self._keys.items():
            keys.append(self._sort_keys[c](row))
        return True

    def remove(self, customer_no: str) -> None:
        at = self._at.pop(customer_no, None)
        if at is None:
            return
        del self._base[at]
        for keys in self._keys.values():
            del keys[at]
        for r in self._base[at:]:
            self._at[r.customer_no] -= 1

    def ordered(self, column: int | None, descending: bool = False) -> list[CustomerRow]:
        """The rows in the order of ``column`` (None: the store's), the store's order among equals."""
        base = self._base
        if column is None:
            return list(base)
        keys = self._keys.get(column)
        if keys is None:
            keys = self._keys[column] = list(map(self._sort_keys[column], base))
        positions = sorted(range(len(base)), key=keys.__getitem__, reverse=descending)
        return [base[i] for i in positions]
