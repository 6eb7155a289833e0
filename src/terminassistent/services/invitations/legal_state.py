"""Which Rechtsfolgenbelehrungen this installation prints, and whether someone approved them.

A sample legal text is a state of the installation, never of a letter: the letter shows no remark
about it. The desktop shows ``LegalTextState.notice`` as a persistent notice (and asks before
printing), the command line prints it on stderr. An approval names who approved the texts and
when, and covers exactly the files approved (their fingerprint): a changed or added file, or
another folder, needs a new approval.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from terminassistent import settings as S
from terminassistent.documents.legal import LegalText
from terminassistent.documents.legal_files import fingerprint, load_legal_texts
from terminassistent.errors import UserError
from terminassistent.paths import resources_dir
from terminassistent.services.changes import Changes
from terminassistent.services.context import Context

APPROVE_COMMAND = "terminassistent legal-texts --db PFAD --approve \"Name, Funktion\""


def legal_folder(ctx: Context) -> Path:
    """The folder of the legal texts in use: the Jobcenter's own (setting) or the bundled samples."""
    return Path(S.LEGAL_DIR.read(ctx.caseload) or resources_dir() / "legal")


@dataclass(frozen=True)
class LegalTextState:
    folder: Path
    bundled: bool  # the samples shipped with the program are in use (no own folder set)
    texts: tuple[LegalText, ...]
    approved_by: str
    approved_on: dt.date | None
    approved: bool  # an approval is on record and covers exactly the files in use

    @property
    def samples(self) -> tuple[LegalText, ...]:
        return tuple(t for t in self.texts if t.sample)

    @property
    def unconfirmed_samples(self) -> bool:
        """Sample texts are in use and nobody has approved them: the notice must be shown."""
        return bool(self.samples) and not self.approved

    @property
    def notice(self) -> str:
        """One German sentence for the caseworker while samples are unconfirmed; "" otherwise."""
        if not self.unconfirmed_samples:
            return ""
        where = ("die mitgelieferten Muster" if self.bundled
                 else f"als Muster gekennzeichnet (Ordner »{self.folder}«)")
        lapsed = " Die frühere Freigabe gilt nicht mehr, weil sich die Texte seither geändert haben." if (
            self.approved_by and not self.approved) else ""
        return (f"Die Rechtsfolgenbelehrungen in Gebrauch sind {where} und von niemandem freigegeben: Bitte lassen "
                "Sie sie von der Rechtsabteilung des Jobcenters prüfen und tragen Sie deren Freigabe ein "
                f"({APPROVE_COMMAND}) oder wählen Sie den Ordner mit den eigenen Texten des Jobcenters "
                f"(Einstellung »{S.LEGAL_DIR.key}«).{lapsed}")

    def as_dict(self) -> dict:
        return {
            "folder": str(self.folder), "bundled": self.bundled,
            "texts": [{"id": t.id, "version": t.version, "title": t.title, "sample": t.sample,
                       "valid_from": t.valid_from, "valid_until": t.valid_until, "decisions": list(t.decisions)}
                      for t in self.texts],
            "approved_by": self.approved_by or None, "approved_on": self.approved_on, "approved": self.approved,
            "unconfirmed_samples": self.unconfirmed_samples, "notice": self.notice or None,
        }


def legal_text_state(ctx: Context) -> LegalTextState:
    """The legal texts in use and their approval; refuses (like printing would) if a file is invalid."""
    caseload = ctx.caseload
    folder = legal_folder(ctx)
    texts = load_legal_texts(folder)
    by = S.LEGAL_APPROVED_BY.read(caseload)
    try:
        on = dt.date.fromisoformat(S.LEGAL_APPROVED_ON.read(caseload)) if S.LEGAL_APPROVED_ON.read(caseload) else None
    except ValueError:
        on = None  # not written by approve_legal_texts: no valid approval
    approved = bool(by and on and S.LEGAL_APPROVED_FINGERPRINT.read(caseload) == fingerprint(folder))
    return LegalTextState(folder, not S.LEGAL_DIR.read(caseload), tuple(texts), by, on, approved)


@dataclass(frozen=True)
class Approval:
    state: LegalTextState
    changes: Changes


def approve_legal_texts(ctx: Context, by: str, on: dt.date | None = None) -> Approval:
    """Record that ``by`` (name and function, e.g. "Dr. M. Beispiel, Rechtsabteilung") approved the
    legal texts now in use on ``on`` (default today); one user action."""
    by = " ".join(by.split())
    on = on or ctx.today()
    if not by:
        raise UserError("Bitte geben Sie an, wer die Rechtsfolgenbelehrungen freigegeben hat (Name und Funktion).")
    if on > ctx.today():
        raise UserError(f"Die Freigabe kann nicht in der Zukunft liegen ({on:%d.%m.%Y}).")
    caseload = ctx.caseload
    folder = legal_folder(ctx)
    load_legal_texts(folder)  # only valid texts can be approved
    with caseload.action("Rechtsfolgenbelehrungen freigeben", at=ctx.now()) as action:
        S.put(caseload, S.LEGAL_APPROVED_BY.key, by)
        S.put(caseload, S.LEGAL_APPROVED_ON.key, on.isoformat())
        S.put(caseload, S.LEGAL_APPROVED_FINGERPRINT.key, fingerprint(folder))
        changes = Changes.of(action.rows)
    return Approval(legal_text_state(ctx), changes)
