"""``terminassistent check``: what the integrity check found, in German."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from terminassistent.storage import Caseload


@dataclass(frozen=True)
class CheckReport:
    path: Path
    schema_version: int
    counts: dict[str, int]
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "db": str(self.path),
            "ok": self.ok,
            "schema_version": self.schema_version,
            "counts": self.counts,
            "problems": list(self.problems),
        }

    def summary(self) -> str:
        c = self.counts
        head = (
            f"Datenbank »{self.path}« (Schema {self.schema_version}): {c['customers']} Kunden, "
            f"{c['contacts']} Kontakte, {c['appointments']} Termine, {c['absences']} Abwesenheiten."
        )
        if self.ok:
            return head + "\nKeine Probleme gefunden."
        found = "1 Problem" if len(self.problems) == 1 else f"{len(self.problems)} Probleme"
        return head + f"\n{found} gefunden:\n" + "\n".join(f"  - {p}" for p in self.problems)


def check_caseload(path: Path) -> CheckReport:
    with Caseload.open(path) as caseload:
        problems = caseload.integrity_problems()
        counts = caseload.record_counts()
        return CheckReport(path, caseload.schema_version, counts, tuple(problems))


def check_caseload_file(path: Path) -> Path:
    """Refuse, in German, a path that is not an existing, readable caseload file or that another
    window has open (Bestand öffnen…); changes nothing. The full check (ours, intact, not newer)
    runs when it is opened."""
    from terminassistent.errors import UserError
    from terminassistent.storage.database import AlreadyOpen, WindowLock, precheck

    path = Path(path)
    precheck(path)
    probe = WindowLock(path)
    try:
        probe.acquire()
    except AlreadyOpen:
        raise UserError(f"Der Bestand »{path}« ist schon in einem anderen Terminassistent-Fenster geöffnet. "
                        "Bitte arbeiten Sie dort weiter.") from None
    probe.release()
    return path
