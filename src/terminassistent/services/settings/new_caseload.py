"""A new, empty caseload for the desktop's first start and Datei > Neuer Bestand…: the caseworker's
data checked field by field first (as the settings dialog checks them), then the file created
owner-only; on a refusal no file is left behind."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from terminassistent.domain.model import Caseworker
from terminassistent.domain.workweek import default_pattern
from terminassistent.errors import FieldProblems, InvalidInput
from terminassistent.services.settings.caseworker import checked_caseworker
from terminassistent.storage import Caseload


def new_caseworker(values: dict[str, Any], working_days: Iterable[int]) -> Caseworker:
    """The caseworker of a new caseload: ``values`` as Caseworker fields, the weekly hours spread
    over ``working_days`` (0 = Monday); FieldProblems naming every bad field."""
    problems: dict[str, str] = {}
    try:
        cw = checked_caseworker(Caseworker(), values)
    except FieldProblems as err:
        problems.update(err.fields)
        cw = None
    if not str(values.get("name", "")).strip():
        problems["name"] = "Bitte geben Sie Ihren Namen an; er steht als Absender auf jeder Einladung."
    pattern = {}
    if "weekly_hours" not in problems:
        try:
            pattern = default_pattern(float(values.get("weekly_hours", Caseworker.weekly_hours)), working_days)
        except InvalidInput as err:
            problems["working_days"] = str(err)
    if problems or cw is None:
        raise FieldProblems("Der Bestand wurde nicht angelegt:" if len(problems) > 1 else
                            next(iter(problems.values())), problems)
    return replace(cw, pattern=pattern)


def create_caseload(path: Path, values: dict[str, Any], working_days: Iterable[int]) -> Path:
    """Create the caseload file at ``path`` for the caseworker described by ``values``; refuses an
    existing file (InvalidInput) and bad values (FieldProblems), leaving nothing behind."""
    caseworker = new_caseworker(values, working_days)
    path = Path(path).expanduser()
    if path.exists():
        raise InvalidInput(f"Die Datei »{path}« gibt es schon; ein neuer Bestand überschreibt nichts. "
                           "Bitte wählen Sie einen anderen Namen oder öffnen Sie den vorhandenen Bestand.")
    Caseload.create(path, caseworker).close()  # makes the folder; an OS error comes back in German
    return path
