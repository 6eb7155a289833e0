"""The history of changes (who changed what, and when): the journal, newest first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from terminassistent.domain.model import BERLIN
from terminassistent.services.context import Context


@dataclass(frozen=True)
class HistoryItem:
    entry: int
    at: dt.datetime  # Berlin time
    user: str  # the operating-system user who made the change
    action: str  # German, e.g. "Gespräch mit Müller, Anna abschließen" or "Rückgängig: …"
    kind: str  # action, undo or redo
    undone: bool  # an action that has been undone (and not redone)
    customers: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"at": self.at, "user": self.user, "action": self.action, "customers": list(self.customers),
                "entry": self.entry, "kind": self.kind, "undone": self.undone}

    def line(self) -> str:
        mark = " (rückgängig gemacht)" if self.undone else ""
        return f"{self.at:%d.%m.%Y %H:%M}  {self.user}: {self.action}{mark}"


def history(ctx: Context, customer_no: str | None = None, limit: int | None = None) -> list[HistoryItem]:
    """The journal, newest first; with ``customer_no`` only what touched that customer (the history
    tab of the customer's file)."""
    if customer_no is not None:
        ctx.caseload.customer(customer_no)  # refuses an unknown Kundennummer
    return [HistoryItem(e.id, e.at.astimezone(BERLIN), e.user, e.action, e.kind, e.undone, e.customers)
            for e in ctx.caseload.journal_entries(customer_no=customer_no, limit=limit)]
