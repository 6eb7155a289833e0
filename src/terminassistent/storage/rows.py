"""Mapping between table rows and domain objects (``customer_to_row``, ``customer_from_row`` and
so on for the caseworker, customers, contacts, appointments and absences), the per-table reading
rules (``READERS``, ``COLUMNS``) and the German sentences naming a record that cannot be read
(``record_label``, ``record_problem``, ``row_problems``). Times are stored as UTC ISO text; every
stored value is read through a helper of ``columns``, and the names of ``columns`` and ``formats``
that callers use as ``rows.X`` (``BadValue``, ``show_value``, ``to_utc_text`` …) are re-exported here.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from terminassistent.domain.groups import GroupChange
from terminassistent.domain.model import (
    Absence,
    AbsenceKind,
    Address,
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    Caseworker,
    Channel,
    Contact,
    ContactKind,
    Customer,
    CustomerSummary,
    Deviation,
    Finding,
    Flag,
    Profile,
    Purpose,
    Salutation,
    Status,
)
from terminassistent.storage.columns import (
    SOUND, BadValue, Row, read_choice, read_choices, read_date, read_hours, read_integer, read_key, read_moment,
    read_optional_choice, read_optional_date, read_optional_flag, read_optional_moment, read_optional_text,
    read_pattern, read_preferences, read_text, show_value,
)
from terminassistent.storage.formats import flags_to_json, pattern_to_json, preferences_to_json, to_utc_text

# Re-exported: callers use these as ``rows.X`` (they lived here before columns.py and formats.py).
from terminassistent.storage.columns import DATE_EXPECTED as DATE_EXPECTED, MOMENT_EXPECTED as MOMENT_EXPECTED
from terminassistent.storage.formats import from_utc_text as from_utc_text
from terminassistent.storage.formats import pattern_from_json as pattern_from_json
from terminassistent.storage.formats import preferences_from_json as preferences_from_json


# -- rows and domain objects ---------------------------------------------------------------------


def caseworker_to_row(cw: Caseworker) -> dict[str, Any]:
    return {
        "name": cw.name,
        "office": cw.office,
        "room": cw.room,
        "phone": cw.phone,
        "email": cw.email,
        "bundesland": cw.bundesland,
        "weekly_hours": cw.weekly_hours,
        "full_time_hours": cw.full_time_hours,
        "pattern": pattern_to_json(cw.pattern),
        "policy_id": cw.policy_id,
    }


def caseworker_from_row(row: Row) -> Caseworker:
    return Caseworker(
        name=read_text(row, "name"),
        office=read_text(row, "office"),
        room=read_text(row, "room"),
        phone=read_text(row, "phone"),
        email=read_text(row, "email"),
        bundesland=read_text(row, "bundesland"),
        weekly_hours=read_hours(row, "weekly_hours"),
        full_time_hours=read_hours(row, "full_time_hours"),
        pattern=read_pattern(row, "pattern"),
        policy_id=read_text(row, "policy_id"),
    )


def customer_to_row(c: Customer) -> dict[str, Any]:
    return {
        "customer_no": c.customer_no,
        "salutation": c.salutation.value,
        "last_name": c.last_name,
        "first_name": c.first_name,
        "birth_date": c.birth_date.isoformat(),
        "status": c.status.value,
        "profile": c.profile.value if c.profile else None,
        "flags": flags_to_json(c.flags),
        "street": c.address.street if c.address else None,
        "postal_code": c.address.postal_code if c.address else None,
        "city": c.address.city if c.address else None,
        "preferences": preferences_to_json(c.preferences),
        "notes": c.notes,
        "cooperation_plan": c.cooperation_plan.isoformat() if c.cooperation_plan else None,
        "left_on": c.left_on.isoformat() if c.left_on else None,
        "leave_reason": c.leave_reason,
    }


def customer_from_row(row: Row) -> Customer:
    street = read_optional_text(row, "street")
    postal_code = read_optional_text(row, "postal_code")
    city = read_optional_text(row, "city")
    address = Address(street or "", postal_code or "", city or "") if street or postal_code or city else None
    return Customer(
        customer_no=read_key(row, "customer_no"),
        salutation=read_choice(row, "salutation", Salutation),
        last_name=read_text(row, "last_name"),
        first_name=read_text(row, "first_name"),
        birth_date=read_date(row, "birth_date"),
        status=read_choice(row, "status", Status),
        profile=read_optional_choice(row, "profile", Profile),
        flags=frozenset(read_choices(row, "flags", Flag)),
        address=address,
        preferences=read_preferences(row, "preferences"),
        notes=read_text(row, "notes"),
        cooperation_plan=read_optional_date(row, "cooperation_plan"),
        left_on=read_optional_date(row, "left_on"),
        leave_reason=read_text(row, "leave_reason"),
    )


def summary_from_row(row: Row) -> CustomerSummary:
    """A customers row's identifying fields, read by the same rules as ``customer_from_row``."""
    return CustomerSummary(
        read_key(row, "customer_no"), read_text(row, "last_name"), read_text(row, "first_name"),
        read_date(row, "birth_date"), read_choice(row, "status", Status), read_optional_choice(row, "profile", Profile),
        frozenset(read_choices(row, "flags", Flag)),
    )


