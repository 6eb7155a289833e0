"""Ansicht > Woche (Strg+2) driven through the window: the week's days and appointments as stored,
the quota the service computes, navigation with Strg+Bild↓ / Strg+Bild↑ / Strg+Pos1, an outcome
chosen from the Termin menu on a selected block, Enter opening the customer's file."""

import datetime as dt
import re

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from terminassistent.domain.model import BERLIN, Absence, AbsenceKind, Appointment, AppointmentStatus
from terminassistent.gui.flows import quota_text
from terminassistent.gui.propose_dialog import ProposeDialog
from terminassistent.gui.reason_dialog import ReasonDialog
from terminassistent.gui.week_canvas import HEADER, block_text
from terminassistent.services.changes import Changes
from terminassistent.services.planning.week_quota import week_quota
from tests.context import ctx

from . import test_flows
from .conftest import NOW, berlin
from .test_flows import ANNA, JOERG, wait_dialog

day_db, day = test_flows.day_db, test_flows.day  # Tuesday 10 March 2026


def press(qtbot, window, key, widget=None):
    view = window.week_view
    with qtbot.waitSignal(view.refreshed, timeout=5000):
        qtbot.keyClick(widget or QApplication.focusWidget() or window, key, Qt.KeyboardModifier.ControlModifier)
    return view


def shown_quota(view):
    """The quota bar's figures as a caseworker reads them ("Ziel 16")."""
    bar = view.quota
    return {c: int(re.sub("<[^>]+>", "", label.text()).split()[-1]) for c, label in bar.values.items()
            if label.isVisible()}


def blocks(view):
    return [(e.appointment.id, e.name, e.appointment.status) for e in view.canvas.week.entries]


def test_strg_2_shows_this_week_with_its_appointments_and_quota(qtbot, window, day):
    view = press(qtbot, window, Qt.Key.Key_2, window.ui.customerTable)
    assert window.views.currentWidget() is view
    week = view.canvas.week
    assert [d.day for d in week.days] == [dt.date(2026, 3, 9) + dt.timedelta(days=n) for n in range(5)]
    stored = sorted((a for a in day.appointments() if dt.date(2026, 3, 9) <= a.start.astimezone(BERLIN).date()
                     <= dt.date(2026, 3, 15)), key=lambda a: a.start)
    assert blocks(view) == [(a.id, day.customer(a.customer_no).display_name, a.status) for a in stored]
    assert [b[1] for b in blocks(view)] == ["Schäfer, Anna", "Weiß-Müller, Jörg"]
    q = week_quota(ctx(day, NOW), dt.date(2026, 3, 9))
    assert shown_quota(view) == {"Ziel": q.target, "erreicht": q.achieved, "gebucht": q.expected,
                                 "fehlen": q.missing}
    assert q.target > 0 and "(persönliche Beratungsgespräche):" in view.quota.caption.text()  # the policy's unit
    assert view.quota.toolTip() == quota_text(q)[1] and view.quota.values["Ziel"].toolTip() == q.explanation
    assert view.title.text() == "KW 11: 09.03. – 13.03.2026"


def test_strg_bild_ab_auf_and_pos1_move_through_the_weeks(qtbot, window):
    press(qtbot, window, Qt.Key.Key_2, window.ui.customerTable)
    view = press(qtbot, window, Qt.Key.Key_PageDown, window.week_view.canvas)
    assert view.canvas.week.monday == dt.date(2026, 3, 16) and view.title.text() == "KW 12: 16.03. – 20.03.2026"
    press(qtbot, window, Qt.Key.Key_PageUp, view.canvas)
    press(qtbot, window, Qt.Key.Key_PageUp, view.canvas)
    assert view.canvas.week.monday == dt.date(2026, 3, 2)
    press(qtbot, window, Qt.Key.Key_Home, view.canvas)
    assert view.canvas.week.monday == dt.date(2026, 3, 9)


def test_holidays_and_absences_are_named_and_the_weekend_shows_only_when_something_lies_there(qtbot, window, day):
    day.add_absence(Absence(berlin(2026, 3, 11, 13, 0), berlin(2026, 3, 11, 16, 0), AbsenceKind.FORTBILDUNG))
    press(qtbot, window, Qt.Key.Key_2, window.ui.customerTable)
    view = press(qtbot, window, Qt.Key.Key_Home, window.week_view.canvas)  # read again after the absence
    wednesday = view.canvas.week.days[2]
    assert [text for _, _, text in wednesday.absences] == ["Fortbildung am 11.03.2026, 13:00–16:00 Uhr"]
    assert len(view.canvas.week.days) == 5
    # Good Friday 2026 is 3 April: a public holiday everywhere
    view.picker.setDate(view.picker.date().addDays(26))
    qtbot.waitUntil(lambda: view.canvas.week.monday == dt.date(2026, 3, 30), timeout=5000)
    assert view.canvas.week.days[4].holiday == "Karfreitag"


