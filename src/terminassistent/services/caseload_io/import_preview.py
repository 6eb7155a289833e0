"""Kunden importieren… in the window: the first rows as the import reads them, every problem as
(line, column, reason), and the import itself into the open caseload as one user action. The same
reading and checking as ``terminassistent import`` (csv_rows, csv_import, importer)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from terminassistent.errors import InvalidInput
from terminassistent.services.caseload_io.csv_import import ParsedCaseload, parse_caseload_csv
from terminassistent.services.caseload_io.csv_rows import Report, decode, split_records
from terminassistent.services.caseload_io.importer import duplicates, import_parsed, read_file
from terminassistent.services.changes import Changes
from terminassistent.services.context import Context

PREVIEW_ROWS = 5
_WHERE = re.compile(r"^(?:.*?)(?:, Zeile (?P<line>\d+))?(?:, Spalte »(?P<column>[^«]+)«)?: (?P<reason>.*)$", re.S)


@dataclass(frozen=True)
class Problem:
    line: int | None
    column: str
    reason: str

    @classmethod
    def of(cls, text: str) -> "Problem":
        found = _WHERE.match(text)
        if found is None:
            return cls(None, "", text)
        return cls(int(found["line"]) if found["line"] else None, found["column"] or "", found["reason"])


@dataclass(frozen=True)
class ImportPreview:
    source: Path
    header: list[str]
    rows: list[list[str]]  # the first rows as read (separator and encoding detected)
    problems: list[Problem]  # empty: the file can be imported
    customers: int
    contacts: int
    parsed: ParsedCaseload | None


@dataclass(frozen=True)
class ImportResult:
    customers: tuple[str, ...]  # the Kundennummern imported, in the file's order
    contacts: int
    changes: Changes


def preview_import(ctx: Context, source: Path) -> ImportPreview:
    """Read and check ``source`` against the open caseload; nothing is written."""
    source = Path(source)
    data = read_file(source)
    report = Report(source.name)
    text = decode(data, report)
    records = split_records(text, report) if text is not None else []
    header = records[0][1] if records else []
    rows = [fields for _, fields in records[1:1 + PREVIEW_ROWS]]
    parsed, texts = None, []
    try:
        parsed = parse_caseload_csv(data, source.name, today=ctx.today())
        texts = duplicates(ctx.caseload, parsed, source.name)
    except InvalidInput as refused:
        texts = refused.problems or [str(refused)]
    return ImportPreview(source, header, rows, [Problem.of(t) for t in texts],
                         len(parsed.customers) if parsed else 0, len(parsed.contacts) if parsed else 0,
                         parsed if not texts else None)


def import_previewed(ctx: Context, preview: ImportPreview) -> ImportResult:
    """Import what the preview read (refused like ``terminassistent import`` if it has problems)."""
    if preview.parsed is None:
        raise InvalidInput(f"Die Datei »{preview.source.name}« wurde nicht importiert: "
                           f"{len(preview.problems)} Fehler.", [p.reason for p in preview.problems])
    changes = import_parsed(ctx.caseload, preview.parsed, preview.source.name)
    return ImportResult(tuple(c.customer_no for c in preview.parsed.customers), len(preview.parsed.contacts), changes)
