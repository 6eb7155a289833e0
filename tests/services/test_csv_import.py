"""The caseload CSV file as German offices write it: what is read, and how every problem is named."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from terminassistent.domain.model import (
    BERLIN,
    Address,
    Channel,
    Contact,
    ContactKind,
    Customer,
    Flag,
    Preferences,
    Profile,
    Salutation,
    Status,
)
from terminassistent.errors import InvalidInput
from terminassistent.services.caseload_io import csv_import
from terminassistent.services.caseload_io.csv_import import COLUMNS, ParsedCaseload, parse_caseload_csv

DATA = Path(__file__).resolve().parents[1] / "data" / "csv"
TODAY = dt.date(2025, 7, 1)
HEADER = list(COLUMNS)  # the documented column names, in the documented order
NOTE = csv_import.CONTACT_NOTE


# ---------------------------------------------------------------------------- helpers


def csv_bytes(
    rows: list[list[str]],
    header: list[str] = HEADER,
    *,
    delimiter: str = ";",
    newline: str = "\n",
    encoding: str = "utf-8",
) -> bytes:
    """A file as Excel writes it: minimal quoting, the given separator, line ending and encoding."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=newline, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def row(**values: str) -> list[str]:
    """A valid row in HEADER order; keyword names are the column names with ß→ss and spaces→_."""
    cells = {
        "Kundennummer": "K-1",
        "Nachname": "Müller",
        "Vorname": "Jürgen",
        "Geburtsdatum": "14.03.1987",
        "Status": "arbeitslos",
    }
    for key, value in values.items():
        cells[key.replace("_", " ").replace("Strasse", "Straße")] = value
    unknown = set(cells) - set(HEADER)
    assert not unknown, unknown
    return [cells.get(name, "") for name in HEADER]


def parse(data: bytes, source: str = "kunden.csv") -> ParsedCaseload:
    return parse_caseload_csv(data, source, today=TODAY)


def problems_of(data: bytes, source: str = "kunden.csv") -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        parse(data, source)
    err = caught.value
    assert str(err).startswith(f"Die Datei »{source}« wurde nicht importiert: {len(err.problems)} Fehler.")
    return err.problems


def only_problem(data: bytes) -> str:
    found = problems_of(data)
    assert len(found) == 1, found
    return found[0]


def customer_row(customer: Customer, contact: Contact | None, *, iso: bool = False, labels: bool = False) -> list[str]:
    """Write a customer (and its last contact) as a CSV row: the inverse of the parser."""

    def day(d: dt.date) -> str:
        return d.isoformat() if iso else f"{d.day}.{d.month}.{d.year}" if labels else f"{d:%d.%m.%Y}"

    def word(member) -> str:
        return member.label if labels else member.value

    address = customer.address or Address("", "", "")
    last = ""
    if contact is not None:
        last = day(contact.at.date()) + ("" if contact.at.time() == dt.time(9) else f" {contact.at:%H:%M}")
    cells = {
        "Kundennummer": customer.customer_no,
        "Anrede": word(customer.salutation),
        "Nachname": customer.last_name,
        "Vorname": customer.first_name,
        "Geburtsdatum": day(customer.birth_date),
        "Straße": address.street,
        "PLZ": address.postal_code,
        "Ort": address.city,
        "Status": word(customer.status),
        "Profillage": word(customer.profile) if customer.profile else "",
        "Merkmale": (" | " if labels else ",").join(sorted(word(f) for f in customer.flags)),
        "Vorlieben": customer.preferences.describe(),
        "Notiz": customer.notes,
        "Letzter Kontakt": last,
        "Kanal": word(contact.channel) if contact else "",
        "Kooperationsplan": day(customer.cooperation_plan) if customer.cooperation_plan else "",
    }
    return [cells[name] for name in HEADER]


def berlin(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BERLIN)


# ---------------------------------------------------------------------------- good files

GOOD_CUSTOMERS = [
    Customer(
        customer_no="123D456789",
        salutation=Salutation.FRAU,
        last_name="Müller",
        first_name="Änne",
        birth_date=dt.date(1987, 3, 14),
        address=Address("Hauptstraße 5", "01067", "Dresden"),
        status=Status.ARBEITSLOS,
        profile=Profile.FOERDER,
        preferences=Preferences(mornings_only=True, avoid_weekdays=frozenset({4})),
        notes="Kinderbetreuung bis 12 Uhr",
    ),
    Customer(
        customer_no="123D456790",
        salutation=Salutation.HERR,
        last_name="Öztürk",
        first_name="Ömer",
        birth_date=dt.date(1999, 11, 2),
        address=Address("Am Bäckerberg 3a", "29525", "Uelzen"),
        status=Status.ARBEITSUCHEND,
        profile=Profile.MARKT,
        flags=frozenset({Flag.BESCHAEFTIGT}),
        notes="Teilzeit; Aufstockung",
    ),
    Customer(
        customer_no="123D456791",
        last_name="Weiß",
        first_name="Sören",
        birth_date=dt.date(2006, 2, 1),
        status=Status.NICHT_GESETZT,
        profile=Profile.Z,
        flags=frozenset({Flag.SCHUELER, Flag.GESUNDHEIT}),
        preferences=Preferences(avoid_weekdays=frozenset({0})),
    ),
]
GOOD_CONTACTS = [
    Contact("123D456789", berlin(2025, 5, 2, 9, 0), Channel.PERSOENLICH, ContactKind.BERATUNG, NOTE),
    Contact("123D456790", berlin(2025, 6, 3, 14, 30), Channel.TELEFONISCH, ContactKind.BERATUNG, NOTE),
]


