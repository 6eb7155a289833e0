"""The caseload facade: the only way into the database for the services, CLI and desktop.

Reads return frozen domain objects; every write runs in a transaction (one per user action when
the caller wraps several writes in ``with caseload.action(name):``, which also journals the
action's row changes; see storage/journal.py). Thread use: one Caseload may be handed to a worker
thread; calls are serialised by an internal lock.

Several processes may use the file at once (the desktop and a command run beside it): SQLite's own
locking (WAL, busy timeout) serialises their writes. ``data_version`` tells that another process
committed, ``journal_after`` what it changed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import operator
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence, Set
from dataclasses import replace
from pathlib import Path
from typing import Any

from terminassistent.domain.groups import GroupChange
from terminassistent.domain.model import (
    Absence,
    Appointment,
    AppointmentStatus,
    Caseworker,
    Channel,
    Contact,
    ContactKind,
    Customer,
    CustomerSummary,
    Finding,
)
from terminassistent.errors import StoreError
from terminassistent.storage import cipher, database, journal, rows
from terminassistent.storage.journal import KEYS, Action, JournalEntry, RowChange, SentDocument
from terminassistent.storage.migrations import LATEST


MAX_APPOINTMENT = dt.timedelta(days=1)
# The order in which each table's records are listed.
ORDERS = {
    "customers": "last_name, first_name, customer_no",
    "contacts": "at_utc, id",
    "appointments": "start_utc, id",
    "absences": "start_utc, id",
    "customer_groups": "customer_no, since_utc IS NOT NULL, since_utc, id",
}


class Caseload:
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

    # -- the journal ---------------------------------------------------------------------------

    def data_version(self) -> int:
        """Changes whenever another connection (another process) has committed to the file."""
        return self._scalar("PRAGMA data_version")

    def journal_head(self) -> int:
        """The id of the newest journal entry (0: none yet)."""
        return self._scalar("SELECT coalesce(max(id), 0) FROM journal")

    def journal_after(self, entry_id: int, limit: int = 1000) -> list[JournalEntry]:
        """Journal entries newer than ``entry_id``, oldest first."""
        found = self._all("SELECT * FROM journal WHERE id > ? ORDER BY id LIMIT ?", (entry_id, limit))
        return [self._entry(r) for r in found]

    def journal_entries(self, customer_no: str | None = None, limit: int | None = None) -> list[JournalEntry]:
        """The journal, newest first; only entries touching ``customer_no`` if given."""
        sql, params = "SELECT * FROM journal", []
        if customer_no is not None:
            sql += " WHERE EXISTS (SELECT 1 FROM json_each(journal.customers) WHERE value = ?)"
            params.append(customer_no)
        sql += " ORDER BY id DESC" + (" LIMIT ?" if limit else "")
        params += [limit] if limit else []
        return [self._entry(r) for r in self._all(sql, params)]

    def journal_entry(self, entry_id: int) -> JournalEntry:
        row = self._one("SELECT * FROM journal WHERE id = ?", (entry_id,), required=False)
        if row is None:
            raise StoreError(f"Einen Journaleintrag mit der Nummer »{entry_id}« gibt es nicht.")
        return self._entry(row)

    def _entry(self, row: sqlite3.Row) -> JournalEntry:
        try:
            return JournalEntry(
                id=row["id"], at=rows.from_utc_text(row["at_utc"]), user=row["user"], action=row["action"],
                kind=row["kind"], target=row["target"], undone=bool(row["undone"]),
                customers=tuple(json.loads(row["customers"])), rows=journal.decode_rows(row["changes"]),
            )
        except (ValueError, TypeError, KeyError) as exc:
            raise StoreError(f"Die Datenbank »{self.path}« enthält einen ungültigen Journaleintrag "
                             f"(Nummer {row['id']}): {type(exc).__name__}. {self._check_advice()}") from None

    def journal_undoable(self) -> JournalEntry | None:
        """The action undo takes back: the newest one not undone (undo and redo entries aside)."""
        row = self._one("SELECT * FROM journal WHERE kind = 'action' AND undone = 0 ORDER BY id DESC LIMIT 1",
                        required=False)
        return None if row is None else self._entry(row)

    def journal_redoable(self) -> JournalEntry | None:
        """The undo entry redo reverses: the newest undo since the last new action whose action is
        still undone (a new action ends what can be redone)."""
        row = self._one(
            """SELECT u.* FROM journal u JOIN journal t ON t.id = u.target
               WHERE u.kind = 'undo' AND t.undone = 1
                 AND u.id > (SELECT coalesce(max(id), 0) FROM journal WHERE kind = 'action')
               ORDER BY u.id DESC LIMIT 1""", required=False)
        return None if row is None else self._entry(row)

    def journal_last(self, kind: str, target: int) -> int:
        """The newest entry of ``kind`` (undo, redo) for the action ``target``; 0 if none."""
        return self._scalar("SELECT coalesce(max(id), 0) FROM journal WHERE kind = ? AND target = ?", (kind, target))

    def set_undone(self, entry_id: int, undone: bool) -> None:
        with self.transaction():
            self._execute("UPDATE journal SET undone = ? WHERE id = ?", (int(undone), entry_id))

    def restore_rows(self, changes: Sequence[RowChange], *, forward: bool) -> list[str]:
        """Apply journaled row changes again (``forward``: redo) or their inverse (undo), last
        first for undo. Returns, instead of writing, the German reasons why it cannot be done when
        a row is no longer as the journal left it (changed since by another action)."""
        steps = list(changes) if forward else list(reversed(changes))
        problems = []
        for change in steps:
            expected, wanted = (change.before, change.after) if forward else (change.after, change.before)
            if not journal.same_row(change.table, self._stored(change.table, change.key), expected):
                problems.append(journal.describe_conflict(change))
        if problems:
            return problems
        with self.transaction():
            for change in steps:
                wanted = change.after if forward else change.before
                current = self._stored(change.table, change.key)
                if wanted is None:
                    self._delete_row(change.table, change.key)
                elif current is None:
                    self._insert_row(change.table, journal.restored(change.table, wanted, None))
                else:
                    self._update_row(change.table, change.key, journal.restored(change.table, wanted, current))
        return []

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

    # -- customers -----------------------------------------------------------------------------

    def customers(self, *, departed: bool = False) -> list[Customer]:
        """The customers of the caseload; those who left it (Abgang) only with ``departed``."""
        where = "" if departed else " WHERE left_on IS NULL"
        return self._read("customers", self._all(f"SELECT * FROM customers{where} ORDER BY {ORDERS['customers']}"))

    def customer_summaries(self) -> list[CustomerSummary]:
        """``customers()`` as their identifying fields only: a quicker read of a large caseload."""
        fields = ", ".join(CustomerSummary._fields)
        found = self._all(f"SELECT {fields} FROM customers WHERE left_on IS NULL ORDER BY {ORDERS['customers']}")
        return self._summaries(found)

    def _summaries(self, found: Sequence[sqlite3.Row]) -> list[CustomerSummary]:
        try:
            return [rows.summary_from_row(r) for r in found]
        except (ValueError, TypeError, KeyError, IndexError):  # which record? (the whole one says)
            return [CustomerSummary.of(self._read_one("customers", self._one(
                "SELECT * FROM customers WHERE customer_no = ?", (r["customer_no"],)))) for r in found]

    def customers_by_number(self, span: tuple[str, str] | None = None, batch: int = 5_000, *,
                            summaries: bool = False) -> Iterator[Customer] | Iterator[CustomerSummary]:
        """``customers()`` in Kundennummer order, read a batch at a time (memory holds one batch);
        ``span``: those whose Kundennummer lies between these two (inclusive). ``summaries``: as
        their identifying fields only (``customer_summaries``), a quicker read."""
        within = " AND customer_no BETWEEN ? AND ?" if span else ""
        fields = ", ".join(CustomerSummary._fields) if summaries else "*"
        with self._mutex:
            cursor = self._execute(f"SELECT {fields} FROM customers WHERE left_on IS NULL{within} ORDER BY customer_no",
                                   span or ())
            while found := self._reading(lambda: cursor.fetchmany(batch)):
                yield from self._summaries(found) if summaries else self._read("customers", found)

    def customer_numbers(self, span: tuple[str, str] | None = None) -> list[str]:
        """The Kundennummern of ``customers()``, in the same order; ``span``: only those between
        these two (inclusive)."""
        within = " AND customer_no BETWEEN ? AND ?" if span else ""
        return [r[0] for r in self._all(
            f"SELECT customer_no FROM customers WHERE left_on IS NULL{within} ORDER BY {ORDERS['customers']}", span or ())]

    def customer_count(self) -> int:
        """Every customer record, those who left the caseload included."""
        return self._scalar("SELECT count(*) FROM customers")

    def find_customer(self, customer_no: str) -> Customer | None:
        row = self._one("SELECT * FROM customers WHERE customer_no = ?", (customer_no,), required=False)
        return None if row is None else self._read_one("customers", row)

    def customer_no_of(self, typed: str) -> str:
        """The stored Kundennummer that a person typed: as stored, else ignoring case (A–Z) and
        surrounding spaces; refused (naming the file) when none or several customers match."""
        text = typed.strip()
        if self._one("SELECT 1 FROM customers WHERE customer_no = ?", (text,), required=False):
            return text
        found = [row[0] for row in self._all(
            "SELECT customer_no FROM customers WHERE customer_no = ? COLLATE NOCASE ORDER BY customer_no", (text,))]
        if len(found) == 1:
            return found[0]
        if found:
            raise StoreError(f"Die Kundennummer »{text}« passt im Bestand »{self.path}« zu mehreren Kunden "
                             f"({', '.join(f'»{n}«' for n in found)}); bitte schreiben Sie sie genau so.")
        raise StoreError(f"Die Kundennummer »{text}« ist im Bestand »{self.path}« nicht vorhanden.")

    def customer(self, customer_no: str) -> Customer:
        found = self.find_customer(customer_no)
        if found is None:
            raise StoreError(f"Die Kundennummer »{customer_no}« ist in diesem Bestand nicht vorhanden.")
        return found

    def add_customer(self, customer: Customer) -> None:
        self.add_customers([customer])

    def existing_customers(self, numbers: Sequence[str]) -> set[str]:
        """Which of the Kundennummern ``numbers`` are in the caseload (one query for all)."""
        found = self._all("SELECT customer_no FROM customers WHERE customer_no IN (SELECT value FROM json_each(?))",
                          (json.dumps(list(numbers)),))
        return {r[0] for r in found}

    def add_customers(self, customers: Sequence[Customer]) -> None:
        """Add new customers; each one's groups are recorded as the first state of their history
        (it holds for every earlier day too: nothing earlier is known)."""
        with self.transaction():
            numbers = [c.customer_no for c in customers]
            there = self.existing_customers(numbers)
            for number in numbers:
                if number in there:
                    raise StoreError(f"Die Kundennummer »{number}« ist schon im Bestand.")
                there.add(number)  # twice in ``customers``
            self._insert_rows("customers", [rows.customer_to_row(c) for c in customers])
            self._insert_rows("customer_groups", [rows.group_change_to_row(c.customer_no, None, c) for c in customers])

    def update_customer(self, customer: Customer) -> None:
        """Store a changed customer; a change of status, Profillage or flags is added to the
        history of their groups, from the moment of the user action (or now)."""
        with self.transaction():
            before = self.customer(customer.customer_no)
            self._update_row("customers", customer.customer_no, rows.customer_to_row(customer))
            if (before.status, before.profile, before.flags) != (customer.status, customer.profile, customer.flags):
                since = self._action.at if self._action is not None else dt.datetime.now(dt.timezone.utc)
                self._insert_row("customer_groups", rows.group_change_to_row(customer.customer_no, since, customer))

    def group_changes(self, customer_no: str | None = None, *, changed_only: bool = False) -> list[GroupChange]:
        """The recorded history of customers' groups (of one customer, or of all in one query),
        each customer's first record first, then by moment. ``changed_only``: only the histories
        of customers whose groups changed since their first record (a lone record is the
        customer's current groups, which an assessment takes without it)."""
        order = "ORDER BY customer_no, since_utc IS NOT NULL, since_utc, id"
        where = "WHERE customer_no = ?" if customer_no is not None else ""
        if changed_only:
            where += (" AND" if where else "WHERE") + (
                " customer_no IN (SELECT customer_no FROM customer_groups WHERE since_utc IS NOT NULL)")
        params = (customer_no,) if customer_no is not None else ()
        return self._read("customer_groups", self._all(f"SELECT * FROM customer_groups {where} {order}", params))

    # -- contacts ------------------------------------------------------------------------------

    def contacts(self, customer_no: str | None = None) -> list[Contact]:
        if customer_no is None:
            found = self._all("SELECT * FROM contacts ORDER BY at_utc, id")
        else:
            found = self._all("SELECT * FROM contacts WHERE customer_no = ? ORDER BY at_utc, id", (customer_no,))
        return self._read("contacts", found)

    def recent_contacts(self, since: dt.datetime, kinds: Sequence[ContactKind], in_person: int = 1) -> list[Contact]:
        """Contacts of ``kinds`` from ``since`` on; before it, for each customer with fewer than
        ``in_person`` contacts in person since then, as many more of their newest ones in person
        (at least one) and everything after the oldest of them (with fewer: all). All a
        contact-density assessment needs, without reading years of history."""
        return self._read("contacts", self._all(*self._recent_query(since, kinds, in_person, "at_utc, id")))

    def recent_contacts_by_customer(self, since: dt.datetime, kinds: Sequence[ContactKind], in_person: int = 1,
                                    span: tuple[str, str] | None = None, batch: int = 5_000
                                    ) -> Iterator[tuple[str, list[Contact]]]:
        """``recent_contacts`` customer by customer (Kundennummer order, each in time order), read a
        batch at a time: memory holds one batch, not a large caseload's history. ``span``: only the
        customers whose Kundennummer lies between these two (inclusive)."""
        with self._mutex:
            cursor = self._execute(*self._recent_query(since, kinds, in_person, "customer_no, at_utc, id", span))
            number, history = None, []
            while found := self._reading(lambda: cursor.fetchmany(batch)):
                for contact in self._read("contacts", found):
                    if contact.customer_no != number:
                        if history:
                            yield number, history
                        number, history = contact.customer_no, []
                    history.append(contact)
            if history:
                yield number, history

    def _recent_query(self, since: dt.datetime, kinds: Sequence[ContactKind], in_person: int, order: str,
                      span: tuple[str, str] | None = None) -> tuple[str, list[Any]]:
        """One pass over the index (customer_no, at_utc), customer by customer: where each one's
        history to read begins (the ``back``-th newest contact in person before ``since``, or the
        oldest one when there are fewer; none: all of it), then their contacts from there on. No
        scan of the whole history, however many years it holds."""
        marks = ", ".join("?" for _ in kinds)
        values = [k.value for k in kinds]
        within = "WHERE customer_no BETWEEN ? AND ?" if span else ""
        cut, person = rows.to_utc_text(since), Channel.PERSOENLICH.value
        in_person = max(1, in_person)

        def newest(n: int) -> str:  # the n-th newest contact in person before the cut (n counted from 1)
            return (f"(SELECT at_utc FROM contacts x WHERE x.customer_no = s.customer_no AND x.kind IN ({marks}) "
                    f"AND x.channel = ? AND x.at_utc < ? ORDER BY x.at_utc DESC LIMIT 1 OFFSET {n - 1})")

        if in_person == 1:  # each customer's newest one
            back, back_values = "1", []
        else:  # fewer the more they had since the cut (at least one)
            back = (f"max(1, ? - (SELECT count(*) FROM contacts y WHERE y.customer_no = k.customer_no "
                    f"AND y.kind IN ({marks}) AND y.channel = ? AND y.at_utc >= ?))")
            back_values = [in_person, *values, person, cut]
        # The back-th newest, else (fewer of them) the oldest that there is; CASE and coalesce
        # evaluate only the look-ups they need.
        cases = " ".join(f"WHEN {n} THEN " + (f"coalesce({', '.join(newest(m) for m in range(n, 0, -1))})" if n > 1
                                               else newest(1)) for n in range(1, in_person + 1))
        case_values = [v for n in range(1, in_person + 1) for _ in range(n) for v in (*values, person, cut)]
        # Without a bound (no contact in person before the cut), all of the customer's history.
        reading = "SELECT c.* FROM b CROSS JOIN contacts c ON c.customer_no = b.customer_no {} WHERE c.kind IN (" + marks + ")"
        return (f"""WITH k AS (SELECT DISTINCT customer_no FROM contacts {within}),
                s AS (SELECT customer_no, {back} AS back FROM k),
                b AS (SELECT customer_no, CASE back {cases} END AS first FROM s)
                {reading.format("AND c.at_utc >= b.first")} AND b.first IS NOT NULL
                UNION ALL {reading.format("")} AND b.first IS NULL
                ORDER BY {order}""",
                [*(span or ()), *back_values, *case_values, *values, *values])

    def contacts_between(self, start: dt.datetime, end: dt.datetime) -> list[Contact]:
        """Contacts from ``start`` (inclusive) to ``end`` (exclusive), in time order."""
        found = self._all(
            "SELECT * FROM contacts WHERE at_utc >= ? AND at_utc < ? ORDER BY at_utc, id",
            (rows.to_utc_text(start), rows.to_utc_text(end)),
        )
        return self._read("contacts", found)

    def add_contact(self, contact: Contact) -> Contact:
        return self.add_contacts([contact])[0]

    def add_contacts(self, contacts: Sequence[Contact]) -> list[Contact]:
        """Add contacts of customers in the caseload; returns them with their ids."""
        with self.transaction():
            ids = self._insert_contacts(contacts)
            return [replace(c, id=i) for c, i in zip(contacts, ids)]

    def add_customers_with_contacts(self, customers: Sequence[Customer], contacts: Sequence[Contact]) -> None:
        """``add_customers`` and then ``add_contacts``, as one write (an import): the contacts of
        customers added here are not looked up again, and no Contact is built anew for its id."""
        with self.transaction():
            self.add_customers(customers)
            self._insert_contacts(contacts, added={c.customer_no for c in customers})

    def _insert_contacts(self, contacts: Sequence[Contact], added: Set[str] = frozenset()) -> list[int]:
        """Insert contacts (refused if one's customer is neither in the caseload nor ``added``)."""
        self._require_customers([c.customer_no for c in contacts if c.customer_no not in added])
        return self._insert_rows("contacts", [rows.contact_to_row(c) for c in contacts])

    def _require_customers(self, numbers: Sequence[str]) -> None:
        """Refuse (StoreError) if one of the Kundennummern is not in the caseload."""
        wanted = list(dict.fromkeys(numbers))
        there = self.existing_customers(wanted)
        for number in wanted:
            if number not in there:
                raise StoreError(f"Die Kundennummer »{number}« ist in diesem Bestand nicht vorhanden.")

    # -- appointments --------------------------------------------------------------------------

    def appointments(
        self,
        customer_no: str | None = None,
        start: dt.datetime | None = None,
        end: dt.datetime | None = None,
        statuses: Sequence[AppointmentStatus] | None = None,
    ) -> list[Appointment]:
        """Appointments overlapping [start, end), optionally of one customer and some statuses."""
        where, params = [], []
        if customer_no is not None:
            where.append("customer_no = ?")
            params.append(customer_no)
        if end is not None:
            where.append("start_utc < ?")
            params.append(rows.to_utc_text(end))
        if start is not None:
            where.append("end_utc > ?")
            params.append(rows.to_utc_text(start))
            # An appointment fits in one working interval, so it starts less than a day before
            # it ends: this bound lets the start index skip the years of history before it.
            where.append("start_utc > ?")
            params.append(rows.to_utc_text(start - MAX_APPOINTMENT))
        if statuses:
            where.append(f"status IN ({', '.join('?' for _ in statuses)})")
            params.extend(s.value for s in statuses)
        sql = "SELECT * FROM appointments" + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY start_utc, id"
        return self._read("appointments", self._all(sql, params))

    def next_booked(self, start: dt.datetime) -> dict[str, dt.datetime]:
        """Each customer's earliest booked appointment among those ending after ``start`` (as
        ``appointments(start=start, statuses=[BOOKED])`` lists them): its start, by Kundennummer."""
        cut = rows.to_utc_text(start)
        found = self._all("SELECT customer_no, min(start_utc) AS start_utc FROM appointments WHERE status = ? "
                          "AND end_utc > ? AND start_utc > ? GROUP BY customer_no",
                          (AppointmentStatus.BOOKED.value, cut, rows.to_utc_text(start - MAX_APPOINTMENT)))
        try:
            return {r[0]: rows.from_utc_text(r[1]) for r in found}
        except (ValueError, TypeError, OverflowError):  # which record?
            self.appointments(start=start, statuses=[AppointmentStatus.BOOKED])
            raise

    def appointment_outcomes(self, start: dt.datetime, end: dt.datetime, channel: Channel) -> dict[AppointmentStatus, int]:
        """How many appointments on ``channel`` starting from ``start`` (inclusive) to ``end``
        (exclusive) have each status: counted in SQL, without reading each appointment."""
        bounds = (rows.to_utc_text(start), rows.to_utc_text(end), channel.value)
        found = self._all("SELECT status, count(*) FROM appointments WHERE start_utc >= ? AND start_utc < ? "
                          "AND channel = ? GROUP BY status", bounds)
        members = {s.value: s for s in AppointmentStatus}
        if any(r[0] not in members for r in found):  # a status this version cannot read: which record?
            self._read("appointments", self._all("SELECT * FROM appointments WHERE start_utc >= ? AND start_utc < ? "
                                                 "AND channel = ?", bounds))
        return {members[r[0]]: r[1] for r in found if r[0] in members}

    def last_appointments(self, before: dt.datetime, also: Sequence[AppointmentStatus],
                          unless_booked_after: dt.datetime) -> list[Appointment]:
        """Each customer's last appointment (by start, then id) among those starting at or before
        ``before`` or having a status in ``also``; customers with a booked appointment ending after
        ``unless_booked_after`` are left out, and so are those who left the caseload (the open
        invitation chain, in one query)."""
        marks = ", ".join("?" for _ in also) or "NULL"
        sql = (f"SELECT * FROM appointments WHERE id IN (SELECT id FROM (SELECT id, ROW_NUMBER() OVER "
               f"(PARTITION BY customer_no ORDER BY start_utc DESC, id DESC) AS n FROM appointments "
               f"WHERE start_utc <= ? OR status IN ({marks})) WHERE n = 1) AND customer_no NOT IN "
               f"(SELECT customer_no FROM appointments WHERE status = ? AND end_utc > ?) AND customer_no IN "
               f"(SELECT customer_no FROM customers WHERE left_on IS NULL) ORDER BY start_utc, id")
        params = [rows.to_utc_text(before), *(s.value for s in also), AppointmentStatus.BOOKED.value,
                  rows.to_utc_text(unless_booked_after)]
        return self._read("appointments", self._all(sql, params))

    def appointment(self, appointment_id: int) -> Appointment:
        row = self._one("SELECT * FROM appointments WHERE id = ?", (appointment_id,), required=False)
        if row is None:
            raise StoreError(f"Einen Termin mit der Nummer »{appointment_id}« gibt es in diesem Bestand nicht.")
        return self._read_one("appointments", row)

    def add_appointment(self, appointment: Appointment) -> Appointment:
        return self.add_appointments([appointment])[0]

    def add_appointments(self, appointments: Sequence[Appointment]) -> list[Appointment]:
        with self.transaction():
            for a in appointments:
                if a.end - a.start >= MAX_APPOINTMENT:
                    raise StoreError(f"Ein Termin dauert höchstens einen Tag (Beginn {a.start:%d.%m.%Y %H:%M}).")
            self._require_customers([a.customer_no for a in appointments])
            ids = self._insert_rows("appointments", [rows.appointment_to_row(a) for a in appointments])
            return [replace(a, id=i) for a, i in zip(appointments, ids)]

    def update_appointment(self, appointment: Appointment) -> Appointment:
        """Store a changed appointment; its SEQUENCE goes up by one (calendar clients see the change)."""
        with self.transaction():
            current = self.appointment(appointment.id)
            changed = replace(appointment, sequence=current.sequence + 1)
            self._update_row("appointments", appointment.id, rows.appointment_to_row(changed))
            return changed

    def set_finding(self, appointment_id: int, finding: Finding | None) -> Appointment:
        """Store (or clear) the Jobcenter's finding on an appointment. Unlike ``update_appointment``
        the SEQUENCE stays: a finding changes nothing a calendar shows."""
        with self.transaction():
            self.appointment(appointment_id)
            self._update_row("appointments", appointment_id, rows.finding_to_row(finding))
            return self.appointment(appointment_id)

    # -- absences ------------------------------------------------------------------------------

    def absences(self, start: dt.datetime | None = None, end: dt.datetime | None = None) -> list[Absence]:
        where, params = [], []
        if end is not None:
            where.append("start_utc < ?")
            params.append(rows.to_utc_text(end))
        if start is not None:
            where.append("end_utc > ?")
            params.append(rows.to_utc_text(start))
        sql = "SELECT * FROM absences" + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY start_utc, id"
        return self._read("absences", self._all(sql, params))

    def add_absence(self, absence: Absence) -> Absence:
        with self.transaction():
            return replace(absence, id=self._insert_row("absences", rows.absence_to_row(absence)))

    def remove_absence(self, absence_id: int) -> None:
        with self.transaction():
            self._delete_row("absences", absence_id)

    # -- letters and calendar files written ------------------------------------------------------

    def record_documents(self, appointments: Sequence[Appointment], kind: str, at: dt.datetime) -> None:
        """Note that a letter (``kind`` "letter") or calendar file ("calendar") was written for each
        appointment. Not journaled: what went out cannot be undone; undo asks ``documents_for``."""
        with self.transaction():
            head = self.journal_head()
            for a in appointments:
                self._insert("documents", {"appointment_id": a.id, "customer_no": a.customer_no, "kind": kind,
                                           "at_utc": rows.to_utc_text(at), "sequence": a.sequence,
                                           "after_entry": head})

    def documents_for(self, appointment_ids: Sequence[int]) -> list[SentDocument]:
        """The letters and calendar files written for these appointments, oldest first."""
        marks = ", ".join("?" for _ in appointment_ids)
        found = self._all(f"SELECT * FROM documents WHERE appointment_id IN ({marks}) ORDER BY id", list(appointment_ids))
        return [SentDocument(r["appointment_id"], r["customer_no"], r["kind"], rows.from_utc_text(r["at_utc"]),
                             r["sequence"], r["after_entry"]) for r in found]

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


__all__ = ["Caseload", "LATEST"]
