"""Importing a caseload file: all or nothing, and a dry run writes nothing."""

from pathlib import Path

import pytest

from terminassistent.cli import main
from terminassistent.errors import InvalidInput
from terminassistent.services.caseload_io.importer import import_csv
from terminassistent.storage import Caseload
from tests.cli.helpers import exported

DATA = Path(__file__).parent.parent / "data" / "csv"


def snapshot(db):
    with Caseload.open(db) as c:
        return exported(c)


def test_import_into_a_new_database(tmp_path):
    db = tmp_path / "bestand.db"
    report = import_csv(db, DATA / "good.csv")
    assert report.created and report.customers == 3
    with Caseload.open(db) as c:
        names = {x.last_name for x in c.customers()}
        assert {"Müller", "Öztürk", "Weiß"} <= names
        assert len(c.contacts()) == report.contacts == 2


def test_dry_run_creates_no_file(tmp_path):
    db = tmp_path / "bestand.db"
    report = import_csv(db, DATA / "good.csv", dry_run=True)
    assert report.customers == 3 and not db.exists()


def test_dry_run_into_an_existing_database_changes_nothing(tmp_path):
    db = tmp_path / "bestand.db"
    Caseload.create(db).close()
    before = snapshot(db)
    import_csv(db, DATA / "good.csv", dry_run=True)
    assert snapshot(db) == before


def test_a_bad_file_writes_nothing_and_names_every_line(tmp_path):
    db = tmp_path / "bestand.db"
    with pytest.raises(InvalidInput) as err:
        import_csv(db, DATA / "bad.csv")
    assert not db.exists()
    lines = {p.split(",")[1].strip() for p in err.value.problems if "Zeile" in p}
    assert {"Zeile 2", "Zeile 5", "Zeile 13"} <= lines


def test_customers_already_in_the_database_refuse_the_whole_file(tmp_path):
    db = tmp_path / "bestand.db"
    import_csv(db, DATA / "good.csv")
    before = snapshot(db)
    with pytest.raises(InvalidInput) as err:
        import_csv(db, DATA / "good.csv")
    assert "good.csv, Zeile 2, Spalte »Kundennummer«: »123D456789« ist schon im Bestand." in err.value.problems
    assert snapshot(db) == before


def test_a_missing_csv_file_is_named(tmp_path, capsys):
    code = main(["import", "--db", str(tmp_path / "x.db"), str(tmp_path / "fehlt.csv")])
    err = capsys.readouterr().err
    assert code == 1 and "fehlt.csv« gibt es nicht" in err
    assert not (tmp_path / "x.db").exists()


def test_import_command_with_json(tmp_path, capsys):
    import json

    code = main(["import", "--db", str(tmp_path / "x.db"), str(DATA / "good.csv"), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["customers"] == 3 and report["created"] is True
