"""The open invitation chain: customers whose last appointment was missed, excused or cancelled and
who have nothing booked, oldest break first, as the week view's list beside the calendar shows them.
The same judgement as the customer's file (customer_file.invitation_chain); customers who left the
caseload (Abgang) are not in it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from terminassistent.domain.model import BERLIN, Appointment
from terminassistent.services.context import Context
from terminassistent.services.monitoring.customer_file import BROKEN


@dataclass(frozen=True)
class OpenLink:
    customer_no: str
    name: str  # display name ("Schäfer, Anna")
    broken: Appointment  # the last appointment: missed, excused or cancelled

    @property
    def text(self) -> str:
        start = self.broken.start.astimezone(BERLIN)
        return f"{self.name} ({self.customer_no}): {start:%d.%m.%Y %H:%M} Uhr {self.broken.status.label}"

    def days_open(self, today: dt.date) -> int:
        return (today - self.broken.start.astimezone(BERLIN).date()).days


def open_chain(ctx: Context) -> tuple[OpenLink, ...]:
    """Every open link, the oldest break first (ties by Kundennummer); nothing is written. The same
    judgement as invitation_chain, read in one query for the whole caseload."""
    caseload, now = ctx.caseload, ctx.now()
    last = [a for a in caseload.last_appointments(now, BROKEN, now) if a.status in BROKEN]  # without those who left
    found = [OpenLink(a.customer_no, caseload.customer(a.customer_no).display_name, a) for a in last]
    found.sort(key=lambda link: (link.broken.start, link.customer_no))
    return tuple(found)
