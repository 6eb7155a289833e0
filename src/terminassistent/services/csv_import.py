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

import codecs
import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from terminassistent.domain.model import (
    BERLIN, WEEKDAYS_DE, Address, Channel, Contact, ContactKind, Customer, Flag, Preferences, Profile,
    Salutation, Status,
)
from terminassistent.errors import InvalidInput

CONTACT_TIME = dt.time(9, 0)  # a "Letzter Kontakt" without time is taken as 09:00 Berlin time
CONTACT_NOTE = "Übernommen aus dem CSV-Import"
MINIMUM_AGE = 15  # § 7 Abs. 1 SGB II: benefits for the employable from 15 years
_ADDRESS = ("Straße", "PLZ", "Ort")
_LINE_COLUMNS = {"Notiz"}  # the only column whose value may span lines
_EMPTY = "Die Datei ist leer (erwartet eine Kopfzeile mit den Spaltennamen und je Kunde eine Zeile)"


@dataclass(frozen=True)
class ParsedCaseload:
    """A valid caseload file: its customers and their last contacts, in file order."""

    customers: list[Customer]
    contacts: list[Contact]
    lines: dict[str, int] = field(default_factory=dict)  # Kundennummer -> line it starts on


def _fold(text: str) -> str:
    """Lower case, umlauts spelled out, runs of spaces/hyphens/underscores as one space."""
    text = text.strip().lower()
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, spelled)
    return re.sub(r"[\s_-]+", " ", text)


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", _fold(header))


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
_HEADER_KEYS = {_key(alias): name for name, (_, _, aliases) in COLUMNS.items() for alias in (name, *aliases)}


def _vocabulary(members, shown: str, extra: dict[str, object] | None = None):
    """A converter: value, German label or an extra alias (folded) -> member."""
    table = {_fold(m.value): m for m in members} | {_fold(m.label): m for m in members}
    table |= {_fold(k): v for k, v in (extra or {}).items()}

    def convert(raw: str):
        try:
            return table[_fold(raw)]
        except KeyError:
            raise ValueError(f"»{raw}« ist kein erlaubter Wert (erlaubt: {shown})") from None

    return convert


_salutation = _vocabulary(Salutation, "Frau, Herr, divers", {"Fr.": Salutation.FRAU, "Hr.": Salutation.HERR})
_status = _vocabulary(
    Status, "arbeitslos, arbeitsuchend, Status nicht gesetzt",
    {"arbeitssuchend": Status.ARBEITSUCHEND, "nicht gesetzt": Status.NICHT_GESETZT},
)
_profile = _vocabulary(Profile, ", ".join(p.label for p in Profile))
_flag = _vocabulary(
    Flag, "Schüler, Fallmanagement, beschäftigt, Gesundheit",
    {"Schülerin": Flag.SCHUELER, "Schüler/in": Flag.SCHUELER, "Schüler/-in": Flag.SCHUELER},
)
_channel = _vocabulary(Channel, "persönlich, telefonisch", {"Telefon": Channel.TELEFONISCH})

_DATE_DE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d+)")
_DATE_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MOMENT = re.compile(r"([^\sT]+)(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?(?:\s*Uhr)?", re.IGNORECASE)


def _date(raw: str, expected: str = "TT.MM.JJJJ") -> dt.date:
    german, iso = _DATE_DE.fullmatch(raw), _DATE_ISO.fullmatch(raw)
    if german and len(german[3]) == 2:
        raise ValueError(f"»{raw}« hat eine zweistellige Jahreszahl (erwartet {expected} mit vierstelligem Jahr)")
    try:
        if german and len(german[3]) == 4:
            return dt.date(int(german[3]), int(german[2]), int(german[1]))
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
    except ValueError:
        pass
    raise ValueError(f"»{raw}« ist kein gültiges Datum (erwartet {expected})")


def _moment(raw: str) -> dt.datetime:
    """``TT.MM.JJJJ[ HH:MM[:SS]]`` or ISO -> Berlin wall time (09:00 when no time is given)."""
    expected = "TT.MM.JJJJ oder TT.MM.JJJJ HH:MM"
    m = _MOMENT.fullmatch(raw)
    if not m:
        raise ValueError(f"»{raw}« ist kein gültiges Datum (erwartet {expected})")
    day = _date(m[1], expected)
    try:
        time = dt.time(int(m[2]), int(m[3]), int(m[4] or 0)) if m[2] else CONTACT_TIME
    except ValueError:
        raise ValueError(f"»{raw}« enthält keine gültige Uhrzeit (erwartet {expected})") from None
    return dt.datetime.combine(day, time, tzinfo=BERLIN)


