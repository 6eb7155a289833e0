"""A Nachhaltung list as a CSV file for Excel in Germany: UTF-8 with a byte order mark (so Excel
reads the umlauts), semicolons between the columns, a line end of CR LF, the headings first.

The lists hold names, Kundennummern, groups, dates and states, never notes or addresses: the file
goes to the team leader for the Fachaufsicht.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from terminassistent.errors import UserError

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@")  # Excel would compute a cell that starts so


def _cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def list_csv(lines: Sequence[Sequence[str]]) -> str:
    """The headings and rows ``lines`` as CSV text, the byte order mark first."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for line in lines:
        writer.writerow([_cell(str(c)) for c in line])
    return BOM + out.getvalue()


def write_list_csv(path: str | Path, lines: Sequence[Sequence[str]]) -> Path:
    """Write the list to ``path``; a file that cannot be written is named in a German message."""
    path = Path(path)
    try:
        path.write_bytes(list_csv(lines).encode("utf-8"))
    except OSError as err:
        raise UserError(f"Die Datei »{path}« lässt sich nicht schreiben: {err.strerror or err}.") from None
    return path
