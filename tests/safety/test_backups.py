"""Backups: consistent owner-only copies, daily and before bulk actions, thinned to 7 daily and 4
weekly; restore checks the copy, saves the current caseload and puts the copy back whole."""

import io
import json
import dataclasses
import datetime as dt
import sqlite3
import stat

import pytest

from terminassistent import settings as S
from terminassistent.domain.model import BERLIN
from terminassistent.errors import UserError
from terminassistent.services.backup import copies
from terminassistent.services.backup.restore import restore_backup
from terminassistent.services.caseload_io.export import write_export
from terminassistent.services.context import Context, fixed_clock
from terminassistent.storage.migrations import LATEST
from tests.services.handmade import NOW, SOON


def exported(caseload):
    """The whole caseload as its JSON export reads it."""
    out = io.StringIO()
    write_export(caseload, out)
    return json.loads(out.getvalue())


def test_a_backup_is_a_consistent_owner_only_copy_in_the_backup_folder(ctx):
    made = copies.create_backup(ctx.caseload, now=NOW)
    assert made.path.parent == ctx.caseload.path.parent / "Sicherungen"
    assert made.customers == 6 and made.created == NOW
    assert stat.S_IMODE(made.path.stat().st_mode) == 0o600
    assert not list(made.path.parent.glob("*-wal")), "a copy is one self-contained file"
    conn = sqlite3.connect(made.path)
    assert conn.execute("SELECT count(*) FROM customers").fetchone()[0] == 6
    conn.close()
    assert [b.path for b in copies.backups(ctx)] == [made.path]


def test_backup_names_never_clash(ctx):
    made = [copies.create_backup(ctx.caseload, now=NOW) for _ in range(3)]  # the same second
    assert len({b.path for b in made}) == 3 and all(b.path.exists() for b in made)


def test_the_backup_folder_is_a_setting(ctx, tmp_path):
    S.put(ctx.caseload, S.BACKUP_FOLDER.key, str(tmp_path / "usb" / "sicherungen"))
    assert copies.create_backup(ctx.caseload, now=NOW).path.parent == tmp_path / "usb" / "sicherungen"


def test_a_backup_to_an_existing_file_is_refused(ctx, tmp_path):
    (tmp_path / "da.bak").write_text("alt")
    with pytest.raises(UserError, match="gibt es schon"):
        copies.create_backup(ctx.caseload, to=tmp_path / "da.bak", now=NOW)
    assert (tmp_path / "da.bak").read_text() == "alt"


def test_the_daily_backup_is_taken_once_a_day(ctx):
    assert copies.daily_backup(ctx) is not None
    assert copies.daily_backup(ctx) is None
    tomorrow = Context(ctx.caseload, fixed_clock(NOW + dt.timedelta(days=1)))
    assert copies.daily_backup(tomorrow).reason == "taeglich"


def test_seven_daily_and_four_weekly_copies_are_kept(ctx):
    start = dt.datetime(2026, 9, 1, 8, 0, tzinfo=BERLIN)
    for day in range(90):  # one copy a day for three months, two on some days
        copies.create_backup(ctx.caseload, "taeglich", now=start + dt.timedelta(days=day))
        if day % 10 == 0:
            copies.create_backup(ctx.caseload, "vor-import", now=start + dt.timedelta(days=day, hours=3))
    last = (start + dt.timedelta(days=89)).date()
    kept = sorted(b.created for b in copies.backups(Context(ctx.caseload, fixed_clock(start + dt.timedelta(days=89)))))
    days = {c.date() for c in kept}
    assert {last - dt.timedelta(days=n) for n in range(7)} <= days
    assert len({c.isocalendar()[:2] for c in kept}) >= 4
    assert len(kept) <= 7 + 4 + 1  # today's second copy (if any) besides


def test_restore_puts_the_copy_back_after_saving_the_current_caseload(ctx):
    made = copies.create_backup(ctx.caseload, now=NOW)
    before = exported(ctx.caseload)
    customer = ctx.caseload.customer(SOON.customer_no)
    ctx.caseload.update_customer(dataclasses.replace(customer, notes="nach der Sicherung"))
    changed = exported(ctx.caseload)
    result = restore_backup(ctx, made.path)
    assert exported(ctx.caseload) == before and result.customers == 6 and result.changes.everything
    saved = Context(ctx.caseload, ctx.clock)
    ctx.caseload.restore_from(result.saved.path)  # the saved copy holds the state before the restore
    assert exported(saved.caseload) == changed
    assert ctx.caseload.integrity_problems() == []


@pytest.mark.parametrize("content, reason", [
    (b"kein SQLite", "keine Sicherung von Terminassistent"),
    (None, "keine von Terminassistent"),
    ("newer", "neueren Version"),
    ("damaged", "beschädigt"),
])
def test_restore_refuses_a_file_that_is_not_a_sound_copy_of_ours_and_changes_nothing(ctx, tmp_path, content, reason):
    bad = tmp_path / "fremd.bak"
    if isinstance(content, bytes):
        bad.write_bytes(content * 100)
    elif content is None:
        sqlite3.connect(bad).execute("CREATE TABLE t (a)").connection.close()
    else:
        made = copies.create_backup(ctx.caseload, to=bad, now=NOW).path
        if content == "newer":
            conn = sqlite3.connect(made)
            conn.execute(f"PRAGMA user_version = {LATEST + 1}")
            conn.close()
        else:
            data = bytearray(made.read_bytes())
            data[4096 * 2: 4096 * 2 + 200] = b"\xff" * 200  # a damaged page of a table
            made.write_bytes(bytes(data))
    before = exported(ctx.caseload)
    with pytest.raises(UserError, match=reason):
        restore_backup(ctx, bad)
    assert exported(ctx.caseload) == before
    assert copies.backups(ctx) == [], "nothing was replaced, so nothing was saved"


def test_restore_refuses_the_caseload_itself(ctx):
    with pytest.raises(UserError, match="geöffnete Bestand selbst"):
        restore_backup(ctx, ctx.caseload.path)
