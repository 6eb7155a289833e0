"""One week of the caseworker's calendar as the window's week view draws it: per day the working
hours of the weekly pattern, what holidays and absences take away, and every appointment of the
week (whatever became of it) with its customer's name; and the week's quota. A customer's due state
(``due_state``) is read when the week view's block is hovered, so paging reads no histories."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from terminassistent.domain.density import Assessment
from terminassistent.domain.model import BERLIN, Absence, Appointment
from terminassistent.domain.workweek import WorkWeek, describe_absence
from terminassistent.services.context import Context
from terminassistent.services.monitoring.history import assess_customer
from terminassistent.services.planning.week_quota import WeekQuota, week_quota
from terminassistent.services.scheduling.calendar import day_start, monday_of
from terminassistent.services.settings import access as settings


@dataclass(frozen=True)
class CalendarDay:
    day: dt.date
    hours: tuple[tuple[dt.time, dt.time], ...]  # the weekly pattern's working hours (wall clock)
    holiday: str | None  # the public holiday's name
    absences: tuple[tuple[dt.datetime, dt.datetime, str], ...]  # clipped to the day (Berlin), with a German text


@dataclass(frozen=True)
class CalendarEntry:
    appointment: Appointment
    name: str  # the customer's display name ("Schäfer, Anna")


@dataclass(frozen=True)
class WeekCalendar:
    monday: dt.date
    days: tuple[CalendarDay, ...]  # Monday to Friday, and Saturday or Sunday when something lies there
    entries: tuple[CalendarEntry, ...]  # in time order
    quota: WeekQuota

    @cached_property  # the drawing asks for every position it computes
    def first_hour(self) -> int:
        hours = [t.hour for d in self.days for t, _ in d.hours]
        hours += [e.appointment.start.astimezone(BERLIN).hour for e in self.entries]
        return min(hours, default=8)

    @cached_property
    def last_hour(self) -> int:
        """The hour the drawing ends (exclusive)."""
        ends = [end.hour + (1 if end.minute else 0) for d in self.days for _, end in d.hours]
        ends += [(lambda t: t.hour + (1 if t.minute else 0))(e.appointment.end.astimezone(BERLIN))
                 for e in self.entries]
        return max(max(ends, default=17), self.first_hour + 1)


def _absences_on(day: dt.date, found: list[Absence]) -> tuple[tuple[dt.datetime, dt.datetime, str], ...]:
    lo = dt.datetime.combine(day, dt.time(), BERLIN)
    hi = lo + dt.timedelta(days=1)
    return tuple((max(a.start.astimezone(BERLIN), lo), min(a.end.astimezone(BERLIN), hi), describe_absence(a))
                 for a in found)


def week_calendar(ctx: Context, day: dt.date) -> WeekCalendar:
    """The week that ``day`` lies in."""
    caseload = ctx.caseload
    monday = monday_of(day)
    lo, hi = day_start(monday), day_start(monday + dt.timedelta(days=7))
    cw = caseload.caseworker()
    absences = caseload.absences(lo, hi)
    workweek = WorkWeek.for_caseworker(cw, absences, settings.get(caseload, "workweek.regional_holidays"))
    appointments = sorted((a for a in caseload.appointments(start=lo, end=hi) if lo <= a.start < hi),
                          key=lambda a: (a.start, a.id))
    names: dict[str, str] = {}
    for a in appointments:
        if a.customer_no not in names:
            names[a.customer_no] = caseload.customer(a.customer_no).display_name
    shown = []
    for offset in range(7):
        d = monday + dt.timedelta(days=offset)
        on_day = workweek.absences_on(d)
        busy = any(a.start.astimezone(BERLIN).date() == d for a in appointments)
        if offset >= 5 and not (busy or workweek.pattern.get(d.weekday())):
            continue
        shown.append(CalendarDay(d, tuple((r.start, r.end) for r in workweek.pattern.get(d.weekday(), ())),
                                 workweek.holiday_name(d), _absences_on(d, on_day)))
    return WeekCalendar(monday, tuple(shown), tuple(CalendarEntry(a, names[a.customer_no]) for a in appointments),
                        week_quota(ctx, monday))


def due_state(ctx: Context, customer_no: str) -> Assessment:
    """The customer's due state today, as the customer's file shows it."""
    return assess_customer(ctx.caseload, ctx.policy(), ctx.caseload.customer(customer_no), ctx.today())
