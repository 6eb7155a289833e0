"""Reading a caseload CSV file (``terminassistent import``): parse and validate, nothing else.

## CSV format

`terminassistent import` reads one file with one customer per row; the first row names the
columns. Excel on a German Windows writes exactly this with "Speichern unter" and "CSV UTF-8
(durch Trennzeichen getrennt)" or "CSV (Trennzeichen-getrennt)", so a list kept in Excel imports
as it is.

- **Separator** `;`. A file whose first line holds more tabs or commas than semicolons is read
  with that separator instead; an Excel hint line `sep=;` before the header is honoured.
- **Encoding** UTF-8, with or without byte-order mark. A file that is not valid UTF-8 is read as
  Windows-1252 (Excel's plain "CSV" on German Windows), so `Müller` arrives intact either way.
  UTF-16 with byte-order mark (Excel's "Unicode-Text") is read too.
- **Quoting** as Excel does it: a value holding `;`, `"` or a line break stands in `"…"`, a quote
  inside it doubled (`""`). Line endings LF or CRLF. Empty rows and surplus empty fields at the
  end of a row are ignored; surrounding spaces of every value are removed.
- **Header** names are matched ignoring case, spaces, punctuation and umlaut spelling (`Straße` =
  `Strasse`, `Kd-Nr.` = `KdNr`); the order of the columns is free; unknown columns are refused.

| Column | Required | Also accepted as header | Values |
| --- | --- | --- | --- |
| Kundennummer | column and value | Kd-Nr, Kunden-Nr | free text, kept as given; unique in the file |
| Anrede | – | | `Frau` (`Fr.`), `Herr` (`Hr.`), `divers`; empty = divers (no gendered salutation) |
| Nachname | column and value | Familienname | text |
| Vorname | column | Vornamen | text, may be empty |
| Geburtsdatum | column and value | Geb.-Datum, Geburtstag, geb. am, geboren am | `TT.MM.JJJJ` (also `T.M.JJJJ`) or `JJJJ-MM-TT`; not before 1900, at least 15 years ago (§ 7 SGB II) |
| Straße | – | Str., Straße und Hausnummer, Straße/Hausnummer | street and house number |
| PLZ | – | Postleitzahl | five digits; four digits (Excel dropped the leading zero) get a `0` in front |
| Ort | – | Wohnort | town |
| Status | column and value | Kundenstatus | `arbeitslos`, `arbeitsuchend` (also `arbeitssuchend`), `Status nicht gesetzt` (also `nicht gesetzt`, `nicht-gesetzt`) |
| Profillage | – | Profil | `Marktprofil`, `Aktivierungsprofil`, `Förderprofil`, `Entwicklungsprofil`, `Stabilisierungsprofil`, `Unterstützungsprofil`, `Profillage I`, `Profillage Z`, or short `Markt`, `Aktivierung`, `Förder`, `Entwicklung`, `Stabilisierung`, `Unterstützung`, `I`, `Z`; empty = none |
| Merkmale | – | Merkmal | any of `Schüler` (pupil not in the final school year), `Fallmanagement`, `beschäftigt` (employed, subject to social insurance), `Gesundheit` (severe health restrictions), separated by `,` or `\\|` |
| Vorlieben | – | Terminwünsche, Terminwunsch | any of `nur vormittags`, `nur nachmittags`, `nicht <Wochentag>` (`nicht freitags`, `nicht am Freitag`, `kein Mo`), separated by `,` or `\\|` |
| Notiz | – | Notizen, Bemerkung, Bemerkungen | free text, the only value that may span lines |
| Letzter Kontakt | – | Letzter Beratungskontakt, Datum letzter Kontakt | the last counselling conversation: `TT.MM.JJJJ` or `TT.MM.JJJJ HH:MM` (ISO `JJJJ-MM-TT HH:MM` too); not in the future, not before the birth date |
| Kanal | – | Kontaktweg | `persönlich` (the default) or `telefonisch` (also `Telefon`); only together with Letzter Kontakt |
| Kooperationsplan | – | Kooperationsplan vom, EinV, Eingliederungsvereinbarung | date of the current Kooperationsplan (`TT.MM.JJJJ`); its six-month review is then shown when due |

Straße, PLZ and Ort belong together: all three columns or none, and in a row all three values or
none. Words are matched ignoring case and umlaut spelling (`Förderprofil` = `foerderprofil`).
A row with *Letzter Kontakt* also records that contact as a Beratungsvermerk (note "Übernommen aus
dem CSV-Import"; at 09:00 Berlin time when no time is given), so the next due date is known right
after the import.

Example (`kunden.csv`):

```text
Kundennummer;Anrede;Nachname;Vorname;Geburtsdatum;Straße;PLZ;Ort;Status;Profillage;Merkmale;Vorlieben;Notiz;Letzter Kontakt;Kanal
123D456789;Frau;Müller;Änne;14.03.1987;Hauptstraße 5;01067;Dresden;arbeitslos;Förderprofil;;nur vormittags, nicht freitags;Kinderbetreuung bis 12 Uhr;02.05.2025;persönlich
123D456790;Herr;Öztürk;Ömer;1999-11-02;Am Bäckerberg 3a;29525;Uelzen;arbeitsuchend;Marktprofil;beschäftigt;;"Teilzeit; Aufstockung";03.06.2025 14:30;telefonisch
123D456791;;Weiß;Sören;1.2.2006;;;;Status nicht gesetzt;Profillage Z;Schüler|Gesundheit;nicht Mo;;;
```

The whole file is checked before anything is imported, and every problem is reported at once,
each naming the file, the line (the header is line 1, and a quoted value spanning lines counts all
of its lines), the column and the value, for example `kunden.csv, Zeile 7, Spalte »Geburtsdatum«:
»31.02.1990« ist kein gültiges Datum (erwartet TT.MM.JJJJ).` Only two faults stop the check
early: a quote that is never closed (nothing after it can be read as rows) and a first line that
names no known column (no header, or another separator). A file with any problem imports nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from collections.abc import Callable
from typing import Any, NamedTuple

from terminassistent.domain.model import (
    BERLIN, Address, Channel, Contact, ContactKind, Customer, Preferences, Salutation,
)
from terminassistent.errors import FieldProblems
from terminassistent.services.caseload_io.csv_rows import (
    EMPTY_FILE, Report, decode, fits, nameless, split_records,
)
from terminassistent.services.caseload_io.csv_values import CONVERTERS, header_key
from terminassistent.services.caseload_io.csv_values import CONTACT_TIME as CONTACT_TIME  # re-exported: part of the API

CONTACT_NOTE = "Übernommen aus dem CSV-Import"
MINIMUM_AGE = 15  # § 7 Abs. 1 SGB II: benefits for the employable from 15 years
_ADDRESS = ("Straße", "PLZ", "Ort")
_ADDRESS_SET = frozenset(_ADDRESS)
_NO_PREFERENCES = Preferences()
_NO_FLAGS: frozenset = frozenset()
_LINE_COLUMNS = {"Notiz"}  # the only column whose value may span lines


@dataclass(frozen=True)
class ParsedCaseload:
    """A valid caseload file: its customers and their last contacts, in file order."""

    customers: list[Customer]
    contacts: list[Contact]
    lines: dict[str, int] = field(default_factory=dict)  # Kundennummer -> line it starts on


class Column(NamedTuple):
    column_required: bool  # the header must name it
    value_required: bool  # every row must fill it
    aliases: tuple[str, ...] = ()  # other accepted header names


COLUMNS: dict[str, Column] = {  # documented name -> rules, in the documented order
    "Kundennummer": Column(True, True, ("Kd-Nr", "Kunden-Nr")),
    "Anrede": Column(False, False),
    "Nachname": Column(True, True, ("Familienname",)),
    "Vorname": Column(True, False, ("Vornamen",)),
    "Geburtsdatum": Column(True, True, ("Geb.-Datum", "Geburtstag", "geb. am", "geboren am")),
    "Straße": Column(False, False, ("Str.", "Straße und Hausnummer", "Straße/Hausnummer")),
    "PLZ": Column(False, False, ("Postleitzahl",)),
    "Ort": Column(False, False, ("Wohnort",)),
    "Status": Column(True, True, ("Kundenstatus",)),
    "Profillage": Column(False, False, ("Profil",)),
    "Merkmale": Column(False, False, ("Merkmal",)),
    "Vorlieben": Column(False, False, ("Terminwünsche", "Terminwunsch")),
    "Notiz": Column(False, False, ("Notizen", "Bemerkung", "Bemerkungen")),
    "Letzter Kontakt": Column(False, False, ("Letzter Beratungskontakt", "Datum letzter Kontakt")),
    "Kanal": Column(False, False, ("Kontaktweg",)),
    "Kooperationsplan": Column(False, False, ("Kooperationsplan vom", "EinV", "Eingliederungsvereinbarung")),
}
_HEADER_KEYS = {header_key(alias): name for name, (_, _, aliases) in COLUMNS.items() for alias in (name, *aliases)}


def _header(line: int, fields: list[str], report: Report) -> dict[str, tuple[int, str]]:
    """Canonical column -> (position, name as written); reports unknown, doubled and missing columns."""
    columns: dict[str, tuple[int, str]] = {}
    unknown = []
    for pos, written in enumerate(f.strip() for f in fields):
        if not written:
            continue
        name = _HEADER_KEYS.get(header_key(written))
        if name is None:
            unknown.append(f"»{written}«")
        elif name in columns:
            report.add(f"Die Spalten »{columns[name][1]}« und »{written}« meinen beide »{name}«", line)
        else:
            columns[name] = (pos, written)
    if not columns:
        example = ";".join(n for n, rules in COLUMNS.items() if rules.column_required)
        report.add(f"Die Kopfzeile nennt keine bekannte Spalte (erwartet z. B. »{example}«; "
                   f"erlaubt sind: {', '.join(COLUMNS)})", line)
        return columns
    if unknown:
        noun = "Unbekannte Spalte" if len(unknown) == 1 else "Unbekannte Spalten"
        report.add(f"{noun} {', '.join(unknown)} (erlaubt sind: {', '.join(COLUMNS)})", line)
    for name, rules in COLUMNS.items():
        if rules.column_required and name not in columns:
            report.add(f"Die Pflichtspalte »{name}« fehlt", line)
    present = [c for c in _ADDRESS if c in columns]
    if present and len(present) < len(_ADDRESS):
        missing = ", ".join(f"»{c}«" for c in _ADDRESS if c not in columns)
        report.add(f"Zur Anschrift gehören die Spalten »Straße«, »PLZ« und »Ort«; es fehlt {missing}", line)
    return columns


_BAD = object()  # a value that was refused (and reported)


class _Reading(NamedTuple):
    """How one column of a file is read, fixed once for the file."""

    name: str  # the documented column name
    pos: int  # its position in the row
    convert: Callable[[str], Any] | None  # None: the value stays text
    required: bool  # every row must fill it
    one_line: bool  # a line break in the value is refused


def _readings(columns: dict[str, tuple[int, str]]) -> list[_Reading]:
    """The columns of a header, in the order of their positions (the order problems are reported in)."""
    return [
        _Reading(name, pos, CONVERTERS.get(name), COLUMNS[name].value_required, name not in _LINE_COLUMNS)
        for name, (pos, _) in sorted(columns.items(), key=lambda item: item[1][0])
    ]


class _Row:
    """One data row, its values converted in column order; every problem reported with line and column."""

    def __init__(self, line: int, fields: list[str], readings: list[_Reading], written: dict[str, str],
                 report: Report):
        self.line, self.report, self.ok, self.written = line, report, True, written
        self.raw: dict[str, str] = {}
        self.values: dict[str, Any] = {}
        texts, values = self.raw, self.values
        for name, pos, convert, required, one_line in readings:
            raw = fields[pos].strip()
            if "\r" in raw:
                raw = raw.replace("\r\n", "\n")
            texts[name] = raw
            if not raw:
                if required:
                    self.fail(name, "Pflichtangabe fehlt")
                values[name] = _BAD if required else None
            elif one_line and ("\n" in raw or "\r" in raw):
                self.fail(name, f"»{raw}« enthält einen Zeilenumbruch")
                values[name] = _BAD
            elif convert is None:
                values[name] = raw
            else:
                try:
                    values[name] = convert(raw)
                except ValueError as exc:
                    self.fail(name, str(exc))
                    values[name] = _BAD

    def fail(self, column: str, message: str) -> None:
        self.ok = False
        self.report.add(message, self.line, self.written[column])


def _check_dates(row: _Row, today: dt.date) -> None:
    get = row.values.get
    birth, contact = get("Geburtsdatum"), get("Letzter Kontakt")
    if isinstance(birth, dt.date):
        shown = row.raw["Geburtsdatum"]
        age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
        if birth > today:
            row.fail("Geburtsdatum", f"»{shown}« liegt in der Zukunft")
        elif birth.year < 1900:
            row.fail("Geburtsdatum", f"»{shown}« liegt vor 1900 und ist nicht plausibel")
        elif age < MINIMUM_AGE:
            row.fail("Geburtsdatum", f"»{shown}« ist nicht plausibel: jünger als {MINIMUM_AGE} Jahre")
    if isinstance(contact, dt.datetime):
        shown = row.raw["Letzter Kontakt"]
        if contact.date() > today:
            row.fail("Letzter Kontakt", f"»{shown}« liegt in der Zukunft")
        elif isinstance(birth, dt.date) and contact.date() < birth:
            row.fail("Letzter Kontakt", f"»{shown}« liegt vor dem Geburtsdatum")
    plan = get("Kooperationsplan")
    if isinstance(plan, dt.date) and plan > today:
        row.fail("Kooperationsplan", f"»{row.raw['Kooperationsplan']}« liegt in der Zukunft")


def _address(row: _Row) -> Address | None:
    """All three of Straße, PLZ, Ort, or none of them."""
    raw = row.raw
    if not (raw.get("Straße") or raw.get("PLZ") or raw.get("Ort")) or not _ADDRESS_SET <= raw.keys():
        return None
    for column in _ADDRESS:
        if not raw[column]:
            row.fail(column, "Angabe fehlt (eine Anschrift braucht Straße, PLZ und Ort)")
    get = row.values.get
    return Address(get("Straße"), get("PLZ"), get("Ort")) if row.ok else None



def _customer(row: _Row, today: dt.date) -> tuple[Customer | None, Contact | None]:
    """The row's customer and last contact, after the checks across columns; (None, None) if refused."""
    get = row.values.get
    address, last, channel = _address(row), get("Letzter Kontakt"), get("Kanal")
    if channel is not None and channel is not _BAD and last is None:
        date_column = row.written.get("Letzter Kontakt", "Letzter Kontakt")
        why = "der Kanal gilt für den letzten Kontakt"
        row.fail("Kanal", f"»{row.raw['Kanal']}« ohne Datum in »{date_column}« ({why})")
    _check_dates(row, today)
    required = [get("Kundennummer"), get("Nachname"), get("Geburtsdatum"), get("Status")]
    if not row.ok or None in required:
        return None, None  # a problem was reported, or a required column is missing (reported once)
    number, last_name, birth_date, status = required
    # A value left empty is None (a value refused was reported above): ``or`` gives the default.
    customer = Customer(
        customer_no=number, last_name=last_name, first_name=get("Vorname") or "", birth_date=birth_date,
        status=status, profile=get("Profillage"), flags=get("Merkmale") or _NO_FLAGS,
        salutation=get("Anrede") or Salutation.DIVERS, address=address,
        preferences=get("Vorlieben") or _NO_PREFERENCES, notes=get("Notiz") or "",
        cooperation_plan=get("Kooperationsplan"),
    )
    contact = None if last is None else Contact(
        customer_no=number, at=last, channel=channel or Channel.PERSOENLICH, kind=ContactKind.BERATUNG,
        note=CONTACT_NOTE,
    )
    return customer, contact


