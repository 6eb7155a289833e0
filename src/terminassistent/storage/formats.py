"""How domain values are written as stored text and read back: moments as UTC ISO text
(``2026-03-02T08:00:00Z``, read back as Berlin time), the caseworker's working pattern and a
customer's preferences as JSON. The readers raise a plain ``ValueError`` on text they cannot read;
``columns`` wraps that into a German ``BadValue`` naming the column and the value.
"""

from __future__ import annotations

import datetime as dt
import functools
import json

from terminassistent.domain.model import BERLIN, Preferences, TimeRange, WorkPattern


def to_utc_text(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("Zeitpunkt ohne Zeitzone")
    utc = moment.astimezone(dt.timezone.utc)
    if utc.year < 1000:  # strftime writes such a year unpadded ("999-…"), as it always has here
        return utc.strftime("%Y-%m-%dT%H:%M:%SZ")
    # isoformat is C and twice as fast as strftime; its first 19 characters are the same text
    return utc.isoformat(timespec="seconds")[:19] + "Z"


def from_utc_text(text: str) -> dt.datetime:
    # fromisoformat (C, accepts the "Z" since Python 3.11) is ~20x faster than strptime; the
    # planner reads every contact of the caseload.
    moment = dt.datetime.fromisoformat(text)
    if moment.utcoffset() != dt.timedelta(0):
        raise ValueError(f"»{text}« ist kein UTC-Zeitpunkt")
    return moment.astimezone(BERLIN)


def pattern_to_json(pattern: WorkPattern) -> str:
    return json.dumps({str(day): [str(r) for r in ranges] for day, ranges in sorted(pattern.items())})


def pattern_from_json(text: str) -> WorkPattern:
    return dict(_pattern(text))  # a dict of its own: the cached one is never handed out


@functools.lru_cache(maxsize=64)  # the caseworker's pattern is read with every proposal, several times
def _pattern(text: str) -> WorkPattern:
    raw = json.loads(text or "{}")
    pattern = {int(day): tuple(TimeRange.parse(r) for r in ranges) for day, ranges in raw.items()}
    if any(not 0 <= day <= 6 for day in pattern):
        raise ValueError("Wochentage sind 0 (Montag) bis 6 (Sonntag)")
    return pattern


@functools.lru_cache(maxsize=256)  # few distinct preferences; an import writes one a customer
def preferences_to_json(p: Preferences) -> str:
    return json.dumps(
        {"mornings_only": p.mornings_only, "afternoons_only": p.afternoons_only, "avoid_weekdays": sorted(p.avoid_weekdays)}
    )


@functools.lru_cache(maxsize=256)
def flags_to_json(flags: frozenset) -> str:
    """A customer's flags as a sorted JSON list of their values."""
    return json.dumps(sorted(f.value for f in flags))


@functools.lru_cache(maxsize=256)  # few distinct texts; every customer read parses one
def preferences_from_json(text: str) -> Preferences:
    raw = json.loads(text or "{}")
    avoid = frozenset(int(d) for d in raw.get("avoid_weekdays", []))
    if any(not 0 <= d <= 6 for d in avoid):
        raise ValueError("Wochentage sind 0 (Montag) bis 6 (Sonntag)")
    return Preferences(
        mornings_only=bool(raw.get("mornings_only", False)),
        afternoons_only=bool(raw.get("afternoons_only", False)),
        avoid_weekdays=avoid,
    )
