"""The commands of the second round (../shared/CONTRACT.md): undo, redo, history, backup, restore, purge."""

import json
import stat

import pytest

from tests.cli.helpers import run, snapshot
from tests.services.handmade import MONDAY, NOW, SOON, build

CLOCK = lambda: NOW  # noqa: E731


@pytest.fixture
def db(tmp_path):
    build(tmp_path / "hand.db").close()
    return tmp_path / "hand.db"


def cli(capsys, *args):
    return run(capsys, *args, clock=CLOCK)


def test_undo_and_redo_name_the_action(capsys, db):
    before = snapshot(db)
    assert cli(capsys, "book", "--db", db, "--customer", SOON.customer_no, "--start", f"{MONDAY}T09:00:00+01:00")[0] == 0
    code, out, _ = cli(capsys, "undo", "--db", db, "--json")
    document = json.loads(out)
    assert code == 0 and document["undone"] == f"Termin für {SOON.display_name} buchen" and document["at"]
    assert [a["id"] for a in snapshot(db)["appointments"]] == [a["id"] for a in before["appointments"]]
    code, out, _ = cli(capsys, "redo", "--db", db)
    assert code == 0 and out.startswith(f"Wiederhergestellt: Termin für {SOON.display_name} buchen")


def test_nothing_to_undo_is_refused_with_exit_1(capsys, db):
    before = snapshot(db)
    code, out, err = cli(capsys, "undo", "--db", db)
    assert code == 1 and out == "" and "nichts rückgängig" in err and snapshot(db) == before


def test_history_lists_user_action_and_customers_newest_first(capsys, db):
    cli(capsys, "book", "--db", db, "--customer", SOON.customer_no, "--start", f"{MONDAY}T09:00:00+01:00")
    cli(capsys, "undo", "--db", db)
    code, out, _ = cli(capsys, "history", "--db", db, "--customer", SOON.customer_no, "--json")
    items = json.loads(out)
    assert code == 0 and [i["action"] for i in items] == [
        f"Rückgängig: Termin für {SOON.display_name} buchen", f"Termin für {SOON.display_name} buchen"]
    assert all(set(i) >= {"at", "user", "action", "customers"} and i["customers"] == [SOON.customer_no] for i in items)


def test_backup_and_restore(capsys, db, tmp_path):
    code, out, _ = cli(capsys, "backup", "--db", db, "--to", tmp_path / "kopie.bak", "--json")
    made = json.loads(out)
    assert code == 0 and made["customers"] == 6 and made["created"].startswith("2026-11-27")
    assert stat.S_IMODE((tmp_path / "kopie.bak").stat().st_mode) == 0o600
    before = snapshot(db)
    cli(capsys, "leave", "--db", db, "--customer", SOON.customer_no, "--reason", "Umzug")
    assert snapshot(db) != before
    code, out, _ = cli(capsys, "restore", "--db", db, tmp_path / "kopie.bak")
    assert code == 0 and "wiederhergestellt" in out and snapshot(db) == before
    code, out, _ = cli(capsys, "backup", "--db", db, "--list")
    assert "vor dem Wiederherstellen" in out


def test_restore_refuses_what_is_no_backup_and_changes_nothing(capsys, db, tmp_path):
    (tmp_path / "x.bak").write_text("nichts")
    before = snapshot(db)
    code, _, err = cli(capsys, "restore", "--db", db, tmp_path / "x.bak")
    assert code == 1 and "x.bak" in err and snapshot(db) == before


def test_purge_lists_counts_and_erases_only_with_apply(capsys, db):
    cli(capsys, "leave", "--db", db, "--customer", SOON.customer_no, "--on", "2024-01-05", "--reason", "Umzug")
    code, out, _ = cli(capsys, "purge", "--db", db, "--json")
    counts = json.loads(out)
    assert code == 0 and counts["customers"] == 1 and {"contacts", "appointments"} <= set(counts)
    code, out, _ = cli(capsys, "purge", "--db", db)
    assert SOON.customer_no in out and "--apply" in out
    assert SOON.customer_no in {c["customer_no"] for c in snapshot(db)["customers"]}
    assert cli(capsys, "purge", "--db", db, "--apply")[0] == 0
    assert SOON.customer_no not in {c["customer_no"] for c in snapshot(db)["customers"]}
