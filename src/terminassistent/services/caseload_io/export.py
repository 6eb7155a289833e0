"""The whole caseload as one JSON document (``terminassistent export --json``), and the JSON
form of each record, which other commands print too."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from terminassistent.domain.groups import GroupChange
from terminassistent.domain.model import Absence, Appointment, Caseworker, Contact, Customer
from terminassistent.errors import UserError
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
        "phone_reason": c.phone_reason or None,
    }


def group_change_document(g: GroupChange) -> dict[str, Any]:
    return {
        "customer": g.customer_no,
        "since": g.since.isoformat() if g.since else None,
        "status": g.status.value,
        "profile": g.profile.value if g.profile else None,
        "flags": sorted(f.value for f in g.flags),
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
        "finding": None if a.finding is None else {"decided_on": a.finding.decided_on.isoformat(),
                                                   "established": a.finding.established, "note": a.finding.note},
    }


def absence_document(a: Absence) -> dict[str, Any]:
    return {"id": a.id, "start": a.start.isoformat(), "end": a.end.isoformat(), "kind": a.kind.value, "note": a.note}


# (key in the document, table, record -> JSON object)
_SECTIONS: tuple[tuple[str, str, Callable[[Any], dict[str, Any]]], ...] = (
    ("customers", "customers", customer_document),
    ("contacts", "contacts", contact_document),
    ("appointments", "appointments", appointment_document),
    ("absences", "absences", absence_document),
    ("group_history", "customer_groups", group_change_document),
)


def write_export(caseload: Caseload, out: TextIO) -> None:
    """Write the whole caseload to ``out`` as one JSON document, record by record as it is read
    (one record a line), so memory does not grow with the caseload. A record this version cannot
    read is refused before anything is written."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    with caseload.transaction():  # one consistent snapshot
        caseload.require_readable([table for _, table, _ in _SECTIONS])
        out.write('{\n  "caseworker": ' + encode(caseworker_document(caseload.caseworker())))
        for key, table, document in _SECTIONS:
            out.write(f',\n  "{key}": [')
            separator = "\n    "
            for record in caseload.records(table):
                out.write(separator + encode(document(record)))
                separator = ",\n    "
            out.write("\n  ]" if separator != "\n    " else "]")
        out.write("\n}\n")


def export_to_file(caseload: Caseload, path: Path, write: Callable[[Caseload, TextIO], None] = write_export,
                   **text: Any) -> Path:
    """Write the JSON export (or what ``write`` writes) to ``path``, readable only by the user (it
    holds social data), and whole or not at all: written beside it first, then put in place.
    ``text``: options of open() (encoding, newline)."""
    path = Path(path)
    part = path.with_name(f".{path.name}.teil")
    try:
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(fd, "w", **({"encoding": "utf-8"} | text)) as out:
            write(caseload, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(part, path)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise UserError(f"Der Bestand konnte nicht nach »{path}« exportiert werden: {exc.strerror or exc}.") from None
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return path
