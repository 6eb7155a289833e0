"""The drawn week of Ansicht > Woche: the days' columns with working hours, holidays and absences,
a line for the current time, and every appointment as a block with time, customer, kind, channel
and state, by colour and in words. A click selects a block, a double-click or Enter opens the
customer's file, the arrow keys go from block to block; hovering a block shows the customer's due
state; a block of a booked appointment can be dragged to another day and time (``dropped``).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QApplication, QSizePolicy, QWidget

from terminassistent.domain.density import Assessment
from terminassistent.domain.model import BERLIN, Appointment, AppointmentStatus
from terminassistent.gui.customer_file import assessment_sentence
from terminassistent.gui.week_layout import place
from terminassistent.services.planning.planner import PlannedSlot
from terminassistent.services.scheduling.week_calendar import CalendarEntry, WeekCalendar

WEEKDAY_NAMES = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
STATUS_COLOURS = {  # fill, border
    AppointmentStatus.BOOKED: ("#dbe9fb", "#2f6db5"),
    AppointmentStatus.HELD: ("#dcf1dc", "#2e7d32"),
    AppointmentStatus.MISSED: ("#fbdcdc", "#b3261e"),
    AppointmentStatus.EXCUSED: ("#fdecd4", "#a15c00"),
    AppointmentStatus.CANCELLED: ("#eeeeee", "#8a8a8a"),
}
HEADER = 40  # px: the day names
GUTTER = 48  # px: the hours
FOOT = 10  # px below the last hour, so its label is not cut
MIN_BLOCK = 16  # px: the least height of a block, one line of text
SNAP = 15  # minutes: the grid a dragged block lands on


def block_text(entry: CalendarEntry) -> tuple[str, str]:
    """The two lines of an appointment's block: time and customer; kind, channel and state."""
    a = entry.appointment
    start, end = a.start.astimezone(BERLIN), a.end.astimezone(BERLIN)
    return (f"{start:%H:%M}–{end:%H:%M} {entry.name}",
            f"{a.kind.label} · {a.channel.label} · {a.status.label}")


def block_tooltip(entry: CalendarEntry, due: Assessment | None) -> str:
    """What hovering a block says: its two lines, the reason of an outcome, and the customer's due
    state as of today (as the customer's file says it; read when first hovered)."""
    lines = list(block_text(entry))
    if entry.appointment.reason:
        lines.append(f"Grund: {entry.appointment.reason}")
    if due is not None:
        lines.append(f"Stand heute ({due.state.label}): {assessment_sentence(due)}")
    return "\n".join(lines)


