"""The whole caseload as one JSON-ready document (``terminassistent export --json``)."""

from __future__ import annotations

from typing import Any

from terminassistent.domain.model import Absence, Appointment, Caseworker, Contact, Customer
from terminassistent.storage import Caseload

_DAY_KEYS = ("mo", "di", "mi", "do", "fr", "sa", "so")


def caseworker_document(cw: Caseworker) -> dict[str, Any]:
    return {
        "name": cw.name,
        "office": cw.office,
        "room": cw.room,
        "phone": cw.phone,
        "email": cw.email,
        "bundesland": cw.bundesland,
        "weekly_hours": cw.weekly_hours,
        "full_time_hours": cw.full_time_hours,
        "pattern": {_DAY_KEYS[d]: [str(r) for r in ranges] for d, ranges in sorted(cw.pattern.items())},
        "policy": cw.policy_id,
    }


def customer_document(c: Customer) -> dict[str, Any]:
    return {
        "customer_no": c.customer_no,
        "salutation": c.salutation.value,
        "last_name": c.last_name,
        "first_name": c.first_name,
        "birth_date": c.birth_date.isoformat(),
        "status": c.status.value,
        "profile": c.profile.value if c.profile else None,
        "flags": sorted(f.value for f in c.flags),
        "address": None
        if c.address is None
        else {"street": c.address.street, "postal_code": c.address.postal_code, "city": c.address.city},
        "preferences": {
            "mornings_only": c.preferences.mornings_only,
            "afternoons_only": c.preferences.afternoons_only,
            "avoid_weekdays": [_DAY_KEYS[d] for d in sorted(c.preferences.avoid_weekdays)],
        },
        "notes": c.notes,
        "cooperation_plan": c.cooperation_plan.isoformat() if c.cooperation_plan else None,
        "left_on": c.left_on.isoformat() if c.left_on else None,
        "leave_reason": c.leave_reason,
    }


def contact_document(c: Contact) -> dict[str, Any]:
    return {
        "id": c.id,
        "customer": c.customer_no,
        "date": c.date.isoformat(),
        "at": c.at.isoformat(),
        "channel": c.channel.value,
        "kind": c.kind.value,
        "note": c.note,
        "deviation": None if c.deviation is None else {"due_date": c.deviation.due_date.isoformat(), "reason": c.deviation.reason},
    }


def appointment_document(a: Appointment) -> dict[str, Any]:
    return {
        "id": a.id,
        "customer": a.customer_no,
        "start": a.start.isoformat(),
        "end": a.end.isoformat(),
        "kind": a.kind.value,
        "channel": a.channel.value,
        "status": a.status.value,
        "reason": a.reason,
        "sequence": a.sequence,
        "purposes": [p.value for p in a.purposes],
    }


def absence_document(a: Absence) -> dict[str, Any]:
    return {"id": a.id, "start": a.start.isoformat(), "end": a.end.isoformat(), "kind": a.kind.value, "note": a.note}


def export_caseload(caseload: Caseload) -> dict[str, Any]:
    with caseload.transaction():  # one consistent snapshot
        return {
            "caseworker": caseworker_document(caseload.caseworker()),
            "customers": [customer_document(c) for c in caseload.customers(departed=True)],
            "contacts": [contact_document(c) for c in caseload.contacts()],
            "appointments": [appointment_document(a) for a in caseload.appointments()],
            "absences": [absence_document(a) for a in caseload.absences()],
        }
