"""The list's search and filter (customer_filter) show exactly what the ``QSortFilterProxyModel``
it replaced showed, row for row and in the same order, after any mix of typing, filtering, sorting
and changed rows; and the current row moves as it did when its customer is filtered out."""

import dataclasses
import datetime as dt
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QItemSelectionModel, QSortFilterProxyModel, Qt

from terminassistent.domain.density import Compliance
from terminassistent.domain.model import BERLIN, Status
from terminassistent.gui.customer_filter import FILTERS, CustomerFilterModel, narrows, runs
from terminassistent.gui.customer_table import COLUMNS, ROW_ROLE, CustomerTableModel
from terminassistent.services.monitoring.overview import (
    CustomerRow, search_key, search_matches, search_terms,
)  # fmt: skip

pytestmark = pytest.mark.gui
TODAY = dt.date(2026, 3, 10)


class Reference(QSortFilterProxyModel):
    """The filtering proxy as it was: Qt asks ``filterAcceptsRow`` for every row."""

    def __init__(self):
        super().__init__()
        self._accept = None
        self._terms, self._keep = (), None

    def sort(self, column, order=Qt.SortOrder.AscendingOrder):
        self.sourceModel().sort(column, order)

    def set_query(self, text):
        terms = search_terms(text)
        if terms != self._terms:
            self.beginFilterChange()
            self._terms = terms
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_filter(self, keep, today):
        self.beginFilterChange()
        self._keep = keep
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row, _parent):  # noqa: N802
        row = self.sourceModel().row_at(source_row)
        return (self._keep is None or self._keep(row, TODAY)) and search_matches(row.search_key, self._terms)


LAST = ["Müller", "Mueller", "Muller", "Groß", "Gross", "Özdemir", "Abel", "Bach", "Weiß-Müller"]
FIRST = ["Anna", "Änne", "Jörg", "Zoë", "Ben", "Ayşe"]
STATES = [None, *Compliance]
APPOINTMENTS = [None, dt.datetime(2026, 3, 10, 9, tzinfo=BERLIN), dt.datetime(2026, 3, 11, 9, tzinfo=BERLIN)]


@st.composite
def customer_rows(draw, number):
    last, first = draw(st.sampled_from(LAST)), draw(st.sampled_from(FIRST))
    born = dt.date(1960, 1, 1) + dt.timedelta(days=draw(st.integers(0, 15000)))
    no = f"{number:03d}A{draw(st.integers(0, 99)):02d}"
    key = search_key(SimpleNamespace(customer_no=no, last_name=last, first_name=first, birth_date=born))
    status = draw(st.sampled_from(list(Status)))
    return CustomerRow(no, f"{last}, {first}", born, 30, "Ü25", status, status.label, None, "", (), (), None, None,
                       draw(st.sampled_from(APPOINTMENTS)), key, due_state=draw(st.sampled_from(STATES)))


queries = st.text(alphabet="müeuöszgrlanäjß ,0125", max_size=8)
steps = st.one_of(
    st.tuples(st.just("type"), queries),
    st.tuples(st.just("filter"), st.integers(0, len(FILTERS) - 1)),
    st.tuples(st.just("sort"), st.integers(0, len(COLUMNS) - 1), st.booleans()),
    st.tuples(st.just("change"), st.lists(st.integers(0, 40), max_size=4), st.lists(st.integers(0, 40), max_size=2)),
    st.tuples(st.just("current"), st.integers(0, 40)),
)


def shown(proxy):
    return [proxy.index(r, 0).data(ROW_ROLE).customer_no for r in range(proxy.rowCount())]


def current(selection):
    index = selection.currentIndex()
    return index.data(ROW_ROLE).customer_no if index.isValid() else None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), count=st.integers(0, 25))
def test_the_proxy_shows_what_the_filtering_proxy_showed(qapp, data, count):
    rows = [data.draw(customer_rows(n)) for n in range(count)]
    model = CustomerTableModel()
    ours, reference = CustomerFilterModel(), Reference()
    ours.setSourceModel(model)
    reference.setSourceModel(model)
    selections = [QItemSelectionModel(ours), QItemSelectionModel(reference)]
    told = {ours: [], reference: []}  # each run removed or inserted by a query, with the rows shown after it
    for proxy in told:
        for kind, signal in (("removed", proxy.rowsRemoved), ("inserted", proxy.rowsInserted)):
            signal.connect(lambda _parent, a, b, proxy=proxy, kind=kind: told[proxy].append((kind, a, b, shown(proxy))))
    model.set_rows(rows)
    for step in data.draw(st.lists(steps, max_size=12)):
        told[ours].clear()
        told[reference].clear()
        if step[0] == "type":
            ours.set_query(step[1])
            reference.set_query(step[1])
        elif step[0] == "filter":
            ours.set_filter(FILTERS[step[1]][1], TODAY)
            reference.set_filter(FILTERS[step[1]][1], TODAY)
        elif step[0] == "sort":
            ours.sort(step[1], Qt.SortOrder.DescendingOrder if step[2] else Qt.SortOrder.AscendingOrder)
        elif step[0] == "change":
            changed = [dataclasses.replace(data.draw(customer_rows(n)), customer_no=rows[n].customer_no)
                       if n < len(rows) else data.draw(customer_rows(n + 100)) for n in step[1]]
            model.update_rows(changed, gone=[rows[n].customer_no for n in step[2] if n < len(rows)])
        elif reference.rowCount():
            at = step[1] % reference.rowCount()
            for selection, proxy in zip(selections, (ours, reference)):
                selection.setCurrentIndex(proxy.index(at, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)
        assert shown(ours) == shown(reference)
        if step[0] in ("type", "filter"):  # the same runs, seen the same between them (a change may differ: Qt
            assert told[ours] == told[reference]  # resets when the last row goes)
        assert current(selections[0]) == current(selections[1])
        assert [i.row() for i in selections[0].selectedRows()] == [i.row() for i in selections[1].selectedRows()]


@given(before=queries, after=queries, key=st.text(alphabet="müeuöszgrlanäjß ,|0125", max_size=30))
def test_a_narrowing_query_matches_no_key_the_query_before_did_not(before, after, key):
    old, new = search_terms(before), search_terms(after)
    if narrows(old, new) and search_matches(key, new):
        assert search_matches(key, old)


def test_typing_on_narrows_and_another_word_too():
    assert narrows(search_terms("mü"), search_terms("mül"))
    assert narrows(search_terms("mül"), search_terms("anna müll"))
    assert narrows((), search_terms("a"))
    assert not narrows(search_terms("mül"), search_terms("mü"))
    assert not narrows(search_terms("ab"), search_terms("a b"))


def test_runs_are_neighbouring_positions():
    assert runs([1, 2, 3, 7, 9, 10]) == [(1, 3), (7, 7), (9, 10)]
    assert runs([]) == []