def _postal_code(raw: str) -> str:
    if re.fullmatch(r"\d{4}", raw):  # Excel drops the leading zero of 01067
        raw = "0" + raw
    if not re.fullmatch(r"\d{5}", raw):
        raise ValueError(f"»{raw}« ist keine gültige Postleitzahl (erwartet fünf Ziffern)")
    return raw


def _items(raw: str) -> list[str]:
    return [item.strip() for item in re.split(r"[,|]", raw) if item.strip()]


_WEEKDAY_KEYS = {_fold(name): i for i, name in enumerate(WEEKDAYS_DE)} | {
    _fold(name[:2]): i for i, name in enumerate(WEEKDAYS_DE)
}


def _preferences(raw: str) -> Preferences:
    mornings = afternoons = False
    avoid: set[int] = set()
    for item in _items(raw):
        text = _fold(item).removeprefix("nur ")
        day = re.fullmatch(r"(?:nicht|kein|keine|nie) (?:am |an )?([a-z]+?)(?:s|\.)?", text)
        if text in ("vormittags", "vormittag"):
            mornings = True
        elif text in ("nachmittags", "nachmittag"):
            afternoons = True
        elif day and day[1] in _WEEKDAY_KEYS:
            avoid.add(_WEEKDAY_KEYS[day[1]])
        else:
            raise ValueError(
                f"»{item}« ist keine bekannte Vorliebe (erlaubt: nur vormittags, nur nachmittags, nicht <Wochentag>)"
            )
    if mornings and afternoons:
        raise ValueError(f"»{raw}« widerspricht sich (nur vormittags und nur nachmittags)")
    return Preferences(mornings_only=mornings, afternoons_only=afternoons, avoid_weekdays=frozenset(avoid))


class _Report:
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


def _decode(data: bytes, report: _Report) -> str | None:
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
        report.add(_EMPTY)
        return None
    return text


def _records(text: str, report: _Report) -> list[tuple[int, list[str]]]:
    """Non-empty records with the physical line each starts on; an Excel ``sep=`` line sets the separator."""
    first = next(line for line in text.splitlines() if line.strip())
    hint = re.fullmatch(r" *sep=([^ ]) *", first, re.IGNORECASE)
    delimiter = hint[1] if hint else max(";\t,", key=first.count)  # ties: ";" wins
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records, end = [], 0
    try:
        for fields in reader:
            start, end = end + 1, reader.line_num
            if any(f.strip() for f in fields):
                records.append((start, fields))
    except csv.Error as exc:
        why = "sie ist zu lang oder fehlerhaft"
        if "end of data" in str(exc):
            why = "ein Anführungszeichen wird nicht geschlossen"
        elif "expected after" in str(exc):
            why = f"nach einem schließenden Anführungszeichen muss »{delimiter}« oder das Zeilenende folgen"
        report.add(f"Die Zeile ist kein gültiges CSV, {why}; die Zeilen ab hier wurden nicht geprüft", end + 1)
    return records[1:] if hint and records else records


def _header(line: int, fields: list[str], report: _Report) -> dict[str, tuple[int, str]]:
    """Canonical column -> (position, name as written); reports unknown, doubled and missing columns."""
    columns: dict[str, tuple[int, str]] = {}
    unknown = []
    for pos, written in enumerate(f.strip() for f in fields):
        if not written:
            continue
        name = _HEADER_KEYS.get(_key(written))
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


_CONVERTERS = {
    "Anrede": _salutation, "Geburtsdatum": _date, "PLZ": _postal_code, "Status": _status,
    "Profillage": _profile, "Merkmale": lambda raw: frozenset(_flag(i) for i in _items(raw)),
    "Vorlieben": _preferences, "Letzter Kontakt": _moment, "Kanal": _channel, "Kooperationsplan": _date,
}
_BAD = object()  # a value that was refused (and reported)