def contact_to_row(c: Contact) -> dict[str, Any]:
    return {
        "customer_no": c.customer_no,
        "at_utc": to_utc_text(c.at),
        "channel": c.channel.value,
        "kind": c.kind.value,
        "note": c.note,
        "deviation_date": c.deviation.due_date.isoformat() if c.deviation else None,
        "deviation_reason": c.deviation.reason if c.deviation else None,
        "phone_reason": c.phone_reason,
    }


def contact_from_row(row: Row) -> Contact:
    deviation_date = read_optional_date(row, "deviation_date")
    deviation_reason = read_optional_text(row, "deviation_reason")
    return Contact(
        id=row["id"],  # INTEGER PRIMARY KEY: always an integer
        customer_no=read_key(row, "customer_no"),
        at=read_moment(row, "at_utc"),
        channel=read_choice(row, "channel", Channel),
        kind=read_choice(row, "kind", ContactKind),
        note=read_text(row, "note"),
        deviation=Deviation(deviation_date, deviation_reason or "") if deviation_date else None,
        phone_reason=read_text(row, "phone_reason"),
    )


def group_change_to_row(customer_no: str, since: dt.datetime | None, customer: Customer) -> dict[str, Any]:
    """The groups ``customer`` has, recorded as holding from ``since`` (None: the first record)."""
    return {
        "customer_no": customer_no,
        "since_utc": to_utc_text(since) if since is not None else None,
        "status": customer.status.value,
        "profile": customer.profile.value if customer.profile else None,
        "flags": flags_to_json(customer.flags),
    }


def group_change_from_row(row: Row) -> GroupChange:
    return GroupChange(
        customer_no=read_key(row, "customer_no"),
        since=read_optional_moment(row, "since_utc"),
        status=read_choice(row, "status", Status),
        profile=read_optional_choice(row, "profile", Profile),
        flags=frozenset(read_choices(row, "flags", Flag)),
    )


def appointment_to_row(a: Appointment) -> dict[str, Any]:
    return {
        "customer_no": a.customer_no,
        "start_utc": to_utc_text(a.start),
        "end_utc": to_utc_text(a.end),
        "kind": a.kind.value,
        "channel": a.channel.value,
        "status": a.status.value,
        "reason": a.reason,
        "sequence": a.sequence,
        "purposes": json.dumps([p.value for p in a.purposes]),
        **finding_to_row(a.finding),
    }


def finding_to_row(f: Finding | None) -> dict[str, Any]:
    """The finding's columns of an appointment row (all empty: no finding yet)."""
    return {
        "finding_on": f.decided_on.isoformat() if f else None,
        "finding_established": None if f is None else int(f.established),
        "finding_note": f.note if f else "",
    }


