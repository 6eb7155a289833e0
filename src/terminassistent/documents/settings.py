"""Every setting of the letter and the calendar file, declared once with its default and title.

The values live in the caseload's key/value settings (``Caseload.setting``); an empty value means
"use the bundled sample" (legal texts, letter template) or "derive it" (the Jobcenter's name from
the caseworker's Dienststelle). The desktop's settings dialog lists ``SETTINGS`` as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from terminassistent.errors import InvalidInput


class SettingsSource(Protocol):
    def setting(self, key: str, default: Any = None) -> Any: ...


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any
    title: str  # German, shown in the settings dialog
    kind: str  # "text", "path", "list", "choice"
    choices: tuple[str, ...] = ()

    def read(self, source: SettingsSource | None) -> Any:
        """The stored value, checked against the declared kind; the default when unset."""
        value = self.default if source is None else source.setting(self.key, self.default)
        if value is None or value is self.default:
            return self.default
        if self.kind in ("text", "path") and isinstance(value, str):
            return value.strip()
        if self.kind == "list" and isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
            return tuple(v.strip() for v in value if v.strip())
        if self.kind == "choice" and isinstance(value, str) and value.strip().lower() in self.choices:
            return value.strip().lower()
        expected = {
            "text": "ein Text",
            "path": "ein Dateipfad",
            "list": "eine Liste von Texten",
            "choice": "einer der Werte " + ", ".join(self.choices),
        }[self.kind]
        raise InvalidInput(
            f"Die Einstellung »{self.key}« ({self.title}) hat den Wert »{value}«; erwartet ist {expected}. "
            "Bitte korrigieren Sie sie in den Einstellungen."
        )


JOBCENTER_NAME = Setting(
    "letter.jobcenter_name", "", "Name des Jobcenters im Briefkopf (leer: erste Zeile der Dienststelle)", "text"
)
LOGO = Setting("letter.logo", "", "Logo im Briefkopf (PNG- oder JPEG-Datei; leer: ohne Logo)", "path")
LEGAL_DIR = Setting(
    "letter.legal_dir", "",
    "Ordner mit den Rechtsfolgenbelehrungen des Jobcenters (TOML-Dateien; leer: mitgelieferte Muster)", "path",
)
TEMPLATE = Setting(
    "letter.template", "", "Briefvorlage des Jobcenters (TOML-Datei; leer: mitgelieferte Mustervorlage)", "path"
)
FOOTER = Setting(
    "letter.footer", (), "Fußzeile des Briefs, z. B. Öffnungszeiten und Erreichbarkeit (Liste von Zeilen)", "list"
)
BRING = Setting(
    "letter.bring", None, "Was zum Termin mitzubringen ist (Liste; leer: Liste der Briefvorlage)", "list"
)
PURPOSES = Setting(
    "letter.purposes", ("vermittlung",),
    "Meldezweck(e) nach § 309 Abs. 2 SGB III, wenn beim Einladen keiner gewählt wird", "list",
)
CALENDAR_PERSON = Setting(
    "calendar.person", "initialen",
    "Wie die Kundin oder der Kunde im Kalendereintrag erscheint (initialen, kundennummer oder name)",
    "choice", ("initialen", "kundennummer", "name"),
)
INSTALL_ID = Setting(
    "calendar.install_id", "",
    "Kennung dieser Installation in den UIDs der Kalendereinträge (wird beim ersten Export vergeben)", "text",
)

SETTINGS: tuple[Setting, ...] = (
    JOBCENTER_NAME, LOGO, LEGAL_DIR, TEMPLATE, FOOTER, BRING, PURPOSES, CALENDAR_PERSON, INSTALL_ID,
)
