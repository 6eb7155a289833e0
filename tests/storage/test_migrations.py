"""A caseload written with the first schema opens in this version with nothing lost."""

import os
import sqlite3
import stat

from terminassistent.storage import Caseload
from terminassistent.storage.database import APPLICATION_ID
from terminassistent.storage.migrations import LATEST, MIGRATIONS


def first_schema_file(path):
    """A database exactly as version 1 of the program wrote it, with one customer and contact."""
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO customers (customer_no, last_name, first_name, birth_date, status, profile, flags) "
        "VALUES ('111A222333', 'Groß', 'Käthe', '1970-05-17', 'arbeitsuchend', 'i', '[\"beschaeftigt\"]')"
    )
    conn.execute(
        "INSERT INTO contacts (customer_no, at_utc, channel, kind) VALUES ('111A222333', '2026-10-01T08:00:00Z', 'telefonisch', 'beratung')"
    )
    conn.commit()
    conn.close()
    os.chmod(path, 0o600)


def test_first_schema_is_migrated_to_the_latest(tmp_path):
    path = tmp_path / "alt.db"
    first_schema_file(path)
    with Caseload.open(path) as caseload:
        assert caseload.schema_version == LATEST
        [kaethe] = caseload.customers()
        assert (kaethe.last_name, kaethe.first_name, kaethe.profile.value) == ("Groß", "Käthe", "i")
        [contact] = caseload.contacts("111A222333")
        assert contact.at.hour == 10  # 08:00 UTC is 10:00 in Berlin summer time
        caseload.set_setting("slot_minutes", 15)  # the table migration 2 added
        assert caseload.integrity_problems() == []


def test_a_timestamped_backup_is_taken_before_migrating(tmp_path):
    path = tmp_path / "alt.db"
    first_schema_file(path)
    with Caseload.open(path) as caseload:
        backup = caseload.backup_before_migration
    assert backup is not None and backup.name.startswith("alt.db.v1-") and backup.suffix == ".bak"
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    conn = sqlite3.connect(backup)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("SELECT last_name FROM customers").fetchone()[0] == "Groß"
    conn.close()


def test_no_backup_when_nothing_is_migrated(tmp_path):
    path = tmp_path / "neu.db"
    Caseload.create(path).close()
    with Caseload.open(path) as caseload:
        assert caseload.backup_before_migration is None
    assert not list(tmp_path.glob("*.bak"))


def test_migrations_are_append_only_statements():
    # Every migration must be a plain script the store can split into statements.
    from terminassistent.storage.database import _statements

    for number, script in enumerate(MIGRATIONS, start=1):
        assert _statements(script), f"migration {number} is empty"
