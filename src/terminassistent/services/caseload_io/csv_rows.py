"""Reading a caseload CSV file into records, before any column means anything: ``decode`` finds
the encoding (and refuses Excel workbooks and binary files), ``records`` the separator and the
physical line each record starts on, ``fits`` checks a record's width against the header, and
``Report`` collects every German problem sentence of the file, with file, line and column, until
``refuse`` turns them into one InvalidInput.
"""

from __future__ import annotations

import codecs
import csv
import io
import re

from terminassistent.errors import InvalidInput

EMPTY_FILE = "Die Datei ist leer (erwartet eine Kopfzeile mit den Spaltennamen und je Kunde eine Zeile)"


class Report:
    """Collects the German problem sentences for one file; they are listed by line."""

    def __init__(self, source: str):
        self.source, self.problems = source, []

    def add(self, message: str, line: int | None = None, column: str | None = None) -> None:
        where = self.source + (f", Zeile {line}" if line else "") + (f", Spalte »{column}«" if column else "")
        self.problems.append((line or 0, f"{where}: {message}."))

    def refuse(self) -> InvalidInput:
        problems = [text for _, text in sorted(self.problems, key=lambda p: p[0])]
        n = len(problems)
        return InvalidInput(f"Die Datei »{self.source}« wurde nicht importiert: {n} Fehler.", problems=problems)


def decode(data: bytes, report: Report) -> str | None:
    """The file's text: UTF-16 with BOM, UTF-8 (BOM optional) or else Windows-1252; None if not text."""
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):  # .xlsx (zip) or .xls (OLE)
        report.add("Die Datei ist eine Excel-Arbeitsmappe, keine CSV-Datei (in Excel »Speichern unter« und "
                   "»CSV UTF-8 (durch Trennzeichen getrennt)« wählen)")
        return None
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    text = "\0"  # stays so if no encoding fits: not text
    for encoding in ("utf-16",) if utf16 else ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if re.search(r"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]", text):
        report.add("Die Datei ist keine Textdatei (erwartet CSV mit »;« als Trennzeichen, UTF-8 oder Windows-1252)")
        return None
    if not text.strip():
        report.add(EMPTY_FILE)
        return None
    return text


def split_records(text: str, report: Report) -> list[tuple[int, list[str]]]:
    """Non-empty records with the physical line each starts on; an Excel ``sep=`` line sets the separator."""
    first = next(line for line in text.splitlines() if line.strip())
    hint = re.fullmatch(r" *sep=([^ ]) *", first, re.IGNORECASE)
    delimiter = hint[1] if hint else max(";\t,", key=first.count)  # ties: ";" wins
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records, end = [], 0
    try:
        for fields in reader:
            start, end = end + 1, reader.line_num
            if "".join(fields).strip():  # not only empty fields (and spaces)
                records.append((start, fields))
    except csv.Error as exc:
        why = "sie ist zu lang oder fehlerhaft"
        if "end of data" in str(exc):
            why = "ein Anführungszeichen wird nicht geschlossen"
        elif "expected after" in str(exc):
            why = f"nach einem schließenden Anführungszeichen muss »{delimiter}« oder das Zeilenende folgen"
        report.add(f"Die Zeile ist kein gültiges CSV, {why}; die Zeilen ab hier wurden nicht geprüft", end + 1)
    return records[1:] if hint and records else records


def nameless(header: list[str]) -> list[int]:
    """The positions of the header's columns without a name."""
    return [pos for pos, name in enumerate(header) if not name.strip()]


def fits(line: int, fields: list[str], header: list[str], width: int, report: Report,
         unnamed: list[int] | None = None) -> bool:
    """Whether the row has as many fields as the header; values under a nameless column are reported.
    ``unnamed``: ``nameless(header)``, when the caller keeps it for every row."""
    if len(fields) < width or (len(fields) > len(header) and any(f.strip() for f in fields[len(header):])):
        few = len(fields) < width
        hint = "" if few else " (steht ein Trennzeichen in einem Wert ohne Anführungszeichen?)"
        expected = width if few else len(header)
        report.add(f"Die Zeile hat {len(fields)} Felder statt {expected} wie die Kopfzeile{hint}", line)
        return False
    for pos in nameless(header) if unnamed is None else unnamed:
        if pos < len(fields) and fields[pos].strip():
            report.add(f"»{fields[pos].strip()}« steht in Spalte {pos + 1}, die keine Überschrift hat", line)
    return True
