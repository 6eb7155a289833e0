"""Changing the caseworker's data, working week and settings, and their absences.

Every change is checked first (all problems at once, in German, each tied to its field) and
written as one user action.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from terminassistent import settings as registry
from terminassistent.domain.model import (
    WEEKDAYS_DE,
    Absence,
    AbsenceKind,
    Appointment,
    AppointmentStatus,
    Caseworker,
    Purpose,
    TimeRange,
    WorkPattern,
)
from terminassistent.domain.quota import german_number
from terminassistent.domain.workweek import default_pattern, describe_absence, validate_bundesland
from terminassistent.errors import FieldProblems, InvalidInput, StaleData, UserError
from terminassistent.policy import load_file, load_policy
from terminassistent.services.changes import Changes
from terminassistent.services.context import Context
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


def checked_caseworker(cw: Caseworker, changes: dict[str, Any], pattern_days: Sequence[str] = (),
                       use_default_pattern: bool = False) -> Caseworker:
    """``cw`` with ``changes`` (Caseworker field -> value) and pattern days applied; FieldProblems
    listing every problem otherwise, each tied to its field ("pattern.mo" … for a day of the week,
    "pattern" for a line that names no day)."""
    problems: dict[str, str] = {}
    values = dict(changes)
    if "bundesland" in values:
        try:
            values["bundesland"] = validate_bundesland(values["bundesland"])[0]
        except InvalidInput as err:
            problems["bundesland"] = str(err)
    for key in ("weekly_hours", "full_time_hours"):
        if key in values and not (isinstance(values[key], (int, float)) and 0.5 <= values[key] <= 60):
            problems[key] = f"»{values[key]:g}« Stunden sind keine mögliche Wochenarbeitszeit (0,5 bis 60)."
    if "email" in values and values["email"] and not _EMAIL.match(values["email"]):
        problems["email"] = f"»{values['email']}« ist keine E-Mail-Adresse."
    if "policy_id" in values:
        try:
            load_policy(values["policy_id"])
        except UserError as err:
            problems["policy_id"] = str(err)
    pattern = dict(cw.pattern)
    if use_default_pattern and "weekly_hours" not in problems:
        pattern = default_pattern(values.get("weekly_hours", cw.weekly_hours))
    for text in pattern_days:
        key = f"pattern.{text.strip().lower()[:2]}" if text.strip().lower()[:2] in DAY_KEYS else "pattern"
        try:
            day, ranges = parse_pattern_day(text)
        except (InvalidInput, ValueError) as err:
            problems[key] = " ".join(filter(None, (problems.get(key), str(err))))
            continue
        if ranges:
            pattern[day] = ranges
        else:
            pattern.pop(day, None)
    if problems:
        raise FieldProblems("Die Angaben wurden nicht gespeichert:" if len(problems) > 1 else
                            next(iter(problems.values())), problems)
    return replace(cw, **values, pattern=pattern)


def update_caseworker(caseload: Caseload, changes: dict[str, Any], pattern_days: Sequence[str] = (),
                      use_default_pattern: bool = False) -> Caseworker:
    """Apply ``changes`` and pattern days (``checked_caseworker``) and store the result."""
    changed = checked_caseworker(caseload.caseworker(), changes, pattern_days, use_default_pattern)
    caseload.save_caseworker(changed)
    return changed


def pattern_note(cw: Caseworker) -> str | None:
    """A German note when the pattern and the weekly hours disagree by more than half an hour."""
    hours = pattern_hours(cw.pattern)
    if not cw.pattern:
        return ("Es sind keine Arbeitszeiten hinterlegt; ohne sie gibt es keine Terminvorschläge "
                "(Datei → Einstellungen…, Seite »Arbeitszeit«; als Befehl: terminassistent settings --db … "
                "--default-pattern oder --pattern mo=07:30-12:00,12:30-16:00).")
    if abs(hours - cw.weekly_hours) > 0.5:
        return (f"Die hinterlegten Arbeitszeiten ergeben {german_number(hours)} Stunden, die Wochenarbeitszeit ist "
                f"{german_number(cw.weekly_hours)} Stunden.")
    return None


def describe_pattern(cw: Caseworker) -> list[str]:
    return [f"{WEEKDAYS_DE[d]}: {', '.join(str(r) for r in cw.pattern[d])}" for d in sorted(cw.pattern)]


def put_setting(caseload: Caseload, key: str, text: str | Sequence[str] | None) -> Any:
    """Store a setting given as text (lists comma-separated or as a list, numbers as digits; None:
    back to the default); checked by ``setting_value``."""
    registry.put(caseload, key, setting_value(key, text))
    return registry.get(caseload, key)


def setting_value(key: str, text: str | Sequence[str] | None) -> Any:
    """The value a setting would store for ``text``; InvalidInput naming the setting and the value
    otherwise (its declared kind and range; a file or folder it names must exist; a policy file must
    be valid; purposes must be those of § 309 Abs. 2 SGB III). Stores nothing."""
    spec = registry.spec(key)
    if text is None:
        return spec.default
    value: Any = text if isinstance(text, (list, tuple)) else str(text).strip()
    if spec.kind == "list" and isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    elif spec.kind == "int":
        try:
            value = int(value)
        except ValueError:
            raise InvalidInput(f"Die Einstellung »{key}« ({spec.title}) braucht eine ganze Zahl, nicht »{text}«.") from None
    if spec.kind == "path" and value:
        _check_path(spec, value)
    if key == registry.POLICY_FILE.key and value:
        load_file(value)  # refuse a file that is not a valid policy before storing it
    if key == registry.PURPOSES.key:
        if not value:
            raise InvalidInput(f"Die Einstellung »{key}« ({spec.title}): Bitte wählen Sie mindestens einen Meldezweck.")
        for word in value:
            try:
                Purpose.parse(word)
            except ValueError as err:
                raise InvalidInput(f"Die Einstellung »{key}« ({spec.title}): {err}.") from None
    return spec.check(value)


def _check_path(spec: registry.Setting, value: str) -> None:
    path = Path(value).expanduser()
    folder = spec.pick == "folder"
    if (folder and not path.is_dir()) or (not folder and not path.is_file()):
        what = "den Ordner" if folder else "die Datei"
        raise InvalidInput(f"Die Einstellung »{spec.key}« ({spec.title}): {what} »{value}« gibt es nicht.")


@dataclass(frozen=True)
class SettingsChange:
    caseworker: Caseworker
    changes: Changes


def change_settings(ctx: Context, changes: dict[str, Any] | None = None, pattern_days: Sequence[str] = (), *,
                    use_default_pattern: bool = False, settings: Sequence[tuple[str, str | Sequence[str]]] = (),
                    expected: Caseworker | None = None) -> SettingsChange:
    """The caseworker's data, working week and settings, all in one user action or none.
    ``expected``: the caseworker's data as the caller showed them; refused if changed since."""
    caseload = ctx.caseload
    with caseload.action("Einstellungen ändern", at=ctx.now()) as action:
        if expected is not None and caseload.caseworker() != expected:
            raise StaleData("Ihre Angaben wurden inzwischen an anderer Stelle geändert; es wurde nichts gespeichert. "
                            "Bitte öffnen Sie die Einstellungen erneut.")
        if changes or pattern_days or use_default_pattern:
            update_caseworker(caseload, changes or {}, list(pattern_days), use_default_pattern)
        problems: dict[str, str] = {}
        for key, text in settings:
            try:
                put_setting(caseload, key, text)
            except UserError as err:
                problems[key] = str(err)
        regional = registry.REGIONAL_HOLIDAYS.read(caseload)
        if regional and registry.REGIONAL_HOLIDAYS.key not in problems:
            try:
                validate_bundesland(caseload.caseworker().bundesland, regional)
            except InvalidInput as err:
                problems[registry.REGIONAL_HOLIDAYS.key] = " ".join(err.problems or [str(err)])
        if problems:
            raise FieldProblems("Die Einstellungen wurden nicht gespeichert:" if len(problems) > 1 else
                                next(iter(problems.values())), problems)
        return SettingsChange(caseload.caseworker(), Changes.of(action.rows))