def test_good_file_gives_customers_and_last_contacts_in_file_order():
    parsed = parse((DATA / "good.csv").read_bytes(), "good.csv")
    assert parsed.customers == GOOD_CUSTOMERS
    assert parsed.contacts == GOOD_CONTACTS
    assert parsed.customers[2].salutation is Salutation.DIVERS  # empty Anrede
    assert parsed.contacts[0].at.utcoffset() == dt.timedelta(hours=2)  # 09:00 summer time in Berlin


def test_documented_example_is_the_good_sample_file():
    documented = csv_import.__doc__.split("```text\n")[1].split("```")[0]
    assert documented == (DATA / "good.csv").read_text(encoding="utf-8")


def test_format_table_lists_every_column_with_its_requirement_and_aliases():
    lines = [line for line in csv_import.__doc__.splitlines() if line.startswith("| ") and "---" not in line]
    rows = [[cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]] for line in lines[1:]]
    table = {cells[0]: cells[1:3] for cells in rows}
    requirement = {(True, True): "column and value", (True, False): "column", (False, False): "–"}
    assert list(table) == list(COLUMNS)
    for name, (column_required, value_required, aliases) in COLUMNS.items():
        assert table[name] == [requirement[column_required, value_required], ", ".join(aliases)]


ALIASES = [(name, alias) for name, (_, _, aliases) in COLUMNS.items() for alias in aliases]


@pytest.mark.parametrize("column, alias", ALIASES)
def test_every_alias_names_its_column(column, alias):
    header = [alias if name == column else name for name in HEADER]
    values = {"Strasse": "Weg 1", "PLZ": "12345", "Ort": "Ort", "Notiz": "n", "Letzter_Kontakt": "01.06.2025"}
    (customer,) = parse(csv_bytes([row(**values)], header)).customers
    assert (customer.birth_date, customer.address.street, customer.notes) == (dt.date(1987, 3, 14), "Weg 1", "n")


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(lambda t: t.encode("utf-8"), id="utf-8"),
        pytest.param(lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), id="utf-8 with BOM"),
        pytest.param(lambda t: t.encode("cp1252"), id="windows-1252"),
        pytest.param(lambda t: t.replace("\n", "\r\n").encode("cp1252"), id="windows-1252 CRLF"),
        pytest.param(lambda t: codecs.BOM_UTF8 + t.replace("\n", "\r\n").encode("utf-8"), id="BOM CRLF"),
        pytest.param(lambda t: t.encode("utf-16"), id="utf-16 (Unicode-Text)"),
        pytest.param(lambda t: ("sep=;\n" + t).encode("utf-8"), id="Excel sep line"),
        pytest.param(lambda t: ("\n\n" + t + "\n;;;;\n\n").encode("utf-8"), id="blank lines"),
    ],
)
def test_encodings_and_line_endings_read_alike(variant):
    text = (DATA / "good.csv").read_text(encoding="utf-8")
    parsed = parse(variant(text))
    assert parsed.customers == GOOD_CUSTOMERS
    assert parsed.contacts == GOOD_CONTACTS


@pytest.mark.parametrize("delimiter", [",", "\t"])
def test_comma_and_tab_files_are_recognised_by_their_header(delimiter):
    rows = list(csv.reader(io.StringIO((DATA / "good.csv").read_text(encoding="utf-8")), delimiter=";"))
    data = csv_bytes(rows[1:], rows[0], delimiter=delimiter)
    assert parse(data).customers == GOOD_CUSTOMERS


def test_excel_file_in_windows_1252_with_aliases_and_a_quoted_note_over_two_lines():
    parsed = parse((DATA / "good-excel-cp1252.csv").read_bytes())
    first, second, third = parsed.customers
    assert (first.last_name, first.first_name, first.address.city) == ("Groß", "Jürgen", "Düsseldorf")
    assert first.notes == "Rückruf erbeten; tagsüber\nnicht vor 10 Uhr"  # CRLF inside the value -> \n
    assert first.flags == {Flag.GESUNDHEIT, Flag.FALLMANAGEMENT}
    assert second.address == Address("Straße des 17. Juni 1", "01067", "Dresden")  # Excel dropped the 0
    assert second.birth_date == dt.date(2001, 4, 3)
    assert second.preferences == Preferences(afternoons_only=True)
    assert third.birth_date == dt.date(1962, 12, 24) and third.profile is Profile.I
    assert third.notes == "Übergang in Rente prüfen (€-Beträge)"
    assert [(c.customer_no, c.at, c.channel) for c in parsed.contacts] == [
        ("4711A000123", berlin(2025, 4, 15, 10, 30), Channel.TELEFONISCH),
        ("4711A000125", berlin(2025, 2, 28, 9, 0), Channel.PERSOENLICH),
    ]


