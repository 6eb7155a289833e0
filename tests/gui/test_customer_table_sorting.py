"""The list sorts itself: one column's order, the store's order among equals (as a sorting proxy
kept it), the selection following its customer, a changed row moving to its place."""

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPersistentModelIndex, Qt

from terminassistent.domain.model import Status
from terminassistent.gui.customer_table import COLUMNS, CustomerFilterModel, CustomerTableModel
from terminassistent.services.monitoring.overview import CustomerRow

pytestmark = pytest.mark.gui
STATUS = [c.title for c in COLUMNS].index("Status")
NAME = [c.title for c in COLUMNS].index("Name")


def row(no, name, status):
    return CustomerRow(no, name, dt.date(1990, 1, 1), 36, "Ü25", status, status.label, None, "", (), (), None, None,
                       None, no.lower())


ROWS = [row("A1", "Adler, Anna", Status.ARBEITSLOS), row("B2", "Bach, Berta", Status.ARBEITSUCHEND),
        row("C3", "Cordes, Carl", Status.ARBEITSLOS), row("D4", "Dorn, Dora", Status.ARBEITSUCHEND)]


@pytest.fixture
def proxy(qtbot):
    model = CustomerTableModel()
    proxy = CustomerFilterModel()
    proxy.setSourceModel(model)
    model.set_rows(ROWS)
    return proxy


def numbers(proxy):
    return [proxy.index(r, 1).data() for r in range(proxy.rowCount())]


def test_equal_values_keep_the_store_order_in_both_directions(proxy):
    proxy.sort(NAME, Qt.SortOrder.DescendingOrder)
    assert numbers(proxy) == ["D4", "C3", "B2", "A1"]
    proxy.sort(STATUS, Qt.SortOrder.AscendingOrder)  # not the names' order among equals
    assert numbers(proxy) == ["A1", "C3", "B2", "D4"]
    proxy.sort(NAME, Qt.SortOrder.DescendingOrder)
    proxy.sort(STATUS, Qt.SortOrder.DescendingOrder)
    assert numbers(proxy) == ["B2", "D4", "A1", "C3"]


def test_a_kept_index_follows_its_customer_and_a_changed_row_moves_to_its_place(proxy):
    proxy.sort(NAME, Qt.SortOrder.AscendingOrder)
    model = proxy.sourceModel()
    kept = QPersistentModelIndex(proxy.index(1, 0))  # Bach
    proxy.sort(NAME, Qt.SortOrder.DescendingOrder)
    assert kept.data() == "Bach, Berta" and kept.row() == 2
    model.update_rows([dataclasses.replace(ROWS[0], display_name="Zander, Anna")])
    assert numbers(proxy) == ["A1", "D4", "C3", "B2"]
    assert kept.data() == "Bach, Berta"


# -- the order after any mix of sorting and changed, new, gone and returning customers -----------

NAMES = ["Müller, Anna", "Mueller, Anna", "Muller, Änne", "Özdemir, Ayşe", "Ozdemir, Ayse", "Groß, Jörg", "Gross, Jörg",
         "Abel, Zoë", "abel, zoe"]


def drawn_row(draw, number):
    name = draw(st.sampled_from(NAMES))
    born = dt.date(1960, 1, 1) + dt.timedelta(days=draw(st.integers(0, 3)))
    return dataclasses.replace(row(f"N{number:02d}", name, draw(st.sampled_from(list(Status)))), birth_date=born)


@settings(max_examples=150, deadline=None)
@given(data=st.data(), count=st.integers(0, 12))
def test_the_order_is_a_stable_sort_of_the_store_order_after_any_changes(qapp, data, count):
    model = CustomerTableModel()
    first = [drawn_row(data.draw, n) for n in range(count)]
    model.set_rows(first)
    rank = {r.customer_no: n for n, r in enumerate(first)}  # the store's order; a returning customer keeps it
    rows = {r.customer_no: r for r in first}
    sorting = None
    for _ in range(data.draw(st.integers(0, 8))):
        if data.draw(st.booleans()):
            sorting = (data.draw(st.integers(0, len(COLUMNS) - 1)), data.draw(st.booleans()))
            model.sort(sorting[0], Qt.SortOrder.DescendingOrder if sorting[1] else Qt.SortOrder.AscendingOrder)
        else:
            changed = [drawn_row(data.draw, n) for n in data.draw(st.lists(st.integers(0, 15), max_size=4))]
            gone = [f"N{n:02d}" for n in data.draw(st.lists(st.integers(0, 15), max_size=2))]
            model.update_rows(changed, gone=gone)
            for r in changed:
                rank.setdefault(r.customer_no, len(rank))
                rows[r.customer_no] = r
            for number in gone:
                rows.pop(number, None)
        expected = sorted(rows.values(), key=lambda r: rank[r.customer_no])
        if sorting is not None:
            expected = sorted(expected, key=COLUMNS[sorting[0]].sort_key, reverse=sorting[1])
        assert model.rows() == expected
        assert all(model.row_of(r.customer_no) == n for n, r in enumerate(expected))
