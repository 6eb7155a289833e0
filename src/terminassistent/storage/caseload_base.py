"""The ground every part of the Caseload (storage/caseload.py) stands on: the connection and its
lock, transactions and user actions with the journaled row writes, the reading of stored rows as
domain objects, and the low-level queries with SQLite's errors turned into German ones.

The parts (caseload_journal.py, caseload_customers.py, caseload_appointments.py,
caseload_maintenance.py) inherit from ``CaseloadBase``; ``Caseload`` inherits from them all.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import operator
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from terminassistent.errors import StoreError
from terminassistent.storage import database, journal, rows
from terminassistent.storage.journal import KEYS, Action, RowChange

if TYPE_CHECKING:
    from terminassistent.storage.caseload import Caseload

# The order in which each table's records are listed.
ORDERS = {
    "customers": "last_name, first_name, customer_no",
    "contacts": "at_utc, id",
    "appointments": "start_utc, id",
    "absences": "start_utc, id",
    "customer_groups": "customer_no, since_utc IS NOT NULL, since_utc, id",
}


class CaseloadBase:
    """The connection, its lock (``_mutex``: one Caseload may be handed to a worker thread) and the
    helpers every part of the Caseload writes and reads with."""

    def __init__(self, path: Path, conn: sqlite3.Connection, backup: Path | None = None):
        self.path = path
        self._conn = conn
        self._mutex = threading.RLock()
        self._depth = 0
        self._action: Action | None = None  # the user action of the open transaction, if any
        self.backup_before_migration = backup
        # Whether this connection changed the file: only then is it worth (and allowed) to refresh the
        # query planner's statistics on close; a read or a refused command leaves the file byte for byte.
        self._wrote, self._rolled_back, self._changes_at_open = False, False, conn.total_changes
        self._draft = False  # see create

    # -- transactions --------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator["Caseload"]:
        """All writes inside happen together or not at all. Nested calls join the outer one."""
        with self._mutex:
            if self._depth:
                self._depth += 1
                try:
                    yield self
                finally:
                    self._depth -= 1
                return
            self._execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self
                if self._action is not None and self._action.rows:
                    self._action.entry_id = self._journal(self._action)
            except BaseException:
                self._depth = 0
                self._action = None
                self._rolled_back = True
                database.rollback(self._conn)
                raise
            self._depth = 0
            self._action = None
            try:
                self._conn.execute("COMMIT")
                self._wrote = True
            except sqlite3.Error as exc:
                self._rolled_back = True
                database.rollback(self._conn)
                raise self._store_error(exc) from None

    @contextlib.contextmanager
    def action(self, name: str, *, at: dt.datetime | None = None, kind: str = journal.ACTION,
               target: int | None = None) -> Iterator[Action]:
        """One user action: a transaction whose row changes are journaled as one entry named
        ``name`` (German: "Gespräch mit Müller, Anna abschließen"). Nested inside another action
        it joins that one (the outer name stands); inside a plain transaction it journals the
        writes from here on under its own name."""
        with self._mutex:
            if self._action is not None:
                with self.transaction():
                    yield self._action
                return
            with self.transaction():
                self._action = Action(name, at or dt.datetime.now(dt.timezone.utc), kind=kind, target=target)
                yield self._action

    def _journal(self, action: Action) -> int:
        return self._insert("journal", {
            "at_utc": rows.to_utc_text(action.at),
            "user": journal.os_user(),
            "action": action.name,
            "kind": action.kind,
            "target": action.target,
            "customers": json.dumps(list(action.customers()), ensure_ascii=False),
            "changes": journal.encode_rows(action.rows),
        })

    def _record(self, table: str, key: Any, before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
        if self._action is not None:
            self._action.rows.append(RowChange(table, key, before, after))

    def _stored(self, table: str, key: Any) -> dict[str, Any] | None:
        """The row as stored, as a plain dict (None: there is none)."""
        row = self._one(f"SELECT * FROM {table} WHERE {KEYS[table]} = ?", (key,), required=False)
        return None if row is None else dict(row)

    def _update_row(self, table: str, key: Any, values: dict[str, Any]) -> None:
        """Update the columns ``values`` of one row, journaling it (before and after)."""
        before = self._stored(table, key) if self._action is not None else None
        assignments = ", ".join(f"{k} = :{k}" for k in values if k != KEYS[table])
        self._execute(f"UPDATE {table} SET {assignments} WHERE {KEYS[table]} = :_key", values | {"_key": key})
        if self._action is not None:
            self._record(table, key, before, None if before is None else before | values)

    def _insert_row(self, table: str, values: dict[str, Any]) -> Any:
        """Insert one row, journaling it; returns its key."""
        rowid = self._insert(table, values)
        key = values.get(KEYS[table], rowid)
        if self._action is not None:
            self._record(table, key, None, values | {KEYS[table]: key})
        return key

    def _insert_rows(self, table: str, values: list[dict[str, Any]]) -> list[Any]:
        """Insert many rows of one table (dicts with the same columns) in one statement, journaling
        each; returns their keys. A row without its key gets the next free id, as SQLite would, put
        into its dict (the caller's own, built for this insert) as the last column."""
        key = KEYS[table]
        if values and key not in values[0]:
            first = self._scalar(f"SELECT coalesce(max({key}), 0) + 1 FROM {table}")
            if first + len(values) > 2**63:  # SQLite would pick free ids at random
                return [self._insert_row(table, v) for v in values]
            for n, v in enumerate(values, first):
                v[key] = n
        if values:
            columns = tuple(values[0])
            # Bound by position, each row's values picked in the columns' order: binding by name
            # costs SQLite a third more (15 ms for 10,000 customers).
            picked = operator.itemgetter(*columns) if len(columns) > 1 else lambda v: (v[columns[0]],)
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            self._execute(sql, map(picked, values), many=True)
        if self._action is not None:
            self._action.rows.extend(RowChange(table, v[key], None, v) for v in values)
        return [v[key] for v in values]

    def _delete_row(self, table: str, key: Any) -> None:
        before = self._stored(table, key) if self._action is not None else None
        self._execute(f"DELETE FROM {table} WHERE {KEYS[table]} = ?", (key,))
        if before is not None:
            self._record(table, key, before, None)

    # -- reading records -----------------------------------------------------------------------

    def _read(self, table: str, found: Sequence[sqlite3.Row]) -> list[Any]:
        """The domain objects of ``found``; a stored value this version cannot read becomes a
        StoreError naming the record and the column (the sound path costs nothing extra)."""
        reader = rows.READERS[table]
        try:
            return [reader(r) for r in found]
        except (ValueError, TypeError, KeyError, IndexError):
            pass
        return [self._read_one(table, r) for r in found]  # which record? (only after a failure)

    def _read_one(self, table: str, row: sqlite3.Row) -> Any:
        try:
            return rows.READERS[table](row)
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            raise StoreError(
                f"Die Datenbank »{self.path}« enthält einen ungültigen Eintrag. {rows.record_problem(table, row, exc)} "
                f"{self._check_advice()}"
            ) from None

    def _check_advice(self) -> str:
        return (
            f"Bitte prüfen Sie die Datei mit »terminassistent check --db {self.path}«; "
            "sie nennt alle ungültigen Einträge."
        )

    # -- low level -----------------------------------------------------------------------------

    def _store_error(self, exc: sqlite3.Error) -> BaseException:
        """The German StoreError for an error SQLite reported, or the error itself if it is a bug."""
        message = database.sqlite_error_message(self.path, exc)
        return exc if message is None else StoreError(message)

    def _execute(self, sql: str, params: Any = (), many: bool = False) -> sqlite3.Cursor:
        with self._mutex:
            if self._conn is None:
                raise StoreError("Die Datenbank ist schon geschlossen.")
            try:
                return self._conn.executemany(sql, params) if many else self._conn.execute(sql, params)
            except sqlite3.IntegrityError as exc:
                raise StoreError(_constraint_message(exc)) from None
            except sqlite3.Error as exc:
                error = self._store_error(exc)
                if error is exc:
                    raise
                raise error from None

    def _fetch(self, sql: str, params: Any, many: bool) -> Any:
        with self._mutex:
            cursor = self._execute(sql, params)
            return self._reading(cursor.fetchall if many else cursor.fetchone)

    def _reading(self, fetch: Callable[[], Any]) -> Any:
        """``fetch()``, with SQLite's errors turned into German ones: rows are read from the file
        while fetching, so damage can show here too."""
        try:
            return fetch()
        except sqlite3.Error as exc:
            error = self._store_error(exc)
            if error is exc:
                raise
            raise error from None

    def _insert(self, table: str, values: dict[str, Any]) -> int:
        columns = ", ".join(values)
        marks = ", ".join(f":{k}" for k in values)
        return self._execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values).lastrowid

    def _all(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        return self._fetch(sql, params, many=True)

    def _one(self, sql: str, params: Any = (), required: bool = True) -> sqlite3.Row | None:
        row = self._fetch(sql, params, many=False)
        if row is None and required:
            raise StoreError(f"Die Datenbank »{self.path}« ist unvollständig (Abfrage ohne Ergebnis).")
        return row

    def _scalar(self, sql: str, params: Any = ()) -> Any:
        return self._one(sql, params)[0]


def _constraint_message(exc: sqlite3.IntegrityError) -> str:
    """A broken rule of the schema, in German (SQLite says e.g. "UNIQUE constraint failed: t.c")."""
    text = str(exc)
    where = text.partition(":")[2].strip()
    column = f" (Spalte »{where}«)" if where and " " not in where.split(",")[0] else ""
    if text.startswith("UNIQUE"):
        what = f"Einen Wert, der im Bestand nur einmal vorkommen darf, gibt es schon{column}"
    elif text.startswith("NOT NULL"):
        what = f"Ein Pflichtwert fehlt{column}"
    elif text.startswith("FOREIGN KEY"):
        what = "Die Änderung verweist auf einen Eintrag, den es im Bestand nicht gibt"
    elif text.startswith("CHECK"):
        what = "Ein Wert verletzt eine Prüfregel des Bestands (zum Beispiel ein Ende vor dem Beginn)"
    else:
        what = "Die Änderung verletzt eine Regel des Bestands"
    return f"{what}; nichts wurde gespeichert."

