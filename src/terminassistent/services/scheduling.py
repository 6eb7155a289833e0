"""Proposing, booking, and concluding a conversation: the moment the program exists for.

``propose_next`` treats ``at`` as the end of a qualifying in-person conversation, exactly as
``terminassistent due --last-contact`` does, so the two always agree on the window (both call
domain.density.assess). ``propose_first`` plans a new customer's Erstgespräch within the policy's
lead time. Recording the conversation and booking the chosen slot together is in
services/conversation.py.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from terminassistent.domain.density import Assessment, assess
from terminassistent.domain.model import (
    BERLIN,
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    Channel,
    Contact,
    ContactKind,
    Customer,
    Purpose,
)
from terminassistent.domain.policy_model import Policy
from terminassistent.domain.proposals import Request, SchedulingRules, Slot, Window, de_date, propose, search_days
from terminassistent.domain.workweek import HolidayCalendar
from terminassistent.errors import UserError
from terminassistent import settings as registry
from terminassistent.policy import load_file, load_policy
from terminassistent.services import settings
from terminassistent.services.calendar import CalendarBook
from terminassistent.services.warnings import booking_warnings
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


def now_berlin() -> dt.datetime:
    return dt.datetime.now(BERLIN).replace(microsecond=0)


def today_berlin() -> dt.date:
    """Today in Germany (the machine's own clock may run in another zone, e.g. UTC near midnight)."""
    return now_berlin().date()


def policy_of(caseload: Caseload) -> Policy:
    """The caseworker's policy: the Jobcenter's own file if one is set, else the chosen bundled one."""
    own = registry.POLICY_FILE.read(caseload)
    return load_file(own) if own else load_policy(caseload.caseworker().policy_id)


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
    """The earliest start: ``at`` itself, or with a postal invitation the day after the notice."""
    if not postal or rules.postal_notice_days == 0:
        return at
    day = at.astimezone(BERLIN).date() + dt.timedelta(days=rules.postal_notice_days)
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
    return assess(policy, customer, [*caseload.contacts(customer.customer_no), conversation], at.astimezone(BERLIN).date())


def propose_next(
    caseload: Caseload, customer_no: str, at: dt.datetime, count: int = 5, *, postal: bool = False
) -> Proposal:
    """Dates for the next appointment, as if the customer's conversation ended at ``at``."""
    policy = policy_of(caseload)
    customer = caseload.customer(customer_no)
    assessment = assess_after(policy, caseload, customer, at)
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


def propose_following(caseload: Caseload, customer_no: str, at: dt.datetime, count: int = 5) -> Proposal:
    """Dates for the next invitation when no conversation took place (a missed or excused
    appointment): as soon as the postal notice allows, within the overdue horizon and never after
    the latest date that the real history gives; the invitation goes by post."""
    policy = policy_of(caseload)
    customer = caseload.customer(customer_no)
    day = at.astimezone(BERLIN).date()
    assessment = assess(policy, customer, caseload.contacts(customer_no), day)
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


def propose_first(caseload: Caseload, customer_no: str, at: dt.datetime, count: int = 5, *, postal: bool = True) -> Proposal:
    """Dates for a new customer's Erstgespräch, within the policy's lead time in working days."""
    policy = policy_of(caseload)
    customer = caseload.customer(customer_no)
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


def _check_duration(policy: Policy, minutes: int) -> None:
    if minutes <= 0:
        raise UserError(f"Die Dauer »{minutes}« Minuten ist nicht möglich.")
    maximum = policy.durations.maximum
    if maximum and minutes > maximum:
        raise UserError(
            f"Die Dauer von {minutes} Minuten überschreitet die Höchstdauer von {maximum} Minuten "
            f"(inkl. Vor- und Nachbereitung) des Kontaktdichtekonzepts »{policy.id}«. Es wurde nichts gebucht."
        )


def _kind_and_minutes(caseload: Caseload, policy: Policy, customer: Customer, kind: AppointmentKind | None,
                      minutes: int | None) -> tuple[AppointmentKind, int]:
    if kind is None:
        kind = AppointmentKind.FOLGEGESPRAECH if _has_history(caseload, customer) else AppointmentKind.ERSTGESPRAECH
    return kind, minutes or appointment_minutes(policy, caseload, kind)


def book(
    caseload: Caseload,
    customer_no: str,
    start: dt.datetime,
    *,
    minutes: int | None = None,
    channel: Channel = Channel.PERSOENLICH,
    kind: AppointmentKind | None = None,
    purposes: Sequence[Purpose] = (),
    now: dt.datetime | None = None,
) -> Appointment:
    """Book one appointment; refuse (naming what is in the way) an overlap, absence, holiday,
    time outside working hours or a start in the past."""
    policy = policy_of(caseload)
    with caseload.transaction():
        customer = caseload.customer(customer_no)
        kind, minutes = _kind_and_minutes(caseload, policy, customer, kind, minutes)
        _check_duration(policy, minutes)
        start = start.astimezone(BERLIN)
        end = start + dt.timedelta(minutes=minutes)
        day = start.date()
        calendar = CalendarBook.load(caseload, day, day)
        conflict = calendar.conflict(start, end, now or now_berlin())
        if conflict:
            raise UserError(f"{conflict} Es wurde nichts gebucht.")
        purposes = tuple(p for p in Purpose if p in set(purposes))  # the statute's order, each once
        return caseload.add_appointment(Appointment(customer_no, start, end, kind, channel, purposes=purposes))


@dataclass(frozen=True)
class Booking:
    appointment: Appointment
    warnings: tuple[str, ...]  # German: what the caseworker should know (legal notices, own limits)


def book_with_warnings(
    caseload: Caseload,
    customer_no: str,
    start: dt.datetime,
    *,
    minutes: int | None = None,
    channel: Channel = Channel.PERSOENLICH,
    kind: AppointmentKind | None = None,
    purposes: Sequence[Purpose] = (),
    now: dt.datetime | None = None,
) -> Booking:
    """``book``, with the warnings judged on the calendar as it was before this booking."""
    now = now or now_berlin()
    with caseload.transaction():
        customer = caseload.customer(customer_no)
        kind, minutes = _kind_and_minutes(caseload, policy_of(caseload), customer, kind, minutes)
        warnings = [*booking_warnings(caseload, customer_no, start, purposes, today=now.astimezone(BERLIN).date()),
                    *limit_warnings(caseload, start, minutes)]
        appointment = book(caseload, customer_no, start, minutes=minutes, channel=channel, kind=kind,
                           purposes=purposes, now=now)
    return Booking(appointment, tuple(warnings))


def limit_warnings(caseload: Caseload, start: dt.datetime, minutes: int) -> list[str]:
    """The caseworker's own limits a manual booking would break (buffer, per day, per week): said,
    not refused — the caseworker may decide otherwise; proposals and plans never break them."""
    rules = settings.scheduling_rules(caseload)
    start = start.astimezone(BERLIN)
    end = start + dt.timedelta(minutes=minutes)
    calendar = CalendarBook.load(caseload, start.date(), start.date(), rules)
    found = []
    if calendar.day_load(start.date()) >= rules.max_per_day:
        found.append(f"Der Tag hat damit {calendar.day_load(start.date()) + 1} Termine (Ihre Höchstzahl: {rules.max_per_day}).")
    if calendar.week_load(start.date()) >= rules.max_per_week:
        found.append(f"Die Woche hat damit {calendar.week_load(start.date()) + 1} Termine (Ihre Höchstzahl: {rules.max_per_week}).")
    buffer = dt.timedelta(minutes=rules.buffer_minutes)
    if buffer and any(a.start - buffer < end and start < a.end + buffer for a in calendar.appointments_on(start.date())):
        found.append(f"Zum nächsten Termin bleiben weniger als die eingestellten {rules.buffer_minutes} Minuten Pause.")
    return found


def _has_history(caseload: Caseload, customer: Customer) -> bool:
    if any(c.kind is ContactKind.BERATUNG for c in caseload.contacts(customer.customer_no)):
        return True
    return bool(caseload.appointments(customer_no=customer.customer_no, statuses=[AppointmentStatus.HELD]))
