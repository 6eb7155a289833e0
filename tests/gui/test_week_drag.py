"""Dragging a block in the week moves the appointment as Verschieben… does: the same appointment
(SEQUENCE raised) at the dropped day and time on the quarter-hour grid, the new letter offered; a
drop where it cannot go is refused with the reason and changes nothing; Escape calls the drag off."""

import datetime as dt

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from terminassistent.domain.model import BERLIN, Appointment

from . import test_flows
from .conftest import berlin
from .test_flows import ANNA, JOERG

day_db, day = test_flows.day_db, test_flows.day  # Tuesday 10 March 2026; Jörg comes on Friday at 09:00


def week(qtbot, window):
    view = window.week_view
    with qtbot.waitSignal(view.refreshed, timeout=5000):
        qtbot.keyClick(window.ui.customerTable, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    view.resize(1200, 700)
    view.grab()  # paints, and places the blocks
    return view.canvas


def joergs(caseload):
    return next(a for a in caseload.appointments(customer_no=JOERG.customer_no))


def move_to(canvas, point: QPoint) -> None:
    """The mouse moves with the left button held (as a hand drags)."""
    QApplication.sendEvent(canvas, QMouseEvent(QEvent.Type.MouseMove, QPointF(point), QPointF(canvas.mapToGlobal(point)),
                                               Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton,
                                               Qt.KeyboardModifier.NoModifier))


def grab(qtbot, canvas, day: dt.date, at: dt.time, customer=JOERG, starts=dt.time(9, 0)) -> tuple[QPoint, QPoint]:
    """Press on the customer's block (starting at ``starts``), drag it so that its start lies at
    ``at`` on ``day``; return the points pressed and reached."""
    rect = next(r for r, e in canvas._blocks if e.appointment.customer_no == customer.customer_no)
    pressed = QPoint(int(rect.center().x()), int(rect.center().y()))
    below_start = pressed.y() - canvas._y(starts)
    index = next(i for i, d in enumerate(canvas.week.days) if d.day == day)
    column = canvas._column(index)
    reached = QPoint(int(column.center().x()), round(canvas._y(at) + below_start))
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=pressed)
    move_to(canvas, pressed + QPoint(0, 12))
    move_to(canvas, reached)
    return pressed, reached


def test_a_block_dragged_to_thursday_ten_is_moved_there_and_the_letter_offered(qtbot, window, day, boxes):
    before = joergs(day)
    canvas = week(qtbot, window)
    _, reached = grab(qtbot, canvas, dt.date(2026, 3, 12), dt.time(10, 0))
    assert canvas.target == berlin(2026, 3, 12, 10, 0)  # what the dashed outline says
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=reached)
    qtbot.waitUntil(lambda: joergs(day).start == berlin(2026, 3, 12, 10, 0), timeout=5000)
    moved = joergs(day)
    assert moved.id == before.id and moved.sequence == before.sequence + 1
    assert moved.end - moved.start == before.end - before.start
    qtbot.waitUntil(lambda: bool(boxes.asked), timeout=5000)
    assert boxes.asked[-1][0] == "Termin verschoben"
    qtbot.waitUntil(lambda: [e.appointment.start.astimezone(BERLIN) for e in canvas.week.entries
                             if e.appointment.id == before.id] == [berlin(2026, 3, 12, 10, 0)], timeout=5000)


def test_a_drop_into_the_past_is_refused_and_escape_calls_a_drag_off(qtbot, window, day, boxes):
    before = joergs(day)
    canvas = week(qtbot, window)
    _, reached = grab(qtbot, canvas, dt.date(2026, 3, 9), dt.time(10, 0))  # Monday: already past
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=reached)
    qtbot.waitUntil(lambda: bool(boxes.shown), timeout=5000)
    assert "nichts verschoben" in boxes.shown[-1][1]
    assert joergs(day) == before

    _, reached = grab(qtbot, canvas, dt.date(2026, 3, 12), dt.time(11, 0))
    assert canvas.target == berlin(2026, 3, 12, 11, 0)
    qtbot.keyClick(canvas, Qt.Key.Key_Escape)
    assert canvas.target is None
    with qtbot.assertNotEmitted(canvas.dropped):
        qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=reached)
    assert joergs(day) == before and len(boxes.asked) == 0


def test_a_drop_past_the_latest_day_asks_for_the_justified_deviation(qtbot, window, day, boxes):
    """Anna's next contact is due by Wednesday 1 April; her appointment on Tuesday 31 March dragged
    to Thursday 2 April is moved, and the question after the move names the deviation to record."""
    anna = day.add_appointment(Appointment(ANNA.customer_no, berlin(2026, 3, 31, 10, 0), berlin(2026, 3, 31, 10, 45)))
    canvas = week(qtbot, window)
    view = window.week_view
    with qtbot.waitSignal(view.refreshed, timeout=5000):
        view.day = dt.date(2026, 3, 31)
        view.refresh()
    view.grab()
    _, reached = grab(qtbot, canvas, dt.date(2026, 4, 2), dt.time(10, 0), ANNA, dt.time(10, 0))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=reached)
    qtbot.waitUntil(lambda: day.appointment(anna.id).start == berlin(2026, 4, 2, 10, 0), timeout=5000)
    qtbot.waitUntil(lambda: bool(boxes.asked), timeout=5000)
    title, message = boxes.asked[-1]
    assert title == "Termin verschoben"
    assert "nach dem spätesten Tag für den nächsten Kontakt (01.04.2026)" in message
    assert "begründete Abweichung" in message
