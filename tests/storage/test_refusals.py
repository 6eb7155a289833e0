"""Every file the store must refuse gets a German sentence naming it, and stays untouched."""

import errno
import hashlib
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from terminassistent.domain.model import Caseworker
from terminassistent.errors import StoreError
from terminassistent.storage import Caseload, database, remove_database_files
from terminassistent.storage.database import APPLICATION_ID, AlreadyOpen, WindowLock, sqlite_error_message
from terminassistent.storage.migrations import LATEST

from .conftest import AYSE, JOERG, a_contact, assert_german, snapshot


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
    Caseload.create(db_path).close()
    schema = db_path.stat().st_size  # the pages of the empty schema
    with Caseload.open(db_path) as c:
        c.add_customers([JOERG, AYSE])
        c.add_contacts([a_contact() for _ in range(300)])
    size = db_path.stat().st_size
    corrupt(db_path, schema, size)  # every page written after the schema
    with Caseload.open(db_path) as c:
        problems = c.integrity_problems()
        assert problems and any("Schaden" in p or "beschädigt" in p for p in problems)
        with pytest.raises(StoreError, match="beschädigt"):
            c.contacts()


def test_a_second_window_is_refused_while_the_first_holds_the_file(caseload, db_path):
    first = WindowLock(db_path)
    first.acquire()
    try:
        with pytest.raises(AlreadyOpen, match="schon in einem anderen Terminassistent-Fenster"):
            WindowLock(db_path).acquire()
        script = textwrap.dedent(f"""
            from terminassistent.storage.database import AlreadyOpen, WindowLock
            try:
                WindowLock(__import__("pathlib").Path({str(db_path)!r})).acquire()
            except AlreadyOpen as err:
                print(err)
        """)
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
        assert "schon in einem anderen Terminassistent-Fenster" in out.stdout, out.stderr
    finally:
        first.release()
    again = WindowLock(db_path)
    again.acquire()  # given back
    again.release()


