"""Changing the caseworker's data, working week and settings, and their absences.

Every change is checked first (all problems at once, in German) and written in one transaction.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Any

from terminassistent import settings as registry
from terminassistent.domain.model import (
    WEEKDAYS_DE,
    Absence,
    AbsenceKind,
    Appointment,
    AppointmentStatus,
    Caseworker,
    TimeRange,
    WorkPattern,
)
from terminassistent.domain.quota import german_number
from terminassistent.domain.workweek import default_pattern, describe_absence, validate_bundesland
from terminassistent.errors import InvalidInput, UserError
from terminassistent.policy import load_file, load_policy
from terminassistent.storage import Caseload

DAY_KEYS = ("mo", "di", "mi", "do", "fr", "sa", "so")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def parse_pattern_day(text: str) -> tuple[int, tuple[TimeRange, ...]]:
    """``"mo=07:30-12:00,12:30-16:00"`` (or ``"mo="`` for a free day) -> (0, ranges)."""
    day, _, ranges = text.partition("=")
    key = day.strip().lower()[:2]
    if key not in DAY_KEYS or not _:
        raise InvalidInput(f"»{text}« ist keine Arbeitszeit der Form mo=07:30-12:00,12:30-16:00 (Tage: mo … so).")
    parsed = tuple(sorted((TimeRange.parse(r) for r in ranges.split(",") if r.strip()), key=lambda r: r.start))
    for a, b in zip(parsed, parsed[1:]):
        if b.start < a.end:
            raise InvalidInput(f"»{text}«: die Zeiten {a} und {b} überschneiden sich.")
    return DAY_KEYS.index(key), parsed


def pattern_hours(pattern: WorkPattern) -> float:
    return sum(r.minutes for ranges in pattern.values() for r in ranges) / 60


def update_caseworker(caseload: Caseload, changes: dict[str, Any], pattern_days: list[str] = (),
                      use_default_pattern: bool = False) -> Caseworker:
    """Apply ``changes`` (Caseworker field -> value) and pattern days; refuse, listing every problem."""
    problems: list[str] = []
    cw = caseload.caseworker()
    values = dict(changes)
    if "bundesland" in values:
        try:
            values["bundesland"] = validate_bundesland(values["bundesland"])[0]
        except InvalidInput as err:
            problems.append(str(err))
    for key in ("weekly_hours", "full_time_hours"):
        if key in values and not 0 < values[key] <= 60:
            problems.append(f"{values[key]:g} Stunden sind keine mögliche Wochenarbeitszeit (über 0 bis 60).")
    if "email" in values and values["email"] and not _EMAIL.match(values["email"]):
        problems.append(f"»{values['email']}« ist keine E-Mail-Adresse.")
    if "policy_id" in values:
        try:
            load_policy(values["policy_id"])
        except UserError as err:
            problems.append(str(err))
    pattern = dict(cw.pattern)
    if use_default_pattern:
        pattern = default_pattern(values.get("weekly_hours", cw.weekly_hours))
    for text in pattern_days:
        try:
            day, ranges = parse_pattern_day(text)
        except (InvalidInput, ValueError) as err:
            problems.append(str(err))
            continue
        if ranges:
            pattern[day] = ranges
        else:
            pattern.pop(day, None)
    if problems:
        raise InvalidInput("Die Angaben wurden nicht gespeichert:" if len(problems) > 1 else problems[0],
                           problems if len(problems) > 1 else None)
    changed = replace(cw, **values, pattern=pattern)
    caseload.save_caseworker(changed)
    return changed


def pattern_note(cw: Caseworker) -> str | None:
    """A German note when the pattern and the weekly hours disagree by more than half an hour."""
    hours = pattern_hours(cw.pattern)
    if not cw.pattern:
        return ("Es sind keine Arbeitszeiten hinterlegt; ohne sie gibt es keine Terminvorschläge "
                "(terminassistent settings --db … --default-pattern oder --pattern mo=07:30-12:00,12:30-16:00).")
    if abs(hours - cw.weekly_hours) > 0.5:
        return (f"Die hinterlegten Arbeitszeiten ergeben {german_number(hours)} Stunden, die Wochenarbeitszeit ist "
                f"{german_number(cw.weekly_hours)} Stunden.")
    return None


def describe_pattern(cw: Caseworker) -> list[str]:
    return [f"{WEEKDAYS_DE[d]}: {', '.join(str(r) for r in cw.pattern[d])}" for d in sorted(cw.pattern)]


def put_setting(caseload: Caseload, key: str, text: str) -> Any:
    """Store a setting given as text (lists comma-separated, numbers as digits); checked by its declaration."""
    spec = registry.spec(key)
    value: Any = text.strip()
    if spec.kind == "list":
        value = [v.strip() for v in value.split(",") if v.strip()]
    elif spec.kind == "int":
        try:
            value = int(value)
        except ValueError:
            raise InvalidInput(f"Die Einstellung »{key}« ({spec.title}) braucht eine ganze Zahl, nicht »{text}«.") from None
    if key == registry.POLICY_FILE.key and value:
        load_file(value)  # refuse a file that is not a valid policy before storing it
    registry.put(caseload, key, value)
    return registry.get(caseload, key)


def add_absence(
    caseload: Caseload, start: dt.datetime, end: dt.datetime, kind: AbsenceKind, note: str = ""
) -> tuple[Absence, list[Appointment]]:
    """Record an absence; returns it with the booked appointments inside it. Those are not
    refused (the caseworker may fall ill): they need new dates, and the caller says so."""
    if end <= start:
        raise InvalidInput("Die Abwesenheit endet nicht nach ihrem Beginn.")
    with caseload.transaction():
        absence = caseload.add_absence(Absence(start, end, kind, note))
        affected = caseload.appointments(start=start, end=end, statuses=[AppointmentStatus.BOOKED])
    return absence, affected


def absence_text(absence: Absence) -> str:
    return f"{absence.id}: {describe_absence(absence)}" + (f" ({absence.note})" if absence.note else "")
