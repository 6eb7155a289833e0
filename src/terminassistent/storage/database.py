"""Opening and creating the caseload file: checks, lock, pragmas, migrations, backup.

Every refusal raises StoreError with a German sentence naming the file, and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import sys
from pathlib import Path

from terminassistent.errors import StoreError
from terminassistent.storage.migrations import LATEST, MIGRATIONS

# PRAGMA application_id marks the file as ours ("TeAs"), so another program's SQLite file is
# told apart from an empty or damaged caseload.
APPLICATION_ID = 0x54654173
SQLITE_HEADER = b"SQLite format 3\x00"


class FileLock:
    """An exclusive advisory lock on the database file, held while the caseload is open.

    flock() locks are independent of the POSIX locks SQLite takes, so the two do not interfere;
    the descriptor must stay open until after SQLite's connection is closed (closing any
    descriptor of a file drops that process's POSIX locks on it).
    """

    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR)
        try:
            if sys.platform == "win32":  # pragma: no cover - exercised by the Windows bundle
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise StoreError(
                f"Die Datenbank »{self.path}« wird gerade von einem anderen Terminassistent-Fenster "
                "oder -Befehl verwendet. Bitte schließen Sie es und versuchen Sie es erneut."
            ) from None
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _connect(path: Path) -> sqlite3.Connection:
    # isolation_level=None: transactions are explicit (see Caseload.transaction).
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 2000")
    return conn


def _pragmas(conn: sqlite3.Connection) -> None:
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode.lower() != "wal":
        raise StoreError("Die Datenbank kann nicht im WAL-Modus geöffnet werden.")
    # FULL: a committed transaction survives a power cut, not only a crash of the program.
    conn.execute("PRAGMA synchronous = FULL")


def _migrate(conn: sqlite3.Connection, start: int) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        for number in range(start + 1, LATEST + 1):
            for statement in _statements(MIGRATIONS[number - 1]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _statements(script: str) -> list[str]:
    """Split a migration into statements; executescript() would commit behind our back."""
    parts, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                parts.append(current.strip())
            current = ""
    if current.strip():
        parts.append(current.strip())
    return parts


def backup_path(path: Path, version: int, now: dt.datetime | None = None) -> Path:
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.name}.v{version}-{stamp}.bak")


def _backup(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    target = backup_path(path, version)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    dest = sqlite3.connect(target)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    return target


def create_file(path: Path) -> sqlite3.Connection:
    """Create a new caseload file, readable by its owner only; refuse an existing path."""
    path = Path(path)
    if path.exists():
        raise StoreError(f"Die Datei »{path}« gibt es schon; sie wird nicht überschrieben.")
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise StoreError(f"Die Datei »{path}« kann nicht angelegt werden: {exc.strerror}.") from None
    os.close(fd)
    try:
        conn = _connect(path)
        _pragmas(conn)
        _migrate(conn, 0)
        return conn
    except BaseException:
        _remove_with_sidecars(path)
        raise


def _remove_with_sidecars(path: Path) -> None:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            p.unlink()
        except FileNotFoundError:
            pass


def precheck(path: Path) -> None:
    """Refuse, before anything touches it, a path that is not an existing SQLite file."""
    if not path.exists():
        raise StoreError(f"Die Datenbank »{path}« gibt es nicht. Bitte prüfen Sie den Pfad.")
    if not path.is_file():
        raise StoreError(f"»{path}« ist ein Ordner, keine Datenbank-Datei.")
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"Die Datenbank »{path}« kann nicht gelesen werden: {exc.strerror}.") from None
    if header != SQLITE_HEADER:
        raise StoreError(f"Die Datei »{path}« ist keine Terminassistent-Datenbank (keine SQLite-Datei).")


def open_file(path: Path) -> tuple[sqlite3.Connection, Path | None]:
    """Open an existing caseload (call precheck and take the lock first), migrating it after a
    backup if it is older. Returns the connection and the backup's path if a migration ran.
    """
    conn = _connect(path)
    try:
        version, app_id = _identify(conn)
        if version > LATEST:
            raise StoreError(
                f"Die Datenbank »{path}« wurde von einer neueren Version von Terminassistent "
                f"geschrieben (Schema {version}, diese Version kennt bis {LATEST}). "
                "Bitte installieren Sie die neuere Version."
            )
        if app_id != APPLICATION_ID:
            raise StoreError(f"Die Datei »{path}« ist eine SQLite-Datenbank, aber keine von Terminassistent.")
        _pragmas(conn)
        backup = None
        if version < LATEST:
            backup = _backup(conn, path, version)
            _migrate(conn, version)
        return conn, backup
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(damaged_message(path, exc)) from None
    except BaseException:
        conn.close()
        raise


def _identify(conn: sqlite3.Connection) -> tuple[int, int]:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    # Reading the schema touches the first pages: a damaged file fails here, not later.
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return version, app_id


def damaged_message(path: Path, exc: Exception) -> str:
    return (
        f"Die Datenbank »{path}« ist beschädigt und kann nicht gelesen werden ({exc}). "
        "Bitte stellen Sie die letzte Sicherung wieder her."
    )
