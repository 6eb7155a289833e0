"""Proposing dates: for the next appointment, a new customer's first one, or after a miss.

``propose_next`` treats ``at`` as the end of a qualifying in-person conversation, exactly as
``terminassistent due --last-contact`` does, so the two always agree on the window (both call
domain.density.assess). ``propose_first`` plans a new customer's Erstgespräch within the policy's
lead time. Booking is in booking.py; recording the conversation and booking the chosen slot
together in services/conversation/conclude.py.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, replace
from typing import Any

from terminassistent.domain.density import Assessment
from terminassistent.domain.model import (
    BERLIN,
    AppointmentKind,
    AppointmentStatus,
    Channel,
    Contact,
    ContactKind,
    Customer,
)
from terminassistent.domain.policy_model import Policy
from terminassistent.domain.proposals import Request, SchedulingRules, Slot, Window, de_date, propose, search_days
from terminassistent.domain.workweek import HolidayCalendar
from terminassistent.services.context import Context
from terminassistent.services.monitoring.history import assess_customer
from terminassistent.services.settings import access as settings
from terminassistent.services.scheduling.calendar import CalendarBook
from terminassistent.services.scheduling.warnings import booking_warnings
from terminassistent.storage import Caseload


@dataclass(frozen=True)
class Proposal:
    customer: Customer
    window: Window
    rule: str | None
    kind: AppointmentKind
    minutes: int
    channel: Channel
    slots: tuple[Slot, ...]
    assessment: Assessment | None = None  # None for a first appointment
    notes: tuple[str, ...] = ()  # German: warnings and explanations to show with the dates

    def as_dict(self) -> dict[str, Any]:
        return {
            "customer": self.customer.customer_no,
            "window": {
                "earliest": self.window.earliest.isoformat(),
                "latest": self.window.latest.isoformat() if self.window.latest else None,
                "rule": self.rule,
            },
            "kind": self.kind.value,
            "minutes": self.minutes,
            "channel": self.channel.value,
            "slots": [
                {"start": s.start.isoformat(), "end": s.end.isoformat(), "reasons": list(s.reasons)} for s in self.slots
            ],
            "notes": list(self.notes),
        }


def appointment_minutes(policy: Policy, caseload: Caseload, kind: AppointmentKind) -> int:
    """The policy's duration where it sets one, else the caseworker's own, capped by the policy's maximum."""
    d = policy.durations
    if kind is AppointmentKind.ERSTGESPRAECH and d.first:
        minutes = d.first + (d.first_preparation or 0)
    elif kind is AppointmentKind.FOLGEGESPRAECH and d.follow_up:
        minutes = d.follow_up + (d.follow_up_preparation or 0)
    else:
        key = "scheduling.first_minutes" if kind is AppointmentKind.ERSTGESPRAECH else "scheduling.follow_up_minutes"
        minutes = settings.get(caseload, key)
    return min(minutes, d.maximum) if d.maximum else minutes