def test_header_names_ignore_case_spaces_umlaut_spelling_and_order():
    header = [" kd-nr. ", "NACHNAME", "vorname", "Geburtstag", "status ", "Strasse", "Postleitzahl", "Wohnort"]
    data = csv_bytes([["  K 7 ", "Groß", "Ute", "2000-01-31", "Arbeitsuchend", "Weg 1", "12345", "Ort"]], header)
    (customer,) = parse(data).customers
    assert customer.customer_no == "K 7"  # kept as given, only the surrounding spaces go
    assert customer.status is Status.ARBEITSUCHEND
    assert customer.address == Address("Weg 1", "12345", "Ort")


@pytest.mark.parametrize(
    "column, text, value",
    [
        ("Status", "Status nicht gesetzt", Status.NICHT_GESETZT),
        ("Status", "nicht gesetzt", Status.NICHT_GESETZT),
        ("Status", "NICHT-GESETZT", Status.NICHT_GESETZT),
        ("Status", "arbeitssuchend", Status.ARBEITSUCHEND),
        ("Profillage", "Marktprofil", Profile.MARKT),
        ("Profillage", "markt", Profile.MARKT),
        ("Profillage", "Förderprofil", Profile.FOERDER),
        ("Profillage", "foerder", Profile.FOERDER),
        ("Profillage", "Unterstützung", Profile.UNTERSTUETZUNG),
        ("Profillage", "Profillage I", Profile.I),
        ("Profillage", "i", Profile.I),
        ("Profillage", "Z", Profile.Z),
        ("Anrede", "herr", Salutation.HERR),
        ("Anrede", "Fr.", Salutation.FRAU),
        ("Anrede", "Divers", Salutation.DIVERS),
        ("Merkmale", "Schüler, beschäftigt", {Flag.SCHUELER, Flag.BESCHAEFTIGT}),
        ("Merkmale", "schueler|FALLMANAGEMENT | gesundheit", {Flag.SCHUELER, Flag.FALLMANAGEMENT, Flag.GESUNDHEIT}),
        ("Vorlieben", "nur vormittags", Preferences(mornings_only=True)),
        ("Vorlieben", "Nachmittags", Preferences(afternoons_only=True)),
        ("Vorlieben", "nicht freitags, kein Montag | nicht Mi.", Preferences(avoid_weekdays=frozenset({4, 0, 2}))),
    ],
)
def test_vocabulary_in_official_german_words_and_short_forms(column, text, value):
    (customer,) = parse(csv_bytes([row(**{column: text})])).customers
    attribute = {"Status": "status", "Profillage": "profile", "Anrede": "salutation", "Merkmale": "flags"}
    assert getattr(customer, attribute.get(column, "preferences")) == value


@pytest.mark.parametrize(
    "text, at",
    [
        ("02.05.2025", berlin(2025, 5, 2, 9, 0)),
        ("2.5.2025 8:15", berlin(2025, 5, 2, 8, 15)),
        ("02.05.2025 14:30 Uhr", berlin(2025, 5, 2, 14, 30)),
        ("2025-05-02T16:45", berlin(2025, 5, 2, 16, 45)),
        ("15.01.2025", berlin(2025, 1, 15, 9, 0)),
    ],
)
def test_last_contact_becomes_a_beratungsvermerk_at_nine_unless_a_time_is_given(text, at):
    (contact,) = parse(csv_bytes([row(Letzter_Kontakt=text)])).contacts
    assert contact == Contact("K-1", at, Channel.PERSOENLICH, ContactKind.BERATUNG, NOTE)
    assert contact.at.utcoffset() == at.utcoffset()


def test_quoted_values_may_hold_separators_quotes_and_line_breaks():
    note = 'Termin "nach Absprache";\nbitte anrufen'
    data = csv_bytes([row(Nachname="Meyer; geb. Schulz", Notiz=note)])
    assert data.count(b'"') > 2
    (customer,) = parse(data).customers
    assert (customer.last_name, customer.notes) == ("Meyer; geb. Schulz", note)


def test_trailing_separators_and_nameless_empty_columns_are_harmless():
    text = ";".join(HEADER) + ";;\n" + ";".join(row()) + ";;;\n" + ";".join(row(Kundennummer="K-2")) + "\n"
    assert [c.customer_no for c in parse(text.encode()).customers] == ["K-1", "K-2"]