def parse_caseload_csv(data: bytes, source: str, *, today: dt.date | None = None) -> ParsedCaseload:
    """Parse and check a caseload file (format: this module's docstring); pure, writes nothing.

    ``source`` names the file in messages; ``today`` (default: today in Berlin) bounds birth and
    contact dates. Raises InvalidInput listing every problem in the file.
    """
    today = today or dt.datetime.now(BERLIN).date()
    report = Report(source)
    text = decode(data, report)
    records = split_records(text, report) if text is not None else []
    unreadable = bool(report.problems)
    if not records and not unreadable:
        report.add(EMPTY_FILE)  # only separators and blank lines
    if not records:
        raise report.refuse()
    (header_line, header), rows = records[0], records[1:]
    columns = _header(header_line, header, report)
    if not columns:  # no header at all, or the wrong separator: the rows would only add noise
        raise report.refuse()
    if not rows and not unreadable:
        report.add("Die Datei enthält nur die Kopfzeile, aber keine Kunden", header_line)
    width = max(pos for pos, _ in columns.values()) + 1  # nameless columns at the end may be left out
    readings, written = _readings(columns), {name: shown for name, (_, shown) in columns.items()}
    unnamed = nameless(header)
    customers, contacts, seen = [], [], {}
    for line, fields in rows:
        if not fits(line, fields, header, width, report, unnamed):
            continue
        row = _Row(line, fields, readings, written, report)
        number = row.raw.get("Kundennummer", "")
        if number in seen:
            row.fail("Kundennummer", f"»{number}« steht schon in Zeile {seen[number]} (jede Kundennummer nur einmal)")
        elif number:
            seen[number] = line
        customer, contact = _customer(row, today)
        customers += [customer] if customer else []
        contacts += [contact] if contact else []
    if report.problems:
        raise report.refuse()
    return ParsedCaseload(customers=customers, contacts=contacts, lines=seen)