def _finding(row: Row) -> Finding | None:
    decided_on = read_optional_date(row, "finding_on")
    established = read_optional_flag(row, "finding_established")
    note = read_text(row, "finding_note")
    if (decided_on is None) != (established is None):
        raise BadValue("finding_established", row["finding_established"],
                       "erwartet einen Wert genau dann, wenn »finding_on« ein Datum hat")
    return None if decided_on is None else Finding(decided_on, established, note)


def _span(row: Row) -> tuple[dt.datetime, dt.datetime]:
    start = read_moment(row, "start_utc")
    end = read_moment(row, "end_utc")
    if end <= start:
        raise BadValue("end_utc", row["end_utc"], f"erwartet einen Zeitpunkt nach dem Beginn »{row['start_utc']}«")
    return start, end


def appointment_from_row(row: Row) -> Appointment:
    start, end = _span(row)
    return Appointment(
        id=row["id"],  # INTEGER PRIMARY KEY: always an integer
        customer_no=read_key(row, "customer_no"),
        start=start,
        end=end,
        kind=read_choice(row, "kind", AppointmentKind),
        channel=read_choice(row, "channel", Channel),
        status=read_choice(row, "status", AppointmentStatus),
        reason=read_text(row, "reason"),
        sequence=read_integer(row, "sequence"),
        purposes=tuple(read_choices(row, "purposes", Purpose)),
        finding=_finding(row),
    )


def absence_to_row(a: Absence) -> dict[str, Any]:
    return {"start_utc": to_utc_text(a.start), "end_utc": to_utc_text(a.end), "kind": a.kind.value, "note": a.note}


def absence_from_row(row: Row) -> Absence:
    start, end = _span(row)
    return Absence(
        id=row["id"],  # INTEGER PRIMARY KEY: always an integer
        start=start,
        end=end,
        kind=read_choice(row, "kind", AbsenceKind),
        note=read_text(row, "note"),
    )


# -- reading whole tables ------------------------------------------------------------------------

# Per table: how a row becomes a domain object, and every column with the helper that reads it
# (``row_problems`` runs them one by one, so a record with several bad values names them all).
# ``id`` is INTEGER PRIMARY KEY, which SQLite keeps an integer, so it needs no check.
READERS: dict[str, Callable[[Row], Any]] = {
    "caseworker": caseworker_from_row,
    "customers": customer_from_row,
    "contacts": contact_from_row,
    "appointments": appointment_from_row,
    "absences": absence_from_row,
    "customer_groups": group_change_from_row,
}

COLUMNS: dict[str, tuple[tuple[Any, ...], ...]] = {
    "caseworker": (
        ("name", read_text), ("office", read_text), ("room", read_text), ("phone", read_text), ("email", read_text),
        ("bundesland", read_text), ("weekly_hours", read_hours), ("full_time_hours", read_hours), ("pattern", read_pattern),
        ("policy_id", read_text),
    ),
    "customers": (
        ("customer_no", read_key), ("salutation", read_choice, Salutation), ("last_name", read_text), ("first_name", read_text),
        ("birth_date", read_date), ("status", read_choice, Status), ("profile", read_optional_choice, Profile),
        ("flags", read_choices, Flag), ("street", read_optional_text), ("postal_code", read_optional_text),
        ("city", read_optional_text), ("preferences", read_preferences), ("notes", read_text),
        ("cooperation_plan", read_optional_date), ("left_on", read_optional_date), ("leave_reason", read_text),
    ),
    "contacts": (
        ("customer_no", read_key), ("at_utc", read_moment), ("channel", read_choice, Channel),
        ("kind", read_choice, ContactKind), ("note", read_text), ("deviation_date", read_optional_date),
        ("deviation_reason", read_optional_text), ("phone_reason", read_text),
    ),
    "appointments": (
        ("customer_no", read_key), ("start_utc", read_moment), ("end_utc", read_moment),
        ("kind", read_choice, AppointmentKind), ("channel", read_choice, Channel), ("status", read_choice, AppointmentStatus),
        ("reason", read_text), ("sequence", read_integer), ("purposes", read_choices, Purpose),
        ("finding_on", read_optional_date), ("finding_established", read_optional_flag), ("finding_note", read_text),
    ),
    "absences": (
        ("start_utc", read_moment), ("end_utc", read_moment), ("kind", read_choice, AbsenceKind), ("note", read_text),
    ),
    "customer_groups": (
        ("customer_no", read_key), ("since_utc", read_optional_moment), ("status", read_choice, Status),
        ("profile", read_optional_choice, Profile), ("flags", read_choices, Flag),
    ),
}


