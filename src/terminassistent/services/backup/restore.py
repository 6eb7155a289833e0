"""Putting a backup back: ``terminassistent restore`` and Sicherung wiederherstellen….

The copy is checked first (a Terminassistent file, intact, not from a newer version); then the
caseload as it is now is itself backed up; then the copy replaces it in one transaction (SQLite's
backup API into the open file: a crash leaves the old caseload whole, and a window open on the
file sees the restored contents). A refusal changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from terminassistent.errors import UserError
from terminassistent.services.backup.copies import Backup, before_bulk
from terminassistent.services.changes import Changes
from terminassistent.services.context import Context
from terminassistent.storage.copies import inspect


@dataclass(frozen=True)
class RestoreResult:
    restored: Path
    customers: int  # in the restored caseload
    saved: Backup  # the copy of the caseload as it was before
    changes: Changes

    def summary(self) -> str:
        return (f"Die Sicherung »{self.restored}« wurde wiederhergestellt ({self.customers} Kunden). "
                f"Der vorherige Stand ist gesichert in »{self.saved.path}«.")

    def as_dict(self) -> dict[str, Any]:
        return {"restored": str(self.restored), "customers": self.customers, "backup": str(self.saved.path)}


def restore_backup(ctx: Context, source: Path) -> RestoreResult:
    caseload = ctx.caseload
    source = Path(source)
    if source.exists() and source.resolve() == caseload.path.resolve():
        raise UserError(f"»{source}« ist der geöffnete Bestand selbst, keine Sicherung davon.")
    info = inspect(source, caseload.key)
    saved = before_bulk(caseload, "vor-wiederherstellung", ctx.now())
    caseload.restore_from(source)
    return RestoreResult(source, info.customers, saved, Changes.all())
