"""Every file the store must refuse gets a German sentence naming it, and stays untouched."""

import hashlib
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from terminassistent.errors import StoreError
from terminassistent.storage import Caseload
from terminassistent.storage.database import APPLICATION_ID
from terminassistent.storage.migrations import LATEST

from .conftest import AYSE, JOERG, a_contact


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_missing_path_is_refused_and_not_created(tmp_path):
    path = tmp_path / "fehlt.db"
    with pytest.raises(StoreError, match="gibt es nicht") as err:
        Caseload.open(path)
    assert str(path) in str(err.value)
    assert not path.exists()


def test_a_folder_is_not_a_database(tmp_path):
    with pytest.raises(StoreError, match="Ordner"):
        Caseload.open(tmp_path)


def test_a_text_file_is_not_a_database(tmp_path):
    path = tmp_path / "notiz.db"
    path.write_text("Kundennummer;Name\n", encoding="utf-8")
    before = digest(path)
    with pytest.raises(StoreError, match="keine Terminassistent-Datenbank"):
        Caseload.open(path)
    assert digest(path) == before


def test_an_empty_file_is_not_a_database(tmp_path):
    path = tmp_path / "leer.db"
    path.touch()
    with pytest.raises(StoreError, match="keine Terminassistent-Datenbank"):
        Caseload.open(path)
    assert path.stat().st_size == 0


def test_another_programs_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "fremd.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(StoreError, match="keine von Terminassistent"):
        Caseload.open(path)
    assert digest(path) == before


def test_a_database_from_a_newer_version_is_refused(caseload, db_path):
    caseload.close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()
    before = digest(db_path)
    with pytest.raises(StoreError, match="neueren Version") as err:
        Caseload.open(db_path)
    assert f"Schema {LATEST + 1}" in str(err.value)
    assert digest(db_path) == before
    assert not list(db_path.parent.glob("*.bak")), "no migration backup for a refused file"


def corrupt(path, offset, length=4096):
    data = bytearray(path.read_bytes())
    data[offset : offset + length] = b"\xa5" * min(length, len(data) - offset)
    path.write_bytes(bytes(data))


def test_a_damaged_first_page_is_refused(caseload, db_path):
    caseload.close()
    corrupt(db_path, 16, 100)  # the header fields after the magic string
    with pytest.raises(StoreError, match="beschädigt"):
        Caseload.open(db_path)


def test_damaged_data_pages_are_refused_when_read(db_path):
    with Caseload.create(db_path) as c:
        c.add_customers([JOERG, AYSE])
        c.add_contacts([a_contact() for _ in range(300)])
    size = db_path.stat().st_size
    corrupt(db_path, 4096, size)  # every page after the first (schema) page
    with Caseload.open(db_path) as c:
        problems = c.integrity_problems()
        assert problems and any("Schaden" in p or "beschädigt" in p for p in problems)
        with pytest.raises(StoreError, match="beschädigt"):
            c.contacts()


def test_a_second_instance_is_refused_while_the_first_holds_the_file(caseload, db_path):
    with pytest.raises(StoreError, match="anderen Terminassistent"):
        Caseload.open(db_path)


def test_another_process_is_refused_while_the_file_is_open(caseload, db_path):
    script = textwrap.dedent(f"""
        from terminassistent.errors import StoreError
        from terminassistent.storage import Caseload
        try:
            Caseload.open({str(db_path)!r})
        except StoreError as err:
            print(err)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert "anderen Terminassistent" in out.stdout, out.stderr


def test_the_file_is_free_again_after_closing(caseload, db_path):
    caseload.close()
    with Caseload.open(db_path) as again:
        assert again.customer_count() == 2


def test_an_unknown_customer_number_is_named(caseload):
    with pytest.raises(StoreError, match="»000X000« ist in diesem Bestand nicht vorhanden"):
        caseload.customer("000X000")


def test_create_refuses_an_existing_file(caseload, db_path):
    before = digest(db_path)
    with pytest.raises(StoreError, match="gibt es schon"):
        Caseload.create(db_path)
    assert digest(db_path) == before


def test_a_failed_user_action_writes_nothing(caseload):
    with pytest.raises(StoreError, match="nicht vorhanden"):
        with caseload.transaction():
            caseload.add_contact(a_contact())
            caseload.add_contact(a_contact(customer=type(JOERG)(**{**JOERG.__dict__, "customer_no": "fehlt"})))
    assert caseload.contacts() == []


def test_a_duplicate_customer_number_is_refused_whole(caseload):
    newcomer = type(AYSE)(**{**AYSE.__dict__, "customer_no": "555C555555"})
    with pytest.raises(StoreError, match="»123A456789« ist schon im Bestand"):
        caseload.add_customers([newcomer, JOERG])
    assert caseload.customer_count() == 2
    assert caseload.find_customer("555C555555") is None


def test_application_id_marks_our_files(caseload, db_path):
    caseload.close()
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