def test_a_selected_block_takes_the_termin_menu_and_enter_opens_the_file(qtbot, window, day):
    view = press(qtbot, window, Qt.Key.Key_2, window.ui.customerTable)
    assert not window.actions["held"].isEnabled()
    view.canvas.setFocus()
    qtbot.keyClick(view.canvas, Qt.Key.Key_Down)  # the first appointment of the week: Anna's today
    anna = view.canvas.selected_appointment()
    assert anna.customer_no == ANNA.customer_no and window.actions["held"].isEnabled()
    with qtbot.waitSignal(view.refreshed, timeout=5000):
        window.actions["held"].trigger()
    assert day.appointment(anna.id).status is AppointmentStatus.HELD
    assert dict((i, s) for i, _, s in blocks(view))[anna.id] is AppointmentStatus.HELD  # shown at once
    qtbot.keyClick(view.canvas, Qt.Key.Key_Down)
    assert view.canvas.selected_appointment().customer_no == JOERG.customer_no
    qtbot.keyClick(view.canvas, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.shown_file() is not None
                    and window.shown_file().customer.customer_no == JOERG.customer_no, timeout=5000)


def test_a_click_on_a_block_selects_it_and_a_picture_shows_every_block(qtbot, window):
    view = press(qtbot, window, Qt.Key.Key_2, window.ui.customerTable)
    view.resize(1200, 700)
    picture = view.grab()  # paints, and places the blocks
    assert not picture.isNull() and len(view.canvas._blocks) == 2
    rect, entry = view.canvas._blocks[1]
    qtbot.mouseClick(view.canvas, Qt.MouseButton.LeftButton, pos=QPoint(int(rect.center().x()), int(rect.center().y())))
    assert view.canvas.selected_appointment().id == entry.appointment.id


def test_regression_a_whole_day_absence_no_longer_covers_the_days_name(qtbot, window, day):
    day.add_absence(Absence(berlin(2026, 3, 11, 0, 0), berlin(2026, 3, 12, 0, 0), AbsenceKind.URLAUB))
    press(qtbot, window, Qt.Key.Key_2, window.ui.customerTable)
    view = press(qtbot, window, Qt.Key.Key_Home, window.week_view.canvas)
    view.resize(1200, 700)
    view.grab()
    (area, text), = view.canvas._absences
    assert text == "Urlaub am 11.03.2026"
    assert area.top() >= HEADER and area.bottom() <= view.canvas.height()  # below the day's name, inside the day


def test_regression_overlapping_appointments_stand_side_by_side_not_one_over_the_other(qtbot, window, day):
    added = day.add_appointments([Appointment(ANNA.customer_no, berlin(2026, 3, 12, 10, 0),
                                                  berlin(2026, 3, 12, 10, 45), status=AppointmentStatus.CANCELLED),
                                      Appointment(ANNA.customer_no, berlin(2026, 3, 12, 10, 15),
                                                  berlin(2026, 3, 12, 11, 0))])
    assert len(added) == 2
    press(qtbot, window, Qt.Key.Key_2, window.ui.customerTable)
    view = press(qtbot, window, Qt.Key.Key_Home, window.week_view.canvas)
    view.resize(1200, 700)
    view.grab()
    thursday = [r for r, e in view.canvas._blocks if e.appointment.start.date() == dt.date(2026, 3, 12)]
    assert len(thursday) == 2 and not thursday[0].intersects(thursday[1])
    column = view.canvas._column(3)
    assert all(column.contains(r) for r in thursday)


def test_a_policy_without_a_weekly_quota_says_so_above_the_week(qtbot, window, day):
    cw = day.caseworker()
    day.save_caseworker(type(cw)(**{**cw.__dict__, "policy_id": "ba-2010"}))
    press(qtbot, window, Qt.Key.Key_2, window.ui.customerTable)
    view = press(qtbot, window, Qt.Key.Key_Home, window.week_view.canvas)
    assert shown_quota(view) == {}
    assert "keine" in view.quota.caption.text() and "legt keine Wochenquote fest" in view.quota.caption.text()