# ---------------------------------------------------------------------------- one bad value

NO_DATE = "ist kein gültiges Datum (erwartet TT.MM.JJJJ)."
NO_MOMENT = "(erwartet TT.MM.JJJJ oder TT.MM.JJJJ HH:MM)."
ADDRESS = {"Strasse": "Weg 1", "Ort": "Ort"}


@pytest.mark.parametrize(
    "values, column, problem",
    [
        ({"Geburtsdatum": "31.02.1990"}, "Geburtsdatum", f"»31.02.1990« {NO_DATE}"),
        ({"Geburtsdatum": "1990-02-30"}, "Geburtsdatum", f"»1990-02-30« {NO_DATE}"),
        ({"Geburtsdatum": "gestern"}, "Geburtsdatum", f"»gestern« {NO_DATE}"),
        (
            {"Geburtsdatum": "14.03.87"},
            "Geburtsdatum",
            "»14.03.87« hat eine zweistellige Jahreszahl (erwartet TT.MM.JJJJ mit vierstelligem Jahr).",
        ),
        ({"Geburtsdatum": "02.07.2025"}, "Geburtsdatum", "»02.07.2025« liegt in der Zukunft."),
        ({"Geburtsdatum": "31.12.1899"}, "Geburtsdatum", "»31.12.1899« liegt vor 1900 und ist nicht plausibel."),
        ({"Geburtsdatum": "02.07.2010"}, "Geburtsdatum", "»02.07.2010« ist nicht plausibel: jünger als 15 Jahre."),
        ({"Geburtsdatum": ""}, "Geburtsdatum", "Pflichtangabe fehlt."),
        ({"Kundennummer": "  "}, "Kundennummer", "Pflichtangabe fehlt."),
        ({"Nachname": ""}, "Nachname", "Pflichtangabe fehlt."),
        ({"Status": ""}, "Status", "Pflichtangabe fehlt."),
        (
            {"Status": "erwerbslos"},
            "Status",
            "»erwerbslos« ist kein erlaubter Wert (erlaubt: arbeitslos, arbeitsuchend, Status nicht gesetzt).",
        ),
        (
            {"Profillage": "Profillage X"},
            "Profillage",
            "»Profillage X« ist kein erlaubter Wert (erlaubt: Marktprofil, Aktivierungsprofil, Förderprofil, "
            "Entwicklungsprofil, Stabilisierungsprofil, Unterstützungsprofil, Profillage I, Profillage Z).",
        ),
        ({"Anrede": "Dr."}, "Anrede", "»Dr.« ist kein erlaubter Wert (erlaubt: Frau, Herr, divers)."),
        (
            {"Merkmale": "Schüler, Azubi"},
            "Merkmale",
            "»Azubi« ist kein erlaubter Wert (erlaubt: Schüler, Fallmanagement, beschäftigt, Gesundheit).",
        ),
        (
            {"Vorlieben": "nur abends"},
            "Vorlieben",
            "»nur abends« ist keine bekannte Vorliebe (erlaubt: nur vormittags, nur nachmittags, nicht <Wochentag>).",
        ),
        (
            {"Vorlieben": "nur vormittags, nur nachmittags"},
            "Vorlieben",
            "»nur vormittags, nur nachmittags« widerspricht sich (nur vormittags und nur nachmittags).",
        ),
        (ADDRESS | {"PLZ": "1234X"}, "PLZ", "»1234X« ist keine gültige Postleitzahl (erwartet fünf Ziffern)."),
        (ADDRESS | {"PLZ": "123456"}, "PLZ", "»123456« ist keine gültige Postleitzahl (erwartet fünf Ziffern)."),
        (
            {"Strasse": "Weg 1", "PLZ": "12345"},
            "Ort",
            "Angabe fehlt (eine Anschrift braucht Straße, PLZ und Ort).",
        ),
        ({"Letzter_Kontakt": "15.13.2024"}, "Letzter Kontakt", f"»15.13.2024« ist kein gültiges Datum {NO_MOMENT}"),
        (
            {"Letzter_Kontakt": "15.06.2025 25:00"},
            "Letzter Kontakt",
            f"»15.06.2025 25:00« enthält keine gültige Uhrzeit {NO_MOMENT}",
        ),
        ({"Letzter_Kontakt": "02.07.2025"}, "Letzter Kontakt", "»02.07.2025« liegt in der Zukunft."),
        ({"Letzter_Kontakt": "01.01.1980"}, "Letzter Kontakt", "»01.01.1980« liegt vor dem Geburtsdatum."),
        (
            {"Kanal": "Brief", "Letzter_Kontakt": "01.06.2025"},
            "Kanal",
            "»Brief« ist kein erlaubter Wert (erlaubt: persönlich, telefonisch).",
        ),
        (
            {"Kanal": "telefonisch"},
            "Kanal",
            "»telefonisch« ohne Datum in »Letzter Kontakt« (der Kanal gilt für den letzten Kontakt).",
        ),
        ({"Vorname": "Anna\nLena"}, "Vorname", "»Anna\nLena« enthält einen Zeilenumbruch."),
    ],
)
def test_a_bad_value_is_named_with_file_line_column_and_value(values, column, problem):
    data = csv_bytes([row(Kundennummer="K-0"), row(**values)])
    assert only_problem(data) == f"kunden.csv, Zeile 3, Spalte »{column}«: {problem}"


