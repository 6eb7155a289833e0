"""Importing a caseload file: all or nothing, and a dry run writes nothing."""

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from terminassistent.cli import main
from terminassistent.errors import InvalidInput, StoreError
from terminassistent.services.caseload_io.csv_import import parse_caseload_csv
from terminassistent.services.caseload_io.importer import import_csv, import_parsed
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


# -- the rows written, and taking them back -------------------------------------------------------

MANY_TODAY = dt.date(2026, 11, 23)
JOURNALED = ("customers", "customer_groups", "contacts")


def stored_rows(db: Path) -> dict:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return {t: [dict(r) for r in conn.execute(f"SELECT * FROM {t} ORDER BY 1")] for t in JOURNALED}
    finally:
        conn.close()


@pytest.fixture
def imported(tmp_path):
    """tests/data/csv/many.csv (30 customers: every column, both date spellings, times, a note over
    two lines) imported into a new caseload."""
    db = tmp_path / "bestand.db"
    parsed = parse_caseload_csv((DATA / "many.csv").read_bytes(), "many.csv", today=MANY_TODAY)
    caseload = Caseload.create(db)
    try:
        import_parsed(caseload, parsed, "many.csv")
        yield caseload, db
    finally:
        caseload.close()


def test_an_import_stores_exactly_the_rows_it_always_stored(imported):
    """many.rows.json holds the rows as the import wrote them before it was made faster."""
    _, db = imported
    assert stored_rows(db) == json.loads((DATA / "many.rows.json").read_text(encoding="utf-8"))


def test_the_journal_of_an_import_is_compact_and_undoes_and_redoes_it_exactly(imported):
    caseload, db = imported
    after = stored_rows(db)
    [entry] = caseload.journal_entries(limit=1)
    conn = sqlite3.connect(db)
    [(changes,)] = conn.execute("SELECT changes FROM journal WHERE id = ?", (entry.id,)).fetchall()
    conn.close()
    assert '"inserted":' in changes and len(entry.rows) == sum(len(rows) for rows in after.values())
    assert len(entry.customers) == len(after["customers"])

    assert caseload.restore_rows(entry.rows, forward=False) == []
    assert stored_rows(db) == {t: [] for t in JOURNALED}
    assert caseload.restore_rows(entry.rows, forward=True) == []
    assert stored_rows(db) == after


def test_an_erased_customer_leaves_the_compact_journal_of_the_import(imported):
    caseload, db = imported
    gone = stored_rows(db)["customers"][3]["customer_no"]
    moment = dt.datetime(2026, 11, 24, 9, tzinfo=dt.timezone.utc)
    caseload.erase([gone], [], [], journal_before=dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc),
                   name="Abgelaufene Daten gelöscht: 1 Kunden", at=moment)
    [erasure, entry] = caseload.journal_entries(limit=2)
    assert erasure.rows == () and gone not in entry.customers
    assert not [r for r in entry.rows if gone in (r.key, (r.after or {}).get("customer_no"))]
    assert len(entry.rows) == sum(len(rows) for rows in stored_rows(db).values())
    conn = sqlite3.connect(db)
    assert not [text for (text,) in conn.execute("SELECT changes FROM journal") if gone in text]
    conn.close()


def test_a_new_file_is_written_through_to_the_disk_before_it_gets_its_name(tmp_path, monkeypatch):
    """The new caseload is built as a draft (its commits do not wait for the disk) under a
    temporary name; it is synced once, closed and complete, before it appears as ``db``."""
    from terminassistent.storage import database

    db, synced = tmp_path / "neu.db", []
    sync = database.sync_file

    def recording(path):
        synced.append((Path(path).name, db.exists()))
        sync(path)

    monkeypatch.setattr(database, "sync_file", recording)
    import_csv(db, DATA / "good.csv")
    assert [(name.startswith(".neu.db.import-"), there) for name, there in synced] == [(True, False)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["neu.db"]
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_a_new_file_where_wal_is_refused_is_not_created(tmp_path, monkeypatch):
    """The draft turns to WAL only when complete: where the file system refuses, the import is
    refused as opening such a file is, and no file is left (neither the draft nor ``db``)."""
    from terminassistent.storage import database

    def refused(conn, path):
        raise StoreError(f"Die Datenbank »{path}« kann nicht im WAL-Modus geöffnet werden.")

    monkeypatch.setattr(database, "_wal", refused)
    with pytest.raises(StoreError, match="WAL-Modus"):
        import_csv(tmp_path / "neu.db", DATA / "good.csv")
    assert list(tmp_path.iterdir()) == []
