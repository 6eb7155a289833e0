"""Reading one stored column: ``BadValue``, the German clause for a value this version cannot
read, and the small per-column helpers ``rows`` builds domain objects with. Each helper takes the
row and the column's name (and, for a choice, the Enum) and returns the domain value or raises
``BadValue`` naming the column and the value, for example a birth date ``1.2.1990`` written by
another tool or a status this version does not know; the Caseload facade turns it into a
StoreError naming the record, ``terminassistent check`` lists every one of them
(``rows.row_problems``). The helpers cost a function call per column and nothing more on sound rows.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import sqlite3
from collections.abc import Mapping
from enum import Enum
from typing import Any

from terminassistent.domain.model import Preferences, WorkPattern
from terminassistent.storage.formats import from_utc_text, pattern_from_json, preferences_from_json

Row = Mapping[str, Any] | sqlite3.Row


class BadValue(ValueError):
    """A stored value this version cannot read.

    ``str()`` is a German clause without the record, e.g. ``Spalte »status« hat den ungültigen
    Wert »verschollen« (erlaubt: arbeitslos, arbeitsuchend, nicht-gesetzt)``; ``record_problem``
    puts the record in front of it.
    """

    def __init__(self, column: str, value: Any, expected: str, *, missing: bool = False):
        self.column = column
        self.value = value
        self.expected = expected
        self.missing = missing
        super().__init__(self.clause())

    def clause(self) -> str:
        if self.missing:
            return f"Spalte »{self.column}« fehlt"
        if self.value is None:
            return f"Spalte »{self.column}« ist leer ({self.expected})"
        return f"Spalte »{self.column}« hat den ungültigen Wert »{show_value(self.value)}« ({self.expected})"


def show_value(value: Any, limit: int = 60) -> str:
    """A stored value as it is quoted in a message: one line, at most ``limit`` characters."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return f"Binärdaten, {len(bytes(value))} Bytes"
    text = " ".join(str(value).split()) if isinstance(value, str) else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- the per-column helpers ------------------------------------------------------------------------
# Each takes the row and the column's name and returns the domain value or raises BadValue.

DATE_EXPECTED = "erwartet JJJJ-MM-TT"
MOMENT_EXPECTED = "erwartet einen UTC-Zeitpunkt JJJJ-MM-TTTHH:MM:SSZ"


def _bad(row: Row, column: str, expected: str) -> BadValue:
    try:
        value = row[column]
    except (IndexError, KeyError):
        return BadValue(column, None, expected, missing=True)
    return BadValue(column, value, expected)


def _allowed(kind: type[Enum]) -> str:
    return ", ".join(m.value for m in kind)


def read_text(row: Row, column: str) -> str:
    try:
        value = row[column]
        if value.__class__ is str:
            return value
    except (IndexError, KeyError):
        pass
    raise _bad(row, column, "erwartet einen Text")


def read_key(row: Row, column: str) -> str:
    """A Kundennummer: text that is not empty."""
    try:
        value = row[column]
        if value.__class__ is str and value:
            return value
    except (IndexError, KeyError):
        pass
    raise _bad(row, column, "erwartet eine Kundennummer")


def read_optional_text(row: Row, column: str) -> str | None:
    try:
        value = row[column]
        if value is None or value.__class__ is str:
            return value
    except (IndexError, KeyError):
        pass
    raise _bad(row, column, "erwartet einen Text oder nichts")


def read_integer(row: Row, column: str) -> int:
    try:
        value = row[column]
        if value.__class__ is int:
            return value
    except (IndexError, KeyError):
        pass
    raise _bad(row, column, "erwartet eine ganze Zahl")


def read_optional_flag(row: Row, column: str) -> bool | None:
    """0 or 1 (stored for a boolean), or nothing."""
    try:
        value = row[column]
        if value is None or (value.__class__ is int and value in (0, 1)):
            return None if value is None else bool(value)
    except (IndexError, KeyError):
        pass
    raise _bad(row, column, "erwartet 0, 1 oder nichts")


def read_hours(row: Row, column: str) -> float:
    try:
        value = row[column]
        if value.__class__ in (int, float) and math.isfinite(value) and value >= 0:
            return value
    except (IndexError, KeyError):
        pass
    raise _bad(row, column, "erwartet eine Stundenzahl, 0 oder mehr")


def read_date(row: Row, column: str) -> dt.date:
    try:
        return dt.date.fromisoformat(row[column])
    except (ValueError, TypeError, IndexError, KeyError):
        raise _bad(row, column, DATE_EXPECTED) from None


def read_optional_date(row: Row, column: str) -> dt.date | None:
    try:
        value = row[column]
        return dt.date.fromisoformat(value) if value else None
    except (ValueError, TypeError, IndexError, KeyError):
        raise _bad(row, column, DATE_EXPECTED + " oder nichts") from None


