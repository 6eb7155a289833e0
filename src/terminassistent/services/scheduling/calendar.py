"""The caseworker's calendar over a span of days: free time and load, as the proposal ranking needs.

Reads the appointments and absences of the span once, then answers per day from memory, so a
proposal (and the week planner, which books into it as it goes) costs no further queries.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from terminassistent.domain.model import BERLIN, Appointment
from terminassistent.domain.proposals import SchedulingRules
from terminassistent.domain.workweek import BLOCKING_STATUSES, Interval, WorkWeek
from terminassistent.services.settings import access as settings
from terminassistent.storage import Caseload


def day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=BERLIN)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


class CalendarBook:
    """A DayBook (domain.proposals) over the stored calendar from ``first`` to ``last``."""

    def __init__(self, workweek: WorkWeek, appointments: list[Appointment], rules: SchedulingRules):
        self.workweek = workweek
        self.rules = rules
        self._by_day: dict[dt.date, list[Appointment]] = defaultdict(list)
        self._by_week: dict[dt.date, int] = defaultdict(int)
        self._free: dict[dt.date, list[Interval]] = {}
        for a in appointments:
            self.add(a)

    @classmethod
    def load(cls, caseload: Caseload, first: dt.date, last: dt.date, rules: SchedulingRules | None = None, *,
             without: int | None = None) -> "CalendarBook":
        """``without``: leave out this appointment (the one being moved frees its own time)."""
        cw = caseload.caseworker()
        # Whole weeks, so the weekly load is right at the edges of the span.
        lo, hi = day_start(monday_of(first)), day_start(monday_of(last) + dt.timedelta(days=7))
        regional = settings.get(caseload, "workweek.regional_holidays")
        workweek = WorkWeek.for_caseworker(cw, caseload.absences(lo, hi), regional)
        appointments = [a for a in caseload.appointments(start=lo, end=hi, statuses=sorted(BLOCKING_STATUSES))
                        if a.id != without]
        return cls(workweek, appointments, rules or settings.scheduling_rules(caseload))

    def add(self, appointment: Appointment) -> None:
        """Take a new booking into account (the planner books as it goes)."""
        if appointment.status not in BLOCKING_STATUSES:
            return
        day = appointment.start.astimezone(BERLIN).date()
        self._by_day[day].append(appointment)
        self._by_week[monday_of(day)] += 1
        self._free.pop(day, None)

    def appointments_on(self, day: dt.date) -> list[Appointment]:
        return list(self._by_day.get(day, ()))

    # -- DayBook -------------------------------------------------------------------------------

    def free_intervals(self, day: dt.date) -> list[Interval]:
        if day not in self._free:
            buffer = dt.timedelta(minutes=self.rules.buffer_minutes)
            self._free[day] = self.workweek.free_intervals(day, self._by_day.get(day, ()), buffer=buffer)
        return self._free[day]

    def day_load(self, day: dt.date) -> int:
        return len(self._by_day.get(day, ()))

    def week_load(self, day: dt.date) -> int:
        return self._by_week.get(monday_of(day), 0)

    def conflict(self, start: dt.datetime, end: dt.datetime, now: dt.datetime | None) -> str | None:
        day = start.astimezone(BERLIN).date()
        return self.workweek.conflict(start, end, self._by_day.get(day, ()), now=now)
