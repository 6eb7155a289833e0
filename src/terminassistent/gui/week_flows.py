"""The Woche menu: Woche planen…, Einladungen drucken…, Abwesenheit eintragen…

Woche planen… shows the planner's proposals for a week (services/planning/planner.py), each with
its customer and reason and a tick the caseworker removes for any they do not want; "Übernehmen"
books the ticked ones as one user action (one Rückgängig takes all of it back) and opens the series
letter of the booked appointments in the print preview. Einladungen drucken… opens the series
letter of a week's booked appointments still ahead. Abwesenheit eintragen… records leave,
training or illness and lists the booked appointments inside it, each with a proposed new date
outside it (gui/rebook_dialog.py); the ticked ones move in one step, and their letters are shown.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QDateTimeEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QVBoxLayout, QWidget,
)  # fmt: skip

from terminassistent.domain.model import BERLIN, AbsenceKind, AppointmentStatus
from terminassistent.domain.quota import UNIT_WORDS
from terminassistent.domain.workweek import describe_absence
from terminassistent.services.scheduling.calendar import monday_of

# The planner, the rebooking, the day list and their dialogs are imported when first used: the
# window starts with the list, not with every dialog it can open.
if TYPE_CHECKING:
    from terminassistent.gui.day_list import DayListPreview
    from terminassistent.gui.main_window import MainWindow
    from terminassistent.services.planning.planner import PlannedSlot, WeekPlan

WEEKDAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")


def planning_monday(now: dt.datetime) -> dt.date:
    """The week a caseworker plans: this one until Wednesday, from Thursday on the next."""
    today = now.astimezone(BERLIN).date()
    monday = monday_of(today)
    return monday if today.weekday() < 3 else monday + dt.timedelta(days=7)


def slot_line(p: PlannedSlot) -> str:
    start = p.start.astimezone(BERLIN)
    return (f"{WEEKDAYS[start.weekday()]} {start:%d.%m.} {start:%H:%M} Uhr  {p.name} ({p.customer_no}), "
            f"{p.kind.label} – {'; '.join(p.reasons)}")


def plan_summary(plan: WeekPlan, ticked: int) -> str:
    if plan.unit is None or plan.target is None:
        head = f"Woche {plan.week[-3:]}: Das Kontaktdichtekonzept legt keine Wochenquote fest."
    else:
        head = (f"Woche {plan.week[-3:]}: Ziel {plan.target} {UNIT_WORDS[plan.unit]}, schon {plan.before}; "
                f"mit den {ticked} angehakten Vorschlägen etwa {plan.before + ticked}.")
    return "\n".join((head, *plan.notes))


class WeekChoice(QWidget):
    """A date field that stands for the week (Monday to Friday) it lies in."""

    def __init__(self, monday: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.field = QDateEdit(QDate(monday.year, monday.month, monday.day))
        self.field.setCalendarPopup(True)
        self.field.setDisplayFormat("dd.MM.yyyy")
        self.field.setToolTip("Ein Tag der Woche; geplant wird Montag bis Freitag")
        form.addRow("Woche:", self.field)

    def monday(self) -> dt.date:
        return monday_of(self.field.date().toPython())


class PlanDialog(QDialog):
    """The planner's proposals for a week; untick any, then apply all at once."""

    def __init__(self, window: MainWindow, monday: dt.date):
        super().__init__(window)
        self.main = window
        self.setWindowTitle("Woche planen")
        self.plan: WeekPlan | None = None
        layout = QVBoxLayout(self)
        self.week = WeekChoice(monday)
        self.week.field.dateChanged.connect(lambda _d: self.load())
        layout.addWidget(self.week)
        self.summary = QLabel("Die Vorschläge werden berechnet …")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.list = QListWidget()
        self.list.itemChanged.connect(lambda _i: self._count())
        layout.addWidget(self.list)
        self.buttons = QDialogButtonBox()
        self.apply_button = self.buttons.addButton("Übernehmen und Einladungen zeigen",
                                                   QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setEnabled(False)
        self.buttons.addButton("Abbrechen", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(900, 600)

    def load(self) -> None:
        from terminassistent.services.planning.planner import plan_week

        monday = self.week.monday()
        self.summary.setText("Die Vorschläge werden berechnet …")
        self.apply_button.setEnabled(False)
        def refused(failure) -> None:
            if failure.cancelled:
                self.reject()
            else:
                self.main.dialogs.show_error(self, "Nicht möglich", failure.message)

        self.main.desk.query(lambda ctx: plan_week(ctx, monday), self.show_plan, what="das Planen der Woche",
                             parent=self, progress="Die Woche wird geplant …", failed=refused)

    def show_plan(self, plan: WeekPlan) -> None:
        if plan.monday != self.week.monday():
            return  # an older request; the newer one follows
        self.plan = plan
        self.list.blockSignals(True)
        self.list.clear()
        for slot in plan.proposed:
            item = QListWidgetItem(slot_line(slot))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            item.setToolTip("\n".join(slot.reasons))
            self.list.addItem(item)
        self.list.blockSignals(False)
        if plan.proposed:
            self.list.setCurrentRow(0)
        self.list.setFocus()
        self._count()

    def chosen(self) -> WeekPlan | None:
        if self.plan is None:
            return None
        keep = tuple(s for i, s in enumerate(self.plan.proposed)
                     if self.list.item(i).checkState() == Qt.CheckState.Checked)
        return dataclasses.replace(self.plan, proposed=keep)

    def _count(self) -> None:
        chosen = self.chosen()
        ticked = len(chosen.proposed) if chosen else 0
        if self.plan is not None:
            self.summary.setText(plan_summary(self.plan, ticked) if self.plan.proposed else
                                 plan_summary(self.plan, 0) + "\nKein Vorschlag: In dieser Woche ist kein Platz mehr "
                                 "(eine Einladung per Post gilt erst am vierten Tag als bekannt gegeben), "
                                 "oder die Quote ist erreicht.")
        self.apply_button.setEnabled(ticked > 0)
        if chosen is not None:  # the ticked ones as provisional blocks in the week behind the dialog
            self.main.week_view.show_provisional(chosen.monday, chosen.proposed)


class WeekDialog(QDialog):
    """Which week's invitations to print."""

    def __init__(self, monday: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Einladungen drucken")
        layout = QVBoxLayout(self)
        text = QLabel("Die Einladungen aller gebuchten Termine dieser Woche, die noch bevorstehen, als ein Serienbrief "
                      "in der Reihenfolge der Termine.")
        text.setWordWrap(True)
        layout.addWidget(text)
        self.week = WeekChoice(monday)
        layout.addWidget(self.week)
        buttons = QDialogButtonBox()
        buttons.addButton("Druckvorschau", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Abbrechen", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class AbsenceDialog(QDialog):
    def __init__(self, today: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Abwesenheit eintragen")
        form = QFormLayout(self)
        first = QDate(today.year, today.month, today.day)
        self.start = QDateTimeEdit(QDateTime(first, QTime(0, 0)))
        self.end = QDateTimeEdit(QDateTime(first.addDays(1), QTime(0, 0)))
        for field in (self.start, self.end):
            field.setCalendarPopup(True)
            field.setDisplayFormat("dd.MM.yyyy HH:mm")
        self.kind = QComboBox()
        for kind in AbsenceKind:
            self.kind.addItem(kind.label, kind.value)  # Qt hands a str subclass back as a plain str
        self.note = QLineEdit()
        self.note.setPlaceholderText("z. B. Fortbildung Gesprächsführung")
        form.addRow("Von:", self.start)
        form.addRow("Bis (ausschließlich):", self.end)
        form.addRow("Art:", self.kind)
        form.addRow("Notiz:", self.note)
        self.problem = QLabel()
        self.problem.setStyleSheet("color:#a00000;")
        self.problem.setWordWrap(True)
        form.addRow(self.problem)
        buttons = QDialogButtonBox()
        buttons.addButton("Eintragen", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Abbrechen", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[dt.datetime, dt.datetime, AbsenceKind, str]:
        def moment(field: QDateTimeEdit) -> dt.datetime:
            return field.dateTime().toPython().replace(tzinfo=BERLIN)

        return moment(self.start), moment(self.end), AbsenceKind(self.kind.currentData()), self.note.text().strip()

    def _check(self) -> None:
        start, end, _, _ = self.values()
        if end <= start:
            self.problem.setText(f"»Bis« ({end:%d.%m.%Y %H:%M}) muss nach »Von« ({start:%d.%m.%Y %H:%M}) liegen.")
            self.end.setFocus()
            return
        self.accept()


class WeekFlows:
    def __init__(self, window: MainWindow):
        self.window = window
        self.desk = window.desk
        a = window.actions
        a["plan_week"].triggered.connect(self.plan_week)
        a["print_week"].triggered.connect(self.print_week)
        a["absence"].triggered.connect(self.add_absence)
        a["day_list"].triggered.connect(self.print_day_list)
        self.day_list: DayListPreview | None = None

    def plan_week(self) -> None:
        """The proposals in a list beside the week, where they appear as provisional blocks; untick
        any (the block goes), then apply all at once."""
        self.window.actions["view_week"].trigger()
        dialog = PlanDialog(self.window, planning_monday(self.desk.ctx.now()))
        dialog.accepted.connect(lambda: self._apply(dialog.chosen()))
        dialog.finished.connect(lambda _r: self.window.week_view.show_provisional(dialog.week.monday(), ()))
        self.window.flows._open(dialog)
        dialog.resize(min(dialog.width(), 480), dialog.height())  # beside the week, not over it
        frame = self.window.frameGeometry()
        dialog.move(frame.right() - dialog.width() - 8, frame.top() + 60)
        dialog.load()

    def _apply(self, plan: WeekPlan | None) -> None:
        from terminassistent.services.planning.planner import apply_plan

        if plan is None or not plan.proposed:
            return

        def applied(result) -> None:
            ids = [a.id for a in result.appointments]
            self.window.statusBar().showMessage(f"{len(ids)} Termine der Woche {plan.week[-3:]} gebucht.", 10000)
            self.window.flows.print_letters(ids)

        self.desk.op(lambda ctx: apply_plan(ctx, plan), applied, what="das Übernehmen des Wochenplans",
                     initiator=self.window, parent=self.window)

    def print_week(self) -> None:
        dialog = WeekDialog(planning_monday(self.desk.ctx.now()), self.window)
        dialog.accepted.connect(lambda: self._print_week(dialog.week.monday()))
        self.window.flows._open(dialog)

    def _print_week(self, monday: dt.date) -> None:
        from terminassistent.services.invitations.letters import appointments_between

        def ahead(ctx):
            now = ctx.now()
            return [a.id for a in appointments_between(ctx.caseload, monday, monday + dt.timedelta(days=7))
                    if a.start > now]

        def found(ids: list[int]) -> None:
            if not ids:
                self.window.dialogs.show_error(self.window, "Keine Einladungen",
                                               f"In der Woche ab {monday:%d.%m.%Y} steht kein gebuchter Termin mehr "
                                               "bevor; es gibt nichts zu drucken.")
                return
            self.window.flows.print_letters(ids)

        self.desk.query(ahead, found, what="das Suchen der Termine der Woche", parent=self.window)

    def print_day_list(self) -> None:
        from terminassistent.gui.day_list import DayDialog

        dialog = DayDialog(self.desk.ctx.today(), self.window)
        dialog.accepted.connect(lambda: self._day_list(dialog.chosen()))
        self.window.flows._open(dialog)

    def _day_list(self, day: dt.date) -> None:
        from terminassistent.gui.day_list import DayListPreview, day_list_html
        from terminassistent.services.scheduling.week_calendar import week_calendar

        def read(ctx):
            week = week_calendar(ctx, day)
            entries = [e for e in week.entries if e.appointment.start.astimezone(BERLIN).date() == day
                       and e.appointment.status is not AppointmentStatus.CANCELLED]
            cw = ctx.caseload.caseworker()
            return day_list_html(day, entries, cw.name, cw.room)

        def show(document_html: str) -> None:
            preview = DayListPreview(document_html, self.window.dialogs.printing.printer(), self.window)
            preview.finished.connect(lambda _r: setattr(self, "day_list", None))
            self.day_list = preview
            preview.resize(900, 1000)
            preview.open()

        self.desk.query(read, show, what="das Vorbereiten der Tagesliste", parent=self.window)

    def add_absence(self) -> None:
        dialog = AbsenceDialog(self.desk.ctx.today(), self.window)
        dialog.accepted.connect(lambda: self._record_absence(*dialog.values()))
        self.window.flows._open(dialog)

    def _record_absence(self, start: dt.datetime, end: dt.datetime, kind: AbsenceKind, note: str) -> None:
        from terminassistent.services.scheduling.rebooking import propose_rebookings
        from terminassistent.services.settings.caseworker import add_absence

        def recorded(result) -> None:
            self.window.statusBar().showMessage(f"{kind.label} eingetragen.", 10000)
            if result.affected:
                described = describe_absence(result.absence)
                self.desk.query(lambda ctx: propose_rebookings(ctx, result.affected),
                                lambda found: self._offer_rebooking(found, described),
                                what="das Vorschlagen neuer Termine", parent=self.window)

        self.desk.op(lambda ctx: add_absence(ctx, start, end, kind, note), recorded,
                     what="das Eintragen der Abwesenheit", initiator=self.window, parent=self.window)

    def _offer_rebooking(self, rebookings, absence: str) -> None:
        from terminassistent.gui.rebook_dialog import RebookDialog

        dialog = RebookDialog(rebookings, absence, self.window)
        dialog.accepted.connect(lambda: self._rebook(dialog.chosen()))
        self.window.flows._open(dialog)

    def _rebook(self, moves) -> None:
        from terminassistent.services.scheduling.rebooking import move_appointments

        if not moves:
            return

        def moved(result) -> None:
            count = len(result.appointments)
            self.window.statusBar().showMessage(f"{count} {'Termin' if count == 1 else 'Termine'} verschoben.", 10000)
            self.window.flows.print_letters([a.id for a in result.appointments], notes=result.warnings)

        self.desk.op(lambda ctx: move_appointments(ctx, moves), moved, what="das Verschieben der Termine",
                     initiator=self.window, parent=self.window)
