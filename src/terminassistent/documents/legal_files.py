"""Reading and checking the legal-text files (format in resources/legal/README.md).

A variant (and the part common to all variants) is written either as plain ``text`` (paragraphs
separated by a blank line), or sentence by sentence (``[[variant.paragraph]]`` with
``[[variant.paragraph.sentence]]``), each sentence naming its sources (keys of the file's
``[references]``) or the decision the Jobcenter's legal department must take. The bundled samples
use the second form throughout. Validation reports every problem of every file, not only the first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from pathlib import Path

from terminassistent.documents.legal import COUNTING, LegalText, LegalVariant, Paragraph, Sentence
from terminassistent.errors import InvalidInput, UserError

_REQUIRED = {"id": str, "version": str, "title": str, "law": str, "valid_from": dt.date, "source": list,
             "sample": bool, "counting": str, "variant": list}
_OPTIONAL = {"valid_until": dt.date, "sample_note": str, "common": (str, list), "references": dict,
             "decisions": list}
_VARIANT = {"min_misses": int}
_VARIANT_OPTIONAL = {"text": str, "paragraph": list}
_SENTENCE = {"text": str}
_SENTENCE_OPTIONAL = {"source": (list, str), "decision": str}
_TYPE_NAMES = {str: "Text", dt.date: "Datum wie 2026-07-01", list: "Liste", bool: "true oder false",
               int: "ganze Zahl", dict: "Tabelle"}


def paragraphs_of(text: str) -> tuple[str, ...]:
    """Blank lines separate paragraphs; single line breaks inside one are spaces."""
    return tuple(" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip())


def _type_name(kind) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " oder ".join(_TYPE_NAMES[k] for k in kinds)


def _check_keys(table: dict, required: dict, optional: dict, where: str, problems: list[str]) -> None:
    for key in required:
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
            problems.append(f"{where}: »{key}« hat den falschen Typ (erwartet: {_type_name(kind)}).")


class _Reader:
    """One file's paragraphs, with its references resolved and every problem collected."""

    def __init__(self, path: Path, references: dict, problems: list[str]):
        self.path, self.references, self.problems = path, references, problems

    def paragraphs(self, value, where: str) -> tuple[Paragraph, ...]:
        """Plain text (no sources: a Jobcenter's own file may be written so) or sentence tables."""
        if isinstance(value, str):
            return tuple((Sentence(p),) for p in paragraphs_of(value))
        found = []
        for n, table in enumerate(value, start=1):
            here = f"{where}, Absatz {n}"
            if not isinstance(table, dict) or set(table) != {"sentence"} or not isinstance(table["sentence"], list) \
                    or not table["sentence"]:
                self.problems.append(f"{here}: erwartet ist eine Tabelle mit Sätzen ([[…sentence]]).")
                continue
            sentences = (self.sentence(raw, f"{here}, Satz {m}") for m, raw in enumerate(table["sentence"], start=1))
            found.append(tuple(s for s in sentences if s is not None))
        return tuple(found)

    def sentence(self, table, where: str) -> Sentence | None:
        if not isinstance(table, dict):
            self.problems.append(f"{where}: ist keine Tabelle.")
            return None
        mark = len(self.problems)
        _check_keys(table, _SENTENCE, _SENTENCE_OPTIONAL, where, self.problems)
        keys = table.get("source", [])
        keys = [keys] if isinstance(keys, str) else keys
        if not keys and not str(table.get("decision", "")).strip():
            self.problems.append(f"{where}: nennt weder eine Quelle (»source«) noch eine Entscheidung des Jobcenters "
                                 "(»decision«).")
        for key in keys:
            if not isinstance(key, str) or key not in self.references:
                self.problems.append(f"{where}: die Quelle »{key}« steht nicht in [references].")
        if len(self.problems) > mark:
            return None
        return Sentence(" ".join(table["text"].split()), tuple(self.references[k] for k in keys),
                        " ".join(table.get("decision", "").split()))


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
    references = raw.get("references") if isinstance(raw.get("references"), dict) else {}
    for key, value in references.items():
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{path}: [references] »{key}« ist kein Text.")
    reader = _Reader(path, {k: " ".join(str(v).split()) for k, v in references.items()}, problems)
    variants = []
    tables = raw.get("variant") if isinstance(raw.get("variant"), list) else []
    for n, table in enumerate(tables, start=1):
        where = f"{path}: Variante {n}"
        if not isinstance(table, dict):
            problems.append(f"{where}: ist keine Tabelle [[variant]].")
            continue
        mark = len(problems)
        _check_keys(table, _VARIANT, _VARIANT_OPTIONAL, where, problems)
        if ("text" in table) == ("paragraph" in table):
            problems.append(f"{where}: braucht genau einen der Einträge »text« oder »paragraph«.")
        if len(problems) == mark:
            if table["min_misses"] < 0:
                problems.append(f"{where}: »min_misses« darf nicht negativ sein.")
            body = table["text"] if "text" in table else table["paragraph"]
            variants.append(LegalVariant(table["min_misses"], reader.paragraphs(body, where)))
    counts = [v.min_misses for v in variants]
    if len(variants) == len(tables) and 0 not in counts:
        problems.append(f"{path}: eine Variante mit »min_misses = 0« fehlt (für Kundinnen und Kunden ohne "
                        "festgestelltes Meldeversäumnis).")
    if len(set(counts)) != len(counts):
        problems.append(f"{path}: zwei Varianten haben dieselbe Zahl »min_misses«.")
    common = raw.get("common", "")
    common = reader.paragraphs(common, f"{path}: common") if isinstance(common, (str, list)) else ()
    if isinstance(raw.get("counting"), str) and raw["counting"] not in COUNTING:
        problems.append(f"{path}: »counting« muss einer der Werte {', '.join(COUNTING)} sein.")
    until = raw.get("valid_until")
    if isinstance(until, dt.date) and isinstance(raw.get("valid_from"), dt.date) and until < raw["valid_from"]:
        problems.append(f"{path}: »valid_until« liegt vor »valid_from«.")
    if raw.get("sample") is True and not str(raw.get("sample_note", "")).strip():
        problems.append(f"{path}: ein Mustertext (sample = true) braucht einen Hinweis »sample_note«.")
    decisions = raw.get("decisions", [])
    if not isinstance(decisions, list) or not all(isinstance(d, str) for d in decisions):
        problems.append(f"{path}: »decisions« ist keine Liste von Texten.")
    if len(problems) > before:
        return None
    source = raw["source"]
    return LegalText(
        id=raw["id"], version=raw["version"], title=raw["title"], law=" ".join(raw["law"].split()),
        valid_from=raw["valid_from"], valid_until=until,
        source=(source,) if isinstance(source, str) else tuple(str(s) for s in source),
        sample=raw["sample"], sample_note=" ".join(raw.get("sample_note", "").split()), counting=raw["counting"],
        variants=tuple(sorted(variants, key=lambda v: v.min_misses)), common=common, path=path,
        decisions=tuple(" ".join(d.split()) for d in decisions),
    )


