"""The open invitation chain beside the week: customers whose last appointment was missed, excused
or cancelled and who have nothing booked, oldest first; Enter on one opens Termin vorschlagen… with
the next invitation, and once it is booked the customer leaves the list."""

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt

from terminassistent.domain.model import Appointment, AppointmentStatus
from terminassistent.gui.propose_dialog import ProposeDialog
from terminassistent.services.monitoring.open_chain import open_chain
from terminassistent.services.retention.departure import record_departure
from terminassistent.storage import Caseload
from tests.context import ctx

from . import test_flows
from .conftest import NOW, berlin
from .test_flows import ANNA, JOERG, NEW, wait_dialog

day_db = test_flows.day_db


def appointment(no, start, status):
    return Appointment(no, start, start + dt.timedelta(minutes=45), status=status)


@pytest.fixture
def day(day_db):
    """Anna missed today's 09:15; Ayşe's first appointment on 2 March was excused; Jörg cancelled
    on 5 March but comes on Friday (his chain is closed)."""
    with Caseload.open(day_db) as c:
        anna = next(a for a in c.appointments(customer_no=ANNA.customer_no))
        c.update_appointment(dataclasses.replace(anna, status=AppointmentStatus.MISSED))
        c.add_appointments([appointment(NEW.customer_no, berlin(2026, 3, 2, 10, 0), AppointmentStatus.EXCUSED),
                            appointment(JOERG.customer_no, berlin(2026, 3, 5, 10, 0), AppointmentStatus.CANCELLED)])
        yield c


def test_the_open_chain_is_oldest_first_and_leaves_out_who_has_a_date(day):
    links = open_chain(ctx(day, NOW))
    assert [(k.customer_no, k.broken.status) for k in links] == [
        (NEW.customer_no, AppointmentStatus.EXCUSED), (ANNA.customer_no, AppointmentStatus.MISSED)]
    assert links[0].text == f"Özdemir, Ayşe ({NEW.customer_no}): 02.03.2026 10:00 Uhr entschuldigt"
    assert links[0].days_open(NOW.date()) == 8


def test_a_booked_date_or_an_abgang_closes_a_link(day):
    day.add_appointment(appointment(NEW.customer_no, berlin(2026, 3, 20, 10, 0), AppointmentStatus.BOOKED))
    record_departure(ctx(day, NOW), ANNA.customer_no, NOW.date(), "Arbeitsaufnahme")
    assert open_chain(ctx(day, NOW)) == ()


def test_enter_on_a_customer_of_the_open_chain_proposes_the_next_invitation(qtbot, window, day):
    view = window.week_view
    with qtbot.waitSignal(view.refreshed, timeout=5000):
        qtbot.keyClick(window.ui.customerTable, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    panel = view.chain
    qtbot.waitUntil(lambda: panel.list.count() == 2, timeout=5000)
    assert panel.title.text() == "&Offene Einladungsketten (2)"
    assert [panel.list.item(i).text().split("\n")[0] for i in range(2)] == ["Özdemir, Ayşe", "Schäfer, Anna"]
    assert "seit 8 Tagen ohne neuen Termin" in panel.list.item(0).toolTip()
    qtbot.keyClick(view.canvas, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)  # the label's mnemonic
    qtbot.waitUntil(panel.list.hasFocus, timeout=3000)
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    dialog = wait_dialog(qtbot, window, ProposeDialog)
    assert dialog.mode == "again" and dialog.picker.list.count() > 0
    chosen = dialog.picker.selected_start()
    qtbot.keyClick(dialog.picker.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: any(a.start == chosen and a.status is AppointmentStatus.BOOKED
                                for a in day.appointments(customer_no=NEW.customer_no)), timeout=5000)
    qtbot.waitUntil(lambda: panel.list.count() == 1, timeout=5000)
    assert panel.list.item(0).text().startswith("Schäfer, Anna")
