"""The letter template: every sentence of the invitation except the legal text, read from TOML.

The bundled sample is resources/letter/einladung.toml; a Jobcenter's own template (setting
``letter.template``) must have the same entries. Unknown entries and unknown placeholders are
refused when the template is read, listing every problem, so a typo never reaches a customer.
Each channel has its own section: a telephone appointment is no invitation to report, so its
letter has no legal basis, no travel costs and no Rechtsfolgenbelehrung. ``[sources]`` says where
the template's legal statements come from; it is never printed.
"""

from __future__ import annotations

import string
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from terminassistent.errors import InvalidInput
from terminassistent.documents.legal_files import paragraphs_of

PLACEHOLDERS = frozenset({
    "first_name", "last_name", "customer_no", "when", "day", "time", "minutes", "office_name",
    "office_address", "room", "caseworker", "phone", "email", "contact", "call_from", "made_on",
})
LEGAL_PLACEHOLDERS = frozenset({"legal_title", "legal_version", "legal_validity", "legal_id"})

_CHANNEL_KEYS = ("intro", "facts", "after_facts", "purpose_intro", "bring_intro", "bring", "reschedule", "travel",
                 "legal_basis")
_SCHEMA: dict[str, tuple[str, ...]] = {
    "subject": ("persoenlich", "telefonisch"),
    "salutation": ("frau", "herr", "divers"),
    "persoenlich": _CHANNEL_KEYS,
    "telefonisch": _CHANNEL_KEYS,
    "text": ("purpose_default", "closing", "signature_prefix", "legal_heading", "version_line", "copy_note"),
    "appeal": ("heading", "text"),
}
_OPTIONAL = ("sources",)


@dataclass(frozen=True)
class LetterTemplate:
    id: str
    version: str
    sections: dict[str, dict[str, Any]]
    path: Path

    def text(self, section: str, key: str, values: dict[str, str]) -> str:
        """One entry, placeholders filled and line breaks folded into spaces."""
        return fill(self.sections[section][key], values)

    def paragraphs(self, section: str, key: str, values: dict[str, str]) -> tuple[str, ...]:
        return tuple(fill(p, values) for p in paragraphs_of(self.sections[section][key]))

    def facts(self, channel: str, values: dict[str, str]) -> tuple[tuple[str, str], ...]:
        return tuple((fill(label, values), fill(value, values)) for label, value in self.sections[channel]["facts"])

    def bring(self, channel: str) -> tuple[str, ...]:
        return tuple(self.sections[channel]["bring"])


def fill(text: str, values: dict[str, str]) -> str:
    return " ".join(text.format_map(values).split())


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def load_template(path: Path) -> LetterTemplate:
    """Read and check a template; refuses naming the file and every problem in it."""
    problems: list[str] = []
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInput(
            f"Die Briefvorlage »{path}« gibt es nicht. Bitte prüfen Sie die Einstellung »letter.template« "
            "(leer lassen für die mitgelieferte Vorlage)."
        ) from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InvalidInput(f"Die Briefvorlage »{path}« kann nicht gelesen werden: {exc}.") from None
    for key in ("id", "version"):
        if not isinstance(raw.get(key), str):
            problems.append(f"der Eintrag »{key}« fehlt oder ist kein Text.")
    for key in sorted(set(raw) - set(_SCHEMA) - {"id", "version", *_OPTIONAL}):
        problems.append(f"unbekannter Eintrag »{key}«.")
    sources = raw.get("sources", {})
    if not isinstance(sources, dict) or not all(isinstance(v, str) for v in sources.values()):
        problems.append("[sources]: erwartet sind Texte (Quelle je Eintrag der Vorlage).")
    for section, keys in _SCHEMA.items():
        table = raw.get(section)
        if not isinstance(table, dict):
            problems.append(f"der Abschnitt [{section}] fehlt.")
            continue
        problems += [f"[{section}]: der Eintrag »{k}« fehlt." for k in keys if k not in table]
        problems += [f"[{section}]: unbekannter Eintrag »{k}«." for k in table if k not in keys]
        for key, value in table.items():
            allowed = PLACEHOLDERS | (LEGAL_PLACEHOLDERS if key == "version_line" else set())
            if key == "facts" and not (
                isinstance(value, list) and all(isinstance(r, list) and len(r) == 2 for r in value)
            ):
                problems.append(f"[{section}] facts: erwartet ist eine Liste von Paaren [\"Bezeichnung\", \"Wert\"].")
            elif key == "bring" and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                problems.append(f"[{section}] bring: erwartet ist eine Liste von Texten.")
            elif key not in ("facts", "bring") and not isinstance(value, str):
                problems.append(f"[{section}] {key}: erwartet ist ein Text.")
            for text in _strings(value):
                try:
                    unknown = _placeholders(text) - allowed
                except ValueError:
                    problems.append(f"[{section}] {key}: eine geschweifte Klammer ist nicht geschlossen.")
                    continue
                problems += [f"[{section}] {key}: unbekannter Platzhalter »{{{name}}}«." for name in sorted(unknown)]
    if problems:
        raise InvalidInput(f"Die Briefvorlage »{path}« ist fehlerhaft:", problems)
    return LetterTemplate(raw["id"], raw["version"], {s: raw[s] for s in _SCHEMA}, path)