def read_moment(row: Row, column: str) -> dt.datetime:
    try:
        return from_utc_text(row[column])
    except (ValueError, TypeError, OverflowError, IndexError, KeyError):
        raise _bad(row, column, MOMENT_EXPECTED) from None


def read_optional_moment(row: Row, column: str) -> dt.datetime | None:
    try:
        value = row[column]
        return from_utc_text(value) if value is not None else None
    except (ValueError, TypeError, OverflowError, IndexError, KeyError):
        raise _bad(row, column, MOMENT_EXPECTED + " oder nichts") from None


@functools.cache
def _members(kind: type[Enum]) -> dict[Any, Enum]:
    """Value -> member: what ``kind(value)`` finds, at the cost of one dict look-up."""
    return {member.value: member for member in kind}


def read_choice(row: Row, column: str, kind: type[Enum]) -> Any:
    try:
        return _members(kind)[row[column]]
    except (ValueError, TypeError, IndexError, KeyError):
        raise _bad(row, column, f"erlaubt: {_allowed(kind)}") from None


def read_optional_choice(row: Row, column: str, kind: type[Enum]) -> Any:
    try:
        value = row[column]
        return _members(kind)[value] if value else None
    except (ValueError, TypeError, IndexError, KeyError):
        raise _bad(row, column, f"erlaubt: {_allowed(kind)} oder nichts") from None


def read_choices(row: Row, column: str, kind: type[Enum]) -> tuple[Any, ...]:
    """A JSON list of values of ``kind``."""
    try:
        return _choices(row[column], kind)
    except (ValueError, TypeError, IndexError, KeyError):
        raise _bad(row, column, f"erwartet eine JSON-Liste aus {_allowed(kind)}") from None


@functools.lru_cache(maxsize=1024)  # few distinct lists (flags, purposes); every record read has one
def _choices(text: Any, kind: type[Enum]) -> tuple[Any, ...]:
    raw = json.loads(text)
    if raw.__class__ is not list:
        raise ValueError("keine Liste")
    members = _members(kind)
    return tuple(members[v] for v in raw)


def read_preferences(row: Row, column: str) -> Preferences:
    try:
        return preferences_from_json(row[column])
    except (ValueError, TypeError, AttributeError, IndexError, KeyError):
        raise _bad(
            row, column, 'erwartet ein JSON-Objekt wie {"mornings_only": false, "afternoons_only": false, "avoid_weekdays": [4]}'
        ) from None


def read_pattern(row: Row, column: str) -> WorkPattern:
    try:
        return pattern_from_json(row[column])
    except (ValueError, TypeError, AttributeError, IndexError, KeyError):
        raise _bad(row, column, 'erwartet Arbeitszeiten je Wochentag 0–6 als JSON, z. B. {"0": ["08:00-12:00"]}') from None


# -- the same rules as SQL conditions, for the integrity check --------------------------------------
# ``SOUND[helper](column, *args)`` is an SQL condition that holds only for a stored value the
# helper reads without complaint (it may fail for some readable ones: those are then read in
# Python). ``terminassistent check`` runs the helpers only on the rows where it does not hold, so a
# sound caseload costs one scan inside SQLite rather than a Python call for every value.
# tests/storage/test_integrity_screen.py holds each condition against its helper.

# SQLite's date() and strftime() write their results in exactly this form and, given a modifier,
# normalise them (2026-02-30 becomes 2026-03-02): a value equal to its own normalisation has the
# form and is a valid date or moment.
_MOMENT_FORMAT = "%Y-%m-%dT%H:%M:%SZ"

# Fast paths: a condition that vouches for the common, well-formed value with a few cheap
# operations, in front of the exact one (``fast OR exact``). As the fast one holds only where the
# exact one holds, the two together accept exactly the values the exact one accepts (the tests hold
# them against each other); inside CASE WHEN (``rows.sound_sql``) SQLite skips the exact one, far
# dearer, wherever the fast one holds.
#
# Moments: julianday() reads text of these shapes only if every ``?`` is a digit and month, day,
# hour, minute and second are in range (1-12, 1-31, 0-24, 0-59, 0-59). Within the shapes (years
# 1000-8999; hours 0-19; days 1-28 but the 9th and the 19th, or else the 9th, 19th, 29th and 30th
# of a month other than February and December) neither hour 24 nor a day past the end of its month
# can occur, so strftime() gives such a moment back unchanged. The byte length rules out text that
# goes on after a NUL, which GLOB and julianday() do not see. The other moments (about one in
# twenty-five in the benchmark caseloads: mostly the 31st, and evenings) take the exact check.
_MOMENT_SHAPES = ("[1-8]???-??-[0-2][0-8]T[01]?:??:??Z", "[1-8]???-[01][013-9]-[0-3][09]T[01]?:??:??Z")


def _sql_values(kind: type[Enum]) -> str:
    return ", ".join("'" + m.value.replace("'", "''") + "'" for m in kind)


