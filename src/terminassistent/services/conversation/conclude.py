"""Concluding a conversation: record the contact and book the chosen next date, in one transaction.

The moment the program exists for: the customer is still in the room. Either the contact and the
booking are both stored, or neither is. The customer's booked appointment of that day is marked
held with it (the one named, or else the one of the day); an appointment still booked later is
named in a warning, or cancelled when the new one replaces it. A recorded outcome is never
overwritten, a conversation cannot lie in the future, and a next date after the policy's latest
day needs a justified deviation (never applied silently) unless the customer is already overdue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from terminassistent.domain.density import Assessment
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
from terminassistent.domain.outcomes import outcome_problem
from terminassistent.domain.proposals import SchedulingRules, de_date
from terminassistent.errors import UserError
from terminassistent.services.changes import Changes
from terminassistent.services.context import Context
from terminassistent.services.monitoring.history import assess_customer
from terminassistent.services.scheduling.booking import book, limit_warnings
from terminassistent.services.scheduling.proposals import Proposal, appointment_minutes, propose_next
from terminassistent.services.scheduling.warnings import booking_warnings, default_purposes
from terminassistent.storage import Caseload


@dataclass(frozen=True)
class Conclusion:
    contact: Contact
    assessment: Assessment
    appointment: Appointment | None
    held: Appointment | None
    warnings: tuple[str, ...] = ()  # German: what the caseworker should know about the booking
    cancelled: tuple[Appointment, ...] = ()  # earlier bookings the new appointment replaces
    changes: Changes = Changes()


FUTURE_TOLERANCE = dt.timedelta(minutes=5)  # clocks of the desk and the CLI caller may differ a little


def _check_deviation(deviation: Deviation, at: dt.datetime, counted: bool) -> None:
    if not deviation.reason.strip():
        raise UserError("Eine begründete Abweichung braucht einen Grund. Es wurde nichts gespeichert.")
    if deviation.due_date <= at.astimezone(BERLIN).date():
        raise UserError(f"Das Datum der Abweichung ({de_date(deviation.due_date)}) muss nach dem Gespräch liegen. "
                        "Es wurde nichts gespeichert.")
    if not counted:
        raise UserError("Eine begründete Abweichung kann nur mit einem Kontakt festgehalten werden, der nach dem "
                        "Kontaktdichtekonzept zählt (Beratungsvermerk auf einem anrechenbaren Weg). "
                        "Es wurde nichts gespeichert.")


def _check_next_date(assessment: Assessment, day: dt.date, today: dt.date, rules: SchedulingRules) -> str | None:
    """Refuse a next date after the latest day; for a customer already overdue, accept one within
    the overdue horizon (there is no earlier date to choose) and return a warning instead."""
    latest = assessment.latest
    if latest is None or day <= latest:
        return None
    if latest < today:
        horizon = today + dt.timedelta(days=rules.overdue_horizon_days)
        if day <= horizon:
            return f"Der Kontakt ist seit {de_date(assessment.overdue_since)} überfällig; der Termin am {de_date(day)} holt ihn nach."
        raise UserError(
            f"Der Kontakt ist seit {de_date(assessment.overdue_since)} überfällig: bitte wählen Sie einen Termin "
            f"bis {de_date(horizon)} oder halten Sie eine begründete Abweichung fest. Es wurde nichts gespeichert."
        )
    raise UserError(
        f"Der gewählte Termin am {de_date(day)} liegt nach dem spätesten Datum {de_date(latest)} "
        f"(»{assessment.group}«: {assessment.density}). Bitte wählen Sie einen früheren Termin oder halten Sie eine "
        "begründete Abweichung mit neuem Datum fest. Es wurde nichts gespeichert."
    )


def _check_phone_reason(reason: str, channel: Channel, kind: ContactKind, counted: bool) -> None:
    if channel is not Channel.TELEFONISCH or kind is not ContactKind.BERATUNG:
        raise UserError("Einen Grund, warum ein Telefonat zählt, gibt es nur zu einer telefonischen Beratung "
                        "(Beratungsvermerk). Es wurde nichts gespeichert.")
    if not counted:
        raise UserError("Nach dem Kontaktdichtekonzept zählt diese telefonische Beratung auch mit einem Grund nicht "
                        "(es nennt die Fälle, in denen ein Telefonat zählt, abschließend oder verlangt hier ein "
                        "persönliches Gespräch). Es wurde nichts gespeichert.")


def todays_appointment(caseload: Caseload, customer_no: str, at: dt.datetime) -> Appointment | None:
    """The customer's booked appointment on the day of ``at`` that a conversation then fulfils:
    the one starting nearest to ``at``."""
    day = at.astimezone(BERLIN).date()
    start = dt.datetime.combine(day, dt.time(0), tzinfo=BERLIN)
    found = [a for a in caseload.appointments(customer_no=customer_no, start=start, end=start + dt.timedelta(days=1),
                                              statuses=[AppointmentStatus.BOOKED])
             if a.start.astimezone(BERLIN).date() == day]
    return min(found, key=lambda a: abs(a.start - at), default=None)


def later_bookings(caseload: Caseload, customer_no: str, after: dt.datetime, held: Appointment | None) -> list[Appointment]:
    """The customer's appointments still booked after ``after`` (other than the one being held)."""
    return [a for a in caseload.appointments(customer_no=customer_no, start=after, statuses=[AppointmentStatus.BOOKED])
            if a.start >= after and (held is None or a.id != held.id)]


