"""German messages for argparse, which takes its texts through gettext's ``_``.

argparse looks ``_`` up in its own module namespace each time it builds a message, so replacing it
there translates usage errors and help headings without touching argparse's logic.
"""

from __future__ import annotations

import argparse

_DE = {
    "usage: ": "Aufruf: ",
    "positional arguments": "Angaben",
    "options": "Optionen",
    "show this help message and exit": "diese Hilfe zeigen und beenden",
    "unrecognized arguments: %s": "unbekannte Angaben: %s",
    "the following arguments are required: %s": "diese Angaben fehlen: %s",
    "argument %(argument_name)s: %(message)s": "Angabe %(argument_name)s: %(message)s",
    "expected one argument": "erwartet einen Wert",
    "expected at least one argument": "erwartet mindestens einen Wert",
    "expected at most one argument": "erwartet höchstens einen Wert",
    "ignored explicit argument %r": "überzähliger Wert %r",
    "invalid choice: %(value)r (choose from %(choices)s)": "ungültige Wahl: %(value)r (möglich: %(choices)s)",
    "invalid %(type)s value: %(value)r": "ungültiger Wert: %(value)r",
    "not allowed with argument %s": "nicht zusammen mit %s erlaubt",
    "ambiguous option: %(option)s could match %(matches)s": "mehrdeutige Option: %(option)s passt zu %(matches)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: Falscher Aufruf: %(message)s\n"
    "Hilfe: terminassistent --help oder terminassistent BEFEHL --help\n",
}

_original = argparse._


def _translate(message: str) -> str:
    # gettext only for the texts not translated here: its lookup searches the disk each time.
    return _DE[message] if message in _DE else _original(message)


argparse._ = _translate
