"""Printing results: one JSON document on stdout, German sentences on stderr."""

from __future__ import annotations

import datetime as dt
import enum
import json
import logging
import sys
from typing import Any

log = logging.getLogger("terminassistent")


def _default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def emit_json(document: Any) -> None:
    json.dump(document, sys.stdout, ensure_ascii=False, indent=2, default=_default)
    sys.stdout.write("\n")


def say(message: str) -> None:
    """A line for a person reading the terminal (not used with --json)."""
    print(message)


def count_de(number: int, singular: str, plural: str) -> str:
    """'1 Kunde', '3 Kunden'."""
    return f"{number} {singular if number == 1 else plural}"


def due_text(assessment) -> str:
    """The state of a customer's next contact as every command states it (»überfällig seit …«)."""
    from terminassistent.domain.density import Compliance

    a = assessment
    if a.state is Compliance.OVERDUE:
        return a.overdue_text
    if a.state is Compliance.DUE_NOW or a.latest is None:
        return a.state.label
    return f"{a.state.label}, bis {a.latest:%d.%m.%Y}"


def fail(message: str) -> None:
    print(f"terminassistent: {message}", file=sys.stderr)


def internal_error(exc: BaseException, command: str) -> None:
    """Log the bug (type and stack, never its message) to the private log file; show German instead."""
    from terminassistent.logfile import log_internal_error, log_path

    log_internal_error(exc, f"Befehl {command}")
    fail(
        "Ein interner Fehler ist aufgetreten; die laufende Änderung wurde zurückgenommen. "
        f"Die technischen Einzelheiten stehen in {log_path()} (ohne Kundendaten)."
    )
