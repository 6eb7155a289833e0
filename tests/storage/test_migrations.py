"""A caseload written by an earlier version opens in this version with nothing lost.

The old databases are built from frozen copies of the released migrations (tests/data/schema/
vN.sql), never from ``MIGRATIONS`` itself: a test that builds "schema 1" from the current first
migration could not notice that a released migration was edited.
"""

import datetime as dt
import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from terminassistent.domain.model import (
    AbsenceKind,
    AppointmentKind,
    AppointmentStatus,
    Channel,
    ContactKind,
    Flag,
    Profile,
    Salutation,
    Status,
)
from terminassistent.storage import Caseload
from terminassistent.storage.database import APPLICATION_ID, _statements
from terminassistent.storage.migrations import LATEST, MIGRATIONS

from .conftest import berlin

SCHEMA_DIR = Path(__file__).parent.parent / "data" / "schema"

# SHA-256 of the text of every released migration. A released migration must never change: the
# files already in use at the Jobcenters were built with it. Append a new migration instead.
RELEASED = {
    1: "89ff849e21827ed58157a4b7e6fc84f62eb57dec4a1fcf617f88540d3d0cf89b",
    2: "e320aa82a79ad8edd3b6b07076a1fccd6e2a02fc06dc3ac7e77f34ebe26101ee",
    3: "1b6d2aa34759294d48d1184b1f967117a59db3fba60431b3eb696e952f19ed1e",
    4: "c8fcd5b1d323cc1a280d0ee5e864674a6c797ec39726787d0fe3d368c8a390ad",
    5: "2e4a487804af022bd5db1ffbbb9d51a593319d1bcab10f1d69cd2b98e9be68e8",
    6: "0dd725c05fb667b5f0f65aa4cc38f977c09c58966d4444c69d823217f9f33dbc",
    7: "cd0bceca1b4ae6859ce32205e98e10adbe8e87ff1f9f578a2cb2ea552ce2d5b3",
    8: "9f18fe5fd7528e9a00183338777890e2150faa710c0153f2ac0d2161361ae395",
}


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def frozen_migration(number: int) -> str:
    return (SCHEMA_DIR / f"v{number}.sql").read_text(encoding="utf-8")


