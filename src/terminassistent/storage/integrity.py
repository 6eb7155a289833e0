"""The integrity check behind ``terminassistent check``: the file, the schema and every record.

Every problem is one German sentence naming the record, the column and the stored value; the
per-column reading rules are the ones the Caseload facade uses (``rows.COLUMNS``).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from terminassistent.storage import columns, rows

EXPECTED_TABLES = {"caseworker", "customers", "contacts", "appointments", "absences", "settings", "customer_groups"}

def find_problems(conn: sqlite3.Connection, db: Database, path: Path) -> list[str]:
    problems: list[str] = []
    damage = [m for (m,) in conn.execute("PRAGMA integrity_check").fetchall() if m != "ok"]
    if damage:
        # SQLite's own findings (page numbers, in English) would tell a caseworker nothing.
        problems.append(
            f"Die Datei »{path.name}« ist beschädigt: SQLite meldet bei der Prüfung ihrer inneren Struktur "
            f"{len(damage)} {'Schaden' if len(damage) == 1 else 'Schäden'}. "
            "Bitte stellen Sie die letzte Sicherung wieder her."
        )
    missing = EXPECTED_TABLES - set(db.table_names())
    if missing:
        problems.append(f"In »{path.name}« fehlen die Tabellen {', '.join(f'»{t}«' for t in sorted(missing))}.")
        return problems
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check").fetchall():
        row = conn.execute(f"SELECT * FROM {table} WHERE rowid = ?", (rowid,)).fetchone()
        if table in ("contacts", "appointments", "customer_groups") and row is not None:
            problems.append(
                f"{rows.record_label(table, row)} verweist auf die Kundennummer »{rows.show_value(row['customer_no'])}«, "
                "die es im Bestand nicht gibt."
            )
        else:
            problems.append(f"Zeile {rowid} der Tabelle »{table}« verweist auf einen fehlenden Eintrag in »{parent}«.")
    for table in ("customers", "contacts", "appointments", "absences", "customer_groups"):
        present = {info[1] for info in conn.execute(f"PRAGMA table_info({table})")}
        absent = [column for column, *_ in rows.COLUMNS[table] if column not in present]
        if absent:  # said once, not once for every record
            problems.append(f"In der Tabelle »{table}« fehlen die Spalten {', '.join(f'»{c}«' for c in absent)}.")
            continue
        problems += record_problems(conn, table)
    caseworker = conn.execute("SELECT * FROM caseworker WHERE id = 1").fetchone()
    if caseworker is None:
        problems.append("Die Einstellungen der Integrationsfachkraft fehlen (die Tabelle »caseworker« ist leer).")
    else:
        for bad in rows.row_problems("caseworker", caseworker):
            problems.append(rows.record_problem("caseworker", caseworker, bad))
    for key, value in conn.execute("SELECT key, value FROM settings ORDER BY key"):
        try:
            json.loads(value)
        except (ValueError, TypeError):
            problems.append(
                f"Die Einstellung »{rows.show_value(key)}«: Spalte »value« hat den ungültigen Wert "
                f"»{rows.show_value(value)}« (erwartet einen JSON-Wert)."
            )
    for first, second, start in overlapping_appointments(conn):
        try:
            when = f"{rows.from_utc_text(start):%d.%m.%Y %H:%M}"
        except (ValueError, TypeError, OverflowError):
            when = f"Beginn »{rows.show_value(start)}«"  # the bad start is reported above
        problems.append(f"Die Termine {first} und {second} überschneiden sich ({when}).")
    return problems


def record_problems(conn: sqlite3.Connection, table: str) -> list[str]:
    """Every value of ``table`` that cannot be read, as German sentences, in row order. SQLite
    picks out the rows that might hold one (``rows.sound_sql``); only those are read in Python."""
    found = []
    for row in conn.execute(f"SELECT * FROM {table} WHERE ({rows.sound_sql(table)}) IS NOT 1"):
        for bad in rows.row_problems(table, row):
            found.append(rows.record_problem(table, row, bad))
    return found


# An appointment of at most a day whose times are valid UTC moments: one that overlaps it starts
# less than a day before it (and the text order of such times is their order in time).
_REGULAR = (
    "coalesce({x}.end_utc <= strftime('%Y-%m-%dT%H:%M:%SZ', {x}.start_utc, '+1 day') AND "
    + columns.sql_moment("{x}.start_utc") + " AND " + columns.sql_moment("{x}.end_utc") + ", 0)"
)
_OVERLAP = """SELECT a.id, b.id, a.start_utc FROM appointments {outer} CROSS JOIN appointments {inner}
    WHERE a.status IN ('booked', 'held') AND b.status IN ('booked', 'held')
    AND +a.id < +b.id AND a.start_utc < b.end_utc AND b.start_utc < a.end_utc AND {where}"""


def overlap_sql() -> str:
    """The query behind ``overlapping_appointments``. Regular appointments (``_REGULAR``) are
    joined only with those starting less than a day before them, on the start-time index; the rare
    others are compared with every appointment. (``+a.id``: the ids are no index to search by.)"""
    regular_a, regular_b = _REGULAR.format(x="a"), _REGULAR.format(x="b")
    window = "b.start_utc > strftime('%Y-%m-%dT%H:%M:%SZ', a.start_utc, '-1 day')"
    parts = [
        _OVERLAP.format(outer="a", inner="b", where=f"{regular_a} AND {window} AND {regular_b}"),
        _OVERLAP.format(outer="a", inner="b", where=f"NOT {regular_a}"),
        _OVERLAP.format(outer="b", inner="a", where=f"NOT {regular_b} AND {regular_a}"),
    ]
    return " UNION ALL ".join(parts) + " ORDER BY 1, 2"


def overlapping_appointments(conn: sqlite3.Connection) -> list[tuple[Any, Any, Any]]:
    """Pairs (id, later id, start of the first) of booked or held appointments that overlap, in
    order: the pairs a join of every appointment with every other one gives, in linear time."""
    return conn.execute(overlap_sql()).fetchall()