@dataclass(frozen=True)
class AbsenceResult:
    absence: Absence
    affected: tuple[Appointment, ...]  # booked appointments inside it: they need new dates
    changes: Changes


def add_absence(ctx: Context, start: dt.datetime, end: dt.datetime, kind: AbsenceKind, note: str = "") -> AbsenceResult:
    """Record an absence; returns it with the booked appointments inside it. Those are not
    refused (the caseworker may fall ill): they need new dates, and the caller says so."""
    if end <= start:
        raise InvalidInput("Die Abwesenheit endet nicht nach ihrem Beginn.")
    caseload = ctx.caseload
    with caseload.action(f"Abwesenheit eintragen ({kind.label})", at=ctx.now()) as action:
        absence = caseload.add_absence(Absence(start, end, kind, note))
        affected = caseload.appointments(start=start, end=end, statuses=[AppointmentStatus.BOOKED])
        return AbsenceResult(absence, tuple(affected), Changes.of(action.rows))


def remove_absence(ctx: Context, absence_id: int) -> Changes:
    caseload = ctx.caseload
    if absence_id not in {a.id for a in caseload.absences()}:
        raise InvalidInput(f"Eine Abwesenheit mit der Nummer »{absence_id}« gibt es nicht.")
    with caseload.action("Abwesenheit löschen", at=ctx.now()) as action:
        caseload.remove_absence(absence_id)
        return Changes.of(action.rows)


def absence_text(absence: Absence) -> str:
    return f"{absence.id}: {describe_absence(absence)}" + (f" ({absence.note})" if absence.note else "")