def _later(end: str, start: str) -> str:
    """SQL: ``end`` after ``start`` as the reader sees it. It compares Berlin wall times, which
    follow the UTC order except in the hour the clocks go back (since 1996 on the last Sunday of
    October, 00:00-02:00 UTC): moments there, or before 1996, are left to the reader."""
    return (f"({end} > {start} AND {start} >= '1996' AND NOT ((substr({start}, 6, 5) BETWEEN '10-25' AND '10-31' "
            f"AND substr({start}, 12, 2) < '02') OR (substr({end}, 6, 5) BETWEEN '10-25' AND '10-31' "
            f"AND substr({end}, 12, 2) < '02')))")


def sound_sql(table: str) -> str:
    """An SQL condition that holds only for rows of ``table`` that ``row_problems`` finds sound
    (``columns.SOUND`` for each column, and the rules across columns); rows where it does not
    hold are read in Python. A helper without an SQL twin leaves every row to Python."""
    parts = [SOUND[helper](column, *args) if helper in SOUND else "0" for column, helper, *args in COLUMNS[table]]
    if table in ("appointments", "absences"):
        parts.append(_later("end_utc", "start_utc"))
    # Inside CASE WHEN, SQLite stops at the first part that fails (and skips the rest of an OR
    # once a part holds); as a plain value it would work out every part of every row.
    return f"CASE WHEN {' AND '.join(parts)} THEN 1 ELSE 0 END"


def record_label(table: str, row: Row) -> str:
    """The record a problem belongs to, in German: »Kunde »123A456789««, »Termin 7 (Kunde …)«."""

    def value(column: str) -> str:
        try:
            return show_value(row[column])
        except (IndexError, KeyError):
            return "?"

    if table == "caseworker":
        return "Die Einstellungen der Integrationsfachkraft"
    if table == "customers":
        return f"Kunde »{value('customer_no')}«"
    if table == "contacts":
        return f"Kontakt {value('id')} (Kunde »{value('customer_no')}«)"
    if table == "appointments":
        return f"Termin {value('id')} (Kunde »{value('customer_no')}«)"
    if table == "absences":
        return f"Abwesenheit {value('id')}"
    if table == "customer_groups":
        return f"Gruppenänderung {value('id')} (Kunde »{value('customer_no')}«)"
    return f"Eintrag {value('rowid')} in der Tabelle »{table}«"


def record_problem(table: str, row: Row, problem: Exception) -> str:
    """One German sentence: the record and what is wrong with it."""
    if isinstance(problem, BadValue):
        return f"{record_label(table, row)}: {problem.clause()}."
    # Not raised by the helpers above; keep Python's (English) text out of the sentence.
    return f"{record_label(table, row)}: ein gespeicherter Wert lässt sich nicht lesen."


def row_problems(table: str, row: Row) -> list[BadValue]:
    """Every value of ``row`` that cannot be read (empty: the record is sound)."""
    found = []
    for column, helper, *args in COLUMNS[table]:
        try:
            helper(row, column, *args)
        except BadValue as exc:
            found.append(exc)
    if not found:
        try:
            READERS[table](row)
        except BadValue as exc:  # a rule across columns, such as the end after the start
            found.append(exc)
    return found
