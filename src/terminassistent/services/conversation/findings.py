"""The Jobcenter's finding after a missed appointment: Meldeversäumnis established, or not.

Recording the outcome "missed" says only that the customer did not appear. Whether that was a
Meldeversäumnis (no good reason, § 32 SGB II) is the Jobcenter's decision, taken after hearing the
customer; only an established finding counts as an earlier Meldeversäumnis in the
Rechtsfolgenbelehrung of later invitations (documents.legal.count_earlier_findings). A telephone
appointment is no invitation to report: no finding can be recorded for it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from terminassistent.domain.model import BERLIN, Appointment, AppointmentStatus, Finding
from terminassistent.errors import StaleData, UserError
from terminassistent.services.changes import Changes
from terminassistent.services.context import Context


@dataclass(frozen=True)
class FindingResult:
    appointment: Appointment
    changes: Changes = Changes()


def finding_problem(appointment: Appointment, decided_on: dt.date, established: bool, note: str,
                    today: dt.date) -> str | None:
    """Why this finding cannot be recorded, as a German sentence; None if it can."""
    when = f"{appointment.start.astimezone(BERLIN):%d.%m.%Y %H:%M} Uhr"
    if not appointment.duty_to_report:
        return (f"Termin {appointment.id} ({when}) war ein Telefontermin: Er ist keine Meldeaufforderung nach § 59 "
                "SGB II in Verbindung mit § 309 SGB III, ein Meldeversäumnis kann dafür nicht festgestellt werden.")
    if appointment.status is not AppointmentStatus.MISSED:
        return (f"Termin {appointment.id} ({when}) ist als »{appointment.status.label}« erfasst; eine Feststellung gibt "
                "es nur für einen versäumten Termin.")
    if appointment.finding is not None:
        f = appointment.finding
        return (f"Für Termin {appointment.id} ({when}) ist schon am {f.decided_on:%d.%m.%Y} entschieden worden "
                f"({'Meldeversäumnis festgestellt' if f.established else 'kein Meldeversäumnis'}).")
    day = appointment.start.astimezone(BERLIN).date()
    if decided_on < day or decided_on > today:
        return (f"Das Datum der Entscheidung ({decided_on:%d.%m.%Y}) muss zwischen dem Termin ({day:%d.%m.%Y}) und "
                f"heute ({today:%d.%m.%Y}) liegen.")
    if not established and not note.strip():
        return (f"Bitte geben Sie an, warum für Termin {appointment.id} ({when}) kein Meldeversäumnis festgestellt "
                "wird (zum Beispiel der anerkannte wichtige Grund).")
    return None


def record_finding(ctx: Context, appointment_id: int, *, established: bool = True, decided_on: dt.date | None = None,
                   note: str = "", expected_sequence: int | None = None) -> FindingResult:
    """Record the Jobcenter's decision on a missed in-person appointment (default: today), as one user
    action. ``expected_sequence``: the appointment as the caller saw it; refused if it has changed since."""
    caseload, today = ctx.caseload, ctx.today()
    decided_on = decided_on or today
    current = caseload.appointment(appointment_id)
    customer = caseload.customer(current.customer_no)
    what = "Meldeversäumnis festgestellt" if established else "kein Meldeversäumnis"
    name = f"Termin von {customer.display_name} am {current.start.astimezone(BERLIN):%d.%m.%Y}: {what}"
    with caseload.action(name, at=ctx.now()) as action:
        current = caseload.appointment(appointment_id)
        if expected_sequence is not None and current.sequence != expected_sequence:
            raise StaleData(f"Termin {appointment_id} wurde inzwischen an anderer Stelle geändert; es wurde nichts "
                            "gespeichert. Die Ansicht zeigt jetzt den aktuellen Stand.")
        problem = finding_problem(current, decided_on, established, note, today)
        if problem:
            raise UserError(f"{problem} Es wurde nichts gespeichert.")
        changed = caseload.set_finding(appointment_id, Finding(decided_on, established, " ".join(note.split())))
        changes = Changes.of(action.rows)
    return FindingResult(changed, changes)
