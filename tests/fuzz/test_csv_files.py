"""Any file offered to the CSV import (hypothesis): random bytes, damaged copies of a good file, and
tables with any columns, values, separators, quoting, line endings and encodings. The reader either
reads it or refuses it naming file and line; the import answers with exit 0, 1 or 2, never a
traceback, and a refused import leaves the caseload byte for byte as it was (and creates no file)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from terminassistent.errors import InvalidInput
from terminassistent.services.caseload_io.csv_import import COLUMNS, ParsedCaseload, parse_caseload_csv
from terminassistent.services.context import fixed_clock
from tests.fuzz.harness import TALLY, check_run, files_of, fuzz_settings, private_data_folder, run_cli
from tests.fuzz.values import dates, moments, noise
from tests.services.handmade import NOW, build

GOOD = (Path(__file__).resolve().parents[1] / "data" / "csv" / "good.csv").read_bytes()
TODAY = dt.date(2026, 11, 27)

_names = list(COLUMNS) + [alias for column in COLUMNS.values() for alias in column.aliases]
column_names = st.one_of(st.sampled_from(_names), st.sampled_from(_names).map(str.upper), noise)
_past = st.dates(dt.date(1940, 1, 1), dt.date(2010, 12, 31)).map(lambda d: f"{d:%d.%m.%Y}")
_recent = st.dates(dt.date(2020, 1, 1), TODAY).map(lambda d: f"{d:%d.%m.%Y}")
_plausible = {
    "Kundennummer": st.integers(0, 10**6).map(lambda n: f"123D{n:06d}"), "Nachname": st.sampled_from(["Müller", "Öz"]),
    "Vorname": st.sampled_from(["Änne", "Jo", ""]), "Geburtsdatum": _past, "Letzter Kontakt": _recent,
    "Kooperationsplan": _recent, "Status": st.sampled_from(["arbeitslos", "arbeitsuchend", "Status nicht gesetzt"]),
    "Kanal": st.sampled_from(["persönlich", "telefonisch", "Telefon", ""]),
    "Profillage": st.sampled_from(["Marktprofil", "Förderprofil", "Profillage Z", "i", ""]),
    "Merkmale": st.sampled_from(["Schüler|Gesundheit", "beschäftigt", "fallmanagement", ""]),
    "Anrede": st.sampled_from(["Frau", "Herr", "divers", ""]), "PLZ": st.integers(1067, 99998).map(lambda n: f"{n:05d}"),
    "Straße": st.sampled_from(["Am Bäckerberg 3a", "Weg 1"]), "Ort": st.sampled_from(["Uelzen", "Köln"]),
    "Vorlieben": st.sampled_from(["nur vormittags, nicht freitags", "nicht Mo", ""]),
    "Notiz": st.sampled_from(["Teilzeit; Aufstockung", "zwei\nZeilen", '"zitiert"', ""]),
}
_noisy = {"Geburtsdatum": dates, "Letzter Kontakt": moments, "Kooperationsplan": dates}


_REQUIRED = [name for name, column in COLUMNS.items() if column.column_required]
_OPTIONAL = [name for name in COLUMNS if name not in _REQUIRED]


@st.composite
def _headers(draw) -> list[str]:
    """The required columns and some optional ones in any order, or any names at all."""
    if draw(st.integers(0, 3)) == 0:
        return draw(st.lists(column_names, min_size=1, max_size=16))
    optional = draw(st.lists(st.sampled_from(_OPTIONAL), unique=True))
    if draw(st.integers(0, 4)) and {"Straße", "PLZ", "Ort"} & set(optional):  # the address: all three or none
        optional = list(dict.fromkeys(optional + ["Straße", "PLZ", "Ort"]))
    return draw(st.permutations(_REQUIRED + optional))


@st.composite
def _row(draw, header: list[str]) -> list[str]:
    """Half the rows valid as far as each column goes, the others with one or two cells at an edge or noise."""
    cells = [draw(_plausible.get(name, noise)) for name in header]
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):
        at = draw(st.integers(0, len(header) - 1))
        cells[at] = draw(_noisy.get(header[at], noise))
    return cells


@st.composite
def tables(draw) -> bytes:
    """A table as a spreadsheet might save it: a header of known, aliased and unknown columns, rows of
    plausible values and noise, in one of the separators, quotings, line endings and encodings."""
    header = draw(_headers())
    rows = []
    for _ in range(draw(st.sampled_from([1, 1, 2, 3, 0, 6]))):
        cells = draw(_row(header))
        rows.append(cells[: draw(st.integers(0, len(cells) + 1))] if draw(st.integers(0, 9)) == 0 else cells)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=draw(st.sampled_from([";", ";", ",", "\t", "|"])),
                        lineterminator=draw(st.sampled_from(["\n", "\r\n", "\r"])),
                        quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC])))
    writer.writerows([header] + rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "cp1252", "cp1252", "latin-1", "utf-16", "mac_roman"]))
    return out.getvalue().encode(encoding, errors="replace")


@st.composite
def damaged(draw) -> bytes:
    """The good example file with a few bytes changed, inserted, deleted or cut off."""
    data = bytearray(GOOD)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        how = draw(st.sampled_from(["change", "insert", "delete", "cut"]))
        byte = draw(st.sampled_from([0, 10, 13, 34, 59, 0xC3, 0xFF, 0xEF, 0xBB])) if draw(st.booleans()) \
            else draw(st.integers(0, 255))
        if how == "change" and at < len(data):
            data[at] = byte
        elif how == "insert":
            data.insert(at, byte)
        elif how == "delete" and at < len(data):
            del data[at]
        elif how == "cut":
            del data[at:]
    return bytes(data)


csv_files = st.one_of(st.binary(max_size=600), damaged(), tables(), tables())


@fuzz_settings(ci_examples=400)
@given(csv_files)
def test_the_reader_reads_any_file_or_names_every_problem_with_file_and_line(data):
    try:
        parsed = parse_caseload_csv(data, "kunden.csv", today=TODAY)
    except InvalidInput as refused:
        TALLY["CSV-Leser"][1] += 1
        assert str(refused).startswith("Die Datei »kunden.csv« wurde nicht importiert"), str(refused)
        assert refused.problems and all(p.startswith("kunden.csv") for p in refused.problems), refused.problems
    else:
        TALLY["CSV-Leser"][0] += 1
        assert isinstance(parsed, ParsedCaseload) and parsed.customers


@pytest.fixture(scope="module")
def start(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz-csv")
    build(folder / "hand.db").close()
    return folder


def test_the_import_takes_any_file_whole_or_refuses_it_changing_nothing(start):
    @fuzz_settings(ci_examples=200)
    @given(csv_files, st.sampled_from(["hand.db", "neu.db"]), st.booleans(), st.booleans())
    def one_import(data, target, dry_run, as_json):
        with tempfile.TemporaryDirectory(dir=start.parent) as scratch, private_data_folder(Path(scratch)) as here:
            shutil.copy2(start / "hand.db", here / "hand.db")
            (here / "kunden.csv").write_bytes(data)
            before = files_of(here)
            argv = ["import", "--db", target, "kunden.csv"] + ["--dry-run"] * dry_run + ["--json"] * as_json
            code, out, err = run_cli(argv, clock=fixed_clock(NOW))
            check_run("CSV-Import", argv, code, out, err)
            if code != 0 or dry_run:
                after = files_of(here, before)
                assert after == before, f"exit {code} (dry run: {dry_run}) changed {sorted(after.keys() ^ before.keys())}"

    one_import()
