"""Erasing records for good (``Caseload.erase``): the rows themselves and every trace of them in the
journal. Runs inside the facade's transaction; the connection has ``secure_delete`` on, so the
freed pages are overwritten with zeros.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from terminassistent.domain.model import Channel, ContactKind
from terminassistent.storage.journal import RowChange, decode_rows, encode_rows

# An erased customer's name or number in the name of a journal entry is replaced by this.
ERASED = "(gelöscht)"


def erase(conn: sqlite3.Connection, customer_nos: Sequence[str], contact_ids: Sequence[int],
          appointment_ids: Sequence[int], journal_before: str) -> None:
    customers = set(customer_nos)
    names = _names(conn, customers)
    gone = {("contacts", i) for i in contact_ids} | {("appointments", i) for i in appointment_ids}
    _delete(conn, "documents", "appointment_id", list(appointment_ids))
    _delete(conn, "documents", "customer_no", list(customers))
    _delete(conn, "contacts", "id", list(contact_ids))
    _delete(conn, "appointments", "id", list(appointment_ids))
    _delete(conn, "customers", "customer_no", list(customers))  # their contacts and appointments cascade
    old = [i for (i,) in conn.execute("SELECT id FROM journal WHERE at_utc < ?", (journal_before,))]
    _set_null(conn, old)
    _delete(conn, "journal", "id", old)
    if customers or gone:
        _scrub_journal(conn, customers, gone, names)


def expired(conn: sqlite3.Connection, cutoff: str, cut: str, since: str) -> tuple[list[int], list[int]]:
    """The ids behind ``Caseload.expired``: contacts and appointments, each in time order."""
    contacts, appointments = _expired(conn, cutoff, cut, since, "c.id", "ORDER BY c.at_utc, c.id")
    return [i for (i,) in contacts], [i for (i,) in appointments]


def expired_counts(conn: sqlite3.Connection, cutoff: str, cut: str, since: str) -> tuple[int, int, int]:
    """How many customers, contacts and appointments ``Caseload.expired`` lists (none read)."""
    (customers,) = conn.execute(f"SELECT count(*) FROM ({_GONE})", (cutoff,)).fetchone()
    contacts, appointments = _expired(conn, cutoff, cut, since, "count(*)", "")
    return customers, contacts[0][0], appointments[0][0]


_GONE = "SELECT customer_no FROM customers WHERE left_on IS NOT NULL AND left_on < ?"


def _expired(conn: sqlite3.Connection, cutoff: str, cut: str, since: str, select: str, order: str
             ) -> tuple[list[tuple], list[tuple]]:
    beratung, person = ContactKind.BERATUNG.value, Channel.PERSOENLICH.value
    contacts = conn.execute(f"""
        WITH bound AS (
            SELECT customer_no, max(at_utc) AS first FROM contacts
            WHERE kind = ? AND channel = ? AND at_utc < ? GROUP BY customer_no
        ), newer AS (
            SELECT DISTINCT customer_no, channel FROM contacts WHERE kind = ? AND at_utc >= ?
        )
        SELECT {select} FROM contacts c LEFT JOIN bound b ON b.customer_no = c.customer_no
        WHERE c.at_utc >= ? AND c.at_utc < ? AND c.customer_no NOT IN ({_GONE})
          AND NOT (c.kind = ? AND (b.first IS NULL OR c.at_utc >= b.first) AND NOT EXISTS (
              SELECT 1 FROM newer n WHERE n.customer_no = c.customer_no AND n.channel = c.channel))
        {order}""", (beratung, person, cut, beratung, cut, since, cut, cutoff, beratung)).fetchall()
    appointments = conn.execute(f"""
        SELECT {select.removeprefix('c.')} FROM appointments
        WHERE start_utc < ? AND end_utc <= ? AND customer_no NOT IN ({_GONE})
        {order.replace('c.at_utc, c.id', 'start_utc, id')}""", (cut, cut, cutoff)).fetchall()
    return contacts, appointments


def _names(conn: sqlite3.Connection, customers: set[str]) -> list[str]:
    """How the erased customers can appear in the name of a journal entry: "Müller, Anna", the
    Kundennummer; longest first, so that a name is replaced before a part of it."""
    found = set(customers)
    for no in customers:
        row = conn.execute("SELECT last_name, first_name FROM customers WHERE customer_no = ?", (no,)).fetchone()
        if row is not None:
            found |= {f"{row[0]}, {row[1]}", row[0]} - {""}
    return sorted(found, key=len, reverse=True)


def _scrub_journal(conn: sqlite3.Connection, customers: set[str], gone: set[tuple[str, int]],
                   names: list[str]) -> None:
    for entry_id, action, listed, changes in conn.execute(
            "SELECT id, action, customers, changes FROM journal").fetchall():
        touched = set(json.loads(listed))
        rows = decode_rows(changes)
        kept = [r for r in rows if not _erased(r, customers, gone)]
        if len(kept) == len(rows) and not touched & customers:
            continue
        for name in names:
            action = action.replace(name, ERASED)
        left = [no for no in json.loads(listed) if no not in customers]
        conn.execute("UPDATE journal SET action = ?, customers = ?, changes = ? WHERE id = ?",
                     (action, json.dumps(left, ensure_ascii=False), encode_rows(kept), entry_id))


def _erased(row: RowChange, customers: set[str], gone: set[tuple[str, int]]) -> bool:
    if (row.table, row.key) in gone:
        return True
    if row.table == "customers":
        return row.key in customers
    image = row.after or row.before or {}
    return image.get("customer_no") in customers


def _set_null(conn: sqlite3.Connection, entries: list[int]) -> None:
    """Undo and redo entries that name an entry about to be erased as their target lose it."""
    for chunk in _chunks(entries):
        conn.execute(f"UPDATE journal SET target = NULL WHERE target IN ({_marks(chunk)})", chunk)


def _delete(conn: sqlite3.Connection, table: str, column: str, values: list) -> None:
    for chunk in _chunks(values):
        conn.execute(f"DELETE FROM {table} WHERE {column} IN ({_marks(chunk)})", chunk)


def _chunks(values: list, size: int = 500) -> list[list]:
    return [values[i:i + size] for i in range(0, len(values), size)]


def _marks(values: list) -> str:
    return ", ".join("?" for _ in values)
