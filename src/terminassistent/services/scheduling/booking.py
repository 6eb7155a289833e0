"""Booking one appointment in the caseworker's free time, with what the caseworker should know.

``book`` refuses (naming what is in the way) an overlap, absence, holiday, a time outside working
hours or a start in the past; ``book_with_warnings`` also says which of the caseworker's own limits
a manual booking breaks and which legal notices apply, and is one journaled user action.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from terminassistent.domain.model import (
    BERLIN,
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    Channel,
    ContactKind,
    Customer,
    Purpose,
)
from terminassistent.domain.policy_model import Policy
from terminassistent.errors import UserError
from terminassistent.services.changes import Changes
from terminassistent.services.context import Context
from terminassistent.services.scheduling.calendar import CalendarBook
from terminassistent.services.scheduling.proposals import appointment_minutes
from terminassistent.services.scheduling.warnings import booking_warnings, default_purposes
from terminassistent.storage import Caseload


def _check_duration(policy: Policy, minutes: int) -> None:
    if minutes <= 0:
        raise UserError(f"Die Dauer »{minutes}« Minuten ist nicht möglich.")
    maximum = policy.durations.maximum
    if maximum and minutes > maximum:
        raise UserError(
            f"Die Dauer von {minutes} Minuten überschreitet die Höchstdauer von {maximum} Minuten "
            f"(inkl. Vor- und Nachbereitung) des Kontaktdichtekonzepts »{policy.title}«. Es wurde nichts gebucht."
        )


def _kind_and_minutes(caseload: Caseload, policy: Policy, customer: Customer, kind: AppointmentKind | None,
                      minutes: int | None) -> tuple[AppointmentKind, int]:
    if kind is None:
        kind = AppointmentKind.FOLGEGESPRAECH if _has_history(caseload, customer) else AppointmentKind.ERSTGESPRAECH
    return kind, minutes or appointment_minutes(policy, caseload, kind)


def book(
    ctx: Context,
    customer_no: str,
    start: dt.datetime,
    *,
    minutes: int | None = None,
    channel: Channel = Channel.PERSOENLICH,
    kind: AppointmentKind | None = None,
    purposes: Sequence[Purpose] = (),
) -> Appointment:
    """Book one appointment; refuse (naming what is in the way) an overlap, absence, holiday,
    time outside working hours or a start in the past."""
    caseload, policy = ctx.caseload, ctx.policy()
    with caseload.transaction():
        customer = caseload.customer(customer_no)
        kind, minutes = _kind_and_minutes(caseload, policy, customer, kind, minutes)
        _check_duration(policy, minutes)
        start = start.astimezone(BERLIN)
        end = start + dt.timedelta(minutes=minutes)
        day = start.date()
        calendar = CalendarBook.load(caseload, day, day)
        conflict = calendar.conflict(start, end, ctx.now())
        if conflict:
            raise UserError(f"{conflict} Es wurde nichts gebucht.")
        # the statute's order, each once; none chosen: the preset of the settings (stored, so the
        # letter prints exactly the appointment's purposes)
        purposes = tuple(p for p in Purpose if p in set(purposes)) or default_purposes(caseload)
        return caseload.add_appointment(Appointment(customer_no, start, end, kind, channel, purposes=purposes))


@dataclass(frozen=True)
class Booking:
    appointment: Appointment
    warnings: tuple[str, ...]  # German: what the caseworker should know (legal notices, own limits)
    changes: Changes = Changes()


def book_with_warnings(
    ctx: Context,
    customer_no: str,
    start: dt.datetime,
    *,
    minutes: int | None = None,
    channel: Channel = Channel.PERSOENLICH,
    kind: AppointmentKind | None = None,
    purposes: Sequence[Purpose] = (),
) -> Booking:
    """``book`` as one user action, with the warnings judged on the calendar as it was before it."""
    caseload = ctx.caseload
    customer_no = caseload.customer_no_of(customer_no)
    customer = caseload.customer(customer_no)
    with caseload.action(f"Termin für {customer.display_name} buchen", at=ctx.now()) as action:
        kind, minutes = _kind_and_minutes(caseload, ctx.policy(), customer, kind, minutes)
        warnings = [*booking_warnings(caseload, customer_no, start, purposes, today=ctx.today(), channel=channel),
                    *limit_warnings(ctx, start, minutes)]
        appointment = book(ctx, customer_no, start, minutes=minutes, channel=channel, kind=kind, purposes=purposes)
        return Booking(appointment, tuple(warnings), Changes.of(action.rows))


def limit_warnings(ctx: Context, start: dt.datetime, minutes: int) -> list[str]:
    """The caseworker's own limits a manual booking would break (buffer, per day, per week): said,
    not refused — the caseworker may decide otherwise; proposals and plans never break them."""
    rules = ctx.rules()
    start = start.astimezone(BERLIN)
    end = start + dt.timedelta(minutes=minutes)
    calendar = CalendarBook.load(ctx.caseload, start.date(), start.date(), rules)
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
