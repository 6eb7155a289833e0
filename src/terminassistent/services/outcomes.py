"""What became of an appointment: held, missed, excused or cancelled.

- held: the appointment is marked held and its conversation recorded as a contact (Beratungsvermerk,
  on the channel it was held on), in one transaction;
- missed (no good reason): marked with the reason; the invitation chain continues at once, also for
  customers under sanction, so the result carries proposals for the next invitation (by post);
- excused (a good reason was accepted) and cancelled: marked with the reason; excused also
  proposes a new date, since the contact is still owed.
The number of earlier unexcused misses decides which variant of the legal text the next
invitation carries.
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
from terminassistent.errors import UserError
from terminassistent.services.scheduling import Proposal, now_berlin, propose_following
from terminassistent.storage import Caseload

OUTCOMES = (AppointmentStatus.HELD, AppointmentStatus.MISSED, AppointmentStatus.EXCUSED, AppointmentStatus.CANCELLED)


@dataclass(frozen=True)
class Outcome:
    appointment: Appointment
    contact: Contact | None  # the recorded conversation, for a held appointment
    unexcused_misses: int  # of this customer, including this one
    next_proposal: Proposal | None  # the chain continues: dates for the next invitation


def unexcused_misses(caseload: Caseload, customer_no: str, before: dt.datetime | None = None) -> int:
    """Appointments the customer missed without good reason (before ``before``, if given)."""
    missed = caseload.appointments(customer_no=customer_no, statuses=[AppointmentStatus.MISSED])
    return sum(1 for a in missed if before is None or a.start < before)


def record_outcome(
    caseload: Caseload,
    appointment_id: int,
    status: AppointmentStatus,
    *,
    reason: str = "",
    channel: Channel | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> Outcome:
    now = now or now_berlin()
    if status not in OUTCOMES:
        allowed = ", ".join(s.value for s in OUTCOMES)
        raise UserError(f"»{status.value}« ist kein Ergebnis eines Termins (erlaubt: {allowed}).")
    with caseload.transaction():
        current = caseload.appointment(appointment_id)
        when = f"{current.start.astimezone(BERLIN):%d.%m.%Y %H:%M} Uhr"
        if current.status is not AppointmentStatus.BOOKED:
            raise UserError(
                f"Termin {appointment_id} ({when}) ist schon als »{current.status.label}« erfasst; "
                "ein festgehaltenes Ergebnis wird nicht überschrieben."
            )
        if status is not AppointmentStatus.CANCELLED and current.start > now:
            raise UserError(f"Termin {appointment_id} ({when}) liegt in der Zukunft; er kann nur abgesagt werden.")
        if status in (AppointmentStatus.MISSED, AppointmentStatus.EXCUSED, AppointmentStatus.CANCELLED) and not reason.strip():
            raise UserError(f"Bitte geben Sie einen Grund an, warum Termin {appointment_id} ({when}) »{status.label}« ist.")
        changed = caseload.update_appointment(
            replace(current, status=status, reason=reason.strip(), channel=channel or current.channel)
        )
        contact = None
        if status is AppointmentStatus.HELD:
            contact = caseload.add_contact(
                Contact(current.customer_no, current.start, changed.channel, ContactKind.BERATUNG, note)
            )
        proposal = None
        if status in (AppointmentStatus.MISSED, AppointmentStatus.EXCUSED):
            proposal = propose_following(caseload, current.customer_no, now)
        misses = unexcused_misses(caseload, current.customer_no)
        return Outcome(changed, contact, misses, proposal)