class _FieldReport(Report):
    """Collects problems by column instead of by line (values typed into a form, not a file)."""

    def __init__(self):
        super().__init__("Eingabe")
        self.fields: dict[str, str] = {}

    def add(self, message: str, line: int | None = None, column: str | None = None) -> None:
        key = column or "Kundennummer"
        self.fields[key] = " ".join(filter(None, (self.fields.get(key), f"{message[:1].upper()}{message[1:]}.")))


def customer_from_values(values: dict[str, str], *, today: dt.date | None = None,
                         contact_note: str = CONTACT_NOTE) -> tuple[Customer, Contact | None]:
    """One customer (and last contact) from texts keyed by the CSV format's column names, read and
    checked exactly as the import reads a row of the file. FieldProblems ({column: German reason})
    when a value is refused; columns left out of ``values`` are not set."""
    today = today or dt.datetime.now(BERLIN).date()
    unknown = [name for name in values if name not in COLUMNS]
    if unknown:
        raise ValueError(f"not columns of the CSV format: {unknown}")
    names = [name for name in COLUMNS if name in values]
    report = _FieldReport()
    columns = {n: (i, n) for i, n in enumerate(names)}
    row = _Row(0, [values[n] for n in names], _readings(columns), {n: n for n in names}, report)
    customer, contact = _customer(row, today)
    if report.fields or customer is None:
        fields = report.fields or {"Kundennummer": "Die Angaben sind unvollständig."}
        raise FieldProblems("Die Angaben wurden nicht gespeichert:" if len(fields) > 1 else next(iter(fields.values())),
                            fields)
    if contact is not None and contact_note != CONTACT_NOTE:
        contact = Contact(contact.customer_no, contact.at, contact.channel, contact.kind, contact_note)
    return customer, contact
