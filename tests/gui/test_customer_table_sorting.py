"""The list sorts itself: one column's order, the store's order among equals (as a sorting proxy
kept it), the selection following its customer, a changed row moving to its place."""

import dataclasses
import datetime as dt

import pytest
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
