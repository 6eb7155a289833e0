"""Inviting chosen customers in one step, from the Nachhaltung's lists.

Each chosen customer gets the best free slot inside their window (as soon as possible when they
are overdue or were never counselled), on one calendar that takes every placement into account,
so no two invitations share a time. The invitations go out by post: nothing is placed before the
postal notice allows (§ 37 Abs. 2 SGB X). Customers who already have a booked appointment ahead
are in the invitation chain and are left alone, with a note. ``book_invitations`` books all of
them as one user action (one Rückgängig takes all of it back), or none.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from terminassistent.domain.density import Assessment, Compliance
from terminassistent.domain.model import BERLIN, Appointment, AppointmentKind, AppointmentStatus
from terminassistent.domain.proposals import Request, Window, de_date, propose, search_days
from terminassistent.errors import UserError
from terminassistent.services.backup.copies import before_bulk
from terminassistent.services.changes import Changes
from terminassistent.services.context import Context
from terminassistent.services.monitoring.history import assess_customer
from terminassistent.services.planning.planner import PlannedSlot
from terminassistent.services.scheduling.booking import book
from terminassistent.services.scheduling.calendar import CalendarBook
from terminassistent.services.scheduling.proposals import appointment_minutes, not_before, usual_time
from terminassistent.services.scheduling.warnings import booking_warnings


@dataclass(frozen=True)
class InvitationPlan:
    proposed: tuple[PlannedSlot, ...]  # by start
    notes: tuple[str, ...]  # German: who is left out, and why

    def chosen(self, customer_nos: Sequence[str]) -> InvitationPlan:
        """The plan for only these customers (the caseworker unticked the others)."""
        keep = set(customer_nos)
        return dataclasses.replace(self, proposed=tuple(p for p in self.proposed if p.customer_no in keep))


@dataclass(frozen=True)
class BookedInvitations:
    appointments: tuple[Appointment, ...]
    changes: Changes


def _urgent(a: Assessment, first: dt.date) -> bool:
    return a.due_now or a.state is Compliance.OVERDUE or (a.latest is not None and a.latest < first)


def _reason(a: Assessment) -> str:
    if a.due_now or not a.qualifying:
        return "noch kein anrechenbarer Kontakt: so bald wie möglich"
    if a.state is Compliance.OVERDUE:
        return f"{a.overdue_text}: so bald wie möglich"
    if a.latest is None:
        return "keine Kontaktdichte vorgegeben"
    return f"spätestens bis {de_date(a.latest)}"


def plan_invitations(ctx: Context, customer_nos: Sequence[str]) -> InvitationPlan:
    """A slot for each of ``customer_nos`` (unknown numbers are named in the notes); nothing is written."""
    caseload, policy, now, rules = ctx.caseload, ctx.policy(), ctx.now(), ctx.rules()
    today = now.astimezone(BERLIN).date()
    earliest = not_before(now, postal=True, rules=rules)
    first = earliest.astimezone(BERLIN).date()
    notes: list[str] = []
    requests = []
    ahead = {}
    for a in caseload.appointments(start=now, statuses=[AppointmentStatus.BOOKED]):
        ahead.setdefault(a.customer_no, a.start)
    for no in dict.fromkeys(customer_nos):
        customer = caseload.find_customer(no)
        if customer is None:
            notes.append(f"Kundennummer {no}: nicht im Bestand.")
            continue
        if no in ahead:
            notes.append(f"{customer.display_name} ({no}) hat schon einen Termin am "
                         f"{ahead[no].astimezone(BERLIN):%d.%m.%Y um %H:%M} Uhr und wird nicht noch einmal eingeladen.")
            continue
        a = assess_customer(caseload, policy, customer, today)
        kind = AppointmentKind.FOLGEGESPRAECH if a.qualifying else AppointmentKind.ERSTGESPRAECH
        urgent = _urgent(a, first)
        if urgent:  # as early as the post allows, within the overdue horizon
            window = Window(first, first + dt.timedelta(days=rules.overdue_horizon_days))
        else:
            window = Window(max(a.earliest or first, first), a.latest)
        request = Request(window, earliest, appointment_minutes(policy, caseload, kind), customer.preferences,
                          usual_time(caseload, no), target=first if urgent else None)
        requests.append((customer, a, kind, request))
    if not requests:
        return InvitationPlan((), tuple(notes))
    spans = [search_days(r, rules) for *_, r in requests]
    calendar = CalendarBook.load(caseload, min(s[0] for s in spans), max(s[1] for s in spans), rules)
    proposed = []
    for customer, a, kind, request in sorted(requests, key=lambda r: (not _urgent(r[1], first),
                                                                        r[1].latest or dt.date.max,
                                                                        r[0].customer_no)):
        slots = propose(request, calendar, rules, count=1)
        if not slots:
            notes.append(f"{customer.display_name} ({customer.customer_no}): kein freier Termin gefunden; bitte "
                         "Abwesenheiten und Tageshöchstzahl prüfen.")
            continue
        slot = slots[0]
        calendar.add(Appointment(customer.customer_no, slot.start, slot.end))
        hints = tuple(f"Hinweis: {w}" for w in booking_warnings(caseload, customer.customer_no, slot.start, today=today))
        proposed.append(PlannedSlot(customer.customer_no, customer.display_name, slot.start, slot.end,
                                    (_reason(a), *hints), kind))
    return InvitationPlan(tuple(sorted(proposed, key=lambda p: p.start)), tuple(notes))


def book_invitations(ctx: Context, plan: InvitationPlan) -> BookedInvitations:
    """Book every planned invitation as one user action; if one no longer fits, book none."""
    booked = []
    if not plan.proposed:
        raise UserError("Es ist niemand zum Einladen ausgewählt; es wurde nichts gebucht.")
    before_bulk(ctx.caseload, "vor-einladungen", ctx.now())
    count = len(plan.proposed)
    name = plan.proposed[0].name if count == 1 else f"{count} Kunden"
    with ctx.caseload.action(f"{name} einladen (Nachhaltung)", at=ctx.now()) as action:
        for p in plan.proposed:
            try:
                minutes = int((p.end - p.start).total_seconds() // 60)
                booked.append(book(ctx, p.customer_no, p.start, minutes=minutes, kind=p.kind))
            except UserError as err:
                raise UserError(f"Die Einladungen wurden nicht gebucht: {p.name} am "
                                f"{p.start.astimezone(BERLIN):%d.%m.%Y %H:%M}: {err}") from None
        return BookedInvitations(tuple(booked), Changes.of(action.rows))
