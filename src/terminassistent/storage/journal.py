"""The journal of user actions: each action's row changes, before and after.

Every user action (a conversation concluded with its booking, an outcome, a planned week, an
import, a settings change, a customer edited) runs as ``Caseload.action(name)``: one transaction
whose row changes are collected while it runs and stored, when it commits, as one journal entry
with its German name, the time and the operating-system user. From the entries follow:

- what changed, for the desktop (its own writes, and those of a command run beside it);
- the history of a customer (who changed what, and when);
- undo and redo: the inverse applied in one transaction, refused when a row has changed since.

Rows are plain dicts of column values, exactly as stored (``SELECT *``); no domain objects here.
"""

from __future__ import annotations

import datetime as dt
import getpass
import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

# The primary key of every journaled table.
KEYS = {
    "caseworker": "id",
    "settings": "key",
    "customers": "customer_no",
    "contacts": "id",
    "appointments": "id",
    "absences": "id",
    "customer_groups": "id",
}
# Columns a restoring write sets anew instead of copying: an appointment's SEQUENCE only ever
# rises (a calendar client must see an undone move as a change too).
VOLATILE = {"appointments": ("sequence",)}

ACTION, UNDO, REDO = "action", "undo", "redo"


@dataclass(frozen=True)
class RowChange:
    table: str
    key: Any
    before: dict[str, Any] | None  # None: the row was inserted
    after: dict[str, Any] | None  # None: the row was deleted

    @property
    def customer_no(self) -> str | None:
        """The customer the row belongs to (customers, contacts, appointments), else None."""
        row = self.after or self.before or {}
        if self.table == "customers":
            return self.key
        return row.get("customer_no")

    def as_dict(self) -> dict[str, Any]:
        return {"table": self.table, "key": self.key, "before": self.before, "after": self.after}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "RowChange":
        return cls(d["table"], d["key"], d["before"], d["after"])


@dataclass
class Action:
    """A user action while it runs: its name and the row changes so far."""

    name: str
    at: dt.datetime
    rows: list[RowChange] = field(default_factory=list)
    kind: str = ACTION
    target: int | None = None  # for undo/redo: the entry undone or redone
    entry_id: int | None = None  # set when the action has been journaled

    def customers(self) -> tuple[str, ...]:
        return customers_of(self.rows)


def customers_of(rows: Iterable[RowChange]) -> tuple[str, ...]:
    """Each row's ``customer_no``, once, in order (asked inline: an import has tens of thousands)."""
    found: dict[str, None] = {}
    for r in rows:
        no = r.key if r.table == "customers" else (r.after or r.before or {}).get("customer_no")
        if no is not None:
            found[no] = None
    return tuple(found)


@dataclass(frozen=True)
class JournalEntry:
    id: int
    at: dt.datetime
    user: str
    action: str  # German name, e.g. "Gespräch mit Müller, Anna abschließen"
    kind: str  # action, undo or redo
    target: int | None
    undone: bool
    customers: tuple[str, ...]
    rows: tuple[RowChange, ...]


@dataclass(frozen=True)
class SentDocument:
    """An invitation letter or calendar file written for an appointment (not journaled: a letter
    that went out cannot be taken back; undo only needs to know of it)."""

    appointment_id: int
    customer_no: str
    kind: str  # "letter" or "calendar"
    at: dt.datetime
    sequence: int  # the appointment's SEQUENCE when it was written: which state of it it shows
    after_entry: int  # the newest journal entry when it was written


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name known (e.g. no USER and no passwd entry)
        return "unbekannt"


def encode_rows(rows: Sequence[RowChange]) -> str:
    """The row changes as JSON: each one as ``{"table", "key", "before", "after"}``, except that a
    run of rows inserted into one table with the same columns (an import, a demo: thousands) is
    written once as ``{"table", "columns", "inserted": [[values of a row], …]}``, each row's key
    being its value in the table's key column. Such a run takes a third of the room."""
    items: list[dict[str, Any]] = []
    at, count = 0, len(rows)
    while at < count:
        end = _run_end(rows, at) if _inserted(rows[at]) else at
        if end - at < 2:  # a single row as every other change: most actions' journal is as it always was
            items.append(rows[at].as_dict())
            at += 1
            continue
        run = rows[at:end]
        items.append({"table": run[0].table, "columns": list(run[0].after),
                      "inserted": [list(r.after.values()) for r in run]})
        at = end
    return json.dumps(items, ensure_ascii=False, separators=(",", ":"))


def _inserted(r: RowChange) -> bool:
    """An inserted row that holds its key (so the key can be read from the row again)."""
    if r.before is not None or r.after is None:
        return False
    key = r.after.get(KEYS.get(r.table, ""), _NO_KEY)
    return type(key) is type(r.key) and key == r.key


def _run_end(rows: Sequence[RowChange], at: int) -> int:
    """Where the run of inserted rows that starts at ``at`` ends: the rows of its table with its
    columns, in their order."""
    first = rows[at]
    table, columns, key = first.table, tuple(first.after), KEYS.get(first.table, "")
    end = at + 1
    for r in itertools.islice(rows, at + 1, None):
        after = r.after
        if r.before is not None or after is None or r.table != table or tuple(after) != columns:
            break
        value = after.get(key, _NO_KEY)
        if type(value) is not type(r.key) or value != r.key:
            break
        end += 1
    return end


_NO_KEY = object()


def decode_rows(text: str) -> tuple[RowChange, ...]:
    found: list[RowChange] = []
    for d in json.loads(text):
        if "inserted" in d:
            table, columns = d["table"], d["columns"]
            at = columns.index(KEYS[table])
            found += (RowChange(table, values[at], None, dict(zip(columns, values))) for values in d["inserted"])
        else:
            found.append(RowChange.from_dict(d))
    return tuple(found)


def same_row(table: str, stored: dict[str, Any] | None, expected: dict[str, Any] | None) -> bool:
    """Whether the stored row is the one the journal expects (volatile columns aside)."""
    if stored is None or expected is None:
        return stored is None and expected is None
    skip = VOLATILE.get(table, ())
    return all(stored.get(k) == v for k, v in expected.items() if k not in skip)


_CONFLICT = {
    "caseworker": "Ihre Angaben wurden seither geändert.",
    "settings": "Die Einstellung »{key}« wurde seither geändert.",
    "customers": "Die Daten zur Kundennummer »{key}« wurden seither geändert.",
    "contacts": "Der Vermerk {key} wurde seither geändert.",
    "appointments": "Termin {key} wurde seither geändert.",
    "absences": "Die Abwesenheit {key} wurde seither geändert.",
    "customer_groups": "Die Gruppenänderung {key} wurde seither geändert.",
}


def describe_conflict(change: RowChange) -> str:
    """German: a row is no longer as the journal left it."""
    return _CONFLICT[change.table].format(key=change.key)


def restored(table: str, wanted: dict[str, Any], current: dict[str, Any] | None) -> dict[str, Any]:
    """The values an undo or redo writes: the journaled row, but volatile columns (SEQUENCE) go on
    rising from the stored row's instead of going back."""
    values = dict(wanted)
    for column in VOLATILE.get(table, ()):
        if current is not None and column in current:
            values[column] = int(current[column] or 0) + 1
    return values
