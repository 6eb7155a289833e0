"""The Woche menu driven through the window: plan a week and apply it as one action, print a week's
invitations, record an absence (issue 11's planning, letters and absences)."""

import datetime as dt

from PySide6.QtCore import QDateTime, Qt, QTime

from terminassistent.domain.model import AbsenceKind, AppointmentStatus
from terminassistent.gui.day_list import DayDialog
from terminassistent.gui.rebook_dialog import RebookDialog
from terminassistent.gui.week_flows import AbsenceDialog, PlanDialog, WeekDialog, planning_monday
from terminassistent.services.planning.planner import plan_week
from tests.context import ctx

from . import test_flows
from .conftest import NOW, berlin, type_text
from .test_flows import JOERG, wait_dialog, wait_preview

day_db, day = test_flows.day_db, test_flows.day  # Tuesday 10 March 2026, three customers


def booked(caseload):
    return {a.id: a for a in caseload.appointments(statuses=[AppointmentStatus.BOOKED])}


def test_the_planned_week_is_this_one_until_wednesday_then_the_next():
    assert planning_monday(berlin(2026, 3, 10, 9, 0)) == dt.date(2026, 3, 9)  # Tuesday
    assert planning_monday(berlin(2026, 3, 12, 9, 0)) == dt.date(2026, 3, 16)  # Thursday


def test_woche_planen_books_the_ticked_proposals_as_one_action_and_shows_their_letters(qtbot, window, day):
    # by post nothing fits this week any more (deemed received on Saturday): the caseworker picks the next
    expected = plan_week(ctx(day, NOW), dt.date(2026, 3, 16))
    assert len(expected.proposed) >= 2, "the test caseload must give at least two proposals"
    before = booked(day)
    window.actions["plan_week"].trigger()
    dialog = wait_dialog(qtbot, window, PlanDialog)
    dialog.week.field.setDate(dialog.week.field.date().addDays(7))
    qtbot.waitUntil(lambda: dialog.list.count() == len(expected.proposed), timeout=5000)
    assert [dialog.list.item(i).text().split("  ")[1] for i in range(dialog.list.count())] == [
        text.split("  ")[1] for text in (f"x  {p.name} ({p.customer_no}), {p.kind.label} – {'; '.join(p.reasons)}"
                                         for p in expected.proposed)]
    assert f"Ziel {expected.target}" in dialog.summary.text()

    canvas = window.week_view.canvas  # the week behind the list, with the proposals as provisional blocks
    assert window.views.currentWidget() is window.week_view
    qtbot.waitUntil(lambda: canvas.week is not None and canvas.week.monday == expected.monday
                    and len(canvas.provisional_rects) == len(expected.proposed), timeout=5000)
    drawn = {slot.customer_no: rect for rect, slot in canvas.provisional_rects}
    for rect, slot in canvas.provisional_rects:  # inside its own day, over no booked block
        index = [d.day for d in canvas.week.days].index(slot.start.date())
        assert canvas._column(index).contains(rect.center())
        assert not any(rect.intersects(booked_rect) for booked_rect, _ in canvas._blocks)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Space)  # the first proposal is not wanted: its block goes
    assert dialog.list.item(0).checkState() == Qt.CheckState.Unchecked
    qtbot.waitUntil(lambda: len(canvas.provisional_rects) == len(expected.proposed) - 1, timeout=3000)
    assert expected.proposed[0].customer_no not in {slot.customer_no for _, slot in canvas.provisional_rects}
    assert len(drawn) == len(expected.proposed)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    preview = wait_preview(qtbot, window)
    new = {i: a for i, a in booked(day).items() if i not in before}
    assert sorted((a.customer_no, a.start) for a in new.values()) == sorted(
        (p.customer_no, p.start) for p in expected.proposed[1:])
    assert len(preview.letters) == len(new)
    undo = window.actions["undo"]
    qtbot.waitUntil(lambda: undo.text() == f"Rückgängig: Woche {expected.week} planen ({len(new)} Termine)",
                    timeout=5000)
    assert canvas.provisional == ()  # booked now: drawn as the week's own blocks