class _Row:
    """One data row, its values converted in column order; every problem reported with line and column."""

    def __init__(self, line: int, fields: list[str], columns: dict[str, tuple[int, str]], report: _Report):
        self.line, self.report, self.ok = line, report, True
        self.written = {name: written for name, (_, written) in columns.items()}
        self.raw = {name: fields[pos].strip().replace("\r\n", "\n") for name, (pos, _) in columns.items()}
        self.values = {name: self._convert(name) for name in sorted(columns, key=lambda n: columns[n][0])}

    def fail(self, column: str, message: str) -> None:
        self.ok = False
        self.report.add(message, self.line, self.written[column])

    def get(self, column: str, default=None):
        value = self.values.get(column)
        return default if value is None else value

    def _convert(self, column: str):
        raw = self.raw[column]
        if not raw:
            if COLUMNS[column].value_required:
                self.fail(column, "Pflichtangabe fehlt")
            return _BAD if COLUMNS[column].value_required else None
        try:
            if column not in _LINE_COLUMNS and ("\n" in raw or "\r" in raw):
                raise ValueError(f"»{raw}« enthält einen Zeilenumbruch")
            return _CONVERTERS.get(column, str)(raw)
        except ValueError as exc:
            self.fail(column, str(exc))
            return _BAD


def _check_dates(row: _Row, today: dt.date) -> None:
    birth, contact = row.get("Geburtsdatum"), row.get("Letzter Kontakt")
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
    plan = row.get("Kooperationsplan")
    if isinstance(plan, dt.date) and plan > today:
        row.fail("Kooperationsplan", f"»{row.raw['Kooperationsplan']}« liegt in der Zukunft")


def _address(row: _Row) -> Address | None:
    """All three of Straße, PLZ, Ort, or none of them."""
    if not all(c in row.raw for c in _ADDRESS) or not any(row.raw[c] for c in _ADDRESS):
        return None
    for column in _ADDRESS:
        if not row.raw[column]:
            row.fail(column, "Angabe fehlt (eine Anschrift braucht Straße, PLZ und Ort)")
    return Address(*(row.get(c) for c in _ADDRESS)) if row.ok else None


def _fits(line: int, fields: list[str], header: list[str], width: int, report: _Report) -> bool:
    """Whether the row has as many fields as the header; values under a nameless column are reported."""
    if len(fields) < width or any(f.strip() for f in fields[len(header):]):
        few = len(fields) < width
        hint = "" if few else " (steht ein Trennzeichen in einem Wert ohne Anführungszeichen?)"
        expected = width if few else len(header)
        report.add(f"Die Zeile hat {len(fields)} Felder statt {expected} wie die Kopfzeile{hint}", line)
        return False
    for pos, (name, value) in enumerate(zip(header, fields), start=1):
        if not name.strip() and value.strip():
            report.add(f"»{value.strip()}« steht in Spalte {pos}, die keine Überschrift hat", line)
    return True


def _customer(row: _Row, today: dt.date) -> tuple[Customer | None, Contact | None]:
    """The row's customer and last contact, after the checks across columns; (None, None) if refused."""
    address, last, channel = _address(row), row.get("Letzter Kontakt"), row.get("Kanal")
    if channel is not None and channel is not _BAD and last is None:
        date_column = row.written.get("Letzter Kontakt", "Letzter Kontakt")
        why = "der Kanal gilt für den letzten Kontakt"
        row.fail("Kanal", f"»{row.raw['Kanal']}« ohne Datum in »{date_column}« ({why})")
    _check_dates(row, today)
    required = [row.get(c) for c in ("Kundennummer", "Nachname", "Geburtsdatum", "Status")]
    if not row.ok or None in required:
        return None, None  # a problem was reported, or a required column is missing (reported once)
    number, last_name, birth_date, status = required
    customer = Customer(
        customer_no=number, last_name=last_name, first_name=row.get("Vorname", ""), birth_date=birth_date,
        status=status, profile=row.get("Profillage"), flags=row.get("Merkmale", frozenset()),
        salutation=row.get("Anrede", Salutation.DIVERS), address=address,
        preferences=row.get("Vorlieben", Preferences()), notes=row.get("Notiz", ""),
        cooperation_plan=row.get("Kooperationsplan"),
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
    report = _Report(source)
    text = _decode(data, report)
    records = _records(text, report) if text is not None else []
    unreadable = bool(report.problems)
    if not records and not unreadable:
        report.add(_EMPTY)  # only separators and blank lines
    if not records:
        raise report.refuse()
    (header_line, header), rows = records[0], records[1:]
    columns = _header(header_line, header, report)
    if not columns:  # no header at all, or the wrong separator: the rows would only add noise
        raise report.refuse()
    if not rows and not unreadable:
        report.add("Die Datei enthält nur die Kopfzeile, aber keine Kunden", header_line)
    width = max(pos for pos, _ in columns.values()) + 1  # nameless columns at the end may be left out
    customers, contacts, seen = [], [], {}
    for line, fields in rows:
        if not _fits(line, fields, header, width, report):
            continue
        row = _Row(line, fields, columns, report)
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
