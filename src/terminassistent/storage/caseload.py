"""The caseload facade: the only way into the database for the services, CLI and desktop.

Reads return frozen domain objects; every write runs in a transaction (one per user action when
the caller wraps several writes in ``with caseload.action(name):``, which also journals the
action's row changes; see storage/journal.py). Thread use: one Caseload may be handed to a worker
thread; calls are serialised by an internal lock.

Several processes may use the file at once (the desktop and a command run beside it): SQLite's own
locking (WAL, busy timeout) serialises their writes. ``data_version`` tells that another process
committed, ``journal_after`` what it changed.

The class is put together from parts, a module each: caseload_base.py (the connection and its lock,
transactions and the journaled row writes, reading stored rows, the low-level queries),
caseload_journal.py (the journal), caseload_customers.py (customers, their groups and contacts),
caseload_appointments.py (appointments, absences, the documents written) and
caseload_maintenance.py (erasure, copies, integrity, whole tables). Here: opening and closing, the
caseworker and the settings.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path
from typing import Any

from terminassistent.domain.model import Caseworker
from terminassistent.errors import StoreError
from terminassistent.storage import cipher, database, rows
from terminassistent.storage.caseload_appointments import MAX_APPOINTMENT, AppointmentRecords
from terminassistent.storage.caseload_base import ORDERS
from terminassistent.storage.caseload_customers import CustomerRecords
from terminassistent.storage.caseload_journal import JournalAccess
from terminassistent.storage.caseload_maintenance import Maintenance
from terminassistent.storage.migrations import LATEST


class Caseload(JournalAccess, CustomerRecords, AppointmentRecords, Maintenance):
    """One open caseload file (``open``, ``create``); its parts are named in the module's docstring."""

    # -- opening and closing -------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, key: str | None = None) -> "Caseload":
        """Open an existing caseload; refuses a missing, foreign, damaged, newer or busy file. An
        encrypted one is opened with ``key``, else with the key its key source gives
        (storage/cipher.py)."""
        path = Path(path)
        database.precheck(path)
        if not cipher.is_plain(path):
            if not cipher.available():
                raise StoreError(f"Der Bestand »{path}« ist verschlüsselt oder beschädigt. {cipher.UNAVAILABLE}")
            key = key if key is not None else cipher.key_for(path)
            if key is None:
                raise database.KeyMissing(path)
        conn, backup = database.open_file(path, key)
        return cls(path, conn, backup)

    def release_for_conversion(self) -> None:
        """Before the file is copied whole into another format (encrypt, decrypt): leave WAL mode,
        which folds every committed change into the file itself; SQLite allows that only when no
        other connection (another command) has the file open."""
        with self._mutex:
            mode = self._scalar("PRAGMA journal_mode = DELETE")
            if str(mode).lower() != "delete":
                raise StoreError(f"Der Bestand »{self.path}« wird gerade von einem anderen Befehl verwendet; es wurde "
                                 "nichts geändert. Bitte versuchen Sie es gleich noch einmal.")

    @property
    def key(self) -> str | None:
        """The passphrase of an encrypted caseload; None for a plain one."""
        return getattr(self._conn, "key", None) if isinstance(self._conn, cipher.Connection) else None

    @classmethod
    def create(cls, path: str | Path, caseworker: Caseworker | None = None, *, draft: bool = False) -> "Caseload":
        """Create a new, empty caseload file (owner-only); refuses an existing path. On any
        failure no file remains. ``draft``: a file built under a temporary name, to be renamed
        when complete: its commits do not wait for the disk, ``close`` turns it to WAL and writes
        it through once."""
        path = Path(path)
        conn = database.create_file(path, draft=draft)
        caseload = cls(path, conn)
        caseload._draft = draft
        if caseworker is not None:
            try:
                caseload.save_caseworker(caseworker)
            except BaseException:
                caseload.close()
                database.remove_database_files(path)
                raise
        return caseload

    def close(self) -> None:
        with self._mutex:
            if self._conn is not None:
                changed = self._conn.total_changes != self._changes_at_open and not self._rolled_back
                if self._wrote or changed:
                    with contextlib.suppress(sqlite3.Error):
                        self._conn.execute("PRAGMA optimize")
                try:
                    if self._draft and not self._rolled_back:  # a failed draft is thrown away as it is
                        database.finish_draft(self._conn, self.path)
                finally:
                    self._conn.close()
                    self._conn = None
                if self._draft:
                    database.sync_file(self.path)

    def __enter__(self) -> "Caseload":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return self._scalar("PRAGMA user_version")

    # -- caseworker and settings ---------------------------------------------------------------

    def caseworker(self) -> Caseworker:
        row = self._one("SELECT * FROM caseworker WHERE id = 1")
        return self._read_one("caseworker", row)

    def save_caseworker(self, cw: Caseworker) -> None:
        with self.transaction():
            self._update_row("caseworker", 1, rows.caseworker_to_row(cw))

    def setting(self, key: str, default: Any = None) -> Any:
        row = self._one("SELECT value FROM settings WHERE key = ?", (key,), required=False)
        if row is None:
            return default
        try:
            return json.loads(row["value"])
        except (ValueError, TypeError):
            raise StoreError(
                f"Die Datenbank »{self.path}« enthält einen ungültigen Eintrag. Die Einstellung »{key}«: "
                f"Spalte »value« hat den ungültigen Wert »{rows.show_value(row['value'])}« (erwartet einen JSON-Wert). "
                f"{self._check_advice()}"
            ) from None

    def set_setting(self, key: str, value: Any) -> None:
        text = json.dumps(value, ensure_ascii=False)
        with self.transaction():
            if self._stored("settings", key) is None:
                self._insert_row("settings", {"key": key, "value": text})
            else:
                self._update_row("settings", key, {"value": text})


__all__ = ["Caseload", "LATEST", "MAX_APPOINTMENT", "ORDERS"]
