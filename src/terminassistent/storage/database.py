"""Opening and creating the caseload file: checks, lock, pragmas, migrations, backup.

Every refusal raises StoreError with a German sentence naming the file, and changes nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

from terminassistent.errors import StoreError, os_reason
from terminassistent.storage import cipher
from terminassistent.storage.migrations import LATEST, MIGRATIONS

# PRAGMA application_id marks the file as ours ("TeAs"), so another program's SQLite file is
# told apart from an empty or damaged caseload.
APPLICATION_ID = 0x54654173
SQLITE_HEADER = b"SQLite format 3\x00"


class WindowLock:
    """The desktop's claim on a caseload file: one window per file (commands take no such lock and
    work beside the window; SQLite serialises their writes).

    flock() locks are independent of the POSIX locks SQLite takes, so the two do not interfere;
    the descriptor must stay open until after SQLite's connection is closed (closing any
    descriptor of a file drops that process's POSIX locks on it).
    """

    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        try:
            fd = os.open(self.path, os.O_RDWR)
        except OSError as exc:
            raise StoreError(cannot_open_message(self.path, exc)) from None
        try:
            if sys.platform == "win32":  # pragma: no cover - exercised by the Windows bundle
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise AlreadyOpen(self.path) from None
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class AlreadyOpen(StoreError):
    """Another Terminassistent window has the caseload open."""

    def __init__(self, path: Path):
        super().__init__(f"Der Bestand »{path}« ist schon in einem anderen Terminassistent-Fenster geöffnet.")
        self.path = path


def _connect(path: Path, key: str | None = None) -> sqlite3.Connection:
    # isolation_level=None: transactions are explicit (see Caseload.transaction).
    if key is not None:  # an encrypted file (storage/cipher.py): same pragmas, same errors
        conn = cipher.connect(path, key)
    else:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 2000")
    # Freed pages are overwritten: an erased or changed value does not linger in the file.
    conn.execute("PRAGMA secure_delete = ON")
    return conn


def _pragmas(conn: sqlite3.Connection, path: Path) -> None:
    _wal(conn, path)
    # FULL: a committed transaction survives a power cut, not only a crash of the program.
    conn.execute("PRAGMA synchronous = FULL")


def _wal(conn: sqlite3.Connection, path: Path) -> None:
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode.lower() != "wal":
        raise StoreError(
            f"Die Datenbank »{path}« kann nicht im WAL-Modus geöffnet werden. "
            "Bitte legen Sie sie in einen Ordner auf einem lokalen Laufwerk."
        )


def _migrate(conn: sqlite3.Connection, start: int) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have migrated the file while this one waited for the write lock.
        start = max(start, conn.execute("PRAGMA user_version").fetchone()[0])
        for number in range(start + 1, LATEST + 1):
            for statement in _statements(MIGRATIONS[number - 1]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("COMMIT")
    except BaseException:
        rollback(conn)
        raise


def after_restore(conn: sqlite3.Connection, path: Path) -> None:
    """A copy was just put back into the file of ``conn``: keep it in WAL mode and migrate it if it
    is older (the caseload it replaced was saved before, so no backup of the old copy is taken)."""
    with _in_german(path):
        _pragmas(conn, path)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version < LATEST:
            _migrate(conn, version)


@contextlib.contextmanager
def _in_german(path: Path) -> Iterator[None]:
    """An SQLite error that a caseworker can act on, as a German StoreError about ``path``; any
    other one (a bug) as it is."""
    try:
        yield
    except sqlite3.Error as exc:
        message = sqlite_error_message(path, exc)
        if message is None:
            raise
        raise StoreError(message) from None


def rollback(conn: sqlite3.Connection) -> None:
    """Undo the open transaction, if SQLite has not already undone it (it does after some errors,
    e.g. a full disk; a second ROLLBACK would then fail and hide the first error)."""
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass


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


def new_private_file(path: Path) -> Path:
    """Create ``path`` empty and owner-only; if it exists, the first free ``name-2.ext``,
    ``name-3.ext`` … instead (two copies within the same second never clash). Returns the path."""
    for number in range(1, 1000):
        target = path if number == 1 else path.with_name(f"{path.stem}-{number}{path.suffix}")
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        os.close(fd)
        return target
    raise FileExistsError(errno.EEXIST, "no free name", str(path))


def copy(conn: sqlite3.Connection, target: Path, source: Path) -> None:
    """Copy the database of ``conn`` into the existing empty file ``target`` with SQLite's backup
    API (consistent while others write); on failure ``target`` is removed and a StoreError raised."""
    try:
        dest = cipher.connect(target, conn.key) if isinstance(conn, cipher.Connection) else sqlite3.connect(target)
        try:
            conn.backup(dest)
            # One self-contained file: readable without creating -wal and -shm beside it.
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
    except sqlite3.Error as exc:
        remove_database_files(target)
        reason = sqlite_error_message(target, exc) or f"Die Sicherung »{target}« kann nicht geschrieben werden."
        raise StoreError(f"{reason} Die Datenbank »{source}« wurde nicht verändert.") from None
    except BaseException:
        remove_database_files(target)
        raise


def _backup(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    try:
        target = new_private_file(backup_path(path, version))
    except OSError as exc:
        raise StoreError(
            f"Die Datenbank »{path}« muss auf Schema {LATEST} umgestellt werden, aber die Sicherung "
            f"davor kann nicht angelegt werden: {os_reason(exc)}. Die Datenbank wurde nicht verändert."
        ) from None
    copy(conn, target, path)
    return target


def create_file(path: Path, *, draft: bool = False) -> sqlite3.Connection:
    """Create a new caseload file, readable by its owner only; refuse an existing path.

    ``draft``: the file is built under a name of its own and thrown away if anything fails, so no
    commit waits for the disk (synchronous OFF) and its rollback journal stays in memory (no WAL
    to write and copy back); ``finish_draft`` turns it to WAL once complete, and whoever gives it
    its real name first writes it to the disk once (``sync_file``)."""
    path = Path(path)
    if path.exists():
        raise StoreError(f"Die Datei »{path}« gibt es schon; sie wird nicht überschrieben.")
    try:
        if not path.parent.exists():
            path.parent.mkdir(parents=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise StoreError(f"Die Datei »{path}« kann nicht angelegt werden: {os_reason(exc)}.") from None
    os.close(fd)
    conn = None
    try:
        conn = _connect(path)
        if draft:
            conn.execute("PRAGMA journal_mode = MEMORY")
            conn.execute("PRAGMA synchronous = OFF")
        else:
            _pragmas(conn, path)
        _migrate(conn, 0)
        return conn
    except BaseException as exc:
        if conn is not None:
            conn.close()
        remove_database_files(path)
        if isinstance(exc, sqlite3.Error) and (message := sqlite_error_message(path, exc)):
            raise StoreError(f"{message} Die Datei wurde nicht angelegt.") from None
        raise


def finish_draft(conn: sqlite3.Connection, path: Path) -> None:
    """A complete draft (``create_file``) in WAL mode, as every caseload file; refused as on
    opening where the file system cannot."""
    with _in_german(path):
        _wal(conn, path)


def sync_file(path: Path) -> None:
    """Write a closed caseload file (and a WAL left beside it) through to the disk."""
    for p in (Path(path), Path(f"{path}-wal")):
        try:
            fd = os.open(p, os.O_RDWR)
        except FileNotFoundError:
            continue
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def remove_database_files(path: str | Path) -> list[Path]:
    """Delete a database file and its SQLite companions ``-wal``, ``-shm`` and ``-journal`` (a
    half-made new caseload after a failure; a new file is built in rollback mode before it turns to
    WAL, so a kill then leaves a journal). Best effort, for clean-up while another error is on its
    way: returns the files that could not be removed instead of raising."""
    left = []
    for p in (Path(path), Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        try:
            p.unlink(missing_ok=True)
        except OSError:
            left.append(p)
    return left


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
        raise StoreError(f"Die Datenbank »{path}« kann nicht gelesen werden: {os_reason(exc)}.") from None
    if header != SQLITE_HEADER and not cipher.looks_encrypted(path):
        raise StoreError(f"Die Datei »{path}« ist keine Terminassistent-Datenbank (keine SQLite-Datei).")
    if not os.access(path, os.W_OK):
        # Ask the system why (a descriptor that opens is closed at once: no SQLite connection of
        # this process is open on the file yet, so no lock of its can be lost by closing it).
        try:
            fd = os.open(path, os.O_RDWR)
        except OSError as exc:
            raise StoreError(cannot_open_message(path, exc)) from None
        os.close(fd)


def open_file(path: Path, key: str | None = None) -> tuple[sqlite3.Connection, Path | None]:
    """Open an existing caseload (call precheck and take the lock first), migrating it after a
    backup if it is older; an encrypted one with its ``key``. Returns the connection and the
    backup's path if a migration ran.
    """
    conn = None
    try:
        conn = _connect(path) if key is None else _connect(path, key)
        try:
            version, app_id = _identify(conn)
        except sqlite3.DatabaseError:
            if key is None:
                raise
            raise WrongKey(path) from None
        # The application id first: another program's file says nothing with its user_version.
        # (Every file this program ever wrote got the id in the transaction of migration 1.)
        if app_id != APPLICATION_ID:
            raise StoreError(
                f"Die Datei »{path}« ist eine SQLite-Datenbank, aber keine von Terminassistent. "
                "Bitte prüfen Sie den Pfad."
            )
        if version > LATEST:
            raise StoreError(
                f"Die Datenbank »{path}« wurde von einer neueren Version von Terminassistent "
                f"geschrieben (Schema {version}, diese Version kennt bis {LATEST}). "
                "Bitte installieren Sie die neuere Version."
            )
        _pragmas(conn, path)
        backup = None
        if version < LATEST:
            backup = _backup(conn, path, version)
            _migrate(conn, version)
        return conn, backup
    except BaseException as exc:
        if conn is not None:
            conn.close()
        if isinstance(exc, sqlite3.Error) and (message := sqlite_error_message(path, exc)):
            raise StoreError(message) from None
        raise


def _identify(conn: sqlite3.Connection) -> tuple[int, int]:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    # Reading the schema touches the first pages: a damaged file fails here, not later.
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return version, app_id


class WrongKey(StoreError):
    """An encrypted caseload that its key does not open (or a damaged one)."""

    def __init__(self, path: Path):
        super().__init__(f"Der Schlüssel öffnet den verschlüsselten Bestand »{path}« nicht: das Passwort ist falsch "
                         "oder die Datei ist beschädigt.")
        self.path = path


class KeyMissing(StoreError):
    """An encrypted caseload was to be opened, and no key was given or found."""

    def __init__(self, path: Path):
        super().__init__(f"Der Bestand »{path}« ist verschlüsselt; ohne sein Passwort kann er nicht geöffnet werden "
                         "(es steht nicht im Schlüsselbund des Betriebssystems, und es wurde keins eingegeben).")
        self.path = path


# -- German messages -----------------------------------------------------------------------------


def damaged_message(path: Path) -> str:
    return (
        f"Die Datenbank »{path}« ist beschädigt und kann nicht gelesen werden. "
        "Bitte stellen Sie die letzte Sicherung wieder her."
    )


def sqlite_error_message(path: Path, exc: sqlite3.Error) -> str | None:
    """The German sentences for an error SQLite reported while using ``path``; None for an error
    that is not about the file (a bug of this program: it goes to the log as an internal error).

    SQLite's own text is English and never shown; the primary result code decides, the text is
    the fallback for errors raised without one.
    """
    if isinstance(exc, (sqlite3.ProgrammingError, sqlite3.InterfaceError)):
        return None  # wrong use of the API: a bug, not the file
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    text = str(exc).lower()
    if code == sqlite3.SQLITE_FULL or "disk is full" in text:
        return (
            f"Auf dem Datenträger der Datenbank »{path}« ist kein Platz mehr; es wurde nichts gespeichert. "
            "Bitte schaffen Sie Platz und versuchen Sie es erneut."
        )
    if code == sqlite3.SQLITE_READONLY or "readonly database" in text:
        return (
            f"In die Datenbank »{path}« kann nicht geschrieben werden: die Datei, ihr Ordner oder der "
            "Datenträger ist schreibgeschützt (SQLite braucht auch im Ordner Schreibrecht, für die Hilfsdateien "
            "»-wal« und »-shm«). Es wurde nichts gespeichert. Bitte prüfen Sie die Schreibrechte."
        )
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "database is locked" in text or "table is locked" in text:
        return (
            f"Die Datenbank »{path}« wird gerade von einem anderen Programm verwendet; es wurde nichts gespeichert. "
            "Bitte schließen Sie das andere Programm und versuchen Sie es erneut."
        )
    if code in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM) or "unable to open database" in text:
        return (
            f"Die Datenbank »{path}« kann nicht geöffnet werden: die Datei oder ihr Ordner ist nicht "
            "zugänglich. SQLite braucht Schreibrecht für die Datei und für ihren Ordner (für die Hilfsdateien "
            "»-wal« und »-shm«). Bitte prüfen Sie die Rechte."
        )
    if code == sqlite3.SQLITE_IOERR or "disk i/o error" in text:
        return (
            f"Beim Lesen oder Schreiben der Datenbank »{path}« hat der Datenträger einen Fehler gemeldet; "
            "es wurde nichts gespeichert. Bitte prüfen Sie den Datenträger (bei einem Netzlaufwerk die "
            "Verbindung) und versuchen Sie es erneut."
        )
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or "malformed" in text or "not a database" in text:
        return damaged_message(path)
    if "no such table" in text or "no such column" in text:
        return (
            f"Der Datenbank »{path}« fehlen Tabellen oder Spalten; sie ist unvollständig oder beschädigt. "
            f"Bitte prüfen Sie sie mit »terminassistent check --db {path}« oder stellen Sie die letzte "
            "Sicherung wieder her."
        )
    return None


def cannot_open_message(path: Path, exc: OSError) -> str:
    """The file exists (precheck said so), but this user may not open it for writing."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return (
            f"Die Datenbank »{path}« kann nicht geöffnet werden: keine Schreibberechtigung für diese Datei. "
            "Bitte prüfen Sie die Dateirechte oder öffnen Sie eine Kopie, die Ihnen gehört."
        )
    if exc.errno == errno.EROFS:
        return (
            f"Die Datenbank »{path}« kann nicht geöffnet werden: sie liegt auf einem schreibgeschützten "
            "Datenträger. Bitte kopieren Sie sie in einen beschreibbaren Ordner."
        )
    return f"Die Datenbank »{path}« kann nicht geöffnet werden: {os_reason(exc)}."
