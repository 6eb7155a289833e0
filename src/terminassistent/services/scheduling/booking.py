"""Booking one appointment in the caseworker's free time, with what the caseworker should know.

``book`` refuses (naming what is in the way) an overlap, absence, holiday, a time outside working
hours or a start in the past; ``book_with_warnings`` also says which of the caseworker's own limits
a manual booking breaks and which legal notices apply, and is one journaled user action.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
import dataclasses
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
from terminassistent.errors import StaleData, UserError
from terminassistent.services.changes import Changes
from terminassistent.services.context import Context
from terminassistent.services.monitoring.history import assess_customer
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


@dataclass(frozen=True)
class Move:
    before: Appointment  # as it was
    appointment: Appointment  # moved: the same id (and calendar UID), its SEQUENCE raised
    warnings: tuple[str, ...]
    changes: Changes = Changes()


def move_appointment(ctx: Context, appointment_id: int, start: dt.datetime, *,
                     expected_sequence: int | None = None) -> Move:
    """Move a booked appointment to ``start`` (same length), as one user action; refused like a
    booking (overlap, absence, holiday, outside working hours, the past), and refused if it changed
    since the caller saw it (``expected_sequence``). The appointment keeps its identity: a calendar
    that imported it sees the same event moved."""
    caseload = ctx.caseload
    current = caseload.appointment(appointment_id)
    if current.status is not AppointmentStatus.BOOKED:
        raise UserError(f"Nur ein gebuchter Termin kann verschoben werden; Termin {appointment_id} ist "
                        f"{current.status.label}.")
    if expected_sequence is not None and current.sequence != expected_sequence:
        raise StaleData(f"Termin {appointment_id} wurde inzwischen an anderer Stelle geändert; es wurde nichts "
                        "verschoben.")
    start = start.astimezone(BERLIN)
    end = start + (current.end - current.start)
    customer = caseload.customer(current.customer_no)
    old = current.start.astimezone(BERLIN)
    name = f"Termin verschieben: {customer.display_name}, {old:%d.%m. %H:%M} → {start:%d.%m. %H:%M}"
    with caseload.action(name, at=ctx.now()) as action:
        calendar = CalendarBook.load(caseload, start.date(), start.date(), without=appointment_id)
        conflict = calendar.conflict(start, end, ctx.now())
        if conflict:
            raise UserError(f"{conflict} Es wurde nichts verschoben.")
        warnings = booking_warnings(caseload, current.customer_no, start, current.purposes,
                                    today=ctx.today(), channel=current.channel)
        latest = assess_customer(caseload, ctx.policy(), customer, ctx.today()).latest
        if latest is not None and old.date() <= latest < start.date():
            warnings.append(f"Der neue Termin liegt nach dem spätesten Tag für den nächsten Kontakt "
                            f"({latest:%d.%m.%Y}); bitte halten Sie den Grund als begründete Abweichung fest.")
        moved = caseload.update_appointment(dataclasses.replace(current, start=start, end=end))
        return Move(current, moved, tuple(warnings), Changes.of(action.rows))
