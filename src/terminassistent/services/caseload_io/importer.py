"""``terminassistent import``: a caseload CSV file into the store, all or nothing."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from terminassistent.domain.model import Caseworker
from terminassistent.domain.workweek import default_pattern
from terminassistent.errors import InvalidInput, StoreError, os_reason
from terminassistent.services.backup.copies import before_bulk
from terminassistent.services.caseload_io.csv_import import ParsedCaseload, parse_caseload_csv
from terminassistent.services.changes import Changes
from terminassistent.storage import Caseload, remove_database_files


@dataclass(frozen=True)
class ImportReport:
    db: Path
    source: Path
    customers: int
    contacts: int
    dry_run: bool
    created: bool  # the database file was created by this import

    def as_dict(self) -> dict[str, Any]:
        return {
            "db": str(self.db),
            "file": str(self.source),
            "customers": self.customers,
            "contacts": self.contacts,
            "dry_run": self.dry_run,
            "created": self.created,
        }

    def summary(self) -> str:
        what = f"{self.customers} Kunden und {self.contacts} letzte Kontakte"
        if self.dry_run:
            return f"Prüfung von »{self.source.name}« ohne Fehler: {what} würden importiert. Es wurde nichts geschrieben."
        if self.created:
            return (f"{what} aus »{self.source.name}« in die neue Datenbank »{self.db}« importiert. Bitte tragen "
                    "Sie noch Ihre Angaben und Arbeitszeiten ein: terminassistent settings --db "
                    f"\"{self.db}\" --name … --office … --hours … (Vorgabe bis dahin: Vollzeit 39 Stunden).")
        return f"{what} aus »{self.source.name}« in »{self.db}« importiert."


def read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"Die Datei »{path}« gibt es nicht.") from None
    except IsADirectoryError:
        raise InvalidInput(f"»{path}« ist ein Ordner, keine CSV-Datei.") from None
    except OSError as exc:
        raise InvalidInput(f"Die Datei »{path}« kann nicht gelesen werden: {os_reason(exc)}.") from None


def duplicates(caseload: Caseload, parsed: ParsedCaseload, source: str) -> list[str]:
    """Every Kundennummer of the file that is already in the caseload, by its line."""
    there = caseload.existing_customers([c.customer_no for c in parsed.customers])
    return [
        f"{source}, Zeile {parsed.lines.get(c.customer_no, '?')}, Spalte »Kundennummer«: "
        f"»{c.customer_no}« ist schon im Bestand."
        for c in parsed.customers
        if c.customer_no in there
    ]


def import_csv(db: Path, source: Path, *, dry_run: bool = False) -> ImportReport:
    """Check the whole file, then write every row in one transaction (or nothing at all).

    A missing database is created (owner-only) unless this is a dry run; if the import then
    fails, the new file is removed again.
    """
    with _no_cycle_collection():
        parsed = parse_caseload_csv(read_file(source), source.name)
        report = ImportReport(db, source, len(parsed.customers), len(parsed.contacts), dry_run, created=not db.exists())
        if report.created:
            if not dry_run:
                _import_into_new(db, parsed, source.name)
            return report
        with Caseload.open(db) as caseload:
            import_parsed(caseload, parsed, source.name, dry_run=dry_run)
        return report


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while a file is read and written: its rows, values and
    journal images form no cycles, yet each full pass walks every one of them again (a tenth of an
    import of 10,000 customers). Whatever cycles there are, it collects when it runs again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def import_parsed(caseload: Caseload, parsed: ParsedCaseload, source: str, *, dry_run: bool = False) -> Changes:
    """Add the parsed customers and their last contacts to an open caseload, as one user action;
    refused, with every Kundennummer already in the caseload named by its line, before anything is
    written."""
    found = duplicates(caseload, parsed, source)
    if found:
        raise InvalidInput(f"Die Datei »{source}« wurde nicht importiert: {len(found)} Fehler.", found)
    if dry_run:
        return Changes()
    before_bulk(caseload, "vor-import")
    with caseload.action(f"Kunden aus »{source}« importieren ({len(parsed.customers)})") as action:
        caseload.add_customers_with_contacts(parsed.customers, parsed.contacts)
        return Changes.of(action.rows)


def _import_into_new(db: Path, parsed: ParsedCaseload, source: str) -> None:
    """Build the new caseload in a temporary file beside ``db`` and move it into place only when the
    import has committed: an import that fails, or is killed, leaves no file under the name ``db``."""
    _remove_stale_imports(db)
    temp = db.with_name(f".{db.name}.import-{os.getpid()}.tmp")
    remove_database_files(temp)
    # A usable start: a full-time pattern until the caseworker sets their own (terminassistent settings).
    caseload = Caseload.create(temp, Caseworker(pattern=default_pattern(39.0)), draft=True)
    try:
        with caseload.action(f"Kunden aus »{source}« importieren ({len(parsed.customers)})"):
            caseload.add_customers_with_contacts(parsed.customers, parsed.contacts)
        caseload.close()
        _move_new(temp, db)
    except BaseException:
        caseload.close()
        remove_database_files(temp)
        raise


def _move_new(temp: Path, db: Path) -> None:
    """Give ``temp`` the name ``db``, never replacing a file that appeared there meanwhile."""
    try:
        os.link(temp, db)
    except FileExistsError:
        raise StoreError(f"Die Datei »{db}« ist während des Imports entstanden; sie wird nicht überschrieben.") from None
    except OSError:  # a file system without hard links (FAT, some network drives)
        if db.exists():
            raise StoreError(f"Die Datei »{db}« ist während des Imports entstanden; sie wird nicht überschrieben.") from None
        os.replace(temp, db)
        return
    temp.unlink()


def _remove_stale_imports(db: Path) -> None:
    """Temporary files of imports into ``db`` that were killed (their process is gone)."""
    if sys.platform == "win32":  # pragma: no cover - os.kill would end the process there
        return
    for leftover in db.parent.glob(f".{db.name}.import-*.tmp*"):  # the file and its -journal, -wal, -shm
        base = leftover.name.split(".tmp", 1)[0]
        pid = base.rsplit("-", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            remove_database_files(leftover.with_name(f"{base}.tmp"))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists but belongs to someone else
    return True


__all__ = ["ImportReport", "import_csv", "StoreError"]
