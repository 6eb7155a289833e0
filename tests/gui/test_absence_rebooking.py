"""Abwesenheit eintragen… with booked appointments inside: each is listed at once with a proposed new
date outside the absence, the ticked ones move in one step (one Rückgängig takes all back), each
keeping its identity, and the series letter of the new dates opens; the week shows them there."""

import datetime as dt

import pytest
from PySide6.QtCore import QDateTime, Qt, QTime

from terminassistent.domain.model import BERLIN, AbsenceKind, Appointment, AppointmentStatus
from terminassistent.errors import UserError
from terminassistent.gui.rebook_dialog import RebookDialog
from terminassistent.gui.week_flows import AbsenceDialog
from terminassistent.services.scheduling.rebooking import move_appointments, propose_rebookings
from terminassistent.services.settings.caseworker import add_absence
from tests.context import ctx

from . import test_flows
from .conftest import NOW, berlin
from .test_flows import JOERG, NEW, wait_dialog, wait_preview

day_db = test_flows.day_db
ABSENCE = (berlin(2026, 3, 12, 0, 0), berlin(2026, 3, 14, 0, 0))  # Thursday and Friday


@pytest.fixture
def day(day_db):
    """The day's caseload with Ayşe's first appointment on Thursday 12 March, 11:00, besides Jörg's
    on Friday 13 March, 09:00: both inside the absence."""
    from terminassistent.storage import Caseload

    with Caseload.open(day_db) as c:
        c.add_appointment(Appointment(NEW.customer_no, berlin(2026, 3, 12, 11, 0), berlin(2026, 3, 12, 12, 0)))
        yield c


def inside(caseload):
    return [a for a in caseload.appointments(statuses=[AppointmentStatus.BOOKED])
            if ABSENCE[0] <= a.start < ABSENCE[1]]


def test_each_appointment_gets_a_free_date_outside_the_absence_after_the_postal_notice(day):
    result = add_absence(ctx(day, NOW), *ABSENCE, AbsenceKind.FORTBILDUNG)
    found = propose_rebookings(ctx(day, NOW), result.affected)
    assert [r.appointment.customer_no for r in found] == [NEW.customer_no, JOERG.customer_no]  # in time order
    starts = [r.start for r in found]
    assert all(s is not None and s >= berlin(2026, 3, 15, 0, 0) for s in starts), starts  # posted today: 4 days
    spans = [(r.start, r.start + (r.appointment.end - r.appointment.start)) for r in found]
    assert not any(a[0] < b[1] and b[0] < a[1] for i, a in enumerate(spans) for b in spans[i + 1:])
    moved = move_appointments(ctx(day, NOW), [(r.appointment, r.start) for r in found])
    assert [(a.id, a.start, a.sequence) for a in moved.appointments] == [
        (r.appointment.id, r.start, r.appointment.sequence + 1) for r in found]
    assert inside(day) == []


def test_moving_several_is_all_or_nothing(day):
    add_absence(ctx(day, NOW), *ABSENCE, AbsenceKind.URLAUB)
    ayse, joerg = inside(day)
    free = berlin(2026, 3, 16, 10, 0)
    with pytest.raises(UserError, match="Weiß-Müller, Jörg.*kein Termin verschoben"):
        move_appointments(ctx(day, NOW), [(ayse, free), (joerg, free + dt.timedelta(minutes=15))])  # overlap
    assert inside(day) == [ayse, joerg]


def test_abwesenheit_lists_the_appointments_inside_and_moves_them_in_one_step(qtbot, window, day):
    window.actions["absence"].trigger()
    dialog = wait_dialog(qtbot, window, AbsenceDialog)
    dialog.start.setDateTime(QDateTime(dialog.start.date().addDays(2), QTime(0, 0)))  # Thursday 12 March
    dialog.end.setDateTime(QDateTime(dialog.start.date().addDays(2), QTime(0, 0)))
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    rebook = wait_dialog(qtbot, window, RebookDialog)
    before = inside(day)
    assert len(day.absences()) == 1 and len(before) == 2
    lines = [rebook.list.item(i).text() for i in range(rebook.list.count())]
    assert lines[0].startswith(f"Özdemir, Ayşe ({NEW.customer_no}): Do 12.03.2026 11:00 Uhr  →  ")
    assert lines[1].startswith(f"Weiß-Müller, Jörg ({JOERG.customer_no}): Fr 13.03.2026 09:00 Uhr  →  ")
    proposed = [start for _, start in rebook.chosen()]
    assert all(start >= ABSENCE[1] for start in proposed)
    assert "2 von 2 Terminen werden verschoben." in rebook.summary.text()

    qtbot.keyClick(rebook.list, Qt.Key.Key_Return)
    preview = wait_preview(qtbot, window)
    assert inside(day) == []
    after = {a.id: a for a in day.appointments(statuses=[AppointmentStatus.BOOKED])}
    assert [(after[a.id].start, after[a.id].sequence) for a in before] == [
        (start, a.sequence + 1) for a, start in zip(before, proposed)]
    assert sorted(le.customer_no for le in preview.letters) == sorted((NEW.customer_no, JOERG.customer_no))
    preview.reject()

    view = window.week_view  # the week of the first new date shows its block
    window.actions["view_week"].trigger()
    first = proposed[0].astimezone(BERLIN)
    with qtbot.waitSignal(view.refreshed, timeout=5000):
        view.day = first.date()
        view.refresh()
    assert before[0].id in {e.appointment.id for e in view.canvas.week.entries}

    undo = window.actions["undo"]
    qtbot.waitUntil(lambda: undo.text() == "Rückgängig: Termine verschieben (2 Termine)", timeout=5000)
    undo.trigger()
    # back where they were (their SEQUENCE goes up once more: a calendar sees them move back)
    qtbot.waitUntil(lambda: [(a.id, a.start, a.end) for a in inside(day)] == [(a.id, a.start, a.end) for a in before],
                    timeout=5000)


def test_nicht_verschieben_leaves_the_appointments_where_they_were(qtbot, window, day):
    window.actions["absence"].trigger()
    dialog = wait_dialog(qtbot, window, AbsenceDialog)
    dialog.start.setDateTime(QDateTime(dialog.start.date().addDays(2), QTime(0, 0)))
    dialog.end.setDateTime(QDateTime(dialog.start.date().addDays(2), QTime(0, 0)))
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    rebook = wait_dialog(qtbot, window, RebookDialog)
    before = inside(day)
    qtbot.keyClick(rebook.list, Qt.Key.Key_Space)  # Ayşe is moved by hand later
    assert len(rebook.chosen()) == 1
    qtbot.keyClick(rebook.list, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.flows.dialog is None, timeout=3000)
    assert inside(day) == before