def usual_time(caseload: Caseload, customer_no: str) -> dt.time | None:
    """The customer's usual time of day: the median start of their held appointments (two or more)."""
    held = caseload.appointments(customer_no=customer_no, statuses=[AppointmentStatus.HELD])
    if len(held) < 2:
        return None
    minutes = statistics.median_low(a.start.astimezone(BERLIN).hour * 60 + a.start.astimezone(BERLIN).minute for a in held)
    minutes = round(minutes / 15) * 15
    return dt.time(minutes // 60, minutes % 60)


def not_before(at: dt.datetime, postal: bool, rules: SchedulingRules) -> dt.datetime:
    """The earliest start: ``at`` itself, or with an invitation posted on ``at``'s day the day after
    the one it is deemed received (§ 37 Abs. 2 SGB X: the fourth day after posting)."""
    if not postal or rules.postal_notice_days == 0:
        return at
    day = at.astimezone(BERLIN).date() + dt.timedelta(days=rules.postal_notice_days + 1)
    return dt.datetime.combine(day, dt.time(0), tzinfo=BERLIN)


def _rank(
    caseload: Caseload, customer: Customer, window: Window, at: dt.datetime, minutes: int, count: int, postal: bool,
    soon: bool = False,
) -> tuple[Slot, ...]:
    rules = settings.scheduling_rules(caseload)
    earliest = not_before(at, postal, rules)
    if soon:  # as early as possible, within the overdue horizon and never past the latest date
        first_day = earliest.astimezone(BERLIN).date()
        horizon = first_day + dt.timedelta(days=rules.overdue_horizon_days)
        window = Window(first_day, min(window.latest, horizon) if window.latest and window.latest >= first_day else horizon)
    request = Request(window, earliest, minutes, customer.preferences, usual_time(caseload, customer.customer_no))
    if soon:
        request = replace(request, target=window.earliest)
    book = CalendarBook.load(caseload, *search_days(request, rules), rules)
    return tuple(propose(request, book, rules, count))


def assess_after(policy: Policy, caseload: Caseload, customer: Customer, at: dt.datetime, channel: Channel = Channel.PERSOENLICH) -> Assessment:
    """The assessment as if a qualifying conversation on ``channel`` ended at ``at``."""
    conversation = Contact(customer.customer_no, at, channel, ContactKind.BERATUNG)
    return assess_customer(caseload, policy, customer, at.astimezone(BERLIN).date(), [conversation])


def propose_next(
    ctx: Context, customer_no: str, at: dt.datetime | None = None, count: int = 5, *, postal: bool = False,
    channel: Channel = Channel.PERSOENLICH,
) -> Proposal:
    """Dates for the next appointment, as if the customer's conversation (on ``channel``) ended at
    ``at`` (default: now)."""
    caseload, policy, at = ctx.caseload, ctx.policy(), at or ctx.now()
    customer_no = caseload.customer_no_of(customer_no)
    customer = caseload.customer(customer_no)
    assessment = assess_after(policy, caseload, customer, at, channel)
    window = Window(assessment.earliest or at.astimezone(BERLIN).date(), assessment.latest)
    minutes = appointment_minutes(policy, caseload, AppointmentKind.FOLGEGESPRAECH)
    slots = _rank(caseload, customer, window, at, minutes, count, postal)
    notes = list(assessment.warnings)
    if slots:
        today = at.astimezone(BERLIN).date()
        notes += [w for w in booking_warnings(caseload, customer_no, slots[0].start, today=today) if w not in notes]
    if not slots:
        notes.append("Im Zeitfenster ist kein freier Termin mehr: bitte Abwesenheiten und Tageshöchstzahl prüfen.")
    channel = Channel.PERSOENLICH
    return Proposal(customer, window, assessment.rule_id, AppointmentKind.FOLGEGESPRAECH, minutes, channel, slots, assessment, tuple(notes))


def propose_following(ctx: Context, customer_no: str, count: int = 5) -> Proposal:
    """Dates for the next invitation when no conversation took place (a missed or excused
    appointment): as soon as the postal notice allows, within the overdue horizon and never after
    the latest date that the real history gives; the invitation goes by post."""
    caseload, policy, at = ctx.caseload, ctx.policy(), ctx.now()
    customer = caseload.customer(customer_no)
    day = at.astimezone(BERLIN).date()
    assessment = assess_customer(caseload, policy, customer, day)
    window = Window(assessment.earliest or day, assessment.latest)
    minutes = appointment_minutes(policy, caseload, AppointmentKind.FOLGEGESPRAECH)
    slots = _rank(caseload, customer, window, at, minutes, count, postal=True, soon=True)
    notes = ("Die Einladungskette wird fortgesetzt: neue Einladung per Post, so bald wie möglich.", *assessment.warnings)
    return Proposal(customer, window, assessment.rule_id, AppointmentKind.FOLGEGESPRAECH, minutes,
                    Channel.PERSOENLICH, slots, assessment, notes)


def add_working_days(day: dt.date, count: int, holidays: HolidayCalendar) -> dt.date:
    """``count`` working days (Monday to Friday, not a public holiday) after ``day``."""
    while count > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and not holidays.name(day):
            count -= 1
    return day


def propose_first(ctx: Context, customer_no: str, at: dt.datetime | None = None, count: int = 5, *,
                  postal: bool = True) -> Proposal:
    """Dates for a new customer's Erstgespräch, within the policy's lead time in working days."""
    caseload, policy, at = ctx.caseload, ctx.policy(), at or ctx.now()
    customer = caseload.customer(caseload.customer_no_of(customer_no))
    lead = policy.lead_time
    holidays = HolidayCalendar(caseload.caseworker().bundesland, settings.get(caseload, "workweek.regional_holidays"))
    start_day = at.astimezone(BERLIN).date()
    notes = []
    if lead.working_days:
        latest = add_working_days(start_day, lead.max_working_days or lead.working_days, holidays)
        target = add_working_days(start_day, lead.working_days, holidays)
        notes.append(
            f"Erstgespräch in der Regel innerhalb von {lead.working_days} Arbeitstagen (bis {de_date(target)})"
            + (f", höchstens {lead.max_working_days} (bis {de_date(latest)})" if lead.max_working_days else "")
            + "."
        )
    else:
        latest = None
        notes.append("Das Kontaktdichtekonzept nennt keine Vorlaufzeit für das Erstgespräch.")
    window = Window(start_day, latest)
    minutes = appointment_minutes(policy, caseload, AppointmentKind.ERSTGESPRAECH)
    slots = _rank(caseload, customer, window, at, minutes, count, postal)
    return Proposal(customer, window, None, AppointmentKind.ERSTGESPRAECH, minutes, Channel.PERSOENLICH, slots, None, tuple(notes))


def free_starts(ctx: Context, day: dt.date, minutes: int, *, without: int | None = None) -> list[dt.datetime]:
    """Every start on ``day`` (on the slot grid) where an appointment of ``minutes`` fits the
    caseworker's free time: what "Anderer Termin…" offers. Past starts are left out. ``without``:
    an appointment being moved, whose own time counts as free."""
    rules = ctx.rules()
    book = CalendarBook.load(ctx.caseload, day, day, rules, without=without)
    step, length, now = dt.timedelta(minutes=rules.slot_minutes), dt.timedelta(minutes=minutes), ctx.now()
    starts = []
    for begin, end in book.free_intervals(day):
        moment = begin.replace(second=0, microsecond=0)
        if moment.minute % rules.slot_minutes:  # up to the next start on the grid
            moment += dt.timedelta(minutes=rules.slot_minutes - moment.minute % rules.slot_minutes)
        while moment + length <= end:
            if moment > now:
                starts.append(moment)
            moment += step
    return starts