def legal_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.toml"))


def load_legal_texts(folder: Path) -> list[LegalText]:
    """Every legal text in ``folder``; refuses (listing every problem) if any file is invalid."""
    if not folder.is_dir():
        raise UserError(
            f"Den Ordner mit den Rechtsfolgenbelehrungen »{folder}« gibt es nicht. Bitte prüfen Sie die "
            "Einstellung »letter.legal_dir« (leer lassen für die mitgelieferten Muster)."
        )
    problems: list[str] = []
    texts = [t for p in legal_files(folder) if (t := parse_legal_text(p, problems))]
    for a, b in _overlapping(texts):
        problems.append(f"{a.path.name} und {b.path.name} gelten beide an manchen Tagen ({a.validity} / {b.validity}).")
    if problems:
        raise InvalidInput(f"Die Rechtsfolgenbelehrungen in »{folder}« sind fehlerhaft:", problems)
    return texts


def fingerprint(folder: Path) -> str:
    """SHA-256 over the names and contents of the folder's legal-text files: what an approval covers."""
    digest = hashlib.sha256()
    for path in legal_files(folder):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _overlapping(texts: list[LegalText]):
    ordered = sorted(texts, key=lambda t: t.valid_from)
    for a, b in zip(ordered, ordered[1:]):
        if a.valid_until is None or a.valid_until >= b.valid_from:
            yield a, b
