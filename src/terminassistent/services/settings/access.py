"""Settings as the services use them; every setting is declared in terminassistent.settings."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from terminassistent import settings as registry
from terminassistent.domain.model import Caseworker
from terminassistent.domain.policy_model import Policy
from terminassistent.domain.proposals import SchedulingRules
from terminassistent.errors import UserError
from terminassistent.policy import load_bundled
from terminassistent.storage import Caseload


def get(caseload: Caseload, key: str) -> Any:
    return registry.get(caseload, key)


def put(caseload: Caseload, key: str, value: Any) -> None:
    registry.put(caseload, key, value)


def scheduling_rules(caseload: Caseload) -> SchedulingRules:
    """The scheduling settings; the weekly maximum scales with part-time hours."""
    cw = caseload.caseworker()
    values = {f.name: get(caseload, f"scheduling.{f.name}") for f in fields(SchedulingRules)}
    ratio = cw.weekly_hours / cw.full_time_hours if cw.full_time_hours else 1.0
    values["max_per_week"] = max(1, round(values["max_per_week"] * ratio))
    return SchedulingRules(**values)


@dataclass(frozen=True)
class SettingsSnapshot:
    """What the settings dialog shows: the caseworker's data and every declared setting's value."""

    caseworker: Caseworker
    values: dict[str, Any]
    policies: tuple[Policy, ...]  # the bundled ones, for the choice of a Kontaktdichtekonzept
    problems: dict[str, str] = field(default_factory=dict)  # stored values the registry refuses (default shown)


def settings_snapshot(caseload: Caseload) -> SettingsSnapshot:
    """Every setting's value; one stored wrongly (by hand, by an older version) does not keep the
    dialog from opening: its default is shown and the problem named at its field."""
    values: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for s in registry.SETTINGS:
        try:
            values[s.key] = s.read(caseload)
        except UserError as err:
            values[s.key], problems[s.key] = s.default, str(err)
    return SettingsSnapshot(caseload.caseworker(), values, load_bundled(), problems)
