"""Rückgängig and Wiederherstellen: the last user action taken back, or put back, as a whole.

Undo takes back the newest action not yet undone; redo puts back the action of the newest undo,
until a new action is made (then what was undone stays undone). Each is itself one journaled action
(kind undo or redo, its target the action), applied in one transaction; it is refused, with nothing
changed, when a row the action wrote has been changed since (by a command run beside the window,
say) or when the action cannot be taken back (an erasure).

A letter or calendar file may already have gone out for an appointment the undo (or redo) changes
or removes: the result names each such appointment as the documents showed it, with what a
cancellation letter and a cancelling calendar file (METHOD:CANCEL) need.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from terminassistent.domain.model import BERLIN, Appointment, AppointmentStatus, Customer
from terminassistent.errors import StaleData, StoreError, UserError
from terminassistent.services.changes import Changes
from terminassistent.services.context import Context
from terminassistent.storage import Caseload
from terminassistent.storage.journal import REDO, UNDO, JournalEntry

UNDO_TITLE, REDO_TITLE = "Rückgängig", "Wiederherstellen"


@dataclass(frozen=True)
class SentInvitation:
    """An appointment that a letter or calendar file had already announced when the undo or redo
    changed or removed it."""

    appointment: Appointment  # as the letter and calendar file showed it
    customer: Customer
    letter: bool  # an invitation letter was written
    calendar: bool  # a calendar file was written

    @property
    def cancellation(self) -> Appointment:
        """The appointment as a cancelling calendar file states it (STATUS:CANCELLED, a higher SEQUENCE)."""
        return dataclasses.replace(self.appointment, status=AppointmentStatus.CANCELLED,
                                   sequence=self.appointment.sequence + 1)

    def sentence(self) -> str:
        what = " und ".join(w for w, sent in (("eine Einladung", self.letter), ("eine Kalenderdatei", self.calendar))
                            if sent)
        start = self.appointment.start.astimezone(BERLIN)
        verb = "wurden" if self.letter and self.calendar else "wurde"
        return (f"Für Termin {self.appointment.id} am {start:%d.%m.%Y} um {start:%H:%M} Uhr "
                f"({self.customer.display_name}) {verb} bereits {what} ausgegeben; bitte sagen Sie ihn ab "
                "(Absage schreiben, Kalenderdatei mit Absage).")

    def as_dict(self) -> dict[str, Any]:
        return {"appointment": self.appointment.id, "customer": self.customer.customer_no,
                "start": self.appointment.start, "end": self.appointment.end, "letter": self.letter,
                "calendar": self.calendar}


@dataclass(frozen=True)
class UndoResult:
    kind: str  # "undo" or "redo"
    entry: int  # the journal entry of the action undone or redone
    name: str  # its German name
    at: dt.datetime  # when the action was made
    changes: Changes
    sent: tuple[SentInvitation, ...] = ()

    def summary(self) -> str:
        done = "Rückgängig gemacht" if self.kind == UNDO else "Wiederhergestellt"
        return f"{done}: {self.name} (vom {self.at.astimezone(BERLIN):%d.%m.%Y %H:%M} Uhr)."

    def as_dict(self) -> dict[str, Any]:
        key = "undone" if self.kind == UNDO else "redone"
        return {key: self.name, "at": self.at.astimezone(BERLIN), "entry": self.entry,
                "sent": [s.as_dict() for s in self.sent]}


@dataclass(frozen=True)
class MenuLabels:
    """The texts of Bearbeiten > Rückgängig / Wiederherstellen, and whether each can be chosen."""

    undo: str
    undo_enabled: bool
    redo: str
    redo_enabled: bool


def undo(ctx: Context) -> UndoResult:
    """Take back the newest action not undone yet; UserError (nothing changed) if there is none,
    StaleData if a row it wrote has changed since."""
    caseload = ctx.caseload
    with caseload.transaction():  # what is undone is decided and applied under one write lock
        entry = caseload.journal_undoable()
        if entry is None:
            raise UserError("Es gibt nichts rückgängig zu machen.")
        _require_rows(entry)
        since = max(entry.id, caseload.journal_last(REDO, entry.id))
        return _apply(ctx, entry, UNDO, entry, since)


def redo(ctx: Context) -> UndoResult:
    """Put back the action undone last; UserError if nothing was undone since the last action."""
    caseload = ctx.caseload
    with caseload.transaction():
        undone = caseload.journal_redoable()
        if undone is None:
            raise UserError("Es gibt nichts wiederherzustellen.")
        entry = caseload.journal_entry(undone.target)
        return _apply(ctx, entry, REDO, entry, undone.id)


def menu_labels(caseload: Caseload) -> MenuLabels:
    """``Rückgängig: Gespräch mit Müller, Anna abschließen`` and the like, for the Bearbeiten menu."""
    entry, undone = caseload.journal_undoable(), caseload.journal_redoable()
    undo_text, redo_text = UNDO_TITLE, REDO_TITLE
    if entry is not None:
        undo_text = f"{UNDO_TITLE}: {entry.action}" if entry.rows else f"{UNDO_TITLE} nicht möglich: {entry.action}"
    if undone is not None:
        redo_text = f"{REDO_TITLE}: {caseload.journal_entry(undone.target).action}"
    return MenuLabels(undo_text, entry is not None and bool(entry.rows), redo_text, undone is not None)


def _require_rows(entry: JournalEntry) -> None:
    if not entry.rows:  # an erasure keeps no rows: there is nothing to give back
        raise UserError(f"»{entry.action}« kann nicht rückgängig gemacht werden.")


def _apply(ctx: Context, entry: JournalEntry, kind: str, target: JournalEntry, since: int) -> UndoResult:
    caseload = ctx.caseload
    forward = kind == REDO
    sent = _sent_invitations(caseload, entry, forward, since)
    title = UNDO_TITLE if kind == UNDO else REDO_TITLE
    with caseload.action(f"{title}: {entry.action}", at=ctx.now(), kind=kind, target=target.id) as action:
        problems = caseload.restore_rows(entry.rows, forward=forward)
        if problems:
            verb = "rückgängig gemacht" if kind == UNDO else "wiederhergestellt"
            raise StaleData(f"»{entry.action}« kann nicht {verb} werden, weil sich seither etwas geändert hat: "
                            + " ".join(dict.fromkeys(problems)))
        caseload.set_undone(entry.id, not forward)
        changes = Changes.of(action.rows)
    return UndoResult(kind, entry.id, entry.action, entry.at, changes, sent)


def _sent_invitations(caseload: Caseload, entry: JournalEntry, forward: bool, since: int) -> tuple[SentInvitation, ...]:
    """Appointments that undo (or redo) changes or removes, for which a letter or calendar file
    went out showing their present state (written after ``since``, the entry that set it)."""
    touched = {c.key for c in entry.rows if c.table == "appointments" and (c.before if forward else c.after)}
    if not touched:
        return ()
    current = {}
    for appointment_id in sorted(touched):
        try:
            current[appointment_id] = caseload.appointment(appointment_id)
        except StoreError:  # not there any more: undo will say that it changed since
            continue
    documents = [d for d in caseload.documents_for(sorted(current))
                 if d.after_entry >= since and d.sequence == current[d.appointment_id].sequence]
    found = []
    for appointment_id in sorted({d.appointment_id for d in documents}):
        appointment = current[appointment_id]
        kinds = {d.kind for d in documents if d.appointment_id == appointment_id}
        found.append(SentInvitation(appointment, caseload.customer(appointment.customer_no),
                                    "letter" in kinds, "calendar" in kinds))
    return tuple(found)
