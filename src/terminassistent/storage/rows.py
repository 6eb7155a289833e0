"""Mapping between table rows and domain objects. Times are stored as UTC ISO text."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
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
    return {int(day): tuple(TimeRange.parse(r) for r in ranges) for day, ranges in raw.items()}


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


def caseworker_from_row(row: sqlite3.Row) -> Caseworker:
    return Caseworker(
        name=row["name"],
        office=row["office"],
        room=row["room"],
        phone=row["phone"],
        email=row["email"],
        bundesland=row["bundesland"],
        weekly_hours=row["weekly_hours"],
        full_time_hours=row["full_time_hours"],
        pattern=pattern_from_json(row["pattern"]),
        policy_id=row["policy_id"],
    )


def preferences_to_json(p: Preferences) -> str:
    return json.dumps(
        {"mornings_only": p.mornings_only, "afternoons_only": p.afternoons_only, "avoid_weekdays": sorted(p.avoid_weekdays)}
    )


def preferences_from_json(text: str) -> Preferences:
    raw = json.loads(text or "{}")
    return Preferences(
        mornings_only=bool(raw.get("mornings_only", False)),
        afternoons_only=bool(raw.get("afternoons_only", False)),
        avoid_weekdays=frozenset(int(d) for d in raw.get("avoid_weekdays", [])),
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


def customer_from_row(row: sqlite3.Row) -> Customer:
    address = None
    if row["street"] or row["postal_code"] or row["city"]:
        address = Address(row["street"] or "", row["postal_code"] or "", row["city"] or "")
    return Customer(
        customer_no=row["customer_no"],
        salutation=Salutation(row["salutation"]),
        last_name=row["last_name"],
        first_name=row["first_name"],
        birth_date=dt.date.fromisoformat(row["birth_date"]),
        status=Status(row["status"]),
        profile=Profile(row["profile"]) if row["profile"] else None,
        flags=frozenset(Flag(f) for f in json.loads(row["flags"])),
        address=address,
        preferences=preferences_from_json(row["preferences"]),
        notes=row["notes"],
        cooperation_plan=dt.date.fromisoformat(row["cooperation_plan"]) if row["cooperation_plan"] else None,
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


def contact_from_row(row: sqlite3.Row) -> Contact:
    deviation = None
    if row["deviation_date"]:
        deviation = Deviation(dt.date.fromisoformat(row["deviation_date"]), row["deviation_reason"] or "")
    return Contact(
        id=row["id"],
        customer_no=row["customer_no"],
        at=from_utc_text(row["at_utc"]),
        channel=Channel(row["channel"]),
        kind=ContactKind(row["kind"]),
        note=row["note"],
        deviation=deviation,
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


def appointment_from_row(row: sqlite3.Row) -> Appointment:
    return Appointment(
        id=row["id"],
        customer_no=row["customer_no"],
        start=from_utc_text(row["start_utc"]),
        end=from_utc_text(row["end_utc"]),
        kind=AppointmentKind(row["kind"]),
        channel=Channel(row["channel"]),
        status=AppointmentStatus(row["status"]),
        reason=row["reason"],
        sequence=row["sequence"],
        purposes=tuple(Purpose(p) for p in json.loads(row["purposes"])),
    )


def absence_to_row(a: Absence) -> dict[str, Any]:
    return {"start_utc": to_utc_text(a.start), "end_utc": to_utc_text(a.end), "kind": a.kind.value, "note": a.note}


def absence_from_row(row: sqlite3.Row) -> Absence:
    return Absence(
        id=row["id"],
        start=from_utc_text(row["start_utc"]),
        end=from_utc_text(row["end_utc"]),
        kind=AbsenceKind(row["kind"]),
        note=row["note"],
    )
