"""``terminassistent invite`` as CONTRACT.md fixes it, plus the series-letter extension."""

import dataclasses
import json

import pytest

from terminassistent.cli import main
from terminassistent.domain.model import AppointmentStatus
from terminassistent.storage import Caseload
from tests.documents import rfc5545
from terminassistent.services.context import fixed_clock
from tests.documents.factories import AYSE, CASEWORKER, JOERG, KIM, NOMAD, NOW, berlin, book
from tests.documents.pdftext import all_text, page_texts
from tests.cli.helpers import run


def run_at(capsys, *args):
    """``run`` with the program's clock on the letters' day (21 November 2026, before every appointment)."""
    return run(capsys, *args, clock=fixed_clock(NOW))


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "bestand.db"
    with Caseload.create(path, CASEWORKER) as caseload:
        caseload.add_customers([JOERG, AYSE, KIM, NOMAD])
        book(caseload)  # 1: Tuesday 1 December 2026, 9:00
        book(caseload, NOMAD, start=berlin(2026, 12, 1, 11, 0))  # 2: no postal address
        book(caseload, AYSE, start=berlin(2026, 12, 2, 10, 0))  # 3
        book(caseload, KIM, start=berlin(2026, 12, 2, 8, 0), status=AppointmentStatus.CANCELLED)  # 4
        book(caseload, KIM, start=berlin(2026, 12, 3, 8, 0))  # 5
    return path


def test_the_contract_form_writes_the_letter_and_the_calendar_file(capsys, db, tmp_path):
    pdf, ics = tmp_path / "e.pdf", tmp_path / "e.ics"
    code, out, err = run_at(capsys, "invite", "--db", db, "--appointment", 1, "--pdf", pdf, "--ics", ics)
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF-") and ics.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    assert "Dienstag, 1. Dezember 2026, 9:00 Uhr" in all_text(pdf.read_bytes())
    rfc5545.read(ics.read_bytes())
    assert "Einladung in" in out  # the sample legal text is pointed out, on stderr and never on the letter
    assert "Hinweis: Die Rechtsfolgenbelehrungen in Gebrauch sind die mitgelieferten Muster" in err


def test_only_the_calendar_file(capsys, db, tmp_path):
    ics = tmp_path / "e.ics"
    code, _, err = run_at(capsys, "invite", "--db", db, "--appointment", 4, "--ics", ics)
    assert code == 0 and b"STATUS:CANCELLED" in ics.read_bytes()
    assert err == ""  # no letter, no legal text: nothing to point out


def test_json_names_the_files_and_the_legal_text(capsys, db, tmp_path):
    code, out, _ = run_at(capsys, "invite", "--db", db, "--appointment", 1, "--pdf", tmp_path / "e.pdf", "--json")
    document = json.loads(out)
    assert code == 0 and document["appointments"] == [1] and document["ics"] is None
    assert document["legal_texts"][0]["id"] == "rfb-meldeversaeumnis-grundsicherungsgeld"


@pytest.mark.parametrize(("args", "message"), [
    (["--appointment", 2], "Für Kundennummer 000D999999 ist keine vollständige Postanschrift gespeichert"),
    (["--appointment", 4], "eine Einladung wird nur für gebuchte Termine gedruckt"),
    (["--appointment", 99], "Einen Termin mit der Nummer »99« gibt es"),
    (["--appointment", "x"], "--appointment: »x« ist keine ganze Zahl"),
    (["--day", "2026-12-01"], "Termin 2: Für Kundennummer 000D999999"),
    (["--day", "2026-12-06"], "Am 06.12.2026 ist kein Termin gebucht"),
    (["--appointment", 1, "--zweck", "kaffee"], "»kaffee« ist kein Meldezweck"),
])
def test_a_refusal_exits_1_with_one_german_message_and_writes_nothing(capsys, db, tmp_path, args, message):
    out_dir = tmp_path / "ausgabe"
    out_dir.mkdir()
    code, out, err = run_at(capsys, "invite", "--db", db, *args, "--pdf", out_dir / "e.pdf", "--ics", out_dir / "e.ics")
    assert code == 1 and out == ""
    assert message in err
    assert list(out_dir.iterdir()) == []


def test_nothing_to_write_is_refused(capsys, db):
    code, _, err = run_at(capsys, "invite", "--db", db, "--appointment", 1)
    assert code == 1 and "--pdf DATEI und/oder --ics DATEI" in err