def _sql_json(column: str, json_type: str, more: str) -> str:
    # plain ASCII without NUL or escapes (as the program writes it), so SQLite's JSON reading and
    # Python's agree on every character; CASE, as SQLite's JSON functions fail on malformed text
    return (f"CASE WHEN typeof({column}) = 'text' AND length(CAST({column} AS BLOB)) = length({column}) "
            f"AND instr({column}, '\\') = 0 AND json_valid({column}) "
            f"THEN json_type({column}) = '{json_type}' AND {more} ELSE 0 END")


def _sql_date(column: str) -> str:
    return f"(typeof({column}) = 'text' AND date({column}, '+0 days') IS {column} AND {column} >= '0001')"


def _sql_choice(column: str, kind: type[Enum]) -> str:
    if not any(c.isdigit() for m in kind for c in m.value):
        # Only text equals a word without digits: no number converts to it, nor a blob (nor NULL).
        return f"({column} IN ({_sql_values(kind)}))"
    return sql_choice_exact(column, kind)


def sql_choice_exact(column: str, kind: type[Enum]) -> str:
    """``SOUND[read_choice]`` with the storage class asked for in any case."""
    return f"(typeof({column}) = 'text' AND {column} IN ({_sql_values(kind)}))"


def sql_moment(column: str) -> str:
    """A UTC moment as the program writes it (``2026-03-02T08:00:00Z``), valid, and far enough from
    the ends of the calendar to be shown in Berlin time."""
    shapes = " OR ".join(f"{column} GLOB '{shape}'" for shape in _MOMENT_SHAPES)
    return (f"((typeof({column}) = 'text' AND length(CAST({column} AS BLOB)) = 20 AND ({shapes}) "
            f"AND julianday({column}) IS NOT NULL) OR {sql_moment_exact(column)})")


def sql_moment_exact(column: str) -> str:
    """``sql_moment`` without its fast path: the value equal to its own normalisation."""
    return (f"(typeof({column}) = 'text' AND strftime('{_MOMENT_FORMAT}', {column}, '+0 seconds') IS {column} "
            f"AND {column} BETWEEN '0001-01-02' AND '9999-12-30')")


def _sql_choices(column: str, kind: type[Enum]) -> str:
    """A JSON list of values of ``kind``: the lists the program writes most (none, one or two
    values) looked up at once, any other text checked value by value."""
    return f"((typeof({column}) = 'text' AND {column} IN ({_common_lists(kind)})) OR {sql_choices_exact(column, kind)})"


def sql_choices_exact(column: str, kind: type[Enum]) -> str:
    """``SOUND[read_choices]`` without its fast path."""
    return "(" + _sql_json(column, "array", (
        f"NOT EXISTS (SELECT 1 FROM json_each({column}) WHERE type <> 'text' OR value NOT IN ({_sql_values(kind)}))"
    )) + ")"


@functools.cache
def _common_lists(kind: type[Enum]) -> str:
    # only values json.dumps writes as they are, quoted (what _sql_json accepts: plain ASCII, no escapes)
    plain = [m.value for m in kind if m.value.isascii() and m.value.isprintable() and not set(m.value) & {'"', "\\"}]
    lists = [[], *([v] for v in plain), *([a, b] for a in plain for b in plain if a != b)]
    return ", ".join("'" + json.dumps(values).replace("'", "''") + "'" for values in lists)


SOUND = {
    read_text: lambda c: f"typeof({c}) = 'text'",
    read_key: lambda c: f"(typeof({c}) = 'text' AND {c} <> '')",
    read_optional_text: lambda c: f"({c} IS NULL OR typeof({c}) = 'text')",
    read_integer: lambda c: f"typeof({c}) = 'integer'",
    read_optional_flag: lambda c: f"({c} IS NULL OR (typeof({c}) = 'integer' AND {c} IN (0, 1)))",
    read_date: _sql_date,
    read_optional_date: lambda c: f"({c} IS NULL OR {c} = '' OR {_sql_date(c)})",
    read_moment: sql_moment,
    read_optional_moment: lambda c: f"({c} IS NULL OR {sql_moment(c)})",
    read_choice: _sql_choice,
    read_optional_choice: lambda c, kind: f"({c} IS NULL OR {c} = '' OR {_sql_choice(c, kind)})",
    read_choices: _sql_choices,
    read_preferences: lambda c: f"({c} IS NULL OR {c} = '' OR (" + _sql_json(c, "object", (
        f"(SELECT count(*) FROM json_each({c}) WHERE key = 'avoid_weekdays') <= 1 "
        f"AND (json_type({c}, '$.avoid_weekdays') IS NULL OR (json_type({c}, '$.avoid_weekdays') = 'array' "
        f"AND NOT EXISTS (SELECT 1 FROM json_each({c}, '$.avoid_weekdays') "
        "WHERE type <> 'integer' OR value NOT BETWEEN 0 AND 6)))"
    )) + "))",
}
