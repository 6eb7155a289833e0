"""Caseload files encrypted with SQLCipher (optional: the ``sqlcipher3`` package).

An encrypted file has no SQLite header; it is opened with its key (a passphrase) through
SQLCipher, and that connection is wrapped so that the rest of the storage layer sees the errors
of Python's ``sqlite3`` module it knows (SQLCipher's own classes have the same names). A plain
file is opened with ``sqlite3`` exactly as before. Converting a file either way is
``export_copy``: SQLCipher's ``sqlcipher_export`` into a new file, checked before it is used.

Where a key comes from (the operating system's keyring, a dialog, a prompt) is not storage's
business: ``set_key_source`` installs a function that is asked for the key of a file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from terminassistent.errors import StoreError

try:  # pragma: no branch - depends on the installation
    import sqlcipher3.dbapi2 as _engine
except ImportError:  # the plain program works without it
    _engine = None

UNAVAILABLE = ("Verschlüsselte Bestände brauchen das Paket »sqlcipher3-binary« (SQLCipher), das in dieser "
               "Installation fehlt.")

KeySource = Callable[[Path], "str | None"]
_key_source: KeySource = lambda path: None  # noqa: E731 - until the command line or the window installs one


def available() -> bool:
    return _engine is not None


def set_key_source(source: KeySource) -> KeySource:
    """Install the function asked for the key of an encrypted file (None: no key to be had);
    returns the one it replaces."""
    global _key_source
    previous, _key_source = _key_source, source
    return previous


def key_for(path: Path) -> str | None:
    return _key_source(path)


def connect(path: Path, key: str, *, read_only: bool = False) -> "Connection":
    """An SQLCipher connection to ``path`` opened with ``key``; the caller checks that it reads."""
    if _engine is None:
        raise StoreError(UNAVAILABLE)
    target = f"file:{path}?mode=ro" if read_only else str(path)
    inner = _engine.connect(target, uri=read_only, isolation_level=None, check_same_thread=False)
    inner.row_factory = _engine.Row
    try:
        inner.execute("PRAGMA cipher_log_level = NONE")  # SQLCipher would write a wrong key's errors to stderr
        inner.execute(f"PRAGMA key = {quote(key)}")
    except _engine.Error:
        inner.close()
        raise
    return Connection(inner, key)


def quote(text: str) -> str:
    """A string literal for SQL (PRAGMA key and ATTACH … KEY take no parameters)."""
    return "'" + text.replace("'", "''") + "'"


def _translated(exc: BaseException) -> BaseException:
    """SQLCipher's exception as the ``sqlite3`` exception of the same name, with its result code."""
    kind = getattr(sqlite3, type(exc).__name__, sqlite3.Error)
    twin = kind(*exc.args)
    for attribute in ("sqlite_errorcode", "sqlite_errorname"):
        if hasattr(exc, attribute):
            setattr(twin, attribute, getattr(exc, attribute))
    return twin


def _guarded(call: Callable, *args: Any, **kwargs: Any) -> Any:
    try:
        return call(*args, **kwargs)
    except _engine.Error as exc:
        raise _translated(exc) from None


class Cursor:
    def __init__(self, inner):
        self._inner = inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def __iter__(self):
        return iter(self.fetchall())

    def fetchone(self):
        return _guarded(self._inner.fetchone)

    def fetchall(self):
        return _guarded(self._inner.fetchall)

    def fetchmany(self, *args):
        return _guarded(self._inner.fetchmany, *args)

    def execute(self, *args):
        _guarded(self._inner.execute, *args)
        return self

    def executemany(self, *args):
        _guarded(self._inner.executemany, *args)
        return self


class Connection:
    """An SQLCipher connection that raises ``sqlite3``'s exceptions; ``key`` is its passphrase."""

    def __init__(self, inner, key: str):
        self._inner = inner
        self.key = key

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("_inner", "key"):
            object.__setattr__(self, name, value)
        else:
            setattr(self._inner, name, value)

    def __enter__(self):
        _guarded(self._inner.__enter__)
        return self

    def __exit__(self, *exc):
        return _guarded(self._inner.__exit__, *exc)

    def execute(self, *args) -> Cursor:
        return Cursor(_guarded(self._inner.execute, *args))

    def executemany(self, *args) -> Cursor:
        return Cursor(_guarded(self._inner.executemany, *args))

    def cursor(self, *args) -> Cursor:
        return Cursor(_guarded(self._inner.cursor, *args))

    def iterdump(self):
        return _guarded(lambda: list(self._inner.iterdump()))

    def backup(self, target: "Connection", **kwargs) -> None:
        """Copy into another SQLCipher connection with the same key (a backup of an encrypted file
        is encrypted alike)."""
        if not isinstance(target, Connection):
            raise StoreError("Ein verschlüsselter Bestand lässt sich nur in eine verschlüsselte Datei kopieren.")
        _guarded(self._inner.backup, target._inner, **kwargs)


def opens(path: Path, key: str) -> bool:
    """Whether ``key`` opens the encrypted file ``path`` (read-only; nothing is written)."""
    try:
        conn = connect(path, key, read_only=True)
    except sqlite3.Error:
        return False
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()


def looks_encrypted(path: Path) -> bool:
    """A file that may be an SQLCipher database: no SQLite header, whole pages of 4096 bytes (an
    encrypted file cannot be told apart from noise without its key)."""
    try:
        size = path.stat().st_size
    except OSError:
        return False
    return size >= 4096 and size % 4096 == 0 and not is_plain(path)


def is_plain(path: Path) -> bool:
    """True for a file that starts like an SQLite database (not encrypted); False otherwise."""
    from terminassistent.storage.database import SQLITE_HEADER

    with open(path, "rb") as handle:
        return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def export_copy(source: Path, target: Path, *, source_key: str | None, target_key: str | None) -> None:
    """Write the database ``source`` into the new empty file ``target``: encrypted with
    ``target_key``, or plain when it is None. Schema version and application id go along."""
    if _engine is None:
        raise StoreError(UNAVAILABLE)
    conn = _engine.connect(str(source), isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        if source_key is not None:
            conn.execute(f"PRAGMA key = {quote(source_key)}")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        conn.execute(f"ATTACH DATABASE {quote(str(target))} AS converted KEY {quote(target_key or '')}")
        conn.execute("SELECT sqlcipher_export('converted')")
        conn.execute(f"PRAGMA converted.user_version = {int(version)}")
        conn.execute(f"PRAGMA converted.application_id = {int(app_id)}")
        conn.execute("DETACH DATABASE converted")
    except _engine.Error as exc:
        from terminassistent.storage.database import sqlite_error_message

        reason = sqlite_error_message(target, _translated(exc)) or f"SQLCipher meldet: {type(exc).__name__}."
        raise StoreError(f"Die umgewandelte Kopie »{target}« kann nicht geschrieben werden. {reason}") from None
    finally:
        conn.close()
