"""The Caseload's upkeep: erasing what is past the retention period, compacting, copies and
restoring from one, the integrity check, and every record of a table a batch at a time (export)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from terminassistent.domain.model import Customer
from terminassistent.errors import StoreError
from terminassistent.storage import database, journal, rows
from terminassistent.storage.caseload_base import ORDERS, CaseloadBase


class Maintenance(CaseloadBase):
    """Erasure, copies, integrity and whole tables, part of ``Caseload``."""

    # -- erasure and copies ----------------------------------------------------------------------

    def erase(self, customer_nos: Sequence[str], contact_ids: Sequence[int], appointment_ids: Sequence[int], *,
              journal_before: dt.datetime, name: str, at: dt.datetime) -> None:
        """Erase records for good, in one transaction: these customers with everything of theirs,
        these contacts and appointments, and the journal entries older than ``journal_before``.
        Nothing erased stays in the journal: the rows of every erased record are removed from the
        entries that hold them, an erased customer's name and number from their names; one entry
        ``name`` without rows records that an erasure happened. Freed pages are overwritten
        (secure_delete); ``compact`` afterwards also rebuilds the file."""
        from terminassistent.storage import erasure

        with self.transaction():
            if self._action is not None:
                raise StoreError("Eine Löschung ist keine rückgängig zu machende Aktion.")
            try:
                erasure.erase(self._conn, customer_nos, contact_ids, appointment_ids, rows.to_utc_text(journal_before))
            except sqlite3.Error as exc:
                error = self._store_error(exc)
                if error is exc:
                    raise
                raise error from None
            self._insert("journal", {"at_utc": rows.to_utc_text(at), "user": journal.os_user(), "action": name,
                                     "kind": journal.ACTION, "customers": "[]", "changes": "[]"})

    def expired(self, cutoff: dt.date, cut: dt.datetime, since: dt.datetime) -> tuple[list[Customer], list[int], list[int]]:
        """What is past the retention period, as ids (not years of history read as records): the
        customers whose Abgang lies before ``cutoff``; of the others, the contacts from ``since``
        to ``cut`` (exclusive) and the appointments ended by ``cut``, in time order. Kept are each
        customer's Beratungsvermerke before ``cut`` from their newest one in person on (all of
        them without one in person), in every channel without a Beratungsvermerk since ``cut``:
        their next due date is computed from these (as ``recent_contacts(cut, [BERATUNG])``)."""
        from terminassistent.storage import erasure

        customers = self._read("customers", self._all(
            f"SELECT * FROM customers WHERE left_on IS NOT NULL AND left_on < ? ORDER BY {ORDERS['customers']}",
            (cutoff.isoformat(),)))
        with self._mutex:
            contacts, appointments = self._reading(lambda: erasure.expired(
                self._conn, cutoff.isoformat(), rows.to_utc_text(cut), rows.to_utc_text(since)))
        return customers, contacts, appointments

    def expired_counts(self, cutoff: dt.date, cut: dt.datetime, since: dt.datetime) -> tuple[int, int, int]:
        """How many customers, contacts and appointments ``expired`` lists, without reading them."""
        from terminassistent.storage import erasure

        with self._mutex:
            return self._reading(lambda: erasure.expired_counts(
                self._conn, cutoff.isoformat(), rows.to_utc_text(cut), rows.to_utc_text(since)))

    def compact(self) -> None:
        """Rebuild the file without free pages (VACUUM) and empty the write-ahead log, so that no
        erased value remains anywhere in the file or its companions."""
        with self._mutex:
            self._execute("VACUUM")
            self._execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def copy_to(self, target: Path) -> None:
        """A consistent copy of the whole caseload in the new file ``target`` (SQLite's backup API;
        the caller creates the file owner-only first)."""
        with self._mutex:
            database.copy(self._conn, target, self.path)

    def restore_from(self, source: Path) -> None:
        """Replace the whole caseload by the copy ``source`` (checked first with
        ``storage.copies.inspect``), in one transaction, and bring it to the current schema."""
        from terminassistent.storage import copies

        with self._mutex:
            if self._depth:
                raise StoreError("Eine Sicherung kann nicht innerhalb einer anderen Änderung zurückgespielt werden.")
            copies.restore_into(self._conn, source, self.path, key=self.key)
            database.after_restore(self._conn, self.path)

    # -- integrity -----------------------------------------------------------------------------

    def record_counts(self) -> dict[str, int]:
        """Records per table; a table that is missing counts 0 (``integrity_problems`` names it)."""
        with self._mutex:
            present = {r[0] for r in self._all("SELECT name FROM sqlite_master WHERE type = 'table'")}
            return {
                t: self._scalar(f"SELECT count(*) FROM {t}") if t in present else 0
                for t in ("customers", "contacts", "appointments", "absences")
            }

    def integrity_problems(self) -> list[str]:
        """Every problem found in the file and its records, as German sentences (empty: sound)."""
        from sqlite_utils import Database  # only the check needs it (its import is a tenth of a second)

        from terminassistent.storage.integrity import find_problems

        with self._mutex:
            if self._conn is None:
                raise StoreError("Die Datenbank ist schon geschlossen.")
            try:
                return find_problems(self._conn, Database(self._conn), self.path)
            except sqlite3.Error as exc:
                message = database.sqlite_error_message(self.path, exc)
                if message is None:
                    raise
                return [message]

    # -- whole tables, a batch at a time ------------------------------------------------------

    def require_readable(self, tables: Sequence[str] = tuple(ORDERS)) -> None:
        """Refuse (StoreError naming the record and the column, as reading it would) if any record
        of ``tables`` holds a value this version cannot read. SQLite picks out the rows that might
        (``rows.sound_sql``); only those are read here. For ``records``, whose caller must not
        begin writing its output before it knows every record can be read."""
        with self._mutex:
            for table in tables:
                self._read(table, self._all(f"SELECT * FROM {table} WHERE ({rows.sound_sql(table)}) IS NOT 1"))

    def records(self, table: str, batch: int = 500) -> Iterator[Any]:
        """Every record of ``table`` (a key of ``ORDERS``) as domain objects, in the order the
        listing methods give, read a batch at a time: memory does not grow with the caseload. Run
        it inside ``transaction()`` for one consistent snapshot of several tables."""
        with self._mutex:
            cursor = self._execute(f"SELECT * FROM {table} ORDER BY {ORDERS[table]}")
            while found := self._reading(lambda: cursor.fetchmany(batch)):
                yield from self._read(table, found)