def click_block(qtbot, view, customer_no, double=False):
    view.resize(1200, 700)
    view.grab()  # paints, and places the blocks
    rect = next(r for r, e in view.canvas._blocks if e.appointment.customer_no == customer_no)
    click = qtbot.mouseDClick if double else qtbot.mouseClick
    click(view.canvas, Qt.MouseButton.LeftButton, pos=QPoint(int(rect.center().x()), int(rect.center().y())))


def test_versaeumt_from_the_termin_menu_on_a_clicked_block_is_stored_and_shown(qtbot, window, day):
    view = press(qtbot, window, Qt.Key.Key_2, window.ui.customerTable)
    click_block(qtbot, view, ANNA.customer_no)
    anna = view.canvas.selected_appointment()
    assert anna.customer_no == ANNA.customer_no and window.selected_appointment().id == anna.id
    window.actions["missed"].trigger()
    reason = wait_dialog(qtbot, window, ReasonDialog)
    assert reason.text() == "nicht erschienen"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    again = wait_dialog(qtbot, window, ProposeDialog)  # the re-invitation the services propose
    assert again.mode == "again"
    qtbot.keyClick(again, Qt.Key.Key_Escape)  # not now
    qtbot.waitUntil(lambda: dict((i, s) for i, _, s in blocks(view)).get(anna.id) is AppointmentStatus.MISSED,
                    timeout=5000)
    assert day.appointment(anna.id).status is AppointmentStatus.MISSED
    assert "versäumt" in "\n".join(block_text(e)[1] for e in view.canvas.week.entries if e.appointment.id == anna.id)


def test_a_double_click_on_a_block_opens_the_customers_file(qtbot, window):
    view = press(qtbot, window, Qt.Key.Key_2, window.ui.customerTable)
    click_block(qtbot, view, JOERG.customer_no, double=True)
    qtbot.waitUntil(lambda: window.shown_file() is not None
                    and window.shown_file().customer.customer_no == JOERG.customer_no, timeout=5000)
    assert window.views.currentWidget() is not view  # the Kundenakte beside the customer list


def test_the_week_reads_again_only_when_a_change_touches_the_calendar(qtbot, window):
    view = press(qtbot, window, Qt.Key.Key_2, window.ui.customerTable)
    reads = []
    view.refreshed.connect(lambda: reads.append(1))
    window.desk.changes_applied.emit(Changes(customers=frozenset({ANNA.customer_no})), None)
    window.desk.changes_applied.emit(Changes(contacts=frozenset({1})), None)
    with qtbot.waitSignal(view.refreshed, timeout=5000):
        window.desk.changes_applied.emit(Changes(absences=frozenset({1})), None)
    window.desk.runner.wait()
    QApplication.processEvents()
    assert reads == [1]


def block_center(view, customer_no):
    view.resize(1200, 700)
    view.grab()  # paints, and places the blocks
    rect = next(r for r, e in view.canvas._blocks if e.appointment.customer_no == customer_no)
    return QPoint(int(rect.center().x()), int(rect.center().y()))


def test_hovering_a_block_shows_the_customers_due_state(qtbot, window, day):
    view = press(qtbot, window, Qt.Key.Key_2, window.ui.customerTable)
    qtbot.mouseMove(view.canvas, block_center(view, JOERG.customer_no))
    qtbot.waitUntil(lambda: "Stand heute" in view.canvas.toolTip(), timeout=3000)  # read when first hovered
    tip = view.canvas.toolTip().split("\n")
    assert tip[0] == "09:00–09:45 Weiß-Müller, Jörg"
    # his last conversation was on 20 January; monthly: the latest day was 20 February
    assert tip[-1] == "Stand heute (überfällig): Überfällig: der nächste Kontakt war bis 20.02.2026 fällig."
    qtbot.mouseMove(view.canvas, block_center(view, ANNA.customer_no))
    qtbot.waitUntil(lambda: view.canvas.toolTip().startswith("09:15–10:00 Schäfer, Anna")
                    and "Stand heute (" in view.canvas.toolTip(), timeout=3000)
    assert "Weiß-Müller" not in view.canvas.toolTip()
    qtbot.mouseMove(view.canvas, QPoint(5, 5))  # the hours' gutter: no block, no tip
    qtbot.waitUntil(lambda: view.canvas.toolTip() == "", timeout=3000)
