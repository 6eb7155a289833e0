"""New dates for the booked appointments an absence hits, and moving them all in one step.

``propose_rebookings`` proposes for each appointment one new start outside every absence, in the
caseworker's free time, aimed at the appointment's old day within the customer's due window, and
never two on the same time; the new invitation goes by post, so nothing before the postal notice
allows. ``move_appointments`` moves the chosen ones as one user action (one Rückgängig), all or
nothing; each keeps its identity (the calendar file's UID, SEQUENCE raised).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from terminassistent.domain.model import BERLIN, Appointment, AppointmentStatus
from terminassistent.domain.proposals import Request, Window, propose, search_days
from terminassistent.errors import StaleData, UserError
from terminassistent.services.changes import Changes
from terminassistent.services.context import Context
from terminassistent.services.monitoring.history import assess_customer
from terminassistent.services.scheduling.booking import move_appointment
from terminassistent.services.scheduling.calendar import CalendarBook
from terminassistent.services.scheduling.proposals import not_before, usual_time


@dataclass(frozen=True)
class Rebooking:
    appointment: Appointment  # as it is now, inside the absence
    name: str  # the customer's display name
    start: dt.datetime | None  # the proposed new start (None: nothing free in the search span)
    reasons: tuple[str, ...]  # German: why this date


def propose_rebookings(ctx: Context, appointments: Sequence[Appointment]) -> tuple[Rebooking, ...]:
    """One proposal per booked appointment (in time order); nothing is written."""
    caseload, policy, now, rules = ctx.caseload, ctx.policy(), ctx.now(), ctx.rules()
    today = ctx.today()
    earliest = not_before(now, postal=True, rules=rules)
    wanted = sorted((a for a in appointments if a.status is AppointmentStatus.BOOKED), key=lambda a: (a.start, a.id))
    requests = []
    for a in wanted:
        customer = caseload.customer(a.customer_no)
        assessment = assess_customer(caseload, policy, customer, today)
        old_day = a.start.astimezone(BERLIN).date()
        # The appointment was booked for its day on purpose (perhaps before the customer's window
        # opens): the new one is sought from that day on, not from the window's start months later.
        window = Window(min(assessment.earliest or today, old_day), assessment.latest)
        requests.append((a, customer, Request(window, earliest, a.minutes, customer.preferences,
                                              usual_time(caseload, a.customer_no), target=max(old_day, today))))
    if not requests:
        return ()
    spans = [search_days(r, rules) for _, _, r in requests]
    first, last = min(s[0] for s in spans), max(s[1] for s in spans)
    book = CalendarBook.load(caseload, first, last, rules)
    # their old times stay taken: no proposal lands where another moving appointment still stands
    found = []
    for a, customer, request in requests:
        slots = propose(request, book, rules, count=1)
        if not slots:
            found.append(Rebooking(a, customer.display_name, None,
                                   ("Kein freier Termin im Suchzeitraum: bitte »Verschieben…« von Hand.",)))
            continue
        slot = slots[0]
        book.add(Appointment(a.customer_no, slot.start, slot.end))
        found.append(Rebooking(a, customer.display_name, slot.start, slot.reasons))
    return tuple(found)


@dataclass(frozen=True)
class MovedMany:
    appointments: tuple[Appointment, ...]  # as moved, in the order given
    warnings: tuple[str, ...]  # German, each naming its customer
    changes: Changes = Changes()


def move_appointments(ctx: Context, moves: Sequence[tuple[Appointment, dt.datetime]]) -> MovedMany:
    """Move each appointment to its new start as one user action; if one no longer fits (or was
    changed meanwhile), move none and say which."""
    caseload = ctx.caseload
    if not moves:
        return MovedMany((), ())
    moved, warnings = [], []
    with caseload.action(f"Termine verschieben ({len(moves)} Termine)", at=ctx.now()) as action:
        for appointment, start in moves:
            try:
                result = move_appointment(ctx, appointment.id, start, expected_sequence=appointment.sequence)
            except StaleData:
                raise
            except UserError as error:
                name = caseload.customer(appointment.customer_no).display_name
                raise UserError(f"{name} ({start.astimezone(BERLIN):%d.%m.%Y %H:%M} Uhr): {error} "
                                "Es wurde kein Termin verschoben.") from error
            moved.append(result.appointment)
            name = caseload.customer(appointment.customer_no).display_name
            warnings += [f"{name}: {w}" for w in result.warnings]
        return MovedMany(tuple(moved), tuple(warnings), Changes.of(action.rows))
