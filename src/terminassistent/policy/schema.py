"""Reading a parsed TOML table key by key, collecting every problem instead of stopping at one.

A ``Table`` hands out typed values and remembers which keys were read; ``done()`` reports the
rest as unknown (with the closest known key as a hint). Each problem carries file, line, key
path and a German reason.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from typing import Any, Callable, TypeVar

from terminassistent.policy.locate import Locator

T = TypeVar("T")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    key: str  # dotted key path; array items numbered from 1: rule[3].density.every
    reason: str  # German sentence

    def __str__(self) -> str:
        where = f"{self.file}, Zeile {self.line}" if self.line else self.file
        key = f", Schlüssel »{self.key}«" if self.key else ""
        return f"{where}{key}: {self.reason}"

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "key": self.key, "reason": self.reason}


def display(path: tuple) -> str:
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class Problems:
    """The problems found in one file."""

    def __init__(self, file: str, text: str = ""):
        self.file = file
        self.items: list[Problem] = []
        self._locator = Locator(text)

    def add(self, path: tuple, reason: str, line: int | None = None) -> None:
        self.items.append(Problem(self.file, line or self._locator.line(path), display(path), reason))

    def line(self, path: tuple) -> int | None:
        return self._locator.line(path)

    def __bool__(self) -> bool:
        return bool(self.items)


_KIND_WORDS = {
    str: "ein Text",
    int: "eine ganze Zahl",
    float: "eine Zahl",
    bool: "true oder false",
    dt.date: "ein Datum (z. B. 2019-01-01)",
    dict: "eine Tabelle",
    list: "eine Liste",
}


def describe_value(value: Any) -> str:
    names = {str: "Text", int: "ganze Zahl", float: "Zahl", bool: "Wahrheitswert", dict: "Tabelle",
             list: "Liste", dt.date: "Datum", dt.datetime: "Zeitpunkt", dt.time: "Uhrzeit"}
    name = names.get(type(value), type(value).__name__)
    if isinstance(value, (dict, list)):
        return name
    shown = str(value).lower() if isinstance(value, bool) else str(value)
    if isinstance(value, float):
        shown = shown.replace(".", ",")
    return f"{name} »{shown}«"


def _is(value: Any, kind: type) -> bool:
    if kind is float:
        return type(value) in (int, float)
    return type(value) is kind


class Table:
    def __init__(self, problems: Problems, data: dict, path: tuple = ()):
        self.problems = problems
        self.data = data
        self.path = path
        self._read: set[str] = set()

    def has(self, key: str) -> bool:
        return key in self.data

    def problem(self, key: str | int | None, reason: str) -> None:
        self.problems.add(self.path if key is None else (*self.path, key), reason)

    def get(self, key: str, kind: type, required: bool = False) -> Any:
        self._read.add(key)
        if key not in self.data:
            if required:
                self.problem(key, f"Pflichtangabe fehlt: »{key}« muss {_KIND_WORDS[kind]} sein.")
            return None
        value = self.data[key]
        if not _is(value, kind):
            self.problem(key, f"Erwartet ist {_KIND_WORDS[kind]}, gefunden {describe_value(value)}.")
            return None
        return value

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.get(key, str, required)
        if value is not None and not value.strip():
            self.problem(key, "Der Text ist leer.")
            return None
        return value.strip() if value is not None else None

    def integer(self, key: str, required: bool = False, minimum: int = 0, maximum: int | None = None) -> int | None:
        value = self.get(key, int, required)
        if value is None:
            return None
        if value < minimum or (maximum is not None and value > maximum):
            upper = f" und höchstens {maximum}" if maximum is not None else ""
            self.problem(key, f"Der Wert {value} ist unmöglich: erlaubt ist mindestens {minimum}{upper}.")
            return None
        return value

    def number(self, key: str, required: bool = False, above: float = 0, maximum: float | None = None) -> float | None:
        value = self.get(key, float, required)
        if value is None:
            return None
        if value <= above or (maximum is not None and value > maximum):
            upper = f" und höchstens {str(maximum).replace('.', ',')}" if maximum is not None else ""
            self.problem(key, f"Der Wert {str(value).replace('.', ',')} ist unmöglich: erlaubt ist mehr als "
                              f"{str(above).replace('.', ',')}{upper}.")
            return None
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.get(key, bool)
        return default if value is None else value

    def date(self, key: str) -> dt.date | None:
        self._read.add(key)
        value = self.data.get(key)
        if value is None or type(value) is dt.date:
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                self.problem(key, f"»{value}« ist kein gültiges Datum (erwartet z. B. 2019-01-01).")
                return None
        self.problem(key, f"Erwartet ist {_KIND_WORDS[dt.date]}, gefunden {describe_value(value)}.")
        return None

    def table(self, key: str, required: bool = False) -> "Table | None":
        value = self.get(key, dict, required)
        return Table(self.problems, value, (*self.path, key)) if value is not None else None

    def tables(self, key: str, required: bool = False) -> list["Table"]:
        """An array of tables (``[[key]]`` or a list of inline tables)."""
        value = self.get(key, list, required)
        if value is None:
            return []
        if required and not value:
            self.problem(key, "Die Liste ist leer.")
        result = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                result.append(Table(self.problems, item, (*self.path, key, index)))
            else:
                self.problems.add((*self.path, key, index),
                                  f"Erwartet ist eine Tabelle, gefunden {describe_value(item)}.")
        return result

    def choice(self, key: str, parse: Callable[[str], T], required: bool = True) -> T | None:
        value = self.get(key, str, required)
        if value is None:
            return None
        try:
            return parse(value)
        except ValueError as exc:
            self.problem(key, f"{exc}.")
            return None

    def choices(self, key: str, parse: Callable[[str], T]) -> list[T] | None:
        """A list of vocabulary values (a single string is taken as a list of one)."""
        self._read.add(key)
        if key not in self.data:
            return None
        raw = self.data[key]
        values = [raw] if isinstance(raw, str) else raw
        if not isinstance(values, list):
            self.problem(key, f"Erwartet ist eine Liste von Texten, gefunden {describe_value(raw)}.")
            return None
        if not values:
            self.problem(key, "Die Liste ist leer; sie träfe auf niemanden zu. Lassen Sie den Schlüssel weg, "
                              "wenn alle gemeint sind.")
            return None
        result, ok = [], True
        for item in values:
            try:
                if not isinstance(item, str):
                    raise ValueError(f"{describe_value(item)} ist kein Text")
                result.append(parse(item))
            except ValueError as exc:
                self.problem(key, f"{exc}.")
                ok = False
        return result if ok else None

    def forbid(self, keys: tuple[str, ...], reason: str) -> None:
        """Keys that exist in the schema but do not belong here."""
        for key in keys:
            if key in self.data:
                self._read.add(key)
                self.problem(key, f"»{key}« passt nicht hierher: {reason}")

    def done(self) -> None:
        for key in self.data:
            if key not in self._read:
                hint = difflib.get_close_matches(key, sorted(self._read), n=1)
                suggestion = f"; gemeint ist vielleicht »{hint[0]}«" if hint else ""
                self.problem(key, f"Unbekannter Schlüssel »{key}«{suggestion}.")
