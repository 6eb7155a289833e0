"""Turning option strings into values. A bad value is refused (exit 1) naming option and value.

Options are parsed as plain strings on purpose: argparse would answer a bad value with exit 2
(wrong usage), but the contract calls an invalid value a refused input (exit 1).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TypeVar

from terminassistent.cli._ranges import LARGEST_NUMBER, within
from terminassistent.domain.model import BERLIN
from terminassistent.errors import InvalidInput

E = TypeVar("E")

_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def parse_date(value: str, option: str) -> dt.date:
    """ISO 8601 (2026-12-03); the German form 03.12.2026 is accepted too."""
    text = value.strip()
    try:
        m = _GERMAN_DATE.match(text)
        day = dt.date(int(m[3]), int(m[2]), int(m[1])) if m else dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{option}: »{value}« ist kein gültiges Datum (erwartet z. B. 2026-12-03).") from None
    within(day, value, option)
    return day


def parse_datetime(value: str, option: str) -> dt.datetime:
    """ISO 8601 with offset; without one, Berlin wall time is assumed."""
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(
            f"{option}: »{value}« ist kein gültiger Zeitpunkt (erwartet z. B. 2026-12-03T09:00:00+01:00)."
        ) from None
    within(moment.date(), value, option)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=BERLIN)
    return moment.astimezone(BERLIN)


def parse_vocab(enum_cls: type[E], value: str, option: str) -> E:
    try:
        return enum_cls.parse(value)  # type: ignore[attr-defined]
    except ValueError as exc:
        raise InvalidInput(f"{option}: {exc}.") from None


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


def existing_db(value: str) -> Path:
    """The --db path of a command that must not create a file (every one but demo and import)."""
    from terminassistent.storage.database import precheck

    path = Path(value)
    precheck(path)
    return path
