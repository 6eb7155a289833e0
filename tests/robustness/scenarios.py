"""The writing commands the kill test interrupts, each on a caseload prepared for it.

Every scenario is a start file and one command line; running it to the end gives the one state the
command may leave besides the start state. The caseload is the demo (seeded), with one action done
(so that undo has something to take back), a customer who left long ago (so that purge erases), a
backup (for restore) and, for the migration, a copy brought back to schema 4.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from terminassistent.domain.model import BERLIN
from terminassistent.services.backup.copies import create_backup
from terminassistent.services.context import Context, fixed_clock
from terminassistent.services.demo.build import DemoOptions, create_demo
from terminassistent.services.retention.departure import record_departure
from terminassistent.services.scheduling.booking import book_with_warnings
from terminassistent.services.scheduling.proposals import propose_next
from terminassistent.storage import Caseload

TODAY = dt.date(2026, 11, 23)
NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=BERLIN)
TABLES = ("caseworker", "settings", "customers", "customer_groups", "contacts", "appointments", "absences",
          "documents")


@dataclass(frozen=True)
class Scenario:
    name: str
    start: Path | None  # None: the command creates the file
    argv: tuple[str, ...]  # "{db}" stands for the caseload file of a run

    def args(self, db: Path) -> list[str]:
        return [a.replace("{db}", str(db)) for a in self.argv]


def prepare(folder: Path) -> list[Scenario]:
    """Build the start files in ``folder`` (once per session) and return every scenario."""
    folder.mkdir(parents=True, exist_ok=True)
    base = folder / "demo.db"
    create_demo(base, DemoOptions(today=TODAY, seed=3, customers=40))
    ctx = Context(Caseload.open(base), fixed_clock(NOW))
    try:
        customers = ctx.caseload.customers()
        first, second, third = customers[0], customers[1], customers[2]
        backup = create_backup(ctx.caseload, to=folder / "kopie.bak", now=NOW).path  # before the two actions
        book_with_warnings(ctx, first.customer_no, propose_next(ctx, first.customer_no).slots[0].start)
        record_departure(ctx, third.customer_no, dt.date(2023, 2, 1), "Umzug")
        free = [s.start for s in propose_next(ctx, second.customer_no, count=2).slots]
        upcoming = [a for a in ctx.caseload.appointments(start=NOW) if a.status.value == "booked"]
    finally:
        ctx.caseload.close()
    old = folder / "schema4.db"
    shutil.copy(base, old)
    _to_schema_4(old)
    csv = folder / "neu.csv"
    rows = ["Kundennummer;Nachname;Vorname;Geburtsdatum;Status;Letzter Kontakt"]
    rows += [f"900K{n:06d};Neumann;Nora;01.02.198{n % 10};arbeitslos;0{1 + n % 9}.10.2026" for n in range(300)]
    csv.write_text("\n".join(rows), encoding="utf-8")
    db = ("--db", "{db}")
    return [
        Scenario("import", base, ("import", *db, str(csv))),
        Scenario("import-neu", None, ("import", *db, str(csv))),
        Scenario("conclude", base, ("conclude", *db, "--customer", second.customer_no, "--at", NOW.isoformat(),
                                    "--next", free[0].isoformat())),
        Scenario("book", base, ("book", *db, "--customer", second.customer_no, "--start", free[1].isoformat())),
        Scenario("plan-week", base, ("plan-week", *db, "--week", "2026-W50", "--apply")),
        Scenario("outcome", base, ("outcome", *db, "--appointment", str(upcoming[-1].id), "--status", "cancelled",
                                   "--reason", "krank")),
        Scenario("settings", base, ("settings", *db, "--name", "Frau Sabine Krüger", "--hours", "30",
                                    "--set", "scheduling.buffer_minutes=5")),
        Scenario("restore", base, ("restore", *db, str(backup))),
        Scenario("undo", base, ("undo", *db)),
        Scenario("purge", base, ("purge", *db, "--apply")),
        Scenario("migration", old, ("export", *db, "--json")),
    ]


def _to_schema_4(path: Path) -> None:
    """The file as schema 4 wrote it: without what migrations 5 to 7 added."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DROP TABLE documents")
    conn.execute("ALTER TABLE customers DROP COLUMN left_on")
    conn.execute("ALTER TABLE customers DROP COLUMN leave_reason")
    for column in ("finding_on", "finding_established", "finding_note"):
        conn.execute(f"ALTER TABLE appointments DROP COLUMN {column}")
    conn.execute("DROP TABLE customer_groups")
    conn.execute("ALTER TABLE contacts DROP COLUMN phone_reason")
    conn.execute("PRAGMA user_version = 4")
    conn.close()


def state(path: Path) -> dict | None:
    """Everything stored, for comparing (the journal without its times; None: no file)."""
    if not path.exists():
        return None
    conn = sqlite3.connect(path)
    try:
        present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        found = {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLES if t in present}
        found["journal"] = conn.execute(
            "SELECT id, user, action, kind, target, undone, customers, changes FROM journal ORDER BY id").fetchall()
        found["schema"] = conn.execute("PRAGMA user_version").fetchone()[0]
        return found
    finally:
        conn.close()
