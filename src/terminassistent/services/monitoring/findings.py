"""Nachhaltung of missed appointments: in-person misses still awaiting the Jobcenter's finding.

A miss recorded as "missed" is not yet a Meldeversäumnis; until the Jobcenter decides (finding
established or not, services.conversation.findings) it is listed here, oldest first. A missed
telephone appointment never is: it is no invitation to report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from terminassistent.domain.model import BERLIN, Appointment, AppointmentStatus, Customer
from terminassistent.services.context import Context


@dataclass(frozen=True)
class AwaitingFinding:
    appointment: Appointment
    customer: Customer
    days: int  # since the appointment

    def as_dict(self) -> dict[str, Any]:
        a = self.appointment
        return {"appointment": a.id, "customer": self.customer.customer_no, "name": self.customer.display_name,
                "start": a.start.isoformat(), "reason": a.reason, "days": self.days}


def misses_awaiting_finding(ctx: Context, today: dt.date | None = None) -> list[AwaitingFinding]:
    """Missed in-person appointments up to ``today`` (default: the context's) without a finding, oldest first."""
    caseload, today = ctx.caseload, today or ctx.today()
    end = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(0), tzinfo=BERLIN)
    found = [a for a in caseload.appointments(end=end, statuses=[AppointmentStatus.MISSED])
             if a.duty_to_report and a.finding is None]
    customers = {no: caseload.customer(no) for no in {a.customer_no for a in found}}
    return [AwaitingFinding(a, customers[a.customer_no], (today - a.start.astimezone(BERLIN).date()).days)
            for a in found]
