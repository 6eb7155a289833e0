"""Kunde > Abgang eintragen… and Datei > Abgelaufene Daten löschen…, driven through the window:
what the caseworker types is stored, a missing reason is marked at its field, the reminder shows
while records are past the retention period and the erasure removes them."""

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from terminassistent.domain.model import AppointmentStatus
from terminassistent.gui.retention_flows import LeaveDialog

from . import test_flows
from .conftest import type_text
from .test_flows import ANNA, JOERG, choose, open_window, wait_dialog

pytestmark = pytest.mark.gui
day_db, day = test_flows.day_db, test_flows.day  # Tuesday 10 March 2026


def test_an_abgang_needs_a_reason_cancels_what_is_booked_and_one_undo_takes_it_back(qtbot, window, day):
    choose(qtbot, window, JOERG)  # booked for Friday 13 March
    window.actions["leave"].trigger()
    dialog = wait_dialog(qtbot, window, LeaveDialog)
    qtbot.keyClick(dialog.save_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "reason" in dialog.errors.marked(), timeout=5000)
    assert day.customer(JOERG.customer_no).left_on is None
    type_text(qtbot, dialog.reason.lineEdit(), "Arbeitsaufnahme bei der Stadtwerke GmbH")
    qtbot.keyClick(dialog.save_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: day.customer(JOERG.customer_no).left_on == dt.date(2026, 3, 10), timeout=5000)
    assert day.customer(JOERG.customer_no).leave_reason == "Arbeitsaufnahme bei der Stadtwerke GmbH"
    [friday] = day.appointments(customer_no=JOERG.customer_no)
    assert friday.status is AppointmentStatus.CANCELLED
    qtbot.waitUntil(lambda: JOERG.customer_no not in [r.customer_no for r in window.model.rows()], timeout=5000)
    qtbot.waitUntil(lambda: window.actions["undo"].text().startswith("Rückgängig: Abgang von"), timeout=5000)
    window.actions["undo"].trigger()
    qtbot.waitUntil(lambda: day.customer(JOERG.customer_no).left_on is None, timeout=5000)
    assert day.appointments(customer_no=JOERG.customer_no)[0].status is AppointmentStatus.BOOKED


def test_records_past_the_retention_period_are_shown_and_erased_after_asking(qtbot, day, boxes, gui_dialogs):
    day.update_customer(dataclasses.replace(JOERG, left_on=dt.date(2023, 6, 30), leave_reason="Umzug"))
    window = open_window(qtbot, day, boxes, gui_dialogs)
    try:
        qtbot.waitUntil(lambda: not window.erasure_label.isHidden(), timeout=5000)
        assert "1 Kunden nach ihrem Abgang" in window.erasure_label.toolTip()
        assert "Datei → Abgelaufene Daten löschen…" in window.erasure_label.toolTip()
        boxes.answer = False  # "Abbrechen" first: nothing goes
        window.actions["purge"].trigger()
        qtbot.waitUntil(lambda: len(boxes.asked) == 1, timeout=5000)
        assert JOERG.customer_no in [c.customer_no for c in day.customers(departed=True)]
        boxes.answer = True
        window.actions["purge"].trigger()
        qtbot.waitUntil(lambda: JOERG.customer_no not in [c.customer_no for c in day.customers(departed=True)],
                        timeout=5000)
        assert {c.customer_no for c in day.customers()} == {ANNA.customer_no, test_flows.NEW.customer_no}
        qtbot.waitUntil(window.erasure_label.isHidden, timeout=5000)
    finally:
        window.desk.stop()
        window.desk.runner.wait()
        QApplication.processEvents()
