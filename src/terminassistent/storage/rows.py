"""Mapping between table rows and domain objects. Times are stored as UTC ISO text.

Every stored value is read through a small per-column helper that raises ``BadValue`` (a German
clause naming the column and the value) when the value cannot be read, for example a birth date
``1.2.1990`` written by another tool or a status this version does not know. The Caseload facade
turns it into a StoreError naming the record, ``terminassistent check`` lists every one of them
(``row_problems``). The helpers cost a function call per column and nothing more on sound rows.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sqlite3
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any

from terminassistent.domain.model import (
    BERLIN,
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
    Deviation,
    Flag,
    Preferences,
    Profile,
    Purpose,
    Salutation,
    Status,
    TimeRange,
    WorkPattern,
)

Row = Mapping[str, Any] | sqlite3.Row


class BadValue(ValueError):
    """A stored value this version cannot read.

    ``str()`` is a German clause without the record, e.g. ``Spalte »status« hat den ungültigen
    Wert »verschollen« (erlaubt: arbeitslos, arbeitsuchend, nicht-gesetzt)``; ``record_problem``
    puts the record in front of it.
    """

    def __init__(self, column: str, value: Any, expected: str, *, missing: bool = False):
        self.column = column
        self.value = value
        self.expected = expected
        self.missing = missing
        super().__init__(self.clause())

    def clause(self) -> str:
        if self.missing:
            return f"Spalte »{self.column}« fehlt"
        if self.value is None:
            return f"Spalte »{self.column}« ist leer ({self.expected})"
        return f"Spalte »{self.column}« hat den ungültigen Wert »{show_value(self.value)}« ({self.expected})"


def show_value(value: Any, limit: int = 60) -> str:
    """A stored value as it is quoted in a message: one line, at most ``limit`` characters."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return f"Binärdaten, {len(bytes(value))} Bytes"
    text = " ".join(str(value).split()) if isinstance(value, str) else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- the per-column helpers ------------------------------------------------------------------------
# Each takes the row and the column's name and returns the domain value or raises BadValue.

DATE_EXPECTED = "erwartet JJJJ-MM-TT"
MOMENT_EXPECTED = "erwartet einen UTC-Zeitpunkt JJJJ-MM-TTTHH:MM:SSZ"


def _bad(row: Row, column: str, expected: str) -> BadValue:
    try:
        value = row[column]
    except (IndexError, KeyError):
        return BadValue(column, None, expected, missing=True)
    return BadValue(column, value, expected)


def _allowed(kind: type[Enum]) -> str:
    return ", ".join(m.value for m in kind)


def _text(row: Row, column: str) -> str:
    try:
        value = row[column]
        if value.__class__ is str:
            return value
    except (IndexError, KeyError):
        pass
    raise _bad(row, column, "erwartet einen Text")


def _key(row: Row, column: str) -> str:
    """A Kundennummer: text that is not empty."""
    try:
        value = row[column]
        if value.__class__ is str and value:
            return value
    except (IndexError, KeyError):
        pass
    raise _bad(row, column, "erwartet eine Kundennummer")


def _optional_text(row: Row, column: str) -> str | None:
    try:
        value = row[column]
        if value is None or value.__class__ is str:
            return value
    except (IndexError, KeyError):
        pass
    raise _bad(row, column, "erwartet einen Text oder nichts")


def _integer(row: Row, column: str) -> int:
    try:
        value = row[column]
        if value.__class__ is int:
            return value
    except (IndexError, KeyError):
        pass
    raise _bad(row, column, "erwartet eine ganze Zahl")


def _hours(row: Row, column: str) -> float:
    try:
        value = row[column]
        if value.__class__ in (int, float) and math.isfinite(value) and value >= 0:
            return value
    except (IndexError, KeyError):
        pass
    raise _bad(row, column, "erwartet eine Stundenzahl, 0 oder mehr")


def _date(row: Row, column: str) -> dt.date:
    try:
        return dt.date.fromisoformat(row[column])
    except (ValueError, TypeError, IndexError, KeyError):
        raise _bad(row, column, DATE_EXPECTED) from None


def _optional_date(row: Row, column: str) -> dt.date | None:
    try:
        value = row[column]
        return dt.date.fromisoformat(value) if value else None
    except (ValueError, TypeError, IndexError, KeyError):
        raise _bad(row, column, DATE_EXPECTED + " oder nichts") from None


