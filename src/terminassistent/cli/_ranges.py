"""The range of dates a command accepts: wide enough for every real case (birth dates from 1900,
appointments and reference days up to 2199), narrow enough that every date computed from one
(a year ahead, a policy's look-back) is still a date. A value outside is refused naming the option."""

from __future__ import annotations

import datetime as dt

from terminassistent.errors import InvalidInput

FIRST, LAST = dt.date(1900, 1, 1), dt.date(2199, 12, 31)
LARGEST_NUMBER = 2**63 - 1  # SQLite's largest integer: every record number fits


def within(day: dt.date, value: str, option: str) -> None:
    if not FIRST <= day <= LAST:
        raise InvalidInput(f"{option}: »{value}« liegt außerhalb des möglichen Zeitraums "
                           f"({FIRST:%d.%m.%Y} bis {LAST:%d.%m.%Y}).")
