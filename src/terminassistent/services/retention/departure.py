"""A customer leaves the caseload (Abgang): the day and the reason are recorded, booked appointments
after now are cancelled, and the customer no longer appears among those due or in planning. The
data stay until the retention period after the Abgang has passed (purge.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from terminassistent.domain.model import Appointment, AppointmentStatus, Customer
from terminassistent.errors import FieldProblems, UserError
from terminassistent.services.changes import Changes
from terminassistent.services.context import Context

LEAVE_NOTE = "Abgang"


@dataclass(frozen=True)
class DepartureResult:
    customer: Customer
    cancelled: tuple[Appointment, ...]  # booked appointments after now, now cancelled
    changes: Changes

    def summary(self) -> str:
        text = (f"Abgang von {self.customer.display_name} am {self.customer.left_on:%d.%m.%Y} eingetragen "
                f"({self.customer.leave_reason}).")
        if self.cancelled:
            numbers = ", ".join(str(a.id) for a in self.cancelled)
            text += f" Abgesagt: Termin {numbers}; bitte benachrichtigen Sie die Kundin oder den Kunden."
        return text


def record_departure(ctx: Context, customer_no: str, on: dt.date, reason: str) -> DepartureResult:
    caseload = ctx.caseload
    customer = caseload.customer(customer_no)
    problems = {}
    if customer.left_on is not None:
        raise UserError(f"Für {customer.display_name} ist schon ein Abgang am {customer.left_on:%d.%m.%Y} eingetragen.")
    if on > ctx.today():
        problems["on"] = f"Das Abgangsdatum {on:%d.%m.%Y} liegt in der Zukunft; tragen Sie den Abgang ein, wenn er geschehen ist."
    if on < customer.birth_date:
        problems["on"] = f"Das Abgangsdatum {on:%d.%m.%Y} liegt vor dem Geburtsdatum."
    if not reason.strip():
        problems["reason"] = "Bitte geben Sie den Grund des Abgangs an (z. B. Arbeitsaufnahme, Umzug, Wegfall der Hilfebedürftigkeit)."
    if problems:
        raise FieldProblems("Der Abgang wurde nicht eingetragen.", problems)
    left = dataclasses.replace(customer, left_on=on, leave_reason=reason.strip())
    booked = [a for a in caseload.appointments(customer_no=customer_no, start=ctx.now(),
                                               statuses=[AppointmentStatus.BOOKED]) if a.start > ctx.now()]
    with caseload.action(f"Abgang von {customer.display_name} eintragen", at=ctx.now()) as action:
        caseload.update_customer(left)
        cancelled = tuple(caseload.update_appointment(dataclasses.replace(
            a, status=AppointmentStatus.CANCELLED, reason=LEAVE_NOTE)) for a in booked)
        changes = Changes.of(action.rows)
    return DepartureResult(left, cancelled, changes)