def test_the_column_is_named_as_the_file_spells_it():
    header = ["Kd-Nr", "Nachname", "Vorname", "Geb.-Datum", "Status"]
    data = csv_bytes([["K-1", "Roth", "", "1.1.90", "arbeitslos"]], header)
    assert only_problem(data).startswith("kunden.csv, Zeile 2, Spalte »Geb.-Datum«: »1.1.90« hat eine zweistellige")


def test_duplicate_kundennummer_names_both_lines():
    data = csv_bytes([row(Kundennummer="K-1"), row(Kundennummer="K-2"), row(Kundennummer=" K-1 ")])
    assert only_problem(data) == (
        "kunden.csv, Zeile 4, Spalte »Kundennummer«: »K-1« steht schon in Zeile 2 (jede Kundennummer nur einmal)."
    )


def test_rows_with_too_few_or_too_many_fields():
    text = ";".join(HEADER) + "\n" + ";".join(row()[:9]) + "\n" + ";".join(row(Kundennummer="K-2")) + ";Rest\n"
    assert problems_of(text.encode()) == [
        f"kunden.csv, Zeile 2: Die Zeile hat 9 Felder statt {len(HEADER)} wie die Kopfzeile.",
        f"kunden.csv, Zeile 3: Die Zeile hat {len(HEADER) + 1} Felder statt {len(HEADER)} wie die Kopfzeile "
        "(steht ein Trennzeichen in einem Wert ohne Anführungszeichen?).",
    ]


def test_a_value_under_a_column_without_name_is_refused():
    text = "Kundennummer;Nachname;Vorname;;Geburtsdatum;Status\nK-1;Roth;Eva;x;01.01.1990;arbeitslos\n"
    assert only_problem(text.encode()) == "kunden.csv, Zeile 2: »x« steht in Spalte 4, die keine Überschrift hat."


def test_line_numbers_count_the_lines_inside_quoted_values():
    rows = [row(Notiz="eins\nzwei\ndrei"), row(Kundennummer="K-2", Notiz="a\r\nb"), row(Kundennummer="K-3", Status="?")]
    data = csv_bytes(rows, newline="\r\n")
    assert only_problem(data).startswith("kunden.csv, Zeile 7, Spalte »Status«: »?«")


def test_an_unclosed_quote_is_named_at_the_line_it_opens():
    text = ";".join(HEADER) + "\n" + ";".join(row()) + '\nK-2;;"Roth;Eva;01.01.1990\nK-3;;Roth\n'
    assert only_problem(text.encode()) == (
        "kunden.csv, Zeile 3: Die Zeile ist kein gültiges CSV, ein Anführungszeichen wird nicht geschlossen; "
        "die Zeilen ab hier wurden nicht geprüft."
    )


def test_text_after_a_closing_quote_is_refused():
    text = ";".join(HEADER) + "\n" + '"K-1"x;' + ";".join(row()[1:]) + "\n"
    assert only_problem(text.encode()) == (
        "kunden.csv, Zeile 2: Die Zeile ist kein gültiges CSV, nach einem schließenden Anführungszeichen muss »;« "
        "oder das Zeilenende folgen; die Zeilen ab hier wurden nicht geprüft."
    )


# ---------------------------------------------------------------------------- the header


def test_unknown_columns_are_named_with_the_allowed_ones():
    data = csv_bytes([row() + ["0171", "a@b.de"]], HEADER + ["Telefon", "E-Mail"])
    allowed = ", ".join(COLUMNS)
    problem = f"kunden.csv, Zeile 1: Unbekannte Spalten »Telefon«, »E-Mail« (erlaubt sind: {allowed})."
    assert only_problem(data) == problem


def test_missing_required_columns_are_each_named():
    data = csv_bytes([["K-1", "Roth"]], ["Kundennummer", "Nachname"])
    assert problems_of(data) == [
        "kunden.csv, Zeile 1: Die Pflichtspalte »Vorname« fehlt.",
        "kunden.csv, Zeile 1: Die Pflichtspalte »Geburtsdatum« fehlt.",
        "kunden.csv, Zeile 1: Die Pflichtspalte »Status« fehlt.",
    ]


