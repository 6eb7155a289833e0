"""A large caseload: the list is shown and searchable before the due states, which follow."""

import threading

import pytest

from terminassistent.gui import due_filling
from terminassistent.gui import main_window as main_window_module
from terminassistent.gui.customer_table import COLUMNS
from terminassistent.gui.main_window import MainWindow
from terminassistent.services.monitoring.overview import caseload_overview, customer_overview

from .conftest import CUSTOMERS, type_text

pytestmark = pytest.mark.gui


def column(window, title):
    model = window.ui.customerTable.model()
    at = [c.title for c in COLUMNS].index(title)
    return [model.index(row, at).data() for row in range(model.rowCount())]


@pytest.fixture
def held(monkeypatch):
    """The due states' reading, held on the worker thread until the test lets it go."""
    gate = threading.Event()

    def slow(*args, **kwargs):
        gate.wait(10)
        return customer_overview(*args, **kwargs)

    monkeypatch.setattr(main_window_module, "customer_overview", slow)
    yield gate
    gate.set()


def open_window(qtbot, desk, gui_dialogs, quick_from):
    w = MainWindow(desk, gui_dialogs, load=lambda ctx: caseload_overview(ctx, quick_from=quick_from))
    qtbot.addWidget(w)
    w.resize(1200, 500)
    w.show()
    with qtbot.waitSignal(w.loaded, timeout=5000):
        w.reload()
    return w


def test_the_list_is_shown_and_searchable_before_the_due_states_are_in(qtbot, desk, gui_dialogs, held):
    w = open_window(qtbot, desk, gui_dialogs, quick_from=1)  # every caseload counts as large here
    assert len(column(w, "Name")) == len(CUSTOMERS)
    assert set(column(w, "Kontaktdichte")) == {"wird berechnet …"}
    assert set(column(w, "Letzter Kontakt")) == {"…"}
    assert "Fr 20.03.2026 09:00" in column(w, "Nächster Termin")  # the calendar is read at once
    assert w.overdue_label.text() == "Überfällige werden berechnet …"  # not »Niemand überfällig«
    type_text(qtbot, w.ui.searchField, "müller")
    assert sorted(column(w, "Name")) == ["Mueller, Hans", "Weiß-Müller, Jörg"]
    assert set(column(w, "Kontaktdichte")) == {"wird berechnet …"}  # still held: the GUI did not wait

    held.set()
    qtbot.waitUntil(lambda: "wird berechnet …" not in column(w, "Kontaktdichte"), timeout=5000)
    assert sorted(column(w, "Name")) == ["Mueller, Hans", "Weiß-Müller, Jörg"]  # the search still applies
    qtbot.waitUntil(lambda: w.overdue_label.text() != "Überfällige werden berechnet …")


@pytest.mark.parametrize("run", [2, 10_000])  # three runs of two customers, or all in one
def test_filled_in_it_reads_as_a_small_caseload_does(qtbot, desk, gui_dialogs, monkeypatch, run):
    monkeypatch.setattr(due_filling, "CHUNK", run)
    large = open_window(qtbot, desk, gui_dialogs, quick_from=1)
    qtbot.waitUntil(lambda: "wird berechnet …" not in column(large, "Kontaktdichte") and not large.runner.busy,
                    timeout=5000)
    small = open_window(qtbot, desk, gui_dialogs, quick_from=10**6)
    qtbot.waitUntil(lambda: not small.runner.busy)
    for c in COLUMNS:
        assert column(large, c.title) == column(small, c.title), c.title
    assert large.overdue_label.text() == small.overdue_label.text()
    assert large.count_label.text() == small.count_label.text()


def test_the_overdue_count_waits_for_the_last_run(qtbot, desk, gui_dialogs, monkeypatch):
    monkeypatch.setattr(due_filling, "CHUNK", 2)
    asked = []
    real = main_window_module.customer_overview
    gate = threading.Event()

    def counted(ctx, today, numbers):
        asked.append(sorted(numbers))
        if len(asked) == 3:
            gate.wait(10)  # the last run held
        return real(ctx, today, numbers)

    monkeypatch.setattr(main_window_module, "customer_overview", counted)
    try:
        w = open_window(qtbot, desk, gui_dialogs, quick_from=1)
        qtbot.waitUntil(lambda: len(asked) == 3)
        qtbot.wait(50)
        assert w.overdue_label.text() == "Überfällige werden berechnet …"
        assert column(w, "Kontaktdichte").count("wird berechnet …") == 2  # four are in already
    finally:
        gate.set()
    qtbot.waitUntil(lambda: "wird berechnet …" not in column(w, "Kontaktdichte") and not w.runner.busy)
    assert w.overdue_label.text() != "Überfällige werden berechnet …"
    assert [n for run in asked for n in run] == sorted(c.customer_no for c in CUSTOMERS)  # each once, in runs
