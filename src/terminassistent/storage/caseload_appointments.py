"""The Caseload's appointments and the caseworker's absences, and the letters and calendar files
written for appointments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from terminassistent.domain.model import Absence, Appointment, AppointmentStatus, Channel, Finding
from terminassistent.errors import StoreError
from terminassistent.storage import rows
from terminassistent.storage.caseload_base import CaseloadBase
from terminassistent.storage.journal import SentDocument

MAX_APPOINTMENT = dt.timedelta(days=1)


def overlapping(where: list[str], params: list[Any], start: dt.datetime | None, end: dt.datetime | None) -> None:
    """Add to ``where`` (and their values to ``params``) the conditions for the rows of a table with
    start_utc and end_utc that overlap [start, end); a bound that is None does not limit."""
    if end is not None:
        where.append("start_utc < ?")
        params.append(rows.to_utc_text(end))
    if start is not None:
        where.append("end_utc > ?")
        params.append(rows.to_utc_text(start))


class AppointmentRecords(CaseloadBase):
    """Appointments, absences and the documents sent for appointments, part of ``Caseload`` (which
    also gives ``_require_customers`` and ``journal_head``)."""

    # -- appointments --------------------------------------------------------------------------

    def appointments(
        self,
        customer_no: str | None = None,
        start: dt.datetime | None = None,
        end: dt.datetime | None = None,
        statuses: Sequence[AppointmentStatus] | None = None,
    ) -> list[Appointment]:
        """Appointments overlapping [start, end), optionally of one customer and some statuses."""
        where, params = [], []
        if customer_no is not None:
            where.append("customer_no = ?")
            params.append(customer_no)
        overlapping(where, params, start, end)
        if start is not None:
            # An appointment fits in one working interval, so it starts less than a day before
            # it ends: this bound lets the start index skip the years of history before it.
            where.append("start_utc > ?")
            params.append(rows.to_utc_text(start - MAX_APPOINTMENT))
        if statuses:
            where.append(f"status IN ({', '.join('?' for _ in statuses)})")
            params.extend(s.value for s in statuses)
        sql = "SELECT * FROM appointments" + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY start_utc, id"
        return self._read("appointments", self._all(sql, params))

    def next_booked(self, start: dt.datetime) -> dict[str, dt.datetime]:
        """Each customer's earliest booked appointment among those ending after ``start`` (as
        ``appointments(start=start, statuses=[BOOKED])`` lists them): its start, by Kundennummer."""
        cut = rows.to_utc_text(start)
        found = self._all("SELECT customer_no, min(start_utc) AS start_utc FROM appointments WHERE status = ? "
                          "AND end_utc > ? AND start_utc > ? GROUP BY customer_no",
                          (AppointmentStatus.BOOKED.value, cut, rows.to_utc_text(start - MAX_APPOINTMENT)))
        try:
            return {r[0]: rows.from_utc_text(r[1]) for r in found}
        except (ValueError, TypeError, OverflowError):  # which record?
            self.appointments(start=start, statuses=[AppointmentStatus.BOOKED])
            raise

    def appointment_outcomes(self, start: dt.datetime, end: dt.datetime, channel: Channel) -> dict[AppointmentStatus, int]:
        """How many appointments on ``channel`` starting from ``start`` (inclusive) to ``end``
        (exclusive) have each status: counted in SQL, without reading each appointment."""
        bounds = (rows.to_utc_text(start), rows.to_utc_text(end), channel.value)
        found = self._all("SELECT status, count(*) FROM appointments WHERE start_utc >= ? AND start_utc < ? "
                          "AND channel = ? GROUP BY status", bounds)
        members = {s.value: s for s in AppointmentStatus}
        if any(r[0] not in members for r in found):  # a status this version cannot read: which record?
            self._read("appointments", self._all("SELECT * FROM appointments WHERE start_utc >= ? AND start_utc < ? "
                                                 "AND channel = ?", bounds))
        return {members[r[0]]: r[1] for r in found if r[0] in members}

    def last_appointments(self, before: dt.datetime, also: Sequence[AppointmentStatus],
                          unless_booked_after: dt.datetime) -> list[Appointment]:
        """Each customer's last appointment (by start, then id) among those starting at or before
        ``before`` or having a status in ``also``; customers with a booked appointment ending after
        ``unless_booked_after`` are left out, and so are those who left the caseload (the open
        invitation chain, in one query)."""
        marks = ", ".join("?" for _ in also) or "NULL"
        sql = (f"SELECT * FROM appointments WHERE id IN (SELECT id FROM (SELECT id, ROW_NUMBER() OVER "
               f"(PARTITION BY customer_no ORDER BY start_utc DESC, id DESC) AS n FROM appointments "
               f"WHERE start_utc <= ? OR status IN ({marks})) WHERE n = 1) AND customer_no NOT IN "
               f"(SELECT customer_no FROM appointments WHERE status = ? AND end_utc > ?) AND customer_no IN "
               f"(SELECT customer_no FROM customers WHERE left_on IS NULL) ORDER BY start_utc, id")
        params = [rows.to_utc_text(before), *(s.value for s in also), AppointmentStatus.BOOKED.value,
                  rows.to_utc_text(unless_booked_after)]
        return self._read("appointments", self._all(sql, params))

    def appointment(self, appointment_id: int) -> Appointment:
        row = self._one("SELECT * FROM appointments WHERE id = ?", (appointment_id,), required=False)
        if row is None:
            raise StoreError(f"Einen Termin mit der Nummer »{appointment_id}« gibt es in diesem Bestand nicht.")
        return self._read_one("appointments", row)

    def add_appointment(self, appointment: Appointment) -> Appointment:
        return self.add_appointments([appointment])[0]

    def add_appointments(self, appointments: Sequence[Appointment]) -> list[Appointment]:
        with self.transaction():
            for a in appointments:
                if a.end - a.start >= MAX_APPOINTMENT:
                    raise StoreError(f"Ein Termin dauert höchstens einen Tag (Beginn {a.start:%d.%m.%Y %H:%M}).")
            self._require_customers([a.customer_no for a in appointments])
            ids = self._insert_rows("appointments", [rows.appointment_to_row(a) for a in appointments])
            return [replace(a, id=i) for a, i in zip(appointments, ids)]

    def update_appointment(self, appointment: Appointment) -> Appointment:
        """Store a changed appointment; its SEQUENCE goes up by one (calendar clients see the change)."""
        with self.transaction():
            current = self.appointment(appointment.id)
            changed = replace(appointment, sequence=current.sequence + 1)
            self._update_row("appointments", appointment.id, rows.appointment_to_row(changed))
            return changed

    def set_finding(self, appointment_id: int, finding: Finding | None) -> Appointment:
        """Store (or clear) the Jobcenter's finding on an appointment. Unlike ``update_appointment``
        the SEQUENCE stays: a finding changes nothing a calendar shows."""
        with self.transaction():
            self.appointment(appointment_id)
            self._update_row("appointments", appointment_id, rows.finding_to_row(finding))
            return self.appointment(appointment_id)

    # -- absences ------------------------------------------------------------------------------

    def absences(self, start: dt.datetime | None = None, end: dt.datetime | None = None) -> list[Absence]:
        where, params = [], []
        overlapping(where, params, start, end)
        sql = "SELECT * FROM absences" + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY start_utc, id"
        return self._read("absences", self._all(sql, params))

    def add_absence(self, absence: Absence) -> Absence:
        with self.transaction():
            return replace(absence, id=self._insert_row("absences", rows.absence_to_row(absence)))

    def remove_absence(self, absence_id: int) -> None:
        with self.transaction():
            self._delete_row("absences", absence_id)

    # -- letters and calendar files written ------------------------------------------------------

    def record_documents(self, appointments: Sequence[Appointment], kind: str, at: dt.datetime) -> None:
        """Note that a letter (``kind`` "letter") or calendar file ("calendar") was written for each
        appointment. Not journaled: what went out cannot be undone; undo asks ``documents_for``."""
        with self.transaction():
            head = self.journal_head()
            for a in appointments:
                self._insert("documents", {"appointment_id": a.id, "customer_no": a.customer_no, "kind": kind,
                                           "at_utc": rows.to_utc_text(at), "sequence": a.sequence,
                                           "after_entry": head})

    def documents_for(self, appointment_ids: Sequence[int]) -> list[SentDocument]:
        """The letters and calendar files written for these appointments, oldest first."""
        marks = ", ".join("?" for _ in appointment_ids)
        found = self._all(f"SELECT * FROM documents WHERE appointment_id IN ({marks}) ORDER BY id", list(appointment_ids))
        return [SentDocument(r["appointment_id"], r["customer_no"], r["kind"], rows.from_utc_text(r["at_utc"]),
                             r["sequence"], r["after_entry"]) for r in found]