def test_the_same_column_twice_and_an_incomplete_address_are_header_problems():
    header = ["Kundennummer", "Nachname", "Vorname", "Geburtsdatum", "Status", "PLZ", "Postleitzahl", "Ort"]
    data = csv_bytes([["K-1", "Roth", "Eva", "01.01.1990", "arbeitslos", "12345", "12345", "Ort"]], header)
    assert problems_of(data) == [
        "kunden.csv, Zeile 1: Die Spalten »PLZ« und »Postleitzahl« meinen beide »PLZ«.",
        "kunden.csv, Zeile 1: Zur Anschrift gehören die Spalten »Straße«, »PLZ« und »Ort«; es fehlt »Straße«.",
    ]


def test_the_header_is_the_first_line_that_is_not_empty():
    data = b"\r\n" + csv_bytes([row(Geburtsdatum="x")], newline="\r\n")
    assert only_problem(data).startswith("kunden.csv, Zeile 3, Spalte »Geburtsdatum«")


# ---------------------------------------------------------------------------- whole files


def test_bad_sample_file_reports_every_problem_at_once():
    with pytest.raises(InvalidInput) as caught:
        parse((DATA / "bad.csv").read_bytes(), "bad.csv")
    assert caught.value.problems == [
        "bad.csv, Zeile 2, Spalte »Geburtsdatum«: »31.02.1990« ist kein gültiges Datum (erwartet TT.MM.JJJJ).",
        "bad.csv, Zeile 5, Spalte »PLZ«: »1234X« ist keine gültige Postleitzahl (erwartet fünf Ziffern).",
        "bad.csv, Zeile 5, Spalte »Status«: »erwerbslos« ist kein erlaubter Wert "
        "(erlaubt: arbeitslos, arbeitsuchend, Status nicht gesetzt).",
        "bad.csv, Zeile 6, Spalte »Kundennummer«: »K-1001« steht schon in Zeile 2 (jede Kundennummer nur einmal).",
        "bad.csv, Zeile 7, Spalte »Nachname«: Pflichtangabe fehlt.",
        "bad.csv, Zeile 7, Spalte »Geburtsdatum«: »1.1.2030« liegt in der Zukunft.",
        "bad.csv, Zeile 8, Spalte »Profillage«: »Profillage X« ist kein erlaubter Wert (erlaubt: Marktprofil, "
        "Aktivierungsprofil, Förderprofil, Entwicklungsprofil, Stabilisierungsprofil, Unterstützungsprofil, "
        "Profillage I, Profillage Z).",
        "bad.csv, Zeile 9, Spalte »Vorlieben«: »nur abends« ist keine bekannte Vorliebe "
        "(erlaubt: nur vormittags, nur nachmittags, nicht <Wochentag>).",
        "bad.csv, Zeile 10, Spalte »Letzter Kontakt«: »15.13.2024« ist kein gültiges Datum "
        "(erwartet TT.MM.JJJJ oder TT.MM.JJJJ HH:MM).",
        "bad.csv, Zeile 11: Die Zeile hat 9 Felder statt 15 wie die Kopfzeile.",
        "bad.csv, Zeile 12, Spalte »Geburtsdatum«: »01.01.1899« liegt vor 1900 und ist nicht plausibel.",
        "bad.csv, Zeile 13, Spalte »Kanal«: »telefonisch« ohne Datum in »Letzter Kontakt« "
        "(der Kanal gilt für den letzten Kontakt).",
    ]
    assert str(caught.value).startswith("Die Datei »bad.csv« wurde nicht importiert: 12 Fehler.\n  - bad.csv, Zeile 2")


def test_header_and_row_problems_come_together():
    rows = [row(Geburtsdatum="1.1.1") + ["0171"], row(Kundennummer="K-2", Status="x") + [""]]
    data = csv_bytes(rows, HEADER + ["Telefon"])
    found = problems_of(data)
    assert [p.split(":")[0] for p in found] == [
        "kunden.csv, Zeile 1",
        "kunden.csv, Zeile 2, Spalte »Geburtsdatum«",
        "kunden.csv, Zeile 3, Spalte »Status«",
    ]


EMPTY = "kunden.csv: Die Datei ist leer (erwartet eine Kopfzeile mit den Spaltennamen und je Kunde eine Zeile)."
NOT_TEXT = (
    "kunden.csv: Die Datei ist keine Textdatei (erwartet CSV mit »;« als Trennzeichen, UTF-8 oder Windows-1252)."
)


@pytest.mark.parametrize(
    "data, problem",
    [
        (b"", EMPTY),
        (b" \r\n\n\t", EMPTY),
        (codecs.BOM_UTF8, EMPTY),
        (b";;;\n;;\n", EMPTY),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", NOT_TEXT),
        (b"Kundennummer;Nachname\x00\x00\n", NOT_TEXT),
        (bytes(range(0x80, 0x100)) * 3, NOT_TEXT),  # not UTF-8, and 0x81 is no Windows-1252 character
        (
            b"PK\x03\x04\x14\x00\x06\x00",
            "kunden.csv: Die Datei ist eine Excel-Arbeitsmappe, keine CSV-Datei (in Excel »Speichern unter« und "
            "»CSV UTF-8 (durch Trennzeichen getrennt)« wählen).",
        ),
    ],
)
def test_files_that_are_empty_or_not_text(data, problem):
    assert only_problem(data) == problem


