"""Versioned legal texts (Rechtsfolgenbelehrungen) read from TOML files, never written in code.

A folder holds one file per version. Each names the law it reflects and the days it is valid for;
the letter takes the one valid on the appointment's day. Where the law escalates with repeated
Meldeversäumnisse, a text carries variants by the number of earlier unexcused misses
(``min_misses``: the variant with the highest ``min_misses`` not above the count applies).
Validation reports every problem of every file, not only the first.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from terminassistent.errors import InvalidInput, UserError
from terminassistent.documents.german import numeric_date

COUNTING = {
    "in_folge": "versäumte Termine seit dem letzten wahrgenommenen Termin",
    "gesamt": "alle früher versäumten Termine",
}
_REQUIRED = {"id": str, "version": str, "title": str, "law": str, "valid_from": dt.date, "source": list,
             "sample": bool, "counting": str, "variant": list}
_OPTIONAL = {"valid_until": dt.date, "sample_note": str, "common": str}
_VARIANT_KEYS = {"min_misses": int, "text": str}


@dataclass(frozen=True)
class LegalVariant:
    min_misses: int
    paragraphs: tuple[str, ...]


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
    sample_note: str
    counting: str
    variants: tuple[LegalVariant, ...]  # ordered by min_misses
    common: tuple[str, ...]
    path: Path

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    def variant_for(self, earlier_misses: int) -> LegalVariant:
        return [v for v in self.variants if v.min_misses <= earlier_misses][-1]

    def paragraphs(self, earlier_misses: int) -> tuple[str, ...]:
        return self.variant_for(earlier_misses).paragraphs + self.common

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


def paragraphs_of(text: str) -> tuple[str, ...]:
    """Blank lines separate paragraphs; single line breaks inside one are spaces."""
    return tuple(" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip())


def _check_keys(table: dict, required: dict, optional: dict, where: str, problems: list[str]) -> None:
    for key, kind in required.items():
        if key not in table:
            problems.append(f"{where}: der Eintrag »{key}« fehlt.")
    for key, value in table.items():
        kind = required.get(key) or optional.get(key)
        if kind is None:
            problems.append(f"{where}: unbekannter Eintrag »{key}«.")
        elif key == "source" and isinstance(value, str):
            continue
        elif not isinstance(value, kind) or (kind is dt.date and isinstance(value, dt.datetime)) or (
            kind is int and isinstance(value, bool)
        ):
            problems.append(f"{where}: »{key}« hat den falschen Typ (erwartet: {_TYPE_NAMES[kind]}).")


_TYPE_NAMES = {str: "Text", dt.date: "Datum wie 2026-07-01", list: "Liste", bool: "true oder false",
               int: "ganze Zahl"}


def parse_legal_text(path: Path, problems: list[str]) -> LegalText | None:
    """One file; appends every problem found (naming the file) and returns None if there was one."""
    before = len(problems)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{path}: kann nicht gelesen werden ({exc.__class__.__name__}).")
        return None
    except tomllib.TOMLDecodeError as exc:
        problems.append(f"{path}: ist keine gültige TOML-Datei ({exc}).")
        return None
    _check_keys(raw, _REQUIRED, _OPTIONAL, str(path), problems)
    variants = []
    tables = raw.get("variant") if isinstance(raw.get("variant"), list) else []
    for n, table in enumerate(tables, start=1):
        where = f"{path}: Variante {n}"
        if not isinstance(table, dict):
            problems.append(f"{where}: ist keine Tabelle [[variant]].")
            continue
        mark = len(problems)
        _check_keys(table, _VARIANT_KEYS, {}, where, problems)
        if len(problems) == mark:
            if table["min_misses"] < 0:
                problems.append(f"{where}: »min_misses« darf nicht negativ sein.")
            variants.append(LegalVariant(table["min_misses"], paragraphs_of(table["text"])))
    counts = [v.min_misses for v in variants]
    if len(variants) == len(tables) and 0 not in counts:
        problems.append(f"{path}: eine Variante mit »min_misses = 0« fehlt (für Kundinnen und Kunden ohne Versäumnis).")
    if len(set(counts)) != len(counts):
        problems.append(f"{path}: zwei Varianten haben dieselbe Zahl »min_misses«.")
    if isinstance(raw.get("counting"), str) and raw["counting"] not in COUNTING:
        problems.append(f"{path}: »counting« muss einer der Werte {', '.join(COUNTING)} sein.")
    until = raw.get("valid_until")
    if isinstance(until, dt.date) and isinstance(raw.get("valid_from"), dt.date) and until < raw["valid_from"]:
        problems.append(f"{path}: »valid_until« liegt vor »valid_from«.")
    if raw.get("sample") is True and not str(raw.get("sample_note", "")).strip():
        problems.append(f"{path}: ein Mustertext (sample = true) braucht einen Hinweis »sample_note«.")
    if len(problems) > before:
        return None
    source = raw["source"]
    return LegalText(
        id=raw["id"], version=raw["version"], title=raw["title"], law=" ".join(raw["law"].split()),
        valid_from=raw["valid_from"], valid_until=until,
        source=(source,) if isinstance(source, str) else tuple(str(s) for s in source),
        sample=raw["sample"], sample_note=" ".join(raw.get("sample_note", "").split()), counting=raw["counting"],
        variants=tuple(sorted(variants, key=lambda v: v.min_misses)),
        common=paragraphs_of(raw.get("common", "")), path=path,
    )


def load_legal_texts(folder: Path) -> list[LegalText]:
    """Every legal text in ``folder``; refuses (listing every problem) if any file is invalid."""
    if not folder.is_dir():
        raise UserError(
            f"Den Ordner mit den Rechtsfolgenbelehrungen »{folder}« gibt es nicht. Bitte prüfen Sie die "
            "Einstellung »letter.legal_dir« (leer lassen für die mitgelieferten Muster)."
        )
    problems: list[str] = []
    texts = [t for p in sorted(folder.glob("*.toml")) if (t := parse_legal_text(p, problems))]
    for a, b in _overlapping(texts):
        problems.append(f"{a.path.name} und {b.path.name} gelten beide an manchen Tagen ({a.validity} / {b.validity}).")
    if problems:
        raise InvalidInput(f"Die Rechtsfolgenbelehrungen in »{folder}« sind fehlerhaft:", problems)
    return texts


def _overlapping(texts: list[LegalText]):
    ordered = sorted(texts, key=lambda t: t.valid_from)
    for a, b in zip(ordered, ordered[1:]):
        if a.valid_until is None or a.valid_until >= b.valid_from:
            yield a, b


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


def count_earlier_misses(history, contacts, appointment, counting: str) -> int:
    """Unexcused misses (status missed) before ``appointment``, counted as the legal text says.

    ``in_folge``: only misses after the customer's last held appointment or documented counselling
    conversation (Beratungsvermerk: a conversation in between breaks the series); ``gesamt``: every
    earlier miss.
    """
    from terminassistent.domain.model import AppointmentStatus, ContactKind

    earlier = [a for a in history if a.start < appointment.start and a.id != appointment.id]
    if counting == "in_folge":
        seen = [a.start for a in earlier if a.status is AppointmentStatus.HELD]
        seen += [c.at for c in contacts if c.at < appointment.start and c.kind is ContactKind.BERATUNG]
        if seen:
            last = max(seen)
            earlier = [a for a in earlier if a.start > last]
    return sum(1 for a in earlier if a.status is AppointmentStatus.MISSED)
