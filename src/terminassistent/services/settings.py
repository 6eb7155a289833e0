"""The caseworker's settings beyond the Caseworker record: each declared once, with its default,
German title and allowed range. The store keeps them as key/value pairs; the desktop's settings
dialog and the command line read titles and limits from here.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from terminassistent.domain.proposals import SchedulingRules
from terminassistent.errors import InvalidInput
from terminassistent.storage import Caseload


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any
    title: str  # German, shown in the settings dialog
    minimum: int | None = None
    maximum: int | None = None
    help: str = ""

    def check(self, value: Any) -> Any:
        if isinstance(self.default, bool):
            if not isinstance(value, bool):
                raise InvalidInput(f"{self.title}: »{value}« ist weder ja noch nein.")
            return value
        if isinstance(self.default, int) or (self.default is None and self.minimum is not None):
            if value is None and self.default is None:
                return None
            if isinstance(value, bool) or not isinstance(value, int):
                raise InvalidInput(f"{self.title}: »{value}« ist keine ganze Zahl.")
            if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
                raise InvalidInput(f"{self.title}: »{value}« liegt nicht zwischen {self.minimum} und {self.maximum}.")
            return value
        return value


SETTINGS: tuple[Setting, ...] = (
    Setting("scheduling.slot_minutes", 15, "Raster der Anfangszeiten (Minuten)", 5, 60),
    Setting("scheduling.buffer_minutes", 0, "Pause nach jedem Termin (Minuten)", 0, 60),
    Setting("scheduling.max_per_day", 7, "Höchstens Termine an einem Tag", 1, 20),
    Setting("scheduling.max_per_week", 30, "Höchstens Termine in einer Woche (bei Vollzeit; Teilzeit anteilig)", 1, 100),
    Setting("scheduling.safety_margin_days", 10, "Reserve vor dem spätesten Termin (Tage)", 0, 60,
            "Wird ein Termin versäumt, bleibt so Zeit für einen Ersatztermin innerhalb der Frist."),
    Setting("scheduling.postal_notice_days", 3, "Vorlauf bei Einladung per Post (Tage)", 0, 21),
    Setting("scheduling.horizon_days", 42, "Suchzeitraum ohne Mindestkontaktdichte (Tage)", 7, 365),
    Setting("scheduling.follow_up_minutes", 45, "Dauer eines Folgegesprächs (Minuten, inkl. Vor- und Nachbereitung)", 10, 120,
            "Wo das Kontaktdichtekonzept eine Höchstdauer nennt, gilt höchstens diese."),
    Setting("scheduling.first_minutes", 60, "Dauer eines Erstgesprächs (Minuten), wenn das Konzept nichts vorgibt", 15, 180),
    Setting("workweek.regional_holidays", [], "Regionale Feiertage (katholisch, augsburg)"),
)

_BY_KEY = {s.key: s for s in SETTINGS}


def setting_spec(key: str) -> Setting:
    try:
        return _BY_KEY[key]
    except KeyError:
        known = ", ".join(sorted(_BY_KEY))
        raise InvalidInput(f"Die Einstellung »{key}« gibt es nicht (bekannt: {known}).") from None


def get(caseload: Caseload, key: str) -> Any:
    spec = setting_spec(key)
    return caseload.setting(key, spec.default)


def put(caseload: Caseload, key: str, value: Any) -> None:
    spec = setting_spec(key)
    caseload.set_setting(key, spec.check(value))


def scheduling_rules(caseload: Caseload) -> SchedulingRules:
    """The scheduling settings; the weekly maximum scales with part-time hours."""
    cw = caseload.caseworker()
    values = {f.name: get(caseload, f"scheduling.{f.name}") for f in fields(SchedulingRules) if f"scheduling.{f.name}" in _BY_KEY}
    ratio = cw.weekly_hours / cw.full_time_hours if cw.full_time_hours else 1.0
    values["max_per_week"] = max(1, round(values["max_per_week"] * ratio))
    return SchedulingRules(**values)