def test_header_only():
    problem = "kunden.csv, Zeile 1: Die Datei enthält nur die Kopfzeile, aber keine Kunden."
    assert only_problem(csv_bytes([])) == problem


def test_birth_and_contact_dates_are_judged_against_today_in_berlin_by_default():
    data = csv_bytes([row(Letzter_Kontakt=f"{dt.datetime.now(BERLIN):%d.%m.%Y}")])
    (contact,) = parse_caseload_csv(data, "kunden.csv").contacts
    assert contact.date == dt.datetime.now(BERLIN).date()


# ---------------------------------------------------------------------------- rules for all inputs

_text_char = st.characters(categories=["L", "M", "N", "P", "S", "Zs"], exclude_characters="\ufeff")
_line = st.text(_text_char, min_size=1, max_size=20).map(str.strip).filter(bool)
_note = st.lists(st.text(_text_char, max_size=15), max_size=3).map("\n".join).map(str.strip)
_birth = st.dates(dt.date(1900, 1, 1), dt.date(2010, 7, 1))  # at least 15 years old on TODAY
_preferences = st.builds(
    lambda half_day, days: Preferences(*half_day, avoid_weekdays=days),
    st.sampled_from([(False, False), (True, False), (False, True)]),
    st.frozensets(st.integers(0, 6)),
)


@st.composite
def _customers(draw) -> tuple[Customer, Contact | None]:
    customer = Customer(
        customer_no=draw(_line),
        last_name=draw(_line),
        first_name=draw(st.one_of(st.just(""), _line)),
        birth_date=draw(_birth),
        status=draw(st.sampled_from(Status)),
        profile=draw(st.one_of(st.none(), st.sampled_from(Profile))),
        flags=draw(st.frozensets(st.sampled_from(Flag))),
        salutation=draw(st.sampled_from(Salutation)),
        address=draw(st.one_of(st.none(), st.builds(Address, _line, st.from_regex(r"\d{5}", fullmatch=True), _line))),
        preferences=draw(_preferences),
        notes=draw(_note),
        cooperation_plan=draw(st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), TODAY))),
    )
    contact = None
    if draw(st.booleans()):
        day = draw(st.dates(max(customer.birth_date, dt.date(2000, 1, 1)), TODAY))
        time = draw(st.sampled_from([dt.time(9), dt.time(7, 45), dt.time(16, 30)]))
        channel = draw(st.sampled_from(Channel))
        at = dt.datetime.combine(day, time, BERLIN)
        contact = Contact(customer.customer_no, at, channel, ContactKind.BERATUNG, NOTE)
    return customer, contact


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(_customers(), min_size=1, max_size=4, unique_by=lambda pair: pair[0].customer_no),
    st.booleans(),
    st.booleans(),
    st.sampled_from([";", ",", "\t"]),
    st.sampled_from(["\n", "\r\n"]),
    st.sampled_from(["utf-8", "utf-8-sig"]),
)
def test_any_caseload_written_as_csv_reads_back_equal(pairs, iso, labels, delimiter, newline, encoding):
    rows = [customer_row(c, k, iso=iso, labels=labels) for c, k in pairs]
    parsed = parse(csv_bytes(rows, delimiter=delimiter, newline=newline, encoding=encoding))
    assert parsed.customers == [c for c, _ in pairs]
    assert parsed.contacts == [k for _, k in pairs if k is not None]


@given(_birth)
@example(dt.date(2000, 2, 29))
def test_german_short_german_and_iso_dates_agree(day):
    styles = [f"{day:%d.%m.%Y}", f"{day.day}.{day.month}.{day.year}", day.isoformat()]
    births = [parse(csv_bytes([row(Geburtsdatum=s)])).customers[0].birth_date for s in styles]
    assert births == [day, day, day]


@settings(max_examples=40)
@given(st.lists(st.integers(0, 3), min_size=1, max_size=6), st.sampled_from(["\n", "\r\n"]))
def test_the_named_line_is_the_physical_line_of_the_bad_row(breaks_per_note, newline):
    rows = [row(Kundennummer=f"K-{i}", Notiz="x\n" * n + "y") for i, n in enumerate(breaks_per_note)]
    rows.append(row(Kundennummer="K-bad", Geburtsdatum="32.01.1990"))
    data = csv_bytes(rows, newline=newline)
    before_bad_row = data[: data.index(b"K-bad")]
    line = before_bad_row.count(b"\n") + 1
    assert only_problem(data).startswith(f"kunden.csv, Zeile {line}, Spalte »Geburtsdatum«")


