"""The integrity check behind ``terminassistent check``: the file, the schema and every record."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from terminassistent.storage import rows

EXPECTED_TABLES = {"caseworker", "customers", "contacts", "appointments", "absences", "settings"}

_READERS = {
    "customers": ("customer_no", rows.customer_from_row),
    "contacts": ("id", rows.contact_from_row),
    "appointments": ("id", rows.appointment_from_row),
    "absences": ("id", rows.absence_from_row),
}

_TABLE_DE = {"customers": "Kunde", "contacts": "Kontakt", "appointments": "Termin", "absences": "Abwesenheit"}


def find_problems(conn: sqlite3.Connection, db: Database, path: Path) -> list[str]:
    problems: list[str] = []
    for (message,) in conn.execute("PRAGMA integrity_check").fetchall():
        if message != "ok":
            problems.append(f"SQLite meldet einen Schaden in »{path.name}«: {message}")
    missing = EXPECTED_TABLES - set(db.table_names())
    if missing:
        problems.append(f"Es fehlen Tabellen: {', '.join(sorted(missing))}.")
        return problems
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check").fetchall():
        problems.append(f"{_TABLE_DE.get(table, table)} (Zeile {rowid}) verweist auf einen fehlenden Eintrag in »{parent}«.")
    for table, (key, reader) in _READERS.items():
        for row in conn.execute(f"SELECT * FROM {table}"):
            try:
                reader(row)
            except (ValueError, TypeError, KeyError) as exc:
                problems.append(f"{_TABLE_DE[table]} »{row[key]}« hat einen ungültigen Wert: {exc}")
    try:
        rows.caseworker_from_row(conn.execute("SELECT * FROM caseworker WHERE id = 1").fetchone())
    except (ValueError, TypeError, KeyError) as exc:
        problems.append(f"Die Einstellungen der Integrationsfachkraft sind ungültig: {exc}")
    overlaps = conn.execute(
        """SELECT a.id, b.id, a.start_utc FROM appointments a JOIN appointments b
           ON a.id < b.id AND a.start_utc < b.end_utc AND b.start_utc < a.end_utc
           WHERE a.status IN ('booked', 'held') AND b.status IN ('booked', 'held')"""
    ).fetchall()
    for first, second, start in overlaps:
        problems.append(f"Die Termine {first} und {second} überschneiden sich ({rows.from_utc_text(start):%d.%m.%Y %H:%M}).")
    return problems