def test_another_process_works_on_the_file_while_it_is_open(caseload, db_path):
    # The window keeps its connection open; a command beside it reads and writes, and the window
    # sees that another process committed (data_version) and the new rows.
    version = caseload.data_version()
    script = textwrap.dedent(f"""
        import datetime as dt
        from terminassistent.domain.model import Customer, Status
        from terminassistent.storage import Caseload
        with Caseload.open({str(db_path)!r}) as c:
            c.add_customer(Customer("999Z000001", "Neu", "Nina", dt.date(1990, 1, 1), Status.ARBEITSLOS))
            print(c.customer_count())
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "3", out.stderr
    assert caseload.data_version() != version
    assert caseload.find_customer("999Z000001") is not None


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


# -- every refusal leaves the file as it was --------------------------------------------------------


def _missing(path):
    return None


def _text_file(path):
    path.write_text("Kundennummer;Name\n", encoding="utf-8")


def _ours(path):
    with Caseload.create(path) as c:
        c.add_customers([JOERG, AYSE])
        c.add_contact(a_contact())


def _corrupt(path):
    _ours(path)
    corrupt(path, 16, 100)


def _newer(path):
    _ours(path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()


def _foreign_with_high_version(path):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.execute("INSERT INTO notes (text) VALUES ('fremd')")
    conn.execute("PRAGMA user_version = 42")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    "make, expected",
    [
        (_missing, "gibt es nicht"),
        (_text_file, "keine Terminassistent-Datenbank"),
        (_corrupt, "beschädigt"),
        (_newer, "neueren Version"),
        (_foreign_with_high_version, "keine von Terminassistent"),
    ],
    ids=["missing", "not-a-database", "corrupt", "newer", "foreign-user-version-42"],
)
def test_each_refusal_leaves_the_file_byte_identical(tmp_path, make, expected):
    path = tmp_path / "bestand.db"
    holder = make(path)
    try:
        before = snapshot(tmp_path)
        with pytest.raises(StoreError, match=expected) as err:
            Caseload.open(path)
        assert snapshot(tmp_path) == before, "the refused file (or its folder) was changed"
    finally:
        if holder is not None:
            holder.close()
    assert f"»{path}«" in str(err.value)
    assert_german(str(err.value), path)


def test_another_programs_file_is_foreign_whatever_its_user_version(tmp_path):
    # The application id is checked before the schema version: user_version 42 is not "newer".
    path = tmp_path / "fremd.db"
    _foreign_with_high_version(path)
    with pytest.raises(StoreError) as err:
        Caseload.open(path)
    assert "keine von Terminassistent" in str(err.value)
    assert "neueren Version" not in str(err.value)


def test_our_file_with_a_higher_version_is_newer_not_foreign(tmp_path):
    path = tmp_path / "neu.db"
    _newer(path)
    with pytest.raises(StoreError) as err:
        Caseload.open(path)
    assert "neueren Version" in str(err.value) and "keine von Terminassistent" not in str(err.value)


# -- files the operating system will not give us ---------------------------------------------------


def _deny(monkeypatch, target, error_number, when=os.O_RDWR):
    """os.open of ``target`` fails as the operating system would (the test may run as root)."""
    real_open = os.open

    def fake_open(path, flags, *args, **kwargs):
        if Path(path) == Path(target) and flags & when:
            raise OSError(error_number, os.strerror(error_number), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, *a, **k: False if Path(path) == Path(target) and mode & os.W_OK
                        else real_access(path, mode, *a, **k))


@pytest.mark.parametrize("error_number", [errno.EACCES, errno.EPERM])
def test_a_file_without_write_permission_is_refused_in_german(caseload, db_path, monkeypatch, error_number):
    caseload.close()
    before = snapshot(db_path.parent)
    _deny(monkeypatch, db_path, error_number)
    with pytest.raises(StoreError, match="kann nicht geöffnet werden: keine Schreibberechtigung") as err:
        Caseload.open(db_path)
    assert_german(str(err.value), db_path)
    assert snapshot(db_path.parent) == before


def test_a_file_on_a_read_only_medium_is_refused_in_german(caseload, db_path, monkeypatch):
    caseload.close()
    _deny(monkeypatch, db_path, errno.EROFS)
    with pytest.raises(StoreError, match="schreibgeschützten Datenträger") as err:
        Caseload.open(db_path)
    assert_german(str(err.value), db_path)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="file modes do not bind root (or Windows): run the suite as an ordinary user to check this")
def test_a_read_only_file_is_refused_for_real(caseload, db_path):
    caseload.close()
    db_path.chmod(0o400)
    before = snapshot(db_path.parent)
    with pytest.raises(StoreError, match="keine Schreibberechtigung"):
        Caseload.open(db_path)
    assert snapshot(db_path.parent) == before


def test_a_file_that_cannot_be_created_is_refused_in_german(tmp_path, monkeypatch):
    path = tmp_path / "neu.db"
    _deny(monkeypatch, path, errno.EACCES, when=os.O_CREAT)
    with pytest.raises(StoreError, match="kann nicht angelegt werden: keine Berechtigung") as err:
        Caseload.create(path)
    assert_german(str(err.value), path)
    assert not path.exists()


def test_a_migration_without_room_for_its_backup_changes_nothing(tmp_path, monkeypatch):
    from .test_migrations import first_schema_file

    path = tmp_path / "alt.db"
    first_schema_file(path)
    before = snapshot(tmp_path)
    real_open = os.open

    def no_backup(target, flags, *args, **kwargs):
        if str(target).endswith(".bak"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
        return real_open(target, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", no_backup)
    with pytest.raises(StoreError, match="Sicherung") as err:
        Caseload.open(path)
    assert "kein Platz" in str(err.value) and "nicht verändert" in str(err.value)
    assert_german(str(err.value), path)
    assert snapshot(tmp_path) == before
    monkeypatch.undo()
    with Caseload.open(path) as again:  # the lock was given back
        assert again.schema_version == LATEST


# -- what SQLite reports: full, read-only, in use, cannot open, damaged -------------------------------


@pytest.mark.parametrize(
    "error, expected",
    [
        (sqlite3.OperationalError("database or disk is full"), "kein Platz mehr"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "schreibgeschützt"),
        (sqlite3.OperationalError("database is locked"), "von einem anderen Programm verwendet"),
        (sqlite3.OperationalError("unable to open database file"), "kann nicht geöffnet werden"),
        (sqlite3.OperationalError("disk I/O error"), "Datenträger einen Fehler gemeldet"),
        (sqlite3.DatabaseError("file is not a database"), "beschädigt"),
        (sqlite3.DatabaseError("database disk image is malformed"), "beschädigt"),
    ],
)
def test_sqlite_errors_get_their_own_german_sentences(tmp_path, error, expected):
    path = tmp_path / "bestand.db"
    message = sqlite_error_message(path, error)
    assert expected in message and f"»{path}«" in message
    assert ("beschädigt" in message) == (expected == "beschädigt")
    assert_german(message, path)


def test_a_wrong_use_of_sqlite_is_a_bug_not_a_damaged_file(tmp_path):
    assert sqlite_error_message(tmp_path / "x.db", sqlite3.ProgrammingError("Cannot operate on a closed database.")) is None


def test_a_full_disk_is_reported_as_full_and_nothing_is_saved(caseload):
    pages = caseload._conn.execute("PRAGMA page_count").fetchone()[0]
    caseload._conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own SQLITE_FULL
    with pytest.raises(StoreError, match="kein Platz mehr") as err:
        caseload.add_contacts([a_contact(note="Vermerk " * 500) for _ in range(50)])
    assert "beschädigt" not in str(err.value)
    assert_german(str(err.value), caseload.path)
    caseload._conn.execute("PRAGMA max_page_count = 1073741823")
    assert caseload.contacts() == []
    caseload.add_contact(a_contact())  # the caseload is still usable
    assert len(caseload.contacts()) == 1


def test_a_read_only_database_is_reported_as_read_only(caseload):
    caseload._conn.execute("PRAGMA query_only = ON")  # SQLite's own SQLITE_READONLY
    with pytest.raises(StoreError, match="schreibgeschützt") as err:
        caseload.add_contact(a_contact())
    assert "beschädigt" not in str(err.value)
    assert_german(str(err.value), caseload.path)


def test_a_database_locked_by_another_program_is_reported_as_in_use(caseload, db_path):
    other = sqlite3.connect(db_path, isolation_level=None)  # e.g. the sqlite3 shell, which takes no flock
    other.execute("BEGIN IMMEDIATE")
    caseload._conn.execute("PRAGMA busy_timeout = 20")
    try:
        with pytest.raises(StoreError, match="von einem anderen Programm verwendet") as err:
            caseload.add_contact(a_contact())
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert "beschädigt" not in str(err.value)
    assert_german(str(err.value), db_path)
    caseload.add_contact(a_contact())
    assert len(caseload.contacts()) == 1


def test_a_file_sqlite_cannot_open_is_refused_and_released(caseload, db_path, monkeypatch):
    caseload.close()

    def cannot_open(path):
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(database, "_connect", cannot_open)
    with pytest.raises(StoreError, match="kann nicht geöffnet werden") as err:
        Caseload.open(db_path)
    assert "beschädigt" not in str(err.value)
    monkeypatch.undo()
    with Caseload.open(db_path) as again:  # the lock was released
        assert again.customer_count() == 2


class _FailingCommit:
    """The connection, except that COMMIT fails as SQLite does when the disk fills up at the end."""

    def __init__(self, conn):
        self._real = conn

    def execute(self, sql, *args):
        if sql == "COMMIT":
            raise sqlite3.OperationalError("database or disk is full")
        return self._real.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._real, name)


def test_a_failed_commit_is_reported_in_german_and_rolled_back(caseload):
    real = caseload._conn
    caseload._conn = _FailingCommit(real)
    try:
        with pytest.raises(StoreError, match="kein Platz mehr"):
            caseload.add_contact(a_contact())
    finally:
        caseload._conn = real
    assert not real.in_transaction
    assert caseload.contacts() == []


def test_a_broken_schema_rule_is_reported_in_german(caseload):
    with pytest.raises(StoreError, match="Pflichtwert fehlt") as err:
        caseload._insert("customers", {"customer_no": "555C555555"})
    assert_german(str(err.value))


# -- clean-up of a half-made database ----------------------------------------------------------------


def test_remove_database_files_takes_the_sidecars_too(tmp_path):
    path = tmp_path / "halb.db"
    for name in ("halb.db", "halb.db-wal", "halb.db-shm", "andere.db"):
        (tmp_path / name).write_bytes(b"x")
    assert remove_database_files(path) == []
    assert [p.name for p in tmp_path.iterdir()] == ["andere.db"]
    assert remove_database_files(path) == []  # nothing left to remove is fine


def test_a_failed_create_leaves_no_file(tmp_path):
    path = tmp_path / "neu.db"
    with pytest.raises(AttributeError):
        Caseload.create(path, Caseworker(pattern=None))  # a bug while saving the caseworker
    assert list(tmp_path.iterdir()) == []
    Caseload.create(path).close()  # and the path is free again