def test_a_missing_database_is_refused_and_not_created(capsys, tmp_path):
    code, _, err = run_at(capsys, "invite", "--db", tmp_path / "fehlt.db", "--appointment", 1, "--pdf", tmp_path / "e.pdf")
    assert code == 1 and not (tmp_path / "fehlt.db").exists() and not (tmp_path / "e.pdf").exists()


def test_unknown_option_is_wrong_usage(db):
    with pytest.raises(SystemExit) as exit_:
        main(["invite", "--db", str(db), "--appointment", "1", "--fax"])
    assert exit_.value.code == 2


def test_a_week_as_one_series_letter_in_booking_order(capsys, db, tmp_path):
    pdf = tmp_path / "woche.pdf"
    with Caseload.open(db) as caseload:  # take the customer without address out of the week
        caseload.update_appointment(dataclasses.replace(caseload.appointment(2), status=AppointmentStatus.CANCELLED))
    code, out, err = run_at(capsys, "invite", "--db", db, "--week", "2026-W49", "--pdf", pdf, "--json")
    assert code == 0, err
    assert json.loads(out)["appointments"] == [1, 3, 5]
    firsts = [p for p in page_texts(pdf.read_bytes()) if "Seite 1 von" in p]
    assert [p.split("Kundennummer ")[1].split()[0] for p in firsts] == ["123A456789", "987B654321", "555C000111"]


def test_the_message_names_the_legal_text_without_nested_brackets(capsys, db, tmp_path):
    from tests.documents.factories import bracket_depth

    code, out, err = run_at(capsys, "invite", "--db", db, "--appointment", 1, "--pdf", tmp_path / "e.pdf")
    assert code == 0, err
    assert "geschrieben, mit »Rechtsfolgenbelehrung Meldeversäumnis (Grundsicherungsgeld)«, Version 2026-07-01/2." in out
    assert "rfb-" not in out + err  # titles, not the files' ids (JSON keeps the ids)
    assert "Hinweis: Die Rechtsfolgenbelehrungen in Gebrauch sind die mitgelieferten Muster" in err
    assert all(bracket_depth(line) <= 1 for line in (out + err).splitlines())


def test_a_series_across_1_july_2026_names_both_legal_texts(capsys, tmp_path):
    path = tmp_path / "bestand.db"
    with Caseload.create(path, CASEWORKER) as caseload:
        caseload.add_customers([JOERG, AYSE])
        june = book(caseload, start=berlin(2026, 6, 30, 9, 0))
        july = book(caseload, AYSE, start=berlin(2026, 7, 1, 9, 0))
    code, out, err = run(capsys, "invite", "--db", path, "--appointment", june.id, "--appointment", july.id,
                         "--letter-date", "2026-06-01", "--pdf", tmp_path / "e.pdf",
                         clock=fixed_clock(berlin(2026, 6, 1, 9, 0)))
    assert code == 0, err
    assert ("mit »Rechtsfolgenbelehrung Meldeversäumnis (Bürgergeld)«, Version 2023-01-01/2; "
            "»Rechtsfolgenbelehrung Meldeversäumnis (Grundsicherungsgeld)«, Version 2026-07-01/2.") in out


def test_a_missing_caseworker_detail_points_to_the_settings_command(capsys, db, tmp_path):
    with Caseload.open(db) as caseload:
        caseload.save_caseworker(dataclasses.replace(CASEWORKER, phone=""))
    code, _, err = run_at(capsys, "invite", "--db", db, "--appointment", 1, "--pdf", tmp_path / "e.pdf")
    assert code == 1 and 'terminassistent settings --db PFAD --phone "' in err and "Sachbearbeitung" not in err


def test_every_option_has_a_german_help_text():
    import argparse

    from terminassistent.cli import document_commands

    parser = argparse.ArgumentParser(prog="terminassistent")
    document_commands.register(parser.add_subparsers())
    invite = parser._subparsers._group_actions[0].choices["invite"]
    options = [a for a in invite._actions if a.option_strings and a.dest != "help"]
    assert {o for a in options for o in a.option_strings} >= {"--db", "--json", "--appointment", "--pdf", "--ics"}
    assert [a.option_strings for a in options if not (a.help or "").strip()] == []
