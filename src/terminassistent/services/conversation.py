"""Concluding a conversation: record the contact and book the chosen next date, in one transaction.

The moment the program exists for: the customer is still in the room. Either the contact and the
booking are both stored, or neither is. A recorded outcome is never overwritten, a conversation
cannot lie in the future, and a next date after the policy's latest day needs a justified
deviation (never applied silently) unless the customer is already overdue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from terminassistent.domain.density import Assessment, assess
from terminassistent.domain.model import (
    BERLIN,
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    Channel,
    Contact,
    ContactKind,
    Deviation,
    Purpose,
)
from terminassistent.domain.outcomes import outcome_problem
from terminassistent.domain.proposals import SchedulingRules, de_date
from terminassistent.errors import UserError
from terminassistent.services import scheduling, settings
from terminassistent.services.scheduling import book_with_warnings, policy_of
from terminassistent.storage import Caseload


@dataclass(frozen=True)
class Conclusion:
    contact: Contact
    assessment: Assessment
    appointment: Appointment | None
    held: Appointment | None
    warnings: tuple[str, ...] = ()  # German: what the caseworker should know about the booking


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
            return f"Der Kontakt ist seit {de_date(latest + dt.timedelta(days=1))} überfällig; der Termin am {de_date(day)} holt ihn nach."
        raise UserError(
            f"Der Kontakt ist seit {de_date(latest + dt.timedelta(days=1))} überfällig: bitte wählen Sie einen Termin "
            f"bis {de_date(horizon)} oder halten Sie eine begründete Abweichung fest. Es wurde nichts gespeichert."
        )
    raise UserError(
        f"Der gewählte Termin am {de_date(day)} liegt nach dem spätesten Datum {de_date(latest)} "
        f"(Regel »{assessment.rule_id}«). Bitte wählen Sie einen früheren Termin oder halten Sie eine "
        "begründete Abweichung mit neuem Datum fest. Es wurde nichts gespeichert."
    )


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
    a deviation is never applied silently. A recorded outcome is never overwritten, and a
    conversation cannot lie in the future.
    """
    now = now or scheduling.now_berlin()  # via the module: tests fix the clock there
    if at > now + FUTURE_TOLERANCE:
        raise UserError(f"Das Gespräch ({at.astimezone(BERLIN):%d.%m.%Y %H:%M} Uhr) liegt in der Zukunft. "
                        "Es wurde nichts gespeichert.")
    policy = policy_of(caseload)
    with caseload.transaction():
        held = None
        if held_appointment_id is not None:
            appointment = caseload.appointment(held_appointment_id)
            if appointment.customer_no != customer_no:
                raise UserError(f"Termin {held_appointment_id} gehört nicht zur Kundennummer »{customer_no}«.")
            problem = outcome_problem(appointment, AppointmentStatus.HELD, "", now)
            if problem:
                raise UserError(f"{problem} Es wurde nichts gespeichert.")
            held = caseload.update_appointment(replace(appointment, status=AppointmentStatus.HELD, channel=channel))
        contact = caseload.add_contact(Contact(customer_no, at, channel, kind, note, deviation))
        customer = caseload.customer(customer_no)
        today = at.astimezone(BERLIN).date()
        assessment = assess(policy, customer, caseload.contacts(customer_no), today)
        if deviation is not None:
            _check_deviation(deviation, at, any(c.id == contact.id for c in assessment.qualifying))
        booked, warnings = None, []
        if next_start is not None:
            note_overdue = _check_next_date(assessment, next_start.astimezone(BERLIN).date(), today,
                                            settings.scheduling_rules(caseload))
            warnings += [note_overdue] if note_overdue else []
            booking = book_with_warnings(caseload, customer_no, next_start, minutes=next_minutes, channel=next_channel,
                                         kind=AppointmentKind.FOLGEGESPRAECH, purposes=next_purposes, now=now)
            booked, warnings = booking.appointment, warnings + list(booking.warnings)
        return Conclusion(contact, assessment, booked, held, tuple(warnings))