def test_a_plan_books_inside_its_week_only(day):
    for monday in (dt.date(2026, 3, 9), dt.date(2026, 3, 16)):
        plan = plan_week(ctx(day, NOW), monday)
        assert all(monday <= p.start.date() < monday + dt.timedelta(days=5) for p in plan.proposed), plan.proposed


def test_escape_in_woche_planen_books_nothing(qtbot, window, day):
    before = booked(day)
    window.actions["plan_week"].trigger()
    dialog = wait_dialog(qtbot, window, PlanDialog)
    qtbot.waitUntil(lambda: "berechnet" not in dialog.summary.text(), timeout=5000)
    # this week nothing fits by post any more, and the dialog says so instead of an empty list
    assert dialog.list.count() == 0 and "Kein Vorschlag" in dialog.summary.text()
    assert not dialog.apply_button.isEnabled()
    dialog.week.field.setDate(dialog.week.field.date().addDays(7))
    qtbot.waitUntil(lambda: dialog.list.count() > 0, timeout=5000)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.flows.dialog is None, timeout=3000)
    assert booked(day) == before


def test_einladungen_drucken_shows_the_series_letter_of_the_weeks_appointments_ahead(qtbot, window, day):
    window.actions["print_week"].trigger()
    dialog = wait_dialog(qtbot, window, WeekDialog)
    assert dialog.week.monday() == dt.date(2026, 3, 9)
    dialog.accept()
    preview = wait_preview(qtbot, window)
    ahead = [a for a in booked(day).values() if NOW < a.start < berlin(2026, 3, 16, 0, 0)]
    assert [le.customer_no for le in preview.letters] == [a.customer_no for a in ahead] == [JOERG.customer_no]


def test_abwesenheit_eintragen_refuses_an_end_before_the_start_and_names_the_appointments_inside(
        qtbot, window, day):
    window.actions["absence"].trigger()
    dialog = wait_dialog(qtbot, window, AbsenceDialog)
    dialog.start.setDateTime(QDateTime(dialog.start.date().addDays(3), QTime(0, 0)))  # Friday 13 March
    dialog.end.setDateTime(QDateTime(dialog.start.date().addDays(-1), QTime(0, 0)))
    dialog.kind.setCurrentIndex(list(AbsenceKind).index(AbsenceKind.FORTBILDUNG))
    type_text(qtbot, dialog.note, "Fortbildung Gesprächsführung")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    assert "muss nach »Von«" in dialog.problem.text() and dialog.isVisible()
    assert day.absences() == []

    dialog.end.setDateTime(QDateTime(dialog.start.date().addDays(1), QTime(0, 0)))
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(day.absences()) == 1, timeout=5000)
    [absence] = day.absences()
    assert (absence.start, absence.end, absence.kind, absence.note) == (
        berlin(2026, 3, 13, 0, 0), berlin(2026, 3, 14, 0, 0), AbsenceKind.FORTBILDUNG, "Fortbildung Gesprächsführung")
    rebook = wait_dialog(qtbot, window, RebookDialog)  # Jörg's appointment of Friday needs a new date
    assert rebook.list.count() == 1 and "Fr 13.03.2026 09:00 Uhr  →  " in rebook.list.item(0).text()


def test_tagesliste_drucken_lists_the_days_appointments_in_the_print_preview(qtbot, window, day):
    window.actions["day_list"].trigger()
    dialog = wait_dialog(qtbot, window, DayDialog)
    assert dialog.chosen() == dt.date(2026, 3, 10)
    qtbot.keyClick(dialog.day, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.week_flows.day_list is not None and window.week_flows.day_list.isVisible(),
                    timeout=5000)
    text = window.week_flows.day_list.document.toPlainText()
    assert "Termine am Dienstag, 10.03.2026" in text and "1 Termin" in text
    assert "09:15–10:00" in text and "Schäfer, Anna" in text and "Weiß-Müller" not in text  # he comes on Friday
    assert "2.14" in text and "gebucht" not in text and "Profil" not in text  # the room; no state on the desk
