"""Line numbers for key paths in a TOML text (tomllib reports none for valid files).

A light scan, not a second parser: it follows table headers (``[a.b]``, ``[[rule]]``) and
``key = value`` lines. Keys inside inline tables or multi-line arrays get the line of the key
that opens them, which is where a reader looks anyway.
"""

from __future__ import annotations

import re

Path = tuple  # of str (keys) and int (0-based array index)

_BARE_OR_QUOTED = r'(?:[A-Za-z0-9_-]+|"[^"]*"|\'[^\']*\')'
_DOTTED = rf"{_BARE_OR_QUOTED}(?:\s*\.\s*{_BARE_OR_QUOTED})*"
_HEADER = re.compile(rf"^\s*(\[\[?)\s*({_DOTTED})\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(rf"^\s*({_DOTTED})\s*=")
_PART = re.compile(_BARE_OR_QUOTED)


def _parts(dotted: str) -> list[str]:
    return [p.strip("\"'") for p in _PART.findall(dotted)]


class Locator:
    def __init__(self, text: str):
        self._lines: dict[Path, int] = {}
        self._scan(text)

    def _resolve(self, keys: list[str], arrays: dict[Path, int]) -> Path:
        path: Path = ()
        for key in keys:
            path = (*path, key)
            if path in arrays:
                path = (*path, arrays[path])
        return path

    def _scan(self, text: str) -> None:
        arrays: dict[Path, int] = {}  # array-of-tables path -> index of its current item
        current: Path = ()
        in_multiline = False
        for number, line in enumerate(text.splitlines(), start=1):
            toggles = line.count('"""') % 2 == 1 or line.count("'''") % 2 == 1
            if in_multiline:  # inside a multi-line string: nothing here is a key
                in_multiline = not toggles
                continue
            in_multiline = toggles
            header = _HEADER.match(line)
            if header:
                keys = _parts(header.group(2))
                if header.group(1) == "[[":
                    parent = self._resolve(keys[:-1], arrays)
                    array = (*parent, keys[-1])
                    arrays[array] = arrays.get(array, -1) + 1
                    current = (*array, arrays[array])
                else:
                    current = self._resolve(keys, arrays)
                self._lines.setdefault(current, number)
                continue
            key = _KEY.match(line)
            if key:
                self._lines.setdefault((*current, *_parts(key.group(1))), number)

    def line(self, path: Path) -> int | None:
        """The line of ``path``, else of its nearest enclosing key that is known; None at the top."""
        path = tuple(path)
        while path:
            if path in self._lines:
                return self._lines[path]
            path = path[:-1]
        return None