def _moment(row: Row, column: str) -> dt.datetime:
    try:
        return from_utc_text(row[column])
    except (ValueError, TypeError, OverflowError, IndexError, KeyError):
        raise _bad(row, column, MOMENT_EXPECTED) from None


def _choice(row: Row, column: str, kind: type[Enum]) -> Any:
    try:
        return kind(row[column])
    except (ValueError, TypeError, IndexError, KeyError):
        raise _bad(row, column, f"erlaubt: {_allowed(kind)}") from None


def _optional_choice(row: Row, column: str, kind: type[Enum]) -> Any:
    try:
        value = row[column]
        return kind(value) if value else None
    except (ValueError, TypeError, IndexError, KeyError):
        raise _bad(row, column, f"erlaubt: {_allowed(kind)} oder nichts") from None


def _choices(row: Row, column: str, kind: type[Enum]) -> list[Any]:
    """A JSON list of values of ``kind``."""
    try:
        raw = json.loads(row[column])
        if raw.__class__ is list:
            return [kind(v) for v in raw]
    except (ValueError, TypeError, IndexError, KeyError):
        pass
    raise _bad(row, column, f"erwartet eine JSON-Liste aus {_allowed(kind)}")


def _preferences(row: Row, column: str) -> Preferences:
    try:
        return preferences_from_json(row[column])
    except (ValueError, TypeError, AttributeError, IndexError, KeyError):
        raise _bad(
            row, column, 'erwartet ein JSON-Objekt wie {"mornings_only": false, "afternoons_only": false, "avoid_weekdays": [4]}'
        ) from None


def _pattern(row: Row, column: str) -> WorkPattern:
    try:
        return pattern_from_json(row[column])
    except (ValueError, TypeError, AttributeError, IndexError, KeyError):
        raise _bad(row, column, 'erwartet Arbeitszeiten je Wochentag 0–6 als JSON, z. B. {"0": ["08:00-12:00"]}') from None


# -- conversions ---------------------------------------------------------------------------------


def to_utc_text(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("Zeitpunkt ohne Zeitzone")
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def from_utc_text(text: str) -> dt.datetime:
    # fromisoformat (C, accepts the "Z" since Python 3.11) is ~20x faster than strptime; the
    # planner reads every contact of the caseload.
    moment = dt.datetime.fromisoformat(text)
    if moment.utcoffset() != dt.timedelta(0):
        raise ValueError(f"»{text}« ist kein UTC-Zeitpunkt")
    return moment.astimezone(BERLIN)


def pattern_to_json(pattern: WorkPattern) -> str:
    return json.dumps({str(day): [str(r) for r in ranges] for day, ranges in sorted(pattern.items())})


def pattern_from_json(text: str) -> WorkPattern:
    raw = json.loads(text or "{}")
    pattern = {int(day): tuple(TimeRange.parse(r) for r in ranges) for day, ranges in raw.items()}
    if any(not 0 <= day <= 6 for day in pattern):
        raise ValueError("Wochentage sind 0 (Montag) bis 6 (Sonntag)")
    return pattern


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
        name=_text(row, "name"),
        office=_text(row, "office"),
        room=_text(row, "room"),
        phone=_text(row, "phone"),
        email=_text(row, "email"),
        bundesland=_text(row, "bundesland"),
        weekly_hours=_hours(row, "weekly_hours"),
        full_time_hours=_hours(row, "full_time_hours"),
        pattern=_pattern(row, "pattern"),
        policy_id=_text(row, "policy_id"),
    )


def preferences_to_json(p: Preferences) -> str:
    return json.dumps(
        {"mornings_only": p.mornings_only, "afternoons_only": p.afternoons_only, "avoid_weekdays": sorted(p.avoid_weekdays)}
    )


def preferences_from_json(text: str) -> Preferences:
    raw = json.loads(text or "{}")
    avoid = frozenset(int(d) for d in raw.get("avoid_weekdays", []))
    if any(not 0 <= d <= 6 for d in avoid):
        raise ValueError("Wochentage sind 0 (Montag) bis 6 (Sonntag)")
    return Preferences(
        mornings_only=bool(raw.get("mornings_only", False)),
        afternoons_only=bool(raw.get("afternoons_only", False)),
        avoid_weekdays=avoid,
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
        "flags": json.dumps(sorted(f.value for f in c.flags)),
        "street": c.address.street if c.address else None,
        "postal_code": c.address.postal_code if c.address else None,
        "city": c.address.city if c.address else None,
        "preferences": preferences_to_json(c.preferences),
        "notes": c.notes,
        "cooperation_plan": c.cooperation_plan.isoformat() if c.cooperation_plan else None,
    }


