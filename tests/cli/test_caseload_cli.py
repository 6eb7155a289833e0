"""The caseload commands as a script or an administrator uses them: exit codes, JSON, German."""

import datetime as dt
import json
import sqlite3

import pytest

from terminassistent.cli import main
from terminassistent.domain.model import Customer, Status
from terminassistent.storage import Caseload
from terminassistent.storage.migrations import LATEST
from tests.cli.helpers import run


@pytest.fixture
def empty_db(tmp_path):
    path = tmp_path / "bestand.db"
    Caseload.create(path).close()
    return path


def test_export_prints_one_json_document(capsys, empty_db):
    code, out, err = run(capsys, "export", "--db", empty_db, "--json")
    assert code == 0 and err == ""
    document = json.loads(out)
    assert set(document) >= {"caseworker", "customers", "contacts", "appointments"}


@pytest.mark.parametrize("command", [["export", "--json"], ["check"]])
def test_a_missing_database_is_refused_and_not_created(capsys, tmp_path, command):
    path = tmp_path / "fehlt.db"
    code, out, err = run(capsys, *command[:1], "--db", path, *command[1:])
    assert code == 1 and out == ""
    assert f"»{path}« gibt es nicht" in err
    assert not path.exists()


def test_unknown_option_is_wrong_usage(capsys, empty_db):
    code = None
    with pytest.raises(SystemExit) as exit_:
        main(["export", "--db", str(empty_db), "--json", "--no-such-option"])
    code = exit_.value.code
    err = capsys.readouterr().err
    assert code == 2
    assert "unbekannte Angaben: --no-such-option" in err


def test_check_reports_a_sound_database(capsys, empty_db):
    code, out, _ = run(capsys, "check", "--db", empty_db)
    assert code == 0
    assert "Keine Probleme gefunden" in out


def test_check_reports_broken_records_with_exit_1(capsys, empty_db):
    conn = sqlite3.connect(empty_db)
    conn.execute(
        "INSERT INTO customers (customer_no, last_name, first_name, birth_date, status) "
        "VALUES ('1', 'Muster', 'Max', '1980-01-01', 'verschollen')"
    )
    conn.commit()
    conn.close()
    code, out, _ = run(capsys, "check", "--db", empty_db, "--json")
    report = json.loads(out)
    assert code == 1 and report["ok"] is False and report["schema_version"] == LATEST
    assert any("verschollen" in p for p in report["problems"])


CUSTOMER = Customer("123A456789", "Özdemir", "Ayşe", dt.date(1990, 5, 17), Status.ARBEITSLOS)


def test_a_command_runs_while_the_caseload_is_open_elsewhere(capsys, empty_db):
    # The desktop keeps its caseload open all day; a command beside it must still work.
    with Caseload.open(empty_db) as window:
        code, out, err = run(capsys, "export", "--db", empty_db, "--json")
        assert code == 0 and err == "" and json.loads(out)["customers"] == []
        window.add_customer(CUSTOMER)
        code, out, _ = run(capsys, "export", "--db", empty_db, "--json")
    assert code == 0 and [c["customer_no"] for c in json.loads(out)["customers"]] == [CUSTOMER.customer_no]


def test_an_internal_error_shows_no_traceback(capsys, empty_db, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    import terminassistent.services.caseload_io.export as export

    stored = {"birth_date": "1.2.1990", "name": "Müller, Jörg"}  # as if read from a damaged row

    def broken(caseload, out):
        message = f"Invalid isoformat string: {stored['birth_date']!r} ({stored['name']})"
        raise ValueError(message)

    monkeypatch.setattr(export, "write_export", broken)
    code, out, err = run(capsys, "export", "--db", empty_db, "--json")
    assert code == 3 and out == ""
    assert "interner Fehler" in err and "1.2.1990" not in err
    log = (tmp_path / "data" / "terminassistent" / "terminassistent.log").read_text()
    assert "ValueError" in log and "export" in log
    assert "1.2.1990" not in log and "Müller" not in log, "the log must not hold the message (customer data)"
