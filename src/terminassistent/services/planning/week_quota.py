"""Where a caseworker's week stands against the policy's quota.

The target is the policy's weekly quota pro rata to the caseworker's hours (domain.quota), then
reduced in proportion to the working time that holidays and absences take from that week:
a week with one day of leave out of five asks for four fifths. What counts depends on the unit:

- appointments: appointments booked in the week and not cancelled (booked, held, missed,
  excused: the time was scheduled for a customer, which is what "terminierte Kundenkontakte" asks);
- conversations: qualifying in-person conversations held (Beratungsvermerke, in person) — for
  planning, appointments still booked in person count as expected conversations;
- minutes: the minutes of appointments booked in the week and not cancelled.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from terminassistent.domain.model import (
    Appointment,
    AppointmentStatus,
    Channel,
    ContactKind,
    pattern_minutes,
)
from terminassistent.domain.policy_model import Policy, QuotaUnit
from terminassistent.domain.quota import german_number, raw_target, round_quota, weekly_target
from terminassistent.domain.workweek import WorkWeek
from terminassistent.services.settings import access as settings
from terminassistent.services.scheduling.calendar import day_start
from terminassistent.services.context import Context

SCHEDULED = (AppointmentStatus.BOOKED, AppointmentStatus.HELD, AppointmentStatus.MISSED, AppointmentStatus.EXCUSED)


def iso_week(monday: dt.date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class WeekQuota:
    week: str
    monday: dt.date
    policy_id: str
    unit: QuotaUnit | None
    hours: float
    pro_rata_target: int | None  # for the caseworker's hours, before holidays and absences
    target: int | None  # for this week
    planned_minutes: int  # working minutes of the pattern
    available_minutes: int  # after holidays and absences
    free_minutes: int  # available and not yet taken by an appointment
    achieved: int  # toward the target, in the unit (held conversations for "conversations")
    expected: int  # achieved plus what is still booked (planning view)
    statuses: dict[str, int]  # appointments of the week by status
    counts: str
    explanation: str

    @property
    def missing(self) -> int:
        return max(0, (self.target or 0) - self.expected)

    def as_dict(self) -> dict[str, Any]:
        return {
            "policy": self.policy_id,
            "week": self.week,
            "unit": self.unit.value if self.unit else None,
            "pro_rata_target": self.pro_rata_target,
            "target": self.target,
            "achieved": self.achieved,
            "expected": self.expected,
            "missing": self.missing,
            "appointments": self.statuses,
            "planned_minutes": self.planned_minutes,
            "available_minutes": self.available_minutes,
            "free_minutes": self.free_minutes,
            "counts": self.counts,
            "explanation": self.explanation,
        }


def measure(unit: QuotaUnit | None, appointments: list[Appointment], in_person_conversations: int) -> tuple[int, int]:
    """(achieved, expected) for a week's appointments in the policy's unit."""
    scheduled = [a for a in appointments if a.status in SCHEDULED]
    if unit is QuotaUnit.CONVERSATIONS:
        upcoming = sum(1 for a in appointments if a.status is AppointmentStatus.BOOKED and a.channel is Channel.PERSOENLICH)
        return in_person_conversations, in_person_conversations + upcoming
    if unit is QuotaUnit.MINUTES:
        minutes = sum(a.minutes for a in scheduled)
        return minutes, minutes
    return len(scheduled), len(scheduled)


def week_quota(ctx: Context, monday: dt.date, policy: Policy | None = None) -> WeekQuota:
    """The week of ``monday`` against the quota of ``policy`` (default: the caseworker's)."""
    caseload, policy = ctx.caseload, policy or ctx.policy()
    cw = caseload.caseworker()
    lo, hi = day_start(monday), day_start(monday + dt.timedelta(days=7))
    workweek = WorkWeek.for_caseworker(cw, caseload.absences(lo, hi), settings.get(caseload, "workweek.regional_holidays"))
    days = [monday + dt.timedelta(days=i) for i in range(7)]
    planned = pattern_minutes(cw.pattern)
    available = sum(workweek.working_minutes(d) for d in days)
    appointments = [a for a in caseload.appointments(start=lo, end=hi) if lo <= a.start < hi]
    free = sum(int((b - a).total_seconds() // 60) for d in days for a, b in workweek.free_intervals(d, appointments))
    conversations = sum(
        1
        for c in caseload.contacts_between(lo, hi)
        if c.kind is ContactKind.BERATUNG and c.channel is Channel.PERSOENLICH
    )
    base = weekly_target(policy, cw.weekly_hours, cw.full_time_hours)
    target, explanation = base.target, base.explanation
    if base.unit is not None and base.target is not None and planned and available < planned:
        share = Fraction(available, planned)
        raw = raw_target(policy.quota, cw.weekly_hours, base.full_time_hours) * share
        target = round_quota(raw, policy.quota.rounding)
        explanation += (
            f" Feiertage und Abwesenheiten lassen {german_number(available / 60)} von "
            f"{german_number(planned / 60)} Arbeitsstunden: anteilig {target}."
        )
    achieved, expected = measure(base.unit, appointments, conversations)
    statuses = {s.value: sum(1 for a in appointments if a.status is s) for s in AppointmentStatus}
    return WeekQuota(iso_week(monday), monday, policy.id, base.unit, cw.weekly_hours, base.target, target, planned,
                     available, free, achieved, expected, statuses, base.counts, explanation)