def conclude_conversation(
    ctx: Context,
    customer_no: str,
    at: dt.datetime | None = None,
    *,
    channel: Channel = Channel.PERSOENLICH,
    kind: ContactKind = ContactKind.BERATUNG,
    note: str = "",
    deviation: Deviation | None = None,
    phone_reason: str = "",
    held_appointment_id: int | None = None,
    hold_todays: bool = True,
    next_start: dt.datetime | None = None,
    next_minutes: int | None = None,
    next_channel: Channel = Channel.PERSOENLICH,
    next_purposes: Sequence[Purpose] = (),
    replace_booked: bool = False,
) -> Conclusion:
    """Record the conversation (at ``at``, default now) and book the next appointment, as one action.

    The appointment ``held_appointment_id``, or else (with ``hold_todays``) the customer's booked
    appointment of that day, is marked held. With ``replace_booked``, appointments of the customer
    still booked later are cancelled by the new booking; without it they are named in a warning.
    A next date after the window's latest day is refused unless a justified deviation covers it: a
    deviation is never applied silently. ``phone_reason`` marks a phone conversation as counting in
    a case the policy's open list does not name (Uelzen's "zum Beispiel"), with why.
    """
    caseload, now = ctx.caseload, ctx.now()
    at = at or now
    if at > now + FUTURE_TOLERANCE:
        raise UserError(f"Das Gespräch ({at.astimezone(BERLIN):%d.%m.%Y %H:%M} Uhr) liegt in der Zukunft. "
                        "Es wurde nichts gespeichert.")
    policy = ctx.policy()
    customer_no = caseload.customer_no_of(customer_no)
    customer = caseload.customer(customer_no)
    with caseload.action(f"Gespräch mit {customer.display_name} abschließen", at=now) as action:
        held = None
        appointment = (caseload.appointment(held_appointment_id) if held_appointment_id is not None
                       else todays_appointment(caseload, customer_no, at) if hold_todays else None)
        if appointment is not None:
            if appointment.customer_no != customer_no:
                raise UserError(f"Termin {held_appointment_id} gehört nicht zur Kundennummer »{customer_no}«.")
            problem = outcome_problem(appointment, AppointmentStatus.HELD, "", now)
            if problem:
                raise UserError(f"{problem} Es wurde nichts gespeichert.")
            held = caseload.update_appointment(replace(appointment, status=AppointmentStatus.HELD, channel=channel))
        contact = caseload.add_contact(Contact(customer_no, at, channel, kind, note, deviation, phone_reason.strip()))
        today = at.astimezone(BERLIN).date()
        assessment = assess_customer(caseload, policy, customer, today)
        counted = any(c.id == contact.id for c in assessment.qualifying)
        if contact.phone_reason:
            _check_phone_reason(contact.phone_reason, channel, kind, counted)
        if deviation is not None:
            _check_deviation(deviation, at, counted)
        booked, warnings, cancelled = None, [], []
        if next_start is not None:
            note_overdue = _check_next_date(assessment, next_start.astimezone(BERLIN).date(), today, ctx.rules())
            warnings += [note_overdue] if note_overdue else []
            others = later_bookings(caseload, customer_no, now, held)
            if replace_booked:
                for other in others:
                    cancelled.append(caseload.update_appointment(replace(
                        other, status=AppointmentStatus.CANCELLED, reason=REPLACED_REASON)))
            else:
                warnings += [f"Der Termin am {de_date(o.start.astimezone(BERLIN).date())} um "
                             f"{o.start.astimezone(BERLIN):%H:%M} Uhr bleibt außerdem gebucht." for o in others]
            minutes = next_minutes or appointment_minutes(policy, caseload, AppointmentKind.FOLGEGESPRAECH)
            warnings += [*booking_warnings(caseload, customer_no, next_start, next_purposes, today=ctx.today(),
                                           channel=next_channel),
                         *limit_warnings(ctx, next_start, minutes)]
            booked = book(ctx, customer_no, next_start, minutes=minutes, channel=next_channel,
                          kind=AppointmentKind.FOLGEGESPRAECH, purposes=next_purposes)
        return Conclusion(contact, assessment, booked, held, tuple(warnings), tuple(cancelled), Changes.of(action.rows))


REPLACED_REASON = "durch einen neuen Termin ersetzt"


@dataclass(frozen=True)
class ConclusionDraft:
    """What the conclusion dialog shows the moment it opens: the conversation as held now, the
    appointment it fulfils, bookings that stay, and the proposals for the next appointment."""

    customer: Customer
    at: dt.datetime
    held: Appointment | None
    later: tuple[Appointment, ...]
    proposal: Proposal
    purposes: tuple[Purpose, ...]  # preset from the settings


def conclusion_draft(ctx: Context, customer_no: str, *, at: dt.datetime | None = None,
                     channel: Channel = Channel.PERSOENLICH, count: int = 5) -> ConclusionDraft:
    caseload = ctx.caseload
    at = at or ctx.now()
    held = todays_appointment(caseload, customer_no, at)
    proposal = propose_next(ctx, customer_no, at, count, channel=channel)
    return ConclusionDraft(caseload.customer(customer_no), at, held,
                           tuple(later_bookings(caseload, customer_no, ctx.now(), held)), proposal,
                           default_purposes(caseload))
