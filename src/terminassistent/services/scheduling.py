"""Proposing, booking, and concluding a conversation: the moment the program exists for.

``propose_next`` treats ``at`` as the end of a qualifying in-person conversation, exactly as
``terminassistent due --last-contact`` does, so the two always agree on the window (both call
domain.density.assess). ``propose_first`` plans a new customer's Erstgespräch within the policy's
lead time. ``conclude_conversation`` records the contact and books the chosen slot in one
transaction: either both are stored or neither.
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
    Deviation,
    Purpose,
)
from terminassistent.domain.policy_model import Policy
from terminassistent.domain.proposals import Request, SchedulingRules, Slot, Window, de_date, propose
from terminassistent.domain.workweek import HolidayCalendar
from terminassistent.errors import UserError
from terminassistent.policy import load_policy
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


def policy_of(caseload: Caseload) -> Policy:
    return load_policy(caseload.caseworker().policy_id)


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


def _not_before(at: dt.datetime, postal: bool, rules: SchedulingRules) -> dt.datetime:
    if not postal or rules.postal_notice_days == 0:
        return at
    day = at.astimezone(BERLIN).date() + dt.timedelta(days=rules.postal_notice_days)
    return dt.datetime.combine(day, dt.time(0), tzinfo=BERLIN)


def _search_days(window: Window, not_before: dt.datetime, rules: SchedulingRules) -> tuple[dt.date, dt.date]:
    first = max(window.earliest, not_before.astimezone(BERLIN).date())
    if window.latest is None:
        return first, first + dt.timedelta(days=rules.horizon_days)
    if window.latest < first:
        return first, first + dt.timedelta(days=rules.overdue_horizon_days)
    return first, window.latest


def _rank(
    caseload: Caseload, customer: Customer, window: Window, at: dt.datetime, minutes: int, count: int, postal: bool,
    soon: bool = False,
) -> tuple[Slot, ...]:
    rules = settings.scheduling_rules(caseload)
    not_before = _not_before(at, postal, rules)
    if soon:  # as early as possible, within the overdue horizon and never past the latest date
        first_day = not_before.astimezone(BERLIN).date()
        horizon = first_day + dt.timedelta(days=rules.overdue_horizon_days)
        window = Window(first_day, min(window.latest, horizon) if window.latest and window.latest >= first_day else horizon)
    first, last = _search_days(window, not_before, rules)
    book = CalendarBook.load(caseload, first, last, rules)
    request = Request(window, not_before, minutes, customer.preferences, usual_time(caseload, customer.customer_no),
                      target=first if soon else None)
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
        if kind is None:
            kind = AppointmentKind.FOLGEGESPRAECH if _has_history(caseload, customer) else AppointmentKind.ERSTGESPRAECH
        minutes = minutes or appointment_minutes(policy, caseload, kind)
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


def _has_history(caseload: Caseload, customer: Customer) -> bool:
    if any(c.kind is ContactKind.BERATUNG for c in caseload.contacts(customer.customer_no)):
        return True
    return bool(caseload.appointments(customer_no=customer.customer_no, statuses=[AppointmentStatus.HELD]))


@dataclass(frozen=True)
class Conclusion:
    contact: Contact
    assessment: Assessment
    appointment: Appointment | None
    held: Appointment | None


def conclude_conversation(
    caseload: Caseload,
    customer_no: str,
    at: dt.datetime,
    *,
    channel: Channel = Channel.PERSOENLICH,
    kind: ContactKind = ContactKind.BERATUNG,
    note: str = "",
    deviation: Deviation | None = None,
    held_appointment_id: int | None = None,
    next_start: dt.datetime | None = None,
    next_minutes: int | None = None,
    next_channel: Channel = Channel.PERSOENLICH,
    next_purposes: Sequence[Purpose] = (),
    now: dt.datetime | None = None,
) -> Conclusion:
    """Record the conversation and book the next appointment, in one transaction.

    A next date after the window's latest day is refused unless a justified deviation covers it:
    a deviation is never applied silently.
    """
    policy = policy_of(caseload)
    with caseload.transaction():
        held = None
        if held_appointment_id is not None:
            appointment = caseload.appointment(held_appointment_id)
            if appointment.customer_no != customer_no:
                raise UserError(f"Termin {held_appointment_id} gehört nicht zur Kundennummer »{customer_no}«.")
            held = caseload.update_appointment(replace(appointment, status=AppointmentStatus.HELD, channel=channel))
        contact = caseload.add_contact(Contact(customer_no, at, channel, kind, note, deviation))
        customer = caseload.customer(customer_no)
        assessment = assess(policy, customer, caseload.contacts(customer_no), at.astimezone(BERLIN).date())
        booked = None
        if next_start is not None:
            day = next_start.astimezone(BERLIN).date()
            if assessment.latest is not None and day > assessment.latest:
                raise UserError(
                    f"Der gewählte Termin am {de_date(day)} liegt nach dem spätesten Datum {de_date(assessment.latest)} "
                    f"(Regel »{assessment.rule_id}«). Bitte wählen Sie einen früheren Termin oder halten Sie eine "
                    "begründete Abweichung mit neuem Datum fest. Es wurde nichts gespeichert."
                )
            booked = book(caseload, customer_no, next_start, minutes=next_minutes, channel=next_channel,
                          kind=AppointmentKind.FOLGEGESPRAECH, purposes=next_purposes, now=now)
        return Conclusion(contact, assessment, booked, held)
