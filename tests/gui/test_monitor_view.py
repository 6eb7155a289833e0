"""Ansicht > Nachhaltung (Strg+3) driven through the window: it shows what the monitoring service
reports for the same caseload and day, opens a customer's file with Enter, and follows changes."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from terminassistent.services.conversation.outcomes import record_outcome
from terminassistent.domain.model import AppointmentStatus
from terminassistent.services.monitoring.report import monitoring_report
from tests.context import ctx

from . import test_flows
from .conftest import NOW
from .test_flows import JOERG, open_window

day_db, day = test_flows.day_db, test_flows.day  # Tuesday 10 March 2026: Jörg is overdue since 21 February


@pytest.fixture
def window(qtbot, day, boxes, gui_dialogs):
    w = open_window(qtbot, day, boxes, gui_dialogs)
    yield w
    w.desk.stop()
    w.desk.runner.wait()
    QApplication.processEvents()


def shown(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def open_monitor(qtbot, window):
    view = window.monitor_view
    with qtbot.waitSignal(view.refreshed, timeout=5000):
        qtbot.keyClick(window.ui.customerTable, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.views.currentWidget() is view
    return view


def test_strg_3_shows_the_overdue_and_due_customers_the_service_reports(qtbot, window, day):
    view = open_monitor(qtbot, window)
    expected = monitoring_report(ctx(day, NOW), within=14)
    assert [row[2] for row in shown(view.due)] == [s.customer.customer_no for s in expected.due]
    overdue = next(row for row in shown(view.due) if row[2] == JOERG.customer_no)
    assert overdue[0] == "überfällig" and overdue[1] == "Weiß-Müller, Jörg" and overdue[6].startswith("13.03.2026")
    assert view.tabs.tabText(0) == f"Überfällig und fällig ({len(expected.due)})"
    assert "Nachhaltung am 10.03.2026" in view.title.text()


def test_enter_on_a_row_opens_the_customers_file(qtbot, window):
    view = open_monitor(qtbot, window)
    row = next(r for r in range(view.due.rowCount()) if view.due.customer_at(r) == JOERG.customer_no)
    view.due.setCurrentCell(row, 0)
    view.due.setFocus()
    qtbot.keyClick(view.due, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.shown_file() is not None
                    and window.shown_file().customer.customer_no == JOERG.customer_no, timeout=5000)
    assert window.views.currentWidget() is window.splitter


def test_a_miss_appears_among_those_awaiting_the_finding_once_recorded(qtbot, window, day):
    view = open_monitor(qtbot, window)
    assert view.awaiting.rowCount() == 0
    anna_today = next(a for a in day.appointments() if a.start.day == 10)
    with qtbot.waitSignal(view.refreshed, timeout=5000):
        window.desk.op(lambda c: record_outcome(c, anna_today.id, AppointmentStatus.MISSED, reason="nicht erschienen"),
                       what="test")
    assert [row[1] for row in shown(view.awaiting)] == ["Schäfer, Anna"]
    assert view.tabs.tabText(1) == "Versäumt, ohne Feststellung (1)"
