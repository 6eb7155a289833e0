"""The floors: for each operation, the simplest program that does the same reading or writing.

Each floor works on the same file as the program and is timed in the same run. They use sqlite3,
csv and json directly (no facade, no domain objects, no validation): what the program costs beyond
them is the price of its checks, its domain model and its layers. ``export`` runs also as a child
process (``python -m tests.benchmarks.floors export DB``) to measure its peak memory.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

TABLES = ("caseworker", "settings", "customers", "contacts", "appointments", "absences")


def read_all_rows(db: Path) -> int:
    """``check``'s floor: every row of every table, read once."""
    conn = sqlite3.connect(db)
    count = 0
    for table in TABLES:
        for _ in conn.execute(f"SELECT * FROM {table}"):
            count += 1
    conn.close()
    return count


def read_and_dump(db: Path, out: IO[str]) -> None:
    """``export``'s floor: every row as a JSON object, all in one document, ``json.dump``."""
    conn = sqlite3.connect(db)
    document: dict[str, Any] = {}
    for table in TABLES:
        cursor = conn.execute(f"SELECT * FROM {table}")
        names = [d[0] for d in cursor.description]
        document[table] = [dict(zip(names, row)) for row in cursor]
    conn.close()
    json.dump(document, out, ensure_ascii=False)


def csv_bulk_insert(source: Path, db: Path) -> None:
    """``import``'s floor: the CSV file read with the csv module, then one bulk insert of the
    customers and one of their last contacts into a new file."""
    with open(source, encoding="utf-8-sig", newline="") as f:
        header, *rows = list(csv.reader(f, delimiter=";"))
    conn = sqlite3.connect(db)
    conn.execute(f"CREATE TABLE customers ({', '.join(f'c{i} TEXT' for i in range(len(header)))})")
    conn.execute("CREATE TABLE contacts (customer_no TEXT, at TEXT, channel TEXT)")
    marks = ", ".join("?" for _ in header)
    last, channel = header.index("Letzter Kontakt"), header.index("Kanal")
    with conn:
        conn.executemany(f"INSERT INTO customers VALUES ({marks})", rows)
        conn.executemany("INSERT INTO contacts VALUES (?, ?, ?)", [(r[0], r[last], r[channel]) for r in rows if r[last]])
    conn.close()


def read_tables(db: Path) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every table's column names and rows (what ``write_tables`` writes again)."""
    conn = sqlite3.connect(db)
    tables = {}
    for table in TABLES:
        cursor = conn.execute(f"SELECT * FROM {table}")
        tables[table] = ([d[0] for d in cursor.description], cursor.fetchall())
    conn.close()
    return tables


def write_tables(tables: dict[str, tuple[list[str], list[tuple]]], db: Path) -> None:
    """``demo``'s floor: the same records written to a new file, one bulk insert per table."""
    conn = sqlite3.connect(db)
    with conn:
        for table, (columns, rows) in tables.items():
            conn.execute(f"CREATE TABLE {table} ({', '.join(columns)})")
            conn.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' for _ in columns)})", rows)
    conn.close()


def plan_week_reading(db: Path, horizon_utc: str, now_utc: str, first_utc: str, last_utc: str,
                      attendance_utc: str) -> int:
    """plan-week's floor: the rows a week plan has to read. Every customer; the Beratungsvermerke
    since the policy's horizon and each customer's latest one per channel before it; the
    appointments booked from now on (who is in the invitation chain) and those of the last 26
    weeks (the attendance rate); the week's calendar (appointments and absences); the caseworker
    and the settings."""
    conn = sqlite3.connect(db)
    queries: Sequence[tuple[str, tuple]] = (
        ("SELECT * FROM caseworker", ()),
        ("SELECT * FROM settings", ()),
        ("SELECT * FROM customers", ()),
        ("""SELECT * FROM contacts WHERE kind = 'beratung' AND at_utc >= ?
            UNION ALL
            SELECT c.* FROM contacts c JOIN (
                SELECT customer_no, channel, max(at_utc) AS last FROM contacts
                WHERE kind = 'beratung' AND at_utc < ? GROUP BY customer_no, channel
            ) l ON c.customer_no = l.customer_no AND c.channel = l.channel AND c.at_utc = l.last
            WHERE c.kind = 'beratung'""", (horizon_utc, horizon_utc)),
        ("SELECT customer_no FROM appointments WHERE status = 'booked' AND end_utc > ? AND start_utc > date(?, '-1 day')",
         (now_utc, now_utc)),
        ("SELECT * FROM appointments WHERE start_utc >= ? AND start_utc < ?", (attendance_utc, now_utc)),
        ("SELECT * FROM appointments WHERE start_utc < ? AND end_utc > ?", (last_utc, first_utc)),
        ("SELECT * FROM absences WHERE start_utc < ? AND end_utc > ?", (last_utc, first_utc)),
    )
    count = 0
    for sql, params in queries:
        for _ in conn.execute(sql, params):
            count += 1
    conn.close()
    return count


def bare_pdf(pages: list[list[tuple[float, float, float, bool, str]]], target: Path) -> None:
    """The series letter's floor: a QPdfWriter loop drawing the same text on the same pages
    (each run at its place, in the letter's fonts), with no layout at all."""
    from PySide6.QtCore import QMarginsF, QPointF
    from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

    from terminassistent.documents.qtapp import ensure_gui_application, letter_font

    ensure_gui_application()
    writer = QPdfWriter(str(target))
    writer.setResolution(600)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(0, 0, 0, 0)))
    fonts: dict[tuple[float, bool], Any] = {}
    painter = QPainter(writer)
    scale = 600 / 72  # points to device pixels
    for n, runs in enumerate(pages):
        if n:
            writer.newPage()
        for x, y, size, bold, text in runs:
            key = (size, bold)
            if key not in fonts:
                fonts[key] = letter_font(size, bold)
            painter.setFont(fonts[key])
            painter.drawText(QPointF(x * scale, y * scale), text)
    painter.end()


if __name__ == "__main__":  # python -m tests.benchmarks.floors export DB: for the peak memory
    _, what, path = sys.argv
    assert what == "export", what
    read_and_dump(Path(path), sys.stdout)
