"""What became of an appointment: held, missed, excused or cancelled.

- held: the appointment is marked held and its conversation recorded as a contact (Beratungsvermerk,
  on the channel it was held on), in one transaction;
- missed (no good reason): marked with the reason; the invitation chain continues at once, also for
  customers under sanction, so the result carries proposals for the next invitation (by post);
- excused (a good reason was accepted) and cancelled: marked with the reason; excused also
  proposes a new date, since the contact is still owed.
A missed in-person appointment then awaits the Jobcenter's finding (services.conversation.findings):
only an established Meldeversäumnis changes the legal text of later invitations, never the
outcome "missed" alone. A missed telephone appointment is no Meldeversäumnis at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from terminassistent.domain.model import (
    BERLIN,
    Appointment,
    AppointmentStatus,
    Channel,
    Contact,
    ContactKind,
)
from terminassistent.domain.outcomes import outcome_problem
from terminassistent.errors import StaleData, UserError
from terminassistent.services.changes import Changes
from terminassistent.services.context import Context
from terminassistent.services.scheduling.proposals import Proposal, propose_following
from terminassistent.storage import Caseload



@dataclass(frozen=True)
class Outcome:
    appointment: Appointment
    contact: Contact | None  # the recorded conversation, for a held appointment
    unexcused_misses: int  # in-person appointments of this customer missed without good reason, this one included
    next_proposal: Proposal | None  # the chain continues: dates for the next invitation
    changes: Changes = Changes()

    @property
    def awaiting_finding(self) -> bool:
        """A missed invitation to report: the Jobcenter has yet to decide whether it was a Meldeversäumnis."""
        a = self.appointment
        return a.status is AppointmentStatus.MISSED and a.duty_to_report and a.finding is None


def unexcused_misses(caseload: Caseload, customer_no: str, before: dt.datetime | None = None) -> int:
    """In-person appointments the customer missed without good reason (before ``before``, if given);
    a missed telephone appointment is none (no invitation to report)."""
    missed = caseload.appointments(customer_no=customer_no, statuses=[AppointmentStatus.MISSED])
    return sum(1 for a in missed if a.duty_to_report and (before is None or a.start < before))


def record_outcome(
    ctx: Context,
    appointment_id: int,
    status: AppointmentStatus,
    *,
    reason: str = "",
    channel: Channel | None = None,
    note: str = "",
    expected_sequence: int | None = None,
) -> Outcome:
    """Record what became of an appointment, as one user action. ``expected_sequence``: the
    appointment as the caller saw it; refused if it has changed since (a stale window)."""
    caseload, now = ctx.caseload, ctx.now()
    current = caseload.appointment(appointment_id)
    customer = caseload.customer(current.customer_no)
    name = f"Termin von {customer.display_name} am {current.start.astimezone(BERLIN):%d.%m.%Y}: {status.label}"
    with caseload.action(name, at=now) as action:
        current = caseload.appointment(appointment_id)
        if expected_sequence is not None and current.sequence != expected_sequence:
            raise StaleData(f"Termin {appointment_id} wurde inzwischen an anderer Stelle geändert; es wurde nichts "
                            "gespeichert. Die Ansicht zeigt jetzt den aktuellen Stand.")
        problem = outcome_problem(current, status, reason, now)
        if problem:
            raise UserError(problem)
        changed = caseload.update_appointment(
            replace(current, status=status, reason=reason.strip(), channel=channel or current.channel)
        )
        contact = None
        if status is AppointmentStatus.HELD:
            contact = caseload.add_contact(
                Contact(current.customer_no, current.start, changed.channel, ContactKind.BERATUNG, note)
            )
        misses = unexcused_misses(caseload, current.customer_no)
        changes = Changes.of(action.rows)
    proposal = None
    if status in (AppointmentStatus.MISSED, AppointmentStatus.EXCUSED):
        proposal = propose_following(ctx, current.customer_no)
    return Outcome(changed, contact, misses, proposal, changes)