class WeekCanvas(QWidget):
    """The drawn week; knows the blocks' places for clicks."""

    selected = Signal(object)  # Appointment | None
    opened = Signal(str)  # Kundennummer
    hovered = Signal(str)  # Kundennummer of a hovered block whose due state is not known yet
    dropped = Signal(object, object)  # Appointment, its new start (dt.datetime): a block was dragged there

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.week: WeekCalendar | None = None
        self.now: dt.datetime | None = None
        self.current: int | None = None  # the selected appointment's id
        self._blocks: list[tuple[QRectF, CalendarEntry]] = []  # as last drawn
        self._absences: list[tuple[QRectF, str]] = []
        self._drag: tuple[CalendarEntry, QPointF, float] | None = None  # pressed block, where, how far below its start
        self._dragging = False
        self.target: dt.datetime | None = None  # where the dragged block would land
        self.due: dict[str, Assessment | None] = {}  # due states read for hovered blocks (None: asked)
        self._hover: CalendarEntry | None = None
        self.provisional: tuple[PlannedSlot, ...] = ()  # Woche planen…: proposals not yet booked
        self.provisional_rects: list[tuple[QRectF, PlannedSlot]] = []  # as last drawn
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumSize(600, 420)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def show_week(self, week: WeekCalendar, now: dt.datetime) -> None:
        self.week, self.now = week, now
        self.due, self._hover = {}, None  # read anew: an outcome or a new contact changes them
        if self.current is not None and self.current not in {e.appointment.id for e in week.entries}:
            self.current = None
        self.update()
        self.selected.emit(self.selected_appointment())

    def selected_appointment(self) -> Appointment | None:
        if self.week is None or self.current is None:
            return None
        return next((e.appointment for e in self.week.entries if e.appointment.id == self.current), None)

    def select(self, appointment_id: int | None) -> None:
        self.current = appointment_id
        self.update()
        self.selected.emit(self.selected_appointment())

    # -- geometry ---------------------------------------------------------------------------------

    def _column(self, index: int) -> QRectF:
        width = (self.width() - GUTTER) / max(len(self.week.days), 1)
        return QRectF(GUTTER + index * width, HEADER, width, self.height() - HEADER)

    def _y(self, moment: dt.time) -> float:
        first, last = self.week.first_hour, self.week.last_hour
        minutes = (moment.hour - first) * 60 + moment.minute
        return HEADER + (self.height() - HEADER - FOOT) * minutes / ((last - first) * 60)

    def moment_at(self, x: float, top: float) -> dt.datetime | None:
        """The start (on the SNAP grid) of a block whose top edge is at ``top`` in the day at ``x``."""
        if self.week is None or x < GUTTER:
            return None
        index = int((x - GUTTER) // ((self.width() - GUTTER) / max(len(self.week.days), 1)))
        if not 0 <= index < len(self.week.days):
            return None
        first, last = self.week.first_hour, self.week.last_hour
        minutes = (top - HEADER) / (self.height() - HEADER - FOOT) * (last - first) * 60
        minutes = first * 60 + max(0, min(round(minutes / SNAP) * SNAP, (last - first) * 60 - SNAP))
        minutes = min(minutes, 24 * 60 - SNAP)
        return dt.datetime.combine(self.week.days[index].day, dt.time(minutes // 60, minutes % 60), BERLIN)

    # -- drawing ----------------------------------------------------------------------------------

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        if self.week is None:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Die Woche wird geladen …")
            return
        week, small = self.week, QFont(self.font())
        small.setPointSizeF(max(self.font().pointSizeF() - 1, 7))
        painter.setPen(QColor("#666666"))
        for hour in range(week.first_hour, week.last_hour + 1):
            y = self._y(dt.time(min(hour, 23), 0 if hour < 24 else 59))
            painter.drawText(QRectF(0, y - 8, GUTTER - 6, 16), Qt.AlignmentFlag.AlignRight, f"{hour}:00")
            painter.setPen(QColor("#eeeeee"))
            painter.drawLine(GUTTER, int(y), self.width(), int(y))
            painter.setPen(QColor("#666666"))
        self._blocks, self._absences = [], []
        for index, day in enumerate(week.days):
            column = self._column(index)
            today = self.now is not None and day.day == self.now.astimezone(BERLIN).date()
            header = QRectF(column.left(), 0, column.width(), HEADER)
            painter.setPen(QColor("#000000"))
            bold = QFont(self.font())
            bold.setBold(today)
            painter.setFont(bold)
            painter.drawText(header, Qt.AlignmentFlag.AlignCenter,
                             f"{WEEKDAY_NAMES[day.day.weekday()]}, {day.day:%d.%m.}" + (" (heute)" if today else ""))
            painter.setFont(self.font())
            if day.holiday:
                painter.fillRect(column, QColor("#e4e4e4"))
                painter.setPen(QColor("#555555"))
                painter.drawText(column.adjusted(4, 8, -4, 0), Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap,
                                 f"Feiertag: {day.holiday}")
            else:
                for start, end in day.hours:  # the working hours: a light band
                    painter.fillRect(QRectF(column.left(), self._y(start), column.width(),
                                            self._y(end) - self._y(start)), QColor("#e6effa"))
            for start, end, text in day.absences:  # clipped to the day's hours, never over its name
                top = max(self._y(start.timetz().replace(tzinfo=None)), column.top())
                bottom = self._y(end.timetz().replace(tzinfo=None)) if end.date() == day.day else column.bottom()
                area = QRectF(column.left(), top, column.width(), min(bottom, column.bottom()) - top)
                self._absences.append((area, text))
                painter.fillRect(area, QColor("#dddddd"))
                painter.setPen(QColor("#444444"))
                painter.drawText(area.adjusted(4, 4, -4, -4), Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap,
                                 text)
            painter.setPen(QColor("#cccccc"))
            painter.drawLine(int(column.left()), 0, int(column.left()), self.height())
            on_day = [e for e in week.entries if e.appointment.start.astimezone(BERLIN).date() == day.day]
            spans = [(self._y(e.appointment.start.astimezone(BERLIN).time()),
                      self._y(e.appointment.end.astimezone(BERLIN).time())) for e in on_day]
            for entry, spot in zip(on_day, place(spans, column.top(), column.bottom() - FOOT, MIN_BLOCK), strict=True):
                left, right = spot.x_span(column.left() + 3, column.width() - 6)
                self._draw_block(painter, QRectF(left, spot.top + 1, right - left - (2 if spot.lanes > 1 else 0),
                                                 spot.bottom - spot.top - 2), entry, small)
        self._draw_provisional(painter, small)
        if self._dragging and self.target is not None:
            self._draw_target(painter)
        if self.now is not None:  # the current time
            now = self.now.astimezone(BERLIN)
            for index, day in enumerate(week.days):
                if day.day == now.date() and week.first_hour <= now.hour < week.last_hour:
                    column, y = self._column(index), self._y(now.time())
                    painter.setPen(QPen(QColor("#d32f2f"), 2))
                    painter.drawLine(int(column.left()), int(y), int(column.right()), int(y))

    def _draw_provisional(self, painter: QPainter, small: QFont) -> None:
        """The planner's proposals as dashed, translucent blocks: "Vorschlag", the customer, the reason.
        The planner books only free time, so they lie beside the booked blocks, not on them."""
        self.provisional_rects = []
        for slot in self.provisional:
            start, end = slot.start.astimezone(BERLIN), slot.end.astimezone(BERLIN)
            index = next((i for i, d in enumerate(self.week.days) if d.day == start.date()), None)
            if index is None:
                continue
            column = self._column(index)
            top = max(self._y(start.time()), column.top())
            bottom = min(self._y(end.time()), column.bottom() - FOOT)
            rect = QRectF(column.left() + 3, top + 1, column.width() - 6, max(bottom - top - 2, MIN_BLOCK))
            painter.setBrush(QColor(255, 243, 205, 230))
            painter.setPen(QPen(QColor("#8a6d00"), 1.5, Qt.PenStyle.DashLine))
            painter.drawRoundedRect(rect, 4, 4)
            painter.setPen(QColor("#000000"))
            width, top_left = int(rect.width()) - 8, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
            first = f"Vorschlag {start:%H:%M} {slot.name}"
            painter.drawText(rect.adjusted(4, 2, -4, 0), top_left,
                             painter.fontMetrics().elidedText(first, Qt.TextElideMode.ElideRight, width))
            line = painter.fontMetrics().height()
            if rect.height() >= 2 * line + 4 and slot.reasons:
                painter.setFont(small)
                painter.setPen(QColor("#5c4600"))
                painter.drawText(rect.adjusted(4, 2 + line + 2, -4, 0), top_left,
                                 painter.fontMetrics().elidedText(slot.reasons[0], Qt.TextElideMode.ElideRight, width))
                painter.setFont(self.font())
            self.provisional_rects.append((rect, slot))

    def _draw_target(self, painter: QPainter) -> None:
        """Where the dragged block would land: a dashed outline with the new day and time."""
        entry, start = self._drag[0], self.target
        index = next((i for i, d in enumerate(self.week.days) if d.day == start.date()), None)
        if index is None:
            return
        end = start + (entry.appointment.end - entry.appointment.start)
        column = self._column(index)
        bottom = self._y(end.time()) if end.date() == start.date() else column.bottom()
        rect = QRectF(column.left() + 3, self._y(start.time()), column.width() - 6,
                      max(bottom - self._y(start.time()), MIN_BLOCK))
        painter.setBrush(QColor(255, 255, 255, 180))
        painter.setPen(QPen(QColor("#000000"), 2, Qt.PenStyle.DashLine))
        painter.drawRoundedRect(rect, 4, 4)
        painter.drawText(rect.adjusted(4, 2, -4, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                         f"→ {WEEKDAY_NAMES[start.weekday()][:2]} {start:%d.%m. %H:%M} Uhr")

    def _draw_block(self, painter: QPainter, rect: QRectF, entry: CalendarEntry, small: QFont) -> None:
        a = entry.appointment
        fill, border = STATUS_COLOURS[a.status]
        selected = a.id == self.current
        painter.setBrush(QColor(fill))
        painter.setPen(QPen(QColor("#000000" if selected else border), 3 if selected else 1))
        painter.drawRoundedRect(rect, 4, 4)
        first, second = block_text(entry)
        painter.setPen(QColor("#000000"))
        if a.status is AppointmentStatus.CANCELLED:
            font = QFont(self.font())
            font.setStrikeOut(True)
            painter.setFont(font)
        line = painter.fontMetrics().height()
        if rect.height() < 2 * line + 4:  # no room for a second line: the state still in words
            first = f"{first} · {a.status.label}"
        width = int(rect.width()) - 8
        top = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        painter.drawText(rect.adjusted(4, 2, -4, 0), top,
                         painter.fontMetrics().elidedText(first, Qt.TextElideMode.ElideRight, width))
        if rect.height() >= 2 * line + 4:
            painter.setFont(small)
            painter.setPen(QColor(border))
            painter.drawText(rect.adjusted(4, 2 + line + 2, -4, 0), top,
                             painter.fontMetrics().elidedText(second, Qt.TextElideMode.ElideRight, width))
        painter.setFont(self.font())
        self._blocks.append((rect, entry))

    # -- mouse and keys ---------------------------------------------------------------------------

    def entry_at(self, x: float, y: float) -> CalendarEntry | None:
        return next((e for r, e in reversed(self._blocks) if r.contains(x, y)), None)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        point = event.position()
        entry = self.entry_at(point.x(), point.y())
        self.select(entry.appointment.id if entry else None)
        self.setFocus()
        self._drag, self._dragging, self.target = None, False, None
        if (entry is not None and event.button() == Qt.MouseButton.LeftButton
                and entry.appointment.status is AppointmentStatus.BOOKED):
            start = entry.appointment.start.astimezone(BERLIN)
            self._drag = (entry, QPointF(point), point.y() - self._y(start.time()))

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802
        entry = self.entry_at(event.position().x(), event.position().y())
        if entry is not None:
            self.opened.emit(entry.appointment.customer_no)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        point = event.position()
        if self._drag is not None and event.buttons() & Qt.MouseButton.LeftButton:
            if not self._dragging and (point - self._drag[1]).manhattanLength() >= QApplication.startDragDistance():
                self._dragging = True
                self.setCursor(Qt.CursorShape.ClosedHandCursor)
                self.setToolTip("")
            if self._dragging:
                self.target = self.moment_at(point.x(), point.y() - self._drag[2])
                self.update()
                return
        entry = self._hover = self.entry_at(point.x(), point.y())
        if entry is not None and entry.appointment.customer_no not in self.due:
            self.due[entry.appointment.customer_no] = None
            self.hovered.emit(entry.appointment.customer_no)
        self.setToolTip(block_tooltip(entry, self.due.get(entry.appointment.customer_no)) if entry else "")

    def set_due(self, customer_no: str, due: Assessment) -> None:
        """A hovered customer's due state has been read: the tooltip says it from now on."""
        if customer_no in self.due:
            self.due[customer_no] = due
            if self._hover is not None and self._hover.appointment.customer_no == customer_no:
                self.setToolTip(block_tooltip(self._hover, due))

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        drag, dragging, target = self._drag, self._dragging, self.target
        self._end_drag()
        if dragging and target is not None and target != drag[0].appointment.start.astimezone(BERLIN):
            self.dropped.emit(drag[0].appointment, target)

    def _end_drag(self) -> None:
        self._drag, self._dragging, self.target = None, False, None
        self.unsetCursor()
        self.update()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        entries = list(self.week.entries) if self.week else []
        ids = [e.appointment.id for e in entries]
        key = event.key()
        if key == Qt.Key.Key_Escape and self._dragging:  # the drag is called off: nothing moves
            self._end_drag()
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Left) and ids:
            step = 1 if key in (Qt.Key.Key_Down, Qt.Key.Key_Right) else -1
            here = ids.index(self.current) if self.current in ids else (-1 if step > 0 else len(ids))
            self.select(ids[max(0, min(len(ids) - 1, here + step))])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected_appointment() is not None:
            self.opened.emit(self.selected_appointment().customer_no)
        else:
            super().keyPressEvent(event)
