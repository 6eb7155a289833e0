"""Every setting of the program beyond the Caseworker record, declared once with its default,
German title and kind. The values live in the caseload's key/value settings
(``Caseload.setting``); the desktop's settings dialog lists ``SETTINGS`` as it is.

For letters, an empty value means "use the bundled sample" (legal texts, letter template) or
"derive it" (the Jobcenter's name from the caseworker's Dienststelle).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from terminassistent.errors import InvalidInput


class SettingsSource(Protocol):
    def setting(self, key: str, default: Any = None) -> Any: ...


class SettingsStore(SettingsSource, Protocol):
    def set_setting(self, key: str, value: Any) -> None: ...


_EXPECTED = {
    "text": "ein Text",
    "path": "ein Dateipfad",
    "list": "eine Liste von Texten",
    "int": "eine ganze Zahl",
}


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any
    title: str  # German, shown in the settings dialog
    kind: str  # "text", "path", "list", "choice", "int"
    choices: tuple[str, ...] = ()
    minimum: int | None = None  # "int"
    maximum: int | None = None
    help: str = ""
    pick: str = ""  # "path": "folder", or the file filter of the choice dialog ("Bilder (*.png *.jpg)")

    def check(self, value: Any) -> Any:
        """The value in its stored form; InvalidInput naming key, title and value otherwise."""
        if value is None or value is self.default:
            return self.default
        if self.kind in ("text", "path") and isinstance(value, str):
            return value.strip()
        if self.kind == "list" and isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
            return tuple(v.strip() for v in value if v.strip())
        if self.kind == "choice" and isinstance(value, str) and value.strip().lower() in self.choices:
            return value.strip().lower()
        if self.kind == "int" and isinstance(value, int) and not isinstance(value, bool):
            if (self.minimum is None or value >= self.minimum) and (self.maximum is None or value <= self.maximum):
                return value
            raise InvalidInput(
                f"Die Einstellung »{self.key}« ({self.title}) hat den Wert »{value}«; erlaubt ist "
                f"{self.minimum} bis {self.maximum}."
            )
        expected = _EXPECTED.get(self.kind) or "einer der Werte " + ", ".join(self.choices)
        raise InvalidInput(
            f"Die Einstellung »{self.key}« ({self.title}) hat den Wert »{value}«; erwartet ist {expected}. "
            "Bitte korrigieren Sie sie in den Einstellungen."
        )

    def read(self, source: SettingsSource | None) -> Any:
        """The stored value, checked against the declared kind; the default when unset."""
        return self.check(self.default if source is None else source.setting(self.key, self.default))


def _int(key: str, default: int, title: str, lo: int, hi: int, help: str = "") -> Setting:
    return Setting(key, default, title, "int", minimum=lo, maximum=hi, help=help)


# -- scheduling (domain.proposals.SchedulingRules) -------------------------------------------------
SLOT_MINUTES = _int("scheduling.slot_minutes", 15, "Raster der Anfangszeiten (Minuten)", 5, 60)
BUFFER_MINUTES = _int("scheduling.buffer_minutes", 0, "Pause nach jedem Termin (Minuten)", 0, 60)
MAX_PER_DAY = _int("scheduling.max_per_day", 7, "Höchstens Termine an einem Tag", 1, 20)
MAX_PER_WEEK = _int("scheduling.max_per_week", 30, "Höchstens Termine in einer Woche (Vollzeit; Teilzeit anteilig)", 1, 100)
SAFETY_MARGIN_DAYS = _int("scheduling.safety_margin_days", 10, "Reserve vor dem spätesten Termin (Tage)", 0, 60,
                          "Wird ein Termin versäumt, bleibt so Zeit für einen Ersatztermin innerhalb der Frist.")
POSTAL_NOTICE_DAYS = _int(
    "scheduling.postal_notice_days", 4, "Tage bis zur Bekanntgabe einer Einladung per Post", 0, 21,
    "§ 37 Abs. 2 SGB X (seit 1. Januar 2025): Ein Schreiben per Post gilt am vierten Tag nach der Aufgabe zur "
    "Post als bekannt gegeben; der Termin muss danach liegen.",
)
HORIZON_DAYS = _int("scheduling.horizon_days", 42, "Suchzeitraum ohne Mindestkontaktdichte (Tage)", 7, 365)
OVERDUE_HORIZON_DAYS = _int("scheduling.overdue_horizon_days", 14, "Suchzeitraum bei Überfälligkeit oder nach einem Versäumnis (Tage)", 3, 60)
FOLLOW_UP_MINUTES = _int("scheduling.follow_up_minutes", 45, "Dauer eines Folgegesprächs (Minuten, inkl. Vor- und Nachbereitung)", 10, 120,
                         "Wo das Kontaktdichtekonzept eine Höchstdauer nennt, gilt höchstens diese.")
FIRST_MINUTES = _int("scheduling.first_minutes", 60, "Dauer eines Erstgesprächs (Minuten), wenn das Konzept nichts vorgibt", 15, 180)
REGIONAL_HOLIDAYS = Setting("workweek.regional_holidays", (), "Regionale Feiertage (katholisch, augsburg)", "list")

# -- the letter and the calendar file --------------------------------------------------------------
JOBCENTER_NAME = Setting(
    "letter.jobcenter_name", "", "Name des Jobcenters im Briefkopf (leer: erste Zeile der Dienststelle)", "text"
)
LOGO = Setting("letter.logo", "", "Logo im Briefkopf (PNG- oder JPEG-Datei; leer: ohne Logo)", "path",
               pick="Bilder (*.png *.jpg *.jpeg)")
LEGAL_DIR = Setting(
    "letter.legal_dir", "",
    "Ordner mit den Rechtsfolgenbelehrungen des Jobcenters (TOML-Dateien; leer: mitgelieferte Muster)", "path",
    pick="folder",
)
TEMPLATE = Setting(
    "letter.template", "", "Briefvorlage des Jobcenters (TOML-Datei; leer: mitgelieferte Mustervorlage)", "path",
    pick="TOML-Dateien (*.toml)",
)
FOOTER = Setting(
    "letter.footer", (), "Fußzeile des Briefs, z. B. Öffnungszeiten und Erreichbarkeit (Liste von Zeilen)", "list"
)
BRING = Setting(
    "letter.bring", None, "Was zum Termin mitzubringen ist (Liste; leer: Liste der Briefvorlage)", "list"
)
PURPOSES = Setting(
    "letter.purposes", ("vermittlung",),
    "Meldezweck(e) nach § 309 Abs. 2 SGB III, beim Buchen voreingestellt (auch für ältere Termine ohne Zweck)", "list",
)
CALL_FROM = Setting(
    "letter.call_from", "", "Rufnummer, von der zu Telefonterminen angerufen wird (leer: Ihre Telefonnummer)", "text"
)
APPEAL_NOTICE = Setting(
    "letter.appeal_notice", "aus",
    "Rechtsbehelfsbelehrung in Einladungen zu persönlichen Terminen drucken (ein oder aus)", "choice", ("aus", "ein"),
    help="Ob eine Einladung (Meldeaufforderung) eine Rechtsbehelfsbelehrung braucht, entscheidet das Jobcenter; "
         "der Mustertext steht in der Briefvorlage (Abschnitt [appeal]).",
)
LEGAL_APPROVED_BY = Setting(
    "letter.legal_approved_by", "",
    "Wer die Rechtsfolgenbelehrungen in Gebrauch freigegeben hat (wird mit »legal-texts --approve« gesetzt)", "text",
)
LEGAL_APPROVED_ON = Setting(
    "letter.legal_approved_on", "", "Tag der Freigabe der Rechtsfolgenbelehrungen (JJJJ-MM-TT)", "text"
)
LEGAL_APPROVED_FINGERPRINT = Setting(
    "letter.legal_approved_fingerprint", "",
    "Prüfsumme der freigegebenen Rechtsfolgenbelehrungen (eine geänderte Datei braucht eine neue Freigabe)", "text",
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

POLICY_FILE = Setting(
    "policy.file", "", "Eigenes Kontaktdichtekonzept des Jobcenters (TOML-Datei; leer: das gewählte mitgelieferte)", "path",
    pick="TOML-Dateien (*.toml)",
    help="Die Datei wird beim Speichern geprüft (wie mit terminassistent policy-check) und dann statt des "
         "mitgelieferten Konzepts verwendet.",
)
NOTICES_FILE = Setting(
    "notices.file", "", "Datei mit den rechtlichen Hinweisen (TOML; leer: mitgelieferter Muster-Text)", "path",
    pick="TOML-Dateien (*.toml)",
)

# -- data protection -------------------------------------------------------------------------------
BACKUP_FOLDER = Setting(
    "backup.folder", "", "Ordner der Sicherungen (leer: Ordner »Sicherungen« neben der Bestandsdatei)", "path", pick="folder",
    help="Eine Sicherung auf einem anderen Laufwerk übersteht auch einen Defekt der Festplatte.",
)
RETENTION_MONTHS = _int(
    "retention.months", 24, "Aufbewahrungsfrist (Monate) nach dem Abgang, für Vermerke und Termine", 6, 120,
    "Danach werden die Daten mit »terminassistent purge --apply« gelöscht (Begründung der Vorgabe: README).",
)

SETTINGS: tuple[Setting, ...] = (
    SLOT_MINUTES, BUFFER_MINUTES, MAX_PER_DAY, MAX_PER_WEEK, SAFETY_MARGIN_DAYS, POSTAL_NOTICE_DAYS, HORIZON_DAYS,
    OVERDUE_HORIZON_DAYS, FOLLOW_UP_MINUTES, FIRST_MINUTES, REGIONAL_HOLIDAYS,
    JOBCENTER_NAME, LOGO, LEGAL_DIR, TEMPLATE, FOOTER, BRING, PURPOSES, CALL_FROM, APPEAL_NOTICE, LEGAL_APPROVED_BY,
    LEGAL_APPROVED_ON, LEGAL_APPROVED_FINGERPRINT, CALENDAR_PERSON, INSTALL_ID, NOTICES_FILE, POLICY_FILE,
    BACKUP_FOLDER, RETENTION_MONTHS,
)
# The settings dialog's pages beyond the caseworker's own data (Person und Dienststelle, Arbeitszeit,
# the Bundesland and the chosen policy, which live in the Caseworker record): every setting on one.
PAGES: tuple[tuple[str, tuple[Setting, ...]], ...] = (
    ("Feiertage", (REGIONAL_HOLIDAYS,)),
    ("Kontaktdichtekonzept", (POLICY_FILE, NOTICES_FILE)),
    ("Termine", (SLOT_MINUTES, BUFFER_MINUTES, MAX_PER_DAY, MAX_PER_WEEK, FOLLOW_UP_MINUTES, FIRST_MINUTES,
                 SAFETY_MARGIN_DAYS, POSTAL_NOTICE_DAYS, HORIZON_DAYS, OVERDUE_HORIZON_DAYS)),
    ("Brief", (JOBCENTER_NAME, LOGO, FOOTER, CALL_FROM, BRING, PURPOSES, TEMPLATE, APPEAL_NOTICE, LEGAL_DIR,
               LEGAL_APPROVED_BY, LEGAL_APPROVED_ON, LEGAL_APPROVED_FINGERPRINT)),
    ("Kalender", (CALENDAR_PERSON, INSTALL_ID)),
    ("Datenschutz", (BACKUP_FOLDER, RETENTION_MONTHS)),
)
# Set by the program or by a deliberate command (the approval of the legal texts), shown but not typed.
READ_ONLY: frozenset[str] = frozenset({
    LEGAL_APPROVED_BY.key, LEGAL_APPROVED_ON.key, LEGAL_APPROVED_FINGERPRINT.key, INSTALL_ID.key,
})

_BY_KEY = {s.key: s for s in SETTINGS}
assert len(_BY_KEY) == len(SETTINGS), "a setting is declared twice"


def spec(key: str) -> Setting:
    try:
        return _BY_KEY[key]
    except KeyError:
        known = ", ".join(sorted(_BY_KEY))
        raise InvalidInput(f"Die Einstellung »{key}« gibt es nicht (bekannt: {known}).") from None


def get(source: SettingsSource, key: str) -> Any:
    return spec(key).read(source)


def put(store: SettingsStore, key: str, value: Any) -> None:
    """Store a checked value (lists as lists, so the file stays plain JSON)."""
    checked = spec(key).check(value)
    store.set_setting(key, list(checked) if isinstance(checked, tuple) else checked)
