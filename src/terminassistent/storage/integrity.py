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

from terminassistent.storage import rows

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


# Text compares alike in Python and SQLite (code points, UTF-8 bytes), whatever it holds; the rare
# appointment with a time stored as something else (a damaged record) is compared in SQL.
_CALENDAR = """SELECT id, start_utc, end_utc, typeof(start_utc) = 'text' AND typeof(end_utc) = 'text'
    FROM appointments WHERE status IN ('booked', 'held') ORDER BY start_utc"""
_IRREGULAR = """SELECT a.id, b.id, a.start_utc FROM appointments a JOIN appointments b
    ON a.id < b.id AND a.start_utc < b.end_utc AND b.start_utc < a.end_utc
    WHERE a.status IN ('booked', 'held') AND b.status IN ('booked', 'held')
    AND (a.id IN ({ids}) OR b.id IN ({ids}))"""


# Is there any pair at all? Of two overlapping appointments, the one that starts first (in SQLite's
# order, whatever the values hold) sees the other start before it ends: one look into the
# start-time index per appointment, in SQLite, answers the question for a sound calendar.
_ANY_OVERLAP = """SELECT 1 FROM appointments a WHERE a.status IN ('booked', 'held') AND EXISTS (SELECT 1 FROM appointments b
    WHERE b.start_utc >= a.start_utc AND b.start_utc < a.end_utc AND b.id <> a.id AND b.status IN ('booked', 'held'))
    LIMIT 1"""


def any_overlap_sql() -> str:
    """The question ``overlapping_appointments`` asks first: is there any pair to find?"""
    return _ANY_OVERLAP


def calendar_sql() -> str:
    """The one reading behind ``overlapping_appointments``: the booked and held appointments in the
    order of the start-time index, each marked whether both its times are stored as text."""
    return _CALENDAR


def overlapping_appointments(conn: sqlite3.Connection) -> list[tuple[Any, Any, Any]]:
    """Pairs (id, later id, start of the first) of booked or held appointments that overlap, in
    order: the pairs a join of every appointment with every other one gives, in linear time.

    The appointments are swept once in the order they start: those still running when one starts
    are the only ones it can overlap (at most a day's worth, as appointments last at most a day).
    A calendar without any pair (``any_overlap_sql``) is not read into Python at all."""
    if conn.execute(_ANY_OVERLAP).fetchone() is None:
        return []
    pairs: list[tuple[Any, Any, Any]] = []
    irregular: list[int] = []  # times stored as something other than text
    running: list[tuple[str, int, str]] = []  # (end, id, start) of the appointments not yet over
    for id_, start, end, text in conn.execute(_CALENDAR):
        if not text:
            irregular.append(id_)
            continue
        running = [r for r in running if r[0] > start]
        for other_end, other_id, other_start in running:
            if other_start < end:  # and start < other_end, as it is still running
                pairs.append((other_id, id_, other_start) if other_id < id_ else (id_, other_id, start))
        running.append((end, id_, start))
    if irregular:
        ids = ", ".join(str(i) for i in irregular)
        pairs += conn.execute(_IRREGULAR.format(ids=ids)).fetchall()
    return sorted(pairs, key=lambda pair: (pair[0], pair[1]))
