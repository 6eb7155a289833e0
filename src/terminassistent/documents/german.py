"""German dates and times for letters, independent of the operating system's locale.

``strftime("%A")`` would print the locale's day name (English on most servers, nothing useful on
a Windows machine set to another language); a letter must say "Dienstag, 1. Dezember 2026".
"""

from __future__ import annotations

import datetime as dt

from terminassistent.domain.model import BERLIN, WEEKDAYS_DE

MONTHS_DE = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)


def long_date(day: dt.date) -> str:
    """``Dienstag, 1. Dezember 2026``."""
    return f"{WEEKDAYS_DE[day.weekday()]}, {day.day}. {MONTHS_DE[day.month - 1]} {day.year}"


def clock(moment: dt.datetime | dt.time) -> str:
    """``9:00 Uhr`` (Berlin wall time for aware date-times; no leading zero on the hour)."""
    if isinstance(moment, dt.datetime) and moment.tzinfo is not None:
        moment = moment.astimezone(BERLIN)
    return f"{moment.hour}:{moment.minute:02d} Uhr"


def long_datetime(moment: dt.datetime) -> str:
    """``Dienstag, 1. Dezember 2026, 9:00 Uhr`` in Berlin wall time."""
    local = moment.astimezone(BERLIN) if moment.tzinfo is not None else moment
    return f"{long_date(local.date())}, {clock(local)}"


def numeric_date(day: dt.date) -> str:
    """``01.12.2026`` (DIN 5008 allows this form in the information block)."""
    return f"{day.day:02d}.{day.month:02d}.{day.year}"
