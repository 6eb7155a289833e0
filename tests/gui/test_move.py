"""Termin > Verschieben… driven through the window: the appointment keeps its identity (id and the
calendar file's UID, SEQUENCE raised), the new time comes from the free starts of the chosen day,
and the new letter is offered; a move onto a taken time or of a changed appointment is refused."""

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt

from terminassistent.domain.model import BERLIN
from terminassistent.errors import StaleData, UserError
from terminassistent.gui.move_dialog import MoveDialog
from terminassistent.services.invitations.letters import render_calendar
from terminassistent.services.scheduling.booking import move_appointment
from tests.context import ctx

from . import test_flows
from .conftest import NOW, berlin
from .test_flows import JOERG, choose, wait_dialog

day_db, day = test_flows.day_db, test_flows.day  # Jörg comes on Friday 13 March 2026 at 09:00


def joergs(caseload):
    return caseload.appointments(customer_no=JOERG.customer_no)[0]


def uid(calendar: bytes) -> str:
    return next(line for line in calendar.decode().splitlines() if line.startswith("UID:"))


def test_verschieben_moves_the_same_appointment_to_a_free_time_and_offers_the_letter(qtbot, window, day, boxes):
    before = joergs(day)
    first_file = render_calendar(ctx(day, NOW), [before.id])
    choose(qtbot, window, JOERG)
    window.file_view.select_appointment(before.id)
    window.actions["move"].trigger()
    dialog = wait_dialog(qtbot, window, MoveDialog)
    assert dialog.day.date().toPython() == dt.date(2026, 3, 13)
    dialog.day.setDate(dialog.day.date().addDays(-1))  # Thursday
    assert dialog.starts.count() > 0 and dialog.starts.hasFocus()
    qtbot.keyClick(dialog.starts, Qt.Key.Key_Down)
    chosen = dialog.chosen()
    assert chosen.date() == dt.date(2026, 3, 12)
    qtbot.keyClick(dialog.starts, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: joergs(day).start == chosen, timeout=5000)
    moved = joergs(day)
    assert moved.id == before.id and moved.end - moved.start == before.end - before.start
    assert moved.sequence == before.sequence + 1
    second_file = render_calendar(ctx(day, NOW), [moved.id])
    assert uid(second_file) == uid(first_file) and f"SEQUENCE:{moved.sequence}" in second_file.decode()
    qtbot.waitUntil(lambda: bool(boxes.asked), timeout=5000)
    assert boxes.asked[-1][0] == "Termin verschoben"
    undo = window.actions["undo"]
    qtbot.waitUntil(lambda: undo.text().startswith("Rückgängig: Termin verschieben: Weiß-Müller, Jörg, 13.03. 09:00 →"),
                    timeout=5000)


def test_escape_moves_nothing(qtbot, window, day):
    before = joergs(day)
    choose(qtbot, window, JOERG)
    window.file_view.select_appointment(before.id)
    window.actions["move"].trigger()
    dialog = wait_dialog(qtbot, window, MoveDialog)
    qtbot.keyClick(dialog.starts, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.flows.dialog is None, timeout=3000)
    assert joergs(day) == before


def test_a_move_onto_a_taken_time_or_of_a_changed_appointment_is_refused(day):
    before = joergs(day)
    anna = next(a for a in day.appointments() if a.customer_no != JOERG.customer_no)
    with pytest.raises(UserError, match="Es wurde nichts verschoben"):
        move_appointment(ctx(day, NOW), before.id, anna.start)  # Anna's appointment is there
    with pytest.raises(StaleData):
        move_appointment(ctx(day, NOW), before.id, berlin(2026, 3, 12, 10, 0), expected_sequence=before.sequence + 1)
    with pytest.raises(UserError, match="nichts verschoben"):
        move_appointment(ctx(day, NOW), before.id, berlin(2026, 3, 9, 10, 0))  # the past
    assert joergs(day) == before
    # within its own time: a quarter of an hour later overlaps only itself, which is allowed
    later = move_appointment(ctx(day, NOW), before.id, before.start + dt.timedelta(minutes=15)).appointment
    assert later.start.astimezone(BERLIN) == berlin(2026, 3, 13, 9, 15)
    assert dataclasses.replace(later, start=before.start, end=before.end, sequence=before.sequence) == before
