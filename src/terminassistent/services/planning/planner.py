"""Filling a week toward the quota with the customers who need it most.

Need, in this order: overdue first, then the window closing soonest, then count rules furthest
behind their target. Customers who already have a booked appointment ahead are in the invitation
chain and are left alone; customers for whom the policy prescribes no density are not pulled in.
Each customer is placed with the same ranking as a single proposal, on a calendar that takes each
placement into account, so the plan never double-books. Where the quota counts held
conversations, the caseworker's own attendance rate (held / (held + missed + excused) over the
last 26 weeks, from 20 appointments on) raises the number booked. A plan is a proposal: nothing is
written until ``apply_plan``, which books all of it in one transaction or none of it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from terminassistent.domain.density import Assessment, Compliance, assess
from terminassistent.domain.model import BERLIN, Appointment, AppointmentKind, AppointmentStatus, Channel, CustomerSummary
from terminassistent.domain.policy_model import Policy, QuotaUnit
from terminassistent.domain.proposals import Request, Window, de_date, propose
from terminassistent.errors import UserError
from terminassistent.services.backup.copies import before_bulk
from terminassistent.services.changes import Changes
from terminassistent.services.context import Context, Progress
from terminassistent.services.monitoring.history import group_histories, qualifying_history
from terminassistent.services.planning.week_quota import week_quota
from terminassistent.services.scheduling.booking import book
from terminassistent.services.scheduling.calendar import CalendarBook, day_start
from terminassistent.services.scheduling.proposals import appointment_minutes, not_before
from terminassistent.services.scheduling.warnings import booking_warnings
from terminassistent.storage import Caseload

ATTENDANCE_WEEKS = 26
ATTENDANCE_MINIMUM = 20
PULL_IN_LIMIT = dt.timedelta(days=14)  # bring a customer forward at most this long before their window opens
PROGRESS_EVERY = 250  # customers between two progress reports (and checks for "Abbrechen")


@dataclass(frozen=True)
class PlannedSlot:
    customer_no: str
    name: str
    start: dt.datetime
    end: dt.datetime
    reasons: tuple[str, ...]
    kind: AppointmentKind = AppointmentKind.FOLGEGESPRAECH


@dataclass(frozen=True)
class WeekPlan:
    week: str
    monday: dt.date
    unit: QuotaUnit | None
    target: int | None
    before: int
    proposed: tuple[PlannedSlot, ...]
    after: int
    attendance: float | None  # the rate used to book more than the gap, if any
    notes: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "week": self.week,
            "unit": self.unit.value if self.unit else None,
            "target": self.target,
            "before": self.before,
            "proposed": [
                {"customer": p.customer_no, "name": p.name, "start": p.start.isoformat(), "end": p.end.isoformat(),
                 "kind": p.kind.value, "reasons": list(p.reasons)}
                for p in self.proposed
            ],
            "after": self.after,
            "attendance": self.attendance,
            "notes": list(self.notes),
        }


def attendance_rate(caseload: Caseload, until: dt.datetime) -> float | None:
    """Held / (held + missed + excused) of the appointments in person over the last
    ``ATTENDANCE_WEEKS`` before ``until``; None below ``ATTENDANCE_MINIMUM`` of them."""
    outcomes = caseload.appointment_outcomes(until - dt.timedelta(weeks=ATTENDANCE_WEEKS), until, Channel.PERSOENLICH)
    held = outcomes.get(AppointmentStatus.HELD, 0)
    settled = held + outcomes.get(AppointmentStatus.MISSED, 0) + outcomes.get(AppointmentStatus.EXCUSED, 0)
    return held / settled if settled >= ATTENDANCE_MINIMUM else None


def _need_key(a: Assessment) -> tuple:
    overdue = 0 if a.state is Compliance.OVERDUE or a.due_now else 1
    behind = (a.count_target or 0) - (a.count_reached or 0)
    return (overdue, a.latest, -behind)


def _candidates(
    caseload: Caseload, policy: Policy, on: dt.date, sunday: dt.date, now: dt.datetime, progress: Progress = Progress()
) -> list[tuple[CustomerSummary, Assessment, bool]]:
    """Customers with need, most needy first, each with whether they were ever counselled (their
    identifying fields: an assessment needs no more, and only those placed are read whole)."""
    contacts = defaultdict(list)
    for c in qualifying_history(caseload, policy, on):  # holds each customer's latest Beratungsvermerk
        contacts[c.customer_no].append(c)
    groups = group_histories(caseload)
    chained = caseload.next_booked(now)  # in the invitation chain
    found = []
    customers = list(caseload.customers_by_number(summaries=True))
    for number, customer in enumerate(customers):
        if number % PROGRESS_EVERY == 0:
            progress.step(number, len(customers), f"Bedarf von {len(customers)} Kunden wird ermittelt …")
        if customer.customer_no in chained:
            continue
        a = assess(policy, customer, contacts[customer.customer_no], on, groups[customer.customer_no])
        if a.latest is None or (a.earliest and a.earliest > sunday + PULL_IN_LIMIT):
            continue  # no density, or pulling them in now would come far too early
        found.append((customer, a, bool(contacts[customer.customer_no])))
    found.sort(key=lambda found: (*_need_key(found[1]), found[0].customer_no))
    return found


def _reason(a: Assessment, first: dt.date, last: dt.date) -> str:
    if a.due_now:
        return "noch kein anrechenbarer Kontakt"
    if a.latest < first:
        return a.overdue_text
    if a.earliest and a.earliest > last:
        return f"vorgezogen (empfohlen ab {de_date(a.earliest)}, spätestens {de_date(a.latest)})"
    if a.count_target:
        return f"spätestens bis {de_date(a.latest)}; {a.count_reached} von {a.count_target} Kontakten im Halbjahr"
    return f"spätestens bis {de_date(a.latest)}"


def plan_week(ctx: Context, monday: dt.date) -> WeekPlan:
    """The plan for the week of ``monday``; nothing is written."""
    caseload, policy, now = ctx.caseload, ctx.policy(), ctx.now()
    quota = week_quota(ctx, monday, policy)
    sunday = monday + dt.timedelta(days=6)
    first = max(monday, now.astimezone(BERLIN).date())
    notes: list[str] = []
    if quota.unit is None or quota.target is None:
        notes.append("Dieses Kontaktdichtekonzept legt keine Wochenquote fest; es wird nichts vorgeschlagen.")
        return WeekPlan(quota.week, monday, quota.unit, None, quota.expected, (), quota.expected, None, tuple(notes))
    if first > sunday:
        notes.append("Die Woche ist vorbei; es wird nichts vorgeschlagen.")
        return WeekPlan(quota.week, monday, quota.unit, quota.target, quota.expected, (), quota.expected, None, tuple(notes))
    gap = quota.target - quota.expected
    rate = None
    if quota.unit is QuotaUnit.CONVERSATIONS and gap > 0:
        rate = attendance_rate(caseload, now)
        if rate is not None and rate < 1:
            notes.append(f"Erfahrungsgemäß werden {round(rate * 100)} % der Termine wahrgenommen; "
                         f"deshalb {math.ceil(gap / rate)} statt {gap} Einladungen.")
    rules = ctx.rules()
    calendar = CalendarBook.load(caseload, monday, sunday, rules)
    durations = {k: appointment_minutes(policy, caseload, k) for k in AppointmentKind}
    wanted = max(gap, 0) / (rate if rate and rate < 1 else 1)  # in the quota's unit
    planned = 0  # in the quota's unit
    proposed: list[PlannedSlot] = []
    # A planned week's invitations go out by post: nothing before the postal notice allows.
    earliest = max(not_before(now, postal=True, rules=rules), day_start(first))
    for summary, a, counselled in _candidates(caseload, policy, first, sunday, now, ctx.progress) if wanted else ():
        if planned >= wanted:
            break
        customer = caseload.customer(summary.customer_no)  # the preferences too
        kind = AppointmentKind.FOLGEGESPRAECH if counselled else AppointmentKind.ERSTGESPRAECH
        latest = a.latest if first <= a.latest <= sunday else sunday
        urgent = a.latest < first or a.due_now
        request = Request(Window(first, latest), earliest, durations[kind], customer.preferences,
                          target=first if urgent else None)
        slots = propose(request, calendar, rules, count=1)
        if not slots or slots[0].start.astimezone(BERLIN).date() > sunday:
            continue  # the search may run on past the window; a plan books inside its week only
        slot = slots[0]
        calendar.add(Appointment(customer.customer_no, slot.start, slot.end))
        planned += durations[kind] if quota.unit is QuotaUnit.MINUTES else 1
        warnings = booking_warnings(caseload, customer.customer_no, slot.start, today=now.astimezone(BERLIN).date())
        notices = tuple(f"Hinweis: {w}" for w in warnings)
        proposed.append(PlannedSlot(customer.customer_no, customer.display_name, slot.start, slot.end,
                                    (_reason(a, first, sunday), *slot.reasons[1:], *notices), kind))
    if not proposed and wanted and earliest.astimezone(BERLIN).date() > first:
        notes.append(f"Per Post gilt eine Einladung erst am {rules.postal_notice_days}. Tag nach der Aufgabe als "
                     f"bekannt gegeben: Termine sind frühestens am {earliest.astimezone(BERLIN):%d.%m.%Y} möglich; "
                     "in dieser Woche ist danach kein Platz mehr.")
    if planned < wanted:
        notes.append(f"Nur {len(proposed)} Termine fanden Platz oder Kunden mit Bedarf; die Quote wird "
                     "damit nicht erreicht.")
    proposed.sort(key=lambda p: p.start)
    after = quota.expected + planned
    return WeekPlan(quota.week, monday, quota.unit, quota.target, quota.expected, tuple(proposed), after, rate, tuple(notes))


@dataclass(frozen=True)
class AppliedPlan:
    appointments: tuple[Appointment, ...]
    changes: Changes


def apply_plan(ctx: Context, plan: WeekPlan) -> AppliedPlan:
    """Book every planned slot as one user action; if one no longer fits, book none."""
    booked = []
    if plan.proposed:
        before_bulk(ctx.caseload, "vor-planung", ctx.now())
    with ctx.caseload.action(f"Woche {plan.week} planen ({len(plan.proposed)} Termine)", at=ctx.now()) as action:
        for p in plan.proposed:
            try:
                minutes = int((p.end - p.start).total_seconds() // 60)
                booked.append(book(ctx, p.customer_no, p.start, minutes=minutes, kind=p.kind))
            except UserError as err:
                raise UserError(f"Der Plan wurde nicht übernommen: {p.name} am {p.start:%d.%m.%Y %H:%M}: {err}") from None
        return AppliedPlan(tuple(booked), Changes.of(action.rows))
