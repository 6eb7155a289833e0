"""The Caseload's journal (storage/journal.py): reading its entries, what undo and redo take
back, and writing rows back as an entry left them; also what tells that another process committed."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from terminassistent.errors import StoreError
from terminassistent.storage import journal, rows
from terminassistent.storage.caseload_base import CaseloadBase
from terminassistent.storage.journal import JournalEntry, RowChange


class JournalAccess(CaseloadBase):
    """The journal of user actions, part of ``Caseload``."""

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
