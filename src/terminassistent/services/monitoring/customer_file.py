"""The customer's file (Kundenakte): everything the desktop shows about one customer, read in one go.

Who the customer is, the rule that applies in plain German with the policy's title and its quoted
source, the due window and state, every contact and appointment, the invitation chain, and every
warning the services compute (25th birthday, policy validity, repeated identical invitations,
the Kooperationsplan's review).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from terminassistent.domain.density import Assessment, assess
from terminassistent.domain.model import BERLIN, Appointment, AppointmentStatus, Contact, Customer
from terminassistent.domain.proposals import de_date
from terminassistent.services.context import Context
from terminassistent.services.journal.history import HistoryItem, history
from terminassistent.services.conversation.outcomes import unexcused_misses
from terminassistent.services.monitoring.overview import CustomerRow, customer_row
from terminassistent.services.monitoring.survey import CustomerStatus
from terminassistent.services.scheduling.warnings import booking_warnings

BROKEN = (AppointmentStatus.MISSED, AppointmentStatus.EXCUSED, AppointmentStatus.CANCELLED)


@dataclass(frozen=True)
class CustomerFile:
    customer: Customer
    row: CustomerRow  # age, U25/Ü25, labels: as the table shows them
    assessment: Assessment
    policy_title: str
    contacts: tuple[Contact, ...]  # newest first
    appointments: tuple[Appointment, ...]  # newest first
    chain: str  # German: the state of the invitation chain
    chain_open: bool  # the last appointment broke and nothing is booked
    today_appointment: Appointment | None  # booked for today: the one a conversation now fulfils
    unexcused_misses: int
    warnings: tuple[str, ...]  # German, each once
    history: tuple[HistoryItem, ...] = ()  # what was changed for the customer, by whom and when, newest first

    @property
    def next_appointment(self) -> Appointment | None:
        booked = [a for a in self.appointments if a.status is AppointmentStatus.BOOKED]
        return min(booked, key=lambda a: a.start, default=None)


def invitation_chain(appointments: list[Appointment], now: dt.datetime) -> tuple[str, bool]:
    """The chain in one German sentence, and whether it is open (broken, nothing booked)."""
    ahead = sorted((a for a in appointments if a.status is AppointmentStatus.BOOKED and a.end > now), key=lambda a: a.start)
    if ahead:
        first = ahead[0].start.astimezone(BERLIN)
        return f"Einladungskette geschlossen: nächster Termin am {de_date(first.date())} um {first:%H:%M} Uhr.", False
    past = sorted((a for a in appointments if a.start <= now or a.status in BROKEN), key=lambda a: a.start)
    if past and past[-1].status in BROKEN:
        last = past[-1]
        return (f"Einladungskette offen: Der Termin am {de_date(last.start.astimezone(BERLIN).date())} wurde "
                f"{last.status.label}; es ist noch kein neuer Termin gebucht."), True
    return "Es ist kein Termin gebucht.", False


HISTORY_SHOWN = 200  # entries of the Verlauf tab; the whole history: terminassistent history --customer NR


def customer_file(ctx: Context, customer_no: str) -> CustomerFile:
    caseload, now, today = ctx.caseload, ctx.now(), ctx.today()
    policy = ctx.policy()
    customer = caseload.customer(customer_no)
    contacts = caseload.contacts(customer_no)
    appointments = caseload.appointments(customer_no=customer_no)
    a = assess(policy, customer, contacts, today, caseload.group_changes(customer_no))
    booked_ahead = [x.start for x in appointments if x.status is AppointmentStatus.BOOKED and x.start.date() >= today]
    row = customer_row(CustomerStatus(customer, a, a.qualifying[-1].date if a.qualifying else None,
                                      min(booked_ahead, default=None)), today)
    chain, chain_open = invitation_chain(appointments, now)
    todays = [x for x in appointments if x.status is AppointmentStatus.BOOKED and x.start.astimezone(BERLIN).date() == today]
    warnings = [*a.warnings, *booking_warnings(caseload, customer_no, now, today=today)]
    return CustomerFile(
        customer=customer, row=row, assessment=a, policy_title=policy.title,
        contacts=tuple(reversed(contacts)), appointments=tuple(sorted(appointments, key=lambda x: x.start, reverse=True)),
        chain=chain, chain_open=chain_open, today_appointment=min(todays, key=lambda x: abs(x.start - now), default=None),
        unexcused_misses=unexcused_misses(caseload, customer_no), warnings=tuple(dict.fromkeys(warnings)),
        history=tuple(history(ctx, customer_no, limit=HISTORY_SHOWN)),
    )
