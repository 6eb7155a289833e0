"""Versioned legal texts (Rechtsfolgenbelehrungen) read from TOML files, never written in code.

A folder holds one file per version. Each names the law it reflects and the days it is valid for;
the letter takes the one valid on the appointment's day. Where the law escalates with repeated
Meldeversäumnisse, a text carries variants by the number of earlier established Meldeversäumnisse
(``min_misses``: the variant with the highest ``min_misses`` not above the count applies). Only the
Jobcenter's finding establishes one (domain.model.Finding); a recorded miss alone does not, and a
telephone appointment never does.

Every sentence of a bundled text names its public sources, or says that it is the Jobcenter's
decision (``Sentence``); reading and checking the files is in legal_files.py.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from terminassistent.documents.german import numeric_date
from terminassistent.domain.model import Appointment, AppointmentStatus, Contact, ContactKind
from terminassistent.errors import UserError

COUNTING = {
    "in_folge": "festgestellte Meldeversäumnisse seit dem letzten wahrgenommenen Termin",
    "gesamt": "alle früher festgestellten Meldeversäumnisse",
}


@dataclass(frozen=True)
class Sentence:
    """One sentence of a legal text with what supports it: public sources (citations), or the
    Jobcenter's decision that its legal department must take (never printed on a letter)."""

    text: str
    sources: tuple[str, ...] = ()
    decision: str = ""


Paragraph = tuple[Sentence, ...]


def paragraph_text(paragraph: Paragraph) -> str:
    return " ".join(s.text for s in paragraph)


@dataclass(frozen=True)
class LegalVariant:
    min_misses: int
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class LegalText:
    id: str
    version: str
    title: str
    law: str
    valid_from: dt.date
    valid_until: dt.date | None
    source: tuple[str, ...]
    sample: bool
    sample_note: str  # why the sample must be checked; for the legal department, never on a letter
    counting: str
    variants: tuple[LegalVariant, ...]  # ordered by min_misses
    common: tuple[Paragraph, ...]
    path: Path
    decisions: tuple[str, ...] = ()  # open questions for the legal department (file-wide)

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    def variant_for(self, earlier_misses: int) -> LegalVariant:
        return [v for v in self.variants if v.min_misses <= earlier_misses][-1]

    def paragraphs(self, earlier_misses: int) -> tuple[str, ...]:
        """The printed text: the variant's paragraphs, then the common ones."""
        return tuple(paragraph_text(p) for p in self.variant_for(earlier_misses).paragraphs + self.common)

    def sentences(self) -> Iterable[Sentence]:
        """Every sentence of every variant and of the common part (for the legal department's check)."""
        for paragraph in (*(p for v in self.variants for p in v.paragraphs), *self.common):
            yield from paragraph

    @property
    def version_label(self) -> str:
        """The version as it is shown in running text (see ``version_label``)."""
        return version_label(self.version)

    @property
    def validity(self) -> str:
        until = f"bis {numeric_date(self.valid_until)}" if self.valid_until else "ohne Enddatum"
        return f"ab {numeric_date(self.valid_from)} {until}"


def version_label(version: str) -> str:
    """A version for running text, without brackets of its own.

    Letters and messages name the version in a sentence that may already stand in brackets, so a
    version like ``2026-07-01 (Muster 1, Stand März 2026)`` is shown as ``2026-07-01, Muster 1,
    Stand März 2026``: a bracket becomes a comma, a closing one at the end disappears.
    """
    text = re.sub(r"\s*[(\[]\s*", ", ", " ".join(version.split()))
    text = re.sub(r"\s*[)\]]\s*", ", ", text)
    text = re.sub(r"(,\s*)+", ", ", text)
    return text.strip(" ,")


def legal_text_for(texts: list[LegalText], day: dt.date, folder: Path) -> LegalText:
    """The text valid on ``day``; refuses with a German sentence when there is none."""
    for text in texts:
        if text.valid_on(day):
            return text
    raise UserError(
        f"Für den {numeric_date(day)} gibt es keine gültige Rechtsfolgenbelehrung in »{folder}«. "
        "Ohne sie darf die Einladung nicht gedruckt werden. Bitte legen Sie dort eine Fassung an, die an "
        "diesem Tag gilt (valid_from/valid_until), oder wählen Sie in der Einstellung »letter.legal_dir« "
        "den Ordner mit den aktuellen Texten des Jobcenters."
    )


def established(appointment: Appointment, as_of: dt.date) -> bool:
    """Whether the Jobcenter had found a Meldeversäumnis for ``appointment`` by ``as_of``."""
    f = appointment.finding
    return appointment.duty_to_report and f is not None and f.established and f.decided_on <= as_of


def count_earlier_findings(history: Sequence[Appointment], contacts: Sequence[Contact], appointment: Appointment,
                           counting: str, as_of: dt.date) -> int:
    """Established Meldeversäumnisse before ``appointment`` (found by ``as_of``, the letter's date),
    counted as the legal text says.

    ``in_folge``: only those after the customer's last held appointment or documented counselling
    conversation (Beratungsvermerk: a conversation in between breaks the series); ``gesamt``: every
    earlier one. A missed appointment without an established finding never counts.
    """
    earlier = [a for a in history if a.start < appointment.start and a.id != appointment.id]
    if counting == "in_folge":
        seen = [a.start for a in earlier if a.status is AppointmentStatus.HELD]
        seen += [c.at for c in contacts if c.at < appointment.start and c.kind is ContactKind.BERATUNG]
        if seen:
            last = max(seen)
            earlier = [a for a in earlier if a.start > last]
    return sum(1 for a in earlier if established(a, as_of))