@pytest.mark.parametrize(
    "text",
    [
        "K-1;Roth;Eva;01.01.1990;arbeitslos\nK-2;Kurz;Uwe;02.02.1980;arbeitslos\n",  # no header line
        "Kundennummer|Nachname|Vorname|Geburtsdatum|Status\nK-1|Roth|Eva|01.01.1990|arbeitslos\n",  # other separator
    ],
)
def test_a_first_line_without_any_known_column_is_one_clear_problem(text):
    assert only_problem(text.encode()) == (
        "kunden.csv, Zeile 1: Die Kopfzeile nennt keine bekannte Spalte (erwartet z. B. "
        f"»Kundennummer;Nachname;Vorname;Geburtsdatum;Status«; erlaubt sind: {', '.join(COLUMNS)})."
    )


def test_the_kooperationsplan_date_is_kept_and_checked():
    good = csv_bytes([row(Kundennummer="K-1", Kooperationsplan="15.05.2025")])
    [customer] = parse(good).customers
    assert customer.cooperation_plan == dt.date(2025, 5, 15)
    future = csv_bytes([row(Kundennummer="K-1", Kooperationsplan=f"{TODAY + dt.timedelta(days=40):%d.%m.%Y}")])
    assert only_problem(future) == (
        f"kunden.csv, Zeile 2, Spalte »Kooperationsplan«: »{TODAY + dt.timedelta(days=40):%d.%m.%Y}« liegt in der Zukunft."
    )


def test_the_readme_shows_the_format_this_parser_reads():
    """The README's CSV section is this module's docstring, word for word: they cannot drift apart."""
    import terminassistent.services.caseload_io.csv_import as module

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## CSV format", 1)[1].split("\n## ", 1)[0].strip()
    documented = module.__doc__.split("## CSV format", 1)[1].strip()
    assert section == documented


# -- the dates read by slicing are those the patterns read ----------------------------------------

_DATE_TEXT = st.text(alphabet="0123456789.-: T٣１²", max_size=19) | st.builds(
    "{:02d}.{:02d}.{:04d}{}".format, st.integers(0, 40), st.integers(0, 14), st.integers(0, 9999),
    st.sampled_from(["", " 09:30", " 24:00", " 7:05", " 23:60", "T09:30", " 09:30:15", " 09:30 Uhr"]),
) | st.builds("{:04d}-{:02d}-{:02d}".format, st.integers(0, 9999), st.integers(0, 14), st.integers(0, 40))


def _outcome(read, text):
    try:
        return read(text)
    except ValueError as exc:
        return str(exc)


@given(_DATE_TEXT)
@example("29.02.2024")
@example("29.02.2023 09:30")
@example("١٤.٠٣.١٩٨٧")
def test_a_date_read_by_slicing_is_the_date_the_patterns_read(text):
    """``_date`` and ``_moment`` read the common spellings by slicing and leave the rest to the
    patterns: for every text the value, or the German refusal, is the same as the patterns'."""
    from terminassistent.services.caseload_io import csv_values

    assert _outcome(csv_values._date, text) == _outcome(lambda t: csv_values._matched_date(t, "TT.MM.JJJJ"), text)
    assert _outcome(csv_values._moment, text) == _outcome(csv_values._matched_moment, text)


# An optional column: its text when given, the value it gives, the value when it is left empty.
_OPTIONAL = {
    "Vorname": ("Jürgen", "first_name", "Jürgen", ""),
    "Anrede": ("Herr", "salutation", Salutation.HERR, Salutation.DIVERS),
    "Profillage": ("Marktprofil", "profile", Profile.MARKT, None),
    "Merkmale": ("Schüler", "flags", frozenset({Flag.SCHUELER}), frozenset()),
    "Vorlieben": ("nur vormittags", "preferences", Preferences(mornings_only=True), Preferences()),
    "Notiz": ("Kinderbetreuung", "notes", "Kinderbetreuung", ""),
    "Kooperationsplan": ("02.05.2025", "cooperation_plan", dt.date(2025, 5, 2), None),
}


@given(st.lists(st.sets(st.sampled_from(sorted(_OPTIONAL))), min_size=1, max_size=4))
def test_each_optional_value_left_empty_gives_its_default(given_columns):
    """Whatever optional values a row leaves empty, its customer has the documented defaults there
    and the given values elsewhere (rows of one file: remembered values do not leak between rows)."""
    rows, expected = [], []
    for n, columns in enumerate(given_columns):
        texts = {name: text if name in columns else "" for name, (text, *_) in _OPTIONAL.items()}
        rows.append(row(Kundennummer=f"K-{n}", **texts))
        expected.append(Customer(
            customer_no=f"K-{n}", last_name="Müller", birth_date=dt.date(1987, 3, 14), status=Status.ARBEITSLOS,
            **{field: given if name in columns else empty for name, (_, field, given, empty) in _OPTIONAL.items()},
        ))
    assert parse(csv_bytes(rows)).customers == expected
