"""Writing any TOML document (tables, arrays, strings, numbers, dates) as text, for the policy fuzzing:
every table inline, every key quoted, every string escaped."""

from __future__ import annotations

import datetime as dt
import math


def _string(text: str) -> str:
    escaped = []
    for ch in text:
        if ch in '"\\':
            escaped.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            escaped.append(f"\\u{ord(ch):04x}")
        else:
            escaped.append(ch)
    return '"' + "".join(escaped) + '"'


def value(item) -> str:
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, int):
        return str(item)
    if isinstance(item, float):
        if math.isnan(item):
            return "nan"
        if math.isinf(item):
            return "inf" if item > 0 else "-inf"
        text = repr(item)
        return text if any(c in text for c in ".en") else text + ".0"
    if isinstance(item, str):
        return _string(item)
    if isinstance(item, (dt.datetime, dt.date, dt.time)):
        return item.isoformat()
    if isinstance(item, list):
        return "[" + ", ".join(value(x) for x in item) + "]"
    if isinstance(item, dict):
        return "{" + ", ".join(f"{_string(str(k))} = {value(v)}" for k, v in item.items()) + "}"
    raise TypeError(type(item).__name__)


def document(data: dict) -> str:
    """A whole file: one ``"key" = value`` line per top-level key."""
    return "".join(f"{_string(str(k))} = {value(v)}\n" for k, v in data.items())
