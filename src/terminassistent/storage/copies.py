"""Copies of a caseload file: checking that a file is a sound copy of ours, and putting one back.

A copy is read without being changed (read-only, no -wal or -shm beside it). It is put back with
SQLite's backup API into the open caseload: one write transaction, so a crash leaves the old
caseload whole, and another window on the file sees the new contents instead of a swapped file.
"""

from __future__ import annotations

import sqlite3
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from terminassistent.errors import StoreError
from terminassistent.storage import cipher
from terminassistent.storage.database import APPLICATION_ID, SQLITE_HEADER, sqlite_error_message
from terminassistent.storage.migrations import LATEST


@dataclass(frozen=True)
class CopyInfo:
    path: Path
    schema: int
    customers: int


def inspect(path: Path, key: str | None = None) -> CopyInfo:
    """What the copy ``path`` holds, after checking that it is ours, intact and not from a newer
    version; a StoreError naming the file and the reason otherwise. A copy of an encrypted caseload
    is encrypted with the same ``key``."""
    refused = f"Die Datei »{path}« wird nicht wiederhergestellt:"
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        reason = "es gibt sie nicht" if isinstance(exc, FileNotFoundError) else "sie kann nicht gelesen werden"
        raise StoreError(f"{refused} {reason}.") from None
    if header != SQLITE_HEADER and key is None:
        raise StoreError(f"{refused} sie ist keine Sicherung von Terminassistent (keine SQLite-Datei).")
    conn = open_read_only(path, key)
    try:
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            raise StoreError(f"{refused} sie ist eine SQLite-Datenbank, aber keine von Terminassistent.")
        schema = conn.execute("PRAGMA user_version").fetchone()[0]
        if schema > LATEST:
            raise StoreError(f"{refused} sie stammt von einer neueren Version von Terminassistent (Schema {schema}, "
                             f"diese Version kennt bis {LATEST}).")
        if [r[0] for r in conn.execute("PRAGMA integrity_check")] != ["ok"]:
            raise StoreError(f"{refused} sie ist beschädigt.")
        customers = conn.execute("SELECT count(*) FROM customers").fetchone()[0]
    except sqlite3.Error as exc:
        if header != SQLITE_HEADER and isinstance(exc, sqlite3.DatabaseError):
            raise StoreError(f"{refused} sie ist keine Sicherung dieses verschlüsselten Bestands (das Passwort "
                             "öffnet sie nicht).") from None
        raise StoreError(f"{refused} {_reason(path, exc)}") from None
    finally:
        conn.close()
    return CopyInfo(path, schema, customers)


def open_read_only(path: Path, key: str | None = None) -> sqlite3.Connection:
    """A plain copy with ``sqlite3``; an encrypted one (no SQLite header) with SQLCipher and ``key``."""
    uri = f"file:{urllib.parse.quote(str(path.resolve()))}?mode=ro"
    try:
        if key is not None and not cipher.is_plain(path):
            return cipher.connect(path.resolve(), key, read_only=True)
        return sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"Die Datei »{path}« kann nicht gelesen werden: {_reason(path, exc)}") from None


def restore_into(conn: sqlite3.Connection, source: Path, target: Path, key: str | None = None) -> None:
    """Replace the whole database of ``conn`` by the copy ``source`` in one transaction (an
    encrypted caseload only by a copy encrypted with its ``key``)."""
    copy = open_read_only(source, key)
    try:
        if isinstance(copy, cipher.Connection) != isinstance(conn, cipher.Connection):
            state = "verschlüsselt" if isinstance(conn, cipher.Connection) else "nicht verschlüsselt"
            raise StoreError(f"Die Sicherung »{source}« ist anders verschlüsselt als der Bestand »{target}« "
                             f"({state}); sie wird nicht zurückgespielt. Der Bestand ist unverändert.")
        copy.backup(conn)
    except sqlite3.Error as exc:
        raise StoreError(f"Die Sicherung »{source}« konnte nicht zurückgespielt werden: {_reason(target, exc)} "
                         f"Der Bestand »{target}« ist unverändert.") from None
    finally:
        copy.close()


def _reason(path: Path, exc: sqlite3.Error) -> str:
    return sqlite_error_message(path, exc) or "SQLite kann sie nicht lesen."
