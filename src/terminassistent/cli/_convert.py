"""Turning option strings into values. A bad value is refused (exit 1) naming option and value.

Options are parsed as plain strings on purpose: argparse would answer a bad value with exit 2
(wrong usage), but the contract calls an invalid value a refused input (exit 1).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from pathlib import Path
from typing import TypeVar

from terminassistent.cli._ranges import LARGEST_NUMBER, within
from terminassistent.domain.model import BERLIN, AppointmentStatus, Channel
from terminassistent.errors import InvalidInput, UserError
from terminassistent.paths import default_database

E = TypeVar("E")

_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def _calendar_day(text: str) -> dt.date:
    """03.12.2026, 3.12.2026 or 2026-12-03; ValueError for anything else."""
    m = _GERMAN_DATE.match(text)
    return dt.date(int(m[3]), int(m[2]), int(m[1])) if m else dt.date.fromisoformat(text)


def parse_date(value: str, option: str) -> dt.date:
    """A day: German (03.12.2026, 3.12.2026) or ISO 8601 (2026-12-03)."""
    try:
        day = _calendar_day(value.strip())
    except ValueError:
        raise InvalidInput(f"{option}: »{value}« ist kein gültiges Datum (erwartet z. B. 03.12.2026 oder 2026-12-03).") from None
    within(day, value, option)
    return day


# A day (German or ISO) and a wall time without offset: "3.12.2026 9:00", "03.12.2026, 09:00 Uhr".
_WALL_TIME = re.compile(r"^(\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2})(?:,?\s+|T)(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*Uhr)?$",
                        flags=re.IGNORECASE)
MOMENT_EXAMPLE = "03.12.2026 09:00 oder 2026-12-03T09:00"


def parse_datetime(value: str, option: str) -> dt.datetime:
    """A point in time: German (``03.12.2026 09:00``, ``3.12.2026 9:00``, ``… Uhr``) or ISO 8601 with
    or without offset; without one, Berlin wall time. A day alone means its midnight."""
    text = " ".join(value.split())
    try:
        m = _WALL_TIME.match(text)
        if m:
            moment = dt.datetime.combine(_calendar_day(m[1]), dt.time(int(m[2]), int(m[3]), int(m[4] or 0)))
        elif _GERMAN_DATE.match(text):
            moment = dt.datetime.combine(_calendar_day(text), dt.time(0))
        else:
            moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{option}: »{value}« ist kein gültiger Zeitpunkt (erwartet z. B. {MOMENT_EXAMPLE}).") from None
    within(moment.date(), value, option)  # before any arithmetic: a moment at the calendar's edge
    return (moment if moment.tzinfo else moment.replace(tzinfo=BERLIN)).astimezone(BERLIN)


# German words a caseworker types beside the contract's values and German labels (``parse`` knows
# those): input only, output stays as the contract says.
_ALIASES: dict[type, dict[str, str]] = {
    AppointmentStatus: {"erschienen": "held", "nicht erschienen": "missed"},
    Channel: {"telefon": "telefonisch"},
}
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def parse_vocab(enum_cls: type[E], value: str, option: str) -> E:
    """A value of a closed vocabulary: its contract name, its German label or a German word for it,
    ignoring case, surrounding spaces and umlaut spelling (``versäumt`` = ``versaeumt``)."""
    try:
        return enum_cls.parse(value)  # type: ignore[attr-defined]
    except ValueError as exc:
        refusal = f"{option}: {exc}."
    aliases = _ALIASES.get(enum_cls)
    wanted = " ".join(value.split()).lower().translate(_UMLAUTS)
    wanted = (aliases or {}).get(wanted, wanted)
    for member in enum_cls:  # type: ignore[attr-defined]
        if wanted in (member.value, member.label.lower().translate(_UMLAUTS)):
            return member
    if aliases:
        refusal = f"{option}: »{value}« ist kein gültiger Wert (erlaubt: {allowed_values(enum_cls)})."
    raise InvalidInput(refusal)


def allowed_values(enum_cls: type) -> str:
    """The values, each with the German words accepted for it where there are such (``held
    (wahrgenommen, erschienen)``)."""
    aliases = _ALIASES.get(enum_cls, {})
    parts = []
    for member in enum_cls:
        words = [w for w in (member.label, *(a for a, v in aliases.items() if v == member.value)) if w != member.value]
        parts.append(f"{member.value} ({', '.join(words)})" if words else member.value)
    return ", ".join(parts)


def parse_int(value: str, option: str, minimum: int = 0, maximum: int | None = None) -> int:
    try:
        number = int(value)
    except ValueError:
        raise InvalidInput(f"{option}: »{value}« ist keine ganze Zahl.") from None
    maximum = LARGEST_NUMBER if maximum is None else maximum
    if number < minimum or (maximum is not None and number > maximum):
        upper = f" und höchstens {maximum}" if maximum is not None else ""
        raise InvalidInput(f"{option}: »{value}« liegt nicht im erlaubten Bereich (mindestens {minimum}{upper}).")
    return number


def parse_hours(value: str, option: str) -> float:
    try:
        hours = float(value.replace(",", "."))
    except ValueError:
        raise InvalidInput(f"{option}: »{value}« ist keine Stundenzahl.") from None
    if not 0.5 <= hours <= 60:
        raise InvalidInput(f"{option}: »{value}« Stunden sind keine mögliche Wochenarbeitszeit (0,5 bis 60).")
    return hours


def parse_week(value: str, option: str) -> dt.date:
    """``2026-W49`` -> the Monday of that ISO week."""
    m = re.fullmatch(r"(\d{4})-?W(\d{2})", value.strip(), flags=re.IGNORECASE)
    try:
        if not m:
            raise ValueError
        monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
    except ValueError:
        raise InvalidInput(f"{option}: »{value}« ist keine Kalenderwoche der Form 2026-W49.") from None
    within(monday, value, option)
    return monday


def add_db_option(parser: argparse.ArgumentParser, what: str = "Bestandsdatei") -> None:
    """``--db PFAD``, optional: without it the command works on the file the program's window opens.
    Also accepted before the command (``terminassistent --db PFAD BEFEHL``)."""
    parser.add_argument("--db", metavar="PFAD", default=argparse.SUPPRESS,
                        help=f"{what} (Standard: die Datei, die das Programmfenster öffnet: {default_database()})")
    parser.set_defaults(uses_db=True)


def database(value: str | None) -> Path:
    """The file of ``--db``, or the window's default file when the option was left out."""
    return Path(value) if value is not None else default_database()