def old_schema_file(path, version):
    """An empty database exactly as the program at schema ``version`` wrote it."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN IMMEDIATE")
    for number in range(1, version + 1):
        for statement in _statements(frozen_migration(number)):
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("COMMIT")
    return conn


def first_schema_file(path):
    """A database exactly as version 1 of the program wrote it, with one customer and contact."""
    conn = old_schema_file(path, 1)
    conn.execute(
        "INSERT INTO customers (customer_no, last_name, first_name, birth_date, status, profile, flags) "
        "VALUES ('111A222333', 'Groß', 'Käthe', '1970-05-17', 'arbeitsuchend', 'i', '[\"beschaeftigt\"]')"
    )
    conn.execute(
        "INSERT INTO contacts (customer_no, at_utc, channel, kind) VALUES ('111A222333', '2026-10-01T08:00:00Z', 'telefonisch', 'beratung')"
    )
    conn.close()
    os.chmod(path, 0o600)


def second_schema_file(path):
    """A database as the program at schema 2 wrote it, with a record in every table."""
    conn = old_schema_file(path, 2)
    conn.execute(
        "UPDATE caseworker SET name = 'Frau Sabine Krüger', office = 'Jobcenter Musterstadt', room = '2.14', "
        "bundesland = 'NI', weekly_hours = 25, full_time_hours = 39, "
        "pattern = '{\"0\": [\"08:00-13:00\"], \"2\": [\"08:00-12:00\", \"13:00-16:00\"]}', policy_id = 'uelzen-2019' "
        "WHERE id = 1"
    )
    conn.execute(
        "INSERT INTO customers (customer_no, salutation, last_name, first_name, birth_date, status, profile, flags, "
        "street, postal_code, city, preferences, notes) VALUES ('123A456789', 'herr', 'Weiß-Müller', 'Jörg', "
        "'2002-02-28', 'arbeitslos', 'aktivierung', '[\"beschaeftigt\", \"gesundheit\"]', 'Am Beispielbach 3', "
        "'12345', 'Musterstadt', '{\"mornings_only\": true, \"afternoons_only\": false, \"avoid_weekdays\": [4]}', "
        "'Bewerbungsunterlagen überarbeiten')"
    )
    conn.execute(
        "INSERT INTO customers (customer_no, last_name, first_name, birth_date, status) "
        "VALUES ('987B654321', 'Özdemir', 'Ayşe', '1979-11-05', 'nicht-gesetzt')"
    )
    conn.execute(
        "INSERT INTO contacts (customer_no, at_utc, channel, kind, note, deviation_date, deviation_reason) VALUES "
        "('123A456789', '2026-03-29T08:15:00Z', 'persoenlich', 'beratung', 'Erstgespräch', '2026-09-01', "
        "'Maßnahme beginnt am 1.9.')"
    )
    conn.execute(
        "INSERT INTO contacts (customer_no, at_utc, channel, kind) VALUES ('987B654321', '2026-01-05T13:00:00Z', "
        "'telefonisch', 'allgemein')"
    )
    conn.execute(
        "INSERT INTO appointments (customer_no, start_utc, end_utc, kind, channel, status, reason, sequence) VALUES "
        "('123A456789', '2026-12-01T08:00:00Z', '2026-12-01T08:45:00Z', 'folgegespraech', 'persoenlich', 'missed', "
        "'nicht erschienen', 1)"
    )
    conn.execute(
        "INSERT INTO absences (start_utc, end_utc, kind, note) VALUES ('2026-12-20T23:00:00Z', '2027-01-01T23:00:00Z', "
        "'urlaub', 'Jahresurlaub')"
    )
    conn.execute("INSERT INTO settings (key, value) VALUES ('slot_minutes', '15')")
    conn.close()
    os.chmod(path, 0o600)


# -- released migrations never change --------------------------------------------------------------


@pytest.mark.parametrize("number", sorted(RELEASED))
def test_a_released_migration_is_never_edited(number):
    assert len(MIGRATIONS) >= number, f"released migration {number} was removed"
    assert sha256(MIGRATIONS[number - 1]) == RELEASED[number], (
        f"Migration {number} has been released and must not change (databases in use were built with it). "
        "Undo the edit and append a new migration instead."
    )


@pytest.mark.parametrize("number", [1, 2])
def test_the_frozen_schema_files_are_the_released_migrations(number):
    # The fixtures are what old versions ran; they must not be "updated" along with the code.
    assert sha256(frozen_migration(number)) == RELEASED[number]


def test_every_migration_is_released_with_a_checksum():
    # A new migration is fine; record its checksum here when it is released.
    assert LATEST >= max(RELEASED)


def test_migrations_are_append_only_statements():
    # Every migration must be a plain script the store can split into statements.
    for number, script in enumerate(MIGRATIONS, start=1):
        assert _statements(script), f"migration {number} is empty"


# -- upgrading old files -------------------------------------------------------------------------


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


def test_second_schema_is_migrated_to_the_latest_with_every_record_intact(tmp_path):
    path = tmp_path / "alt.db"
    second_schema_file(path)
    with Caseload.open(path) as caseload:
        assert caseload.schema_version == LATEST
        assert caseload.backup_before_migration.name.startswith("alt.db.v2-")
        assert caseload.record_counts() == {"customers": 2, "contacts": 2, "appointments": 1, "absences": 1}
        assert caseload.integrity_problems() == []

        cw = caseload.caseworker()
        assert (cw.name, cw.room, cw.bundesland, cw.weekly_hours, cw.policy_id) == (
            "Frau Sabine Krüger", "2.14", "NI", 25.0, "uelzen-2019")
        assert sorted(cw.pattern) == [0, 2] and [str(r) for r in cw.pattern[2]] == ["08:00-12:00", "13:00-16:00"]

        joerg = caseload.customer("123A456789")
        assert (joerg.salutation, joerg.status, joerg.profile) == (Salutation.HERR, Status.ARBEITSLOS, Profile.AKTIVIERUNG)
        assert joerg.flags == {Flag.BESCHAEFTIGT, Flag.GESUNDHEIT}
        assert joerg.address.lines() == ("Am Beispielbach 3", "12345 Musterstadt")
        assert joerg.preferences.mornings_only and joerg.preferences.avoid_weekdays == {4}
        assert joerg.notes == "Bewerbungsunterlagen überarbeiten"
        assert joerg.cooperation_plan is None  # the column migration 3 added
        ayse = caseload.customer("987B654321")
        assert (ayse.last_name, ayse.first_name, ayse.salutation, ayse.address) == ("Özdemir", "Ayşe", Salutation.DIVERS, None)

        first, = caseload.contacts("123A456789")
        assert first.at == berlin(2026, 3, 29, 10, 15)  # the DST day: 08:15 UTC is 10:15 summer time
        assert (first.channel, first.kind, first.note) == (Channel.PERSOENLICH, ContactKind.BERATUNG, "Erstgespräch")
        assert first.deviation.due_date == dt.date(2026, 9, 1) and first.deviation.reason == "Maßnahme beginnt am 1.9."
        assert caseload.contacts("987B654321")[0].kind is ContactKind.ALLGEMEIN

        missed, = caseload.appointments()
        assert (missed.start, missed.minutes) == (berlin(2026, 12, 1, 9, 0), 45)
        assert (missed.kind, missed.status, missed.reason, missed.sequence) == (
            AppointmentKind.FOLGEGESPRAECH, AppointmentStatus.MISSED, "nicht erschienen", 1)
        assert missed.purposes == ()  # the column migration 3 added

        leave, = caseload.absences()
        assert (leave.start, leave.end, leave.kind) == (berlin(2026, 12, 21), berlin(2027, 1, 2), AbsenceKind.URLAUB)
        assert caseload.setting("slot_minutes") == 15


@pytest.mark.parametrize("version", [1, 2])
def test_a_migrated_file_has_the_schema_of_a_new_one(tmp_path, version):
    old = tmp_path / "alt.db"
    old_schema_file(old, version).close()
    Caseload.open(old).close()
    new = tmp_path / "neu.db"
    Caseload.create(new).close()

    def schema(path):
        conn = sqlite3.connect(path)
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        found = {t: conn.execute(f"PRAGMA table_info({t})").fetchall() for t in tables}
        found["indexes"] = conn.execute(
            "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").fetchall()
        conn.close()
        return found

    assert schema(old) == schema(new)


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