def customer_from_row(row: Row) -> Customer:
    street = _optional_text(row, "street")
    postal_code = _optional_text(row, "postal_code")
    city = _optional_text(row, "city")
    address = Address(street or "", postal_code or "", city or "") if street or postal_code or city else None
    return Customer(
        customer_no=_key(row, "customer_no"),
        salutation=_choice(row, "salutation", Salutation),
        last_name=_text(row, "last_name"),
        first_name=_text(row, "first_name"),
        birth_date=_date(row, "birth_date"),
        status=_choice(row, "status", Status),
        profile=_optional_choice(row, "profile", Profile),
        flags=frozenset(_choices(row, "flags", Flag)),
        address=address,
        preferences=_preferences(row, "preferences"),
        notes=_text(row, "notes"),
        cooperation_plan=_optional_date(row, "cooperation_plan"),
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
    }


def contact_from_row(row: Row) -> Contact:
    deviation_date = _optional_date(row, "deviation_date")
    deviation_reason = _optional_text(row, "deviation_reason")
    return Contact(
        id=row["id"],  # INTEGER PRIMARY KEY: always an integer
        customer_no=_key(row, "customer_no"),
        at=_moment(row, "at_utc"),
        channel=_choice(row, "channel", Channel),
        kind=_choice(row, "kind", ContactKind),
        note=_text(row, "note"),
        deviation=Deviation(deviation_date, deviation_reason or "") if deviation_date else None,
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
    }


def _span(row: Row) -> tuple[dt.datetime, dt.datetime]:
    start = _moment(row, "start_utc")
    end = _moment(row, "end_utc")
    if end <= start:
        raise BadValue("end_utc", row["end_utc"], f"erwartet einen Zeitpunkt nach dem Beginn »{row['start_utc']}«")
    return start, end


def appointment_from_row(row: Row) -> Appointment:
    start, end = _span(row)
    return Appointment(
        id=row["id"],  # INTEGER PRIMARY KEY: always an integer
        customer_no=_key(row, "customer_no"),
        start=start,
        end=end,
        kind=_choice(row, "kind", AppointmentKind),
        channel=_choice(row, "channel", Channel),
        status=_choice(row, "status", AppointmentStatus),
        reason=_text(row, "reason"),
        sequence=_integer(row, "sequence"),
        purposes=tuple(_choices(row, "purposes", Purpose)),
    )


def absence_to_row(a: Absence) -> dict[str, Any]:
    return {"start_utc": to_utc_text(a.start), "end_utc": to_utc_text(a.end), "kind": a.kind.value, "note": a.note}


def absence_from_row(row: Row) -> Absence:
    start, end = _span(row)
    return Absence(
        id=row["id"],  # INTEGER PRIMARY KEY: always an integer
        start=start,
        end=end,
        kind=_choice(row, "kind", AbsenceKind),
        note=_text(row, "note"),
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
}

COLUMNS: dict[str, tuple[tuple[Any, ...], ...]] = {
    "caseworker": (
        ("name", _text), ("office", _text), ("room", _text), ("phone", _text), ("email", _text),
        ("bundesland", _text), ("weekly_hours", _hours), ("full_time_hours", _hours), ("pattern", _pattern),
        ("policy_id", _text),
    ),
    "customers": (
        ("customer_no", _key), ("salutation", _choice, Salutation), ("last_name", _text), ("first_name", _text),
        ("birth_date", _date), ("status", _choice, Status), ("profile", _optional_choice, Profile),
        ("flags", _choices, Flag), ("street", _optional_text), ("postal_code", _optional_text),
        ("city", _optional_text), ("preferences", _preferences), ("notes", _text),
        ("cooperation_plan", _optional_date),
    ),
    "contacts": (
        ("customer_no", _key), ("at_utc", _moment), ("channel", _choice, Channel),
        ("kind", _choice, ContactKind), ("note", _text), ("deviation_date", _optional_date),
        ("deviation_reason", _optional_text),
    ),
    "appointments": (
        ("customer_no", _key), ("start_utc", _moment), ("end_utc", _moment),
        ("kind", _choice, AppointmentKind), ("channel", _choice, Channel), ("status", _choice, AppointmentStatus),
        ("reason", _text), ("sequence", _integer), ("purposes", _choices, Purpose),
    ),
    "absences": (
        ("start_utc", _moment), ("end_utc", _moment), ("kind", _choice, AbsenceKind), ("note", _text),
    ),
}


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