def existing_db(value: str | None) -> Path:
    """The --db file of a command that must not create one (every one but demo and import)."""
    from terminassistent.storage.database import precheck

    path = database(value)
    if value is None and not path.exists():
        raise UserError(f"Es gibt noch keinen Bestand in »{path}« (der Datei, die das Programmfenster öffnet); "
                        "legen Sie ihn im Programmfenster an, lesen Sie ihn mit »terminassistent import DATEI.csv« "
                        "ein oder nennen Sie Ihre Datei mit --db PFAD.")
    precheck(path)
    return path


def name_the_database(message: str, path: Path) -> str:
    """A refusal that speaks of the caseload names its file (when --db was left out, the user did not)."""
    head, newline, rest = message.partition("\n")
    if str(path) in head:
        return message
    if "diesem Bestand" in head:
        head = head.replace("diesem Bestand", f"dem Bestand »{path}«", 1)
    elif "Bestand" in head or "Datenbank" in head:
        head = f"{head.rstrip('.:')} (Bestand »{path}«){head[len(head.rstrip('.:')):]}"
    return head + newline + rest


def refuse_undecodable(argv: list[str]) -> None:
    """A value typed in another encoding than UTF-8 (Python hands its bytes on as lone surrogates) is
    refused naming its option, before any of it reaches the caseload or the terminal."""
    for n, token in enumerate(argv):
        if not any("\ud800" <= ch <= "\udfff" for ch in token):
            continue
        option, _, value = token.partition("=") if token.startswith("--") else ("", "", token)
        if not option:
            before = argv[n - 1] if n else ""
            option = before if before.startswith("-") and "=" not in before else "Angabe"
        shown = "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in value)
        raise InvalidInput(f"{option}: »{shown}« enthält Zeichen, die nicht in UTF-8 geschrieben sind (\ufffd); "
                           "bitte geben Sie den Wert in UTF-8 an.")
