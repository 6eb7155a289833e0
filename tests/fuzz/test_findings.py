"""Each defect the fuzzing found, as a test named after it: a German refusal (exit 1) naming the
option, nothing changed."""

from pathlib import Path

import pytest

from tests.cli.helpers import run, snapshot
from tests.services.handmade import NOW, SOON, build

CLOCK = lambda: NOW  # noqa: E731


@pytest.fixture
def db(tmp_path):
    build(tmp_path / "hand.db").close()
    return tmp_path / "hand.db"


@pytest.mark.parametrize("args, option", [
    (["history", "--customer", "\udc80"], "--customer"),  # the byte 0x80 typed in a terminal set to Latin-1
    (["settings", "--name=M\udcfcller"], "--name"),
    (["leave", "--customer", SOON.customer_no, "--reason", "Umzug \udce4"], "--reason"),
])
def test_a_value_not_written_in_utf8_is_refused_naming_the_option(capsys, db, args, option):
    """Was: an internal error (exit 3) when the bytes reached SQLite or the terminal."""
    before = snapshot(db)
    code, out, err = run(capsys, args[0], "--db", db, *args[1:], clock=CLOCK)
    assert code == 1 and err.startswith(f"terminassistent: {option}: »") and "nicht in UTF-8" in err
    assert "\ufffd" in err and "\udc80" not in err + out
    assert snapshot(db) == before


@pytest.mark.parametrize("args", [
    ["history", "--customer=--"],
    ["book", f"--customer={SOON.customer_no}", "--start=--"],
    ["book", f"--customer={SOON.customer_no}", "--start=1.12.2026 10:00", "--purpose=--"],
])
def test_two_dashes_given_as_a_value_are_refused_as_that_value(capsys, db, args):
    """Was: an internal error (exit 3): Python 3.11's argparse turns »--option=--« into an empty list."""
    before = snapshot(db)
    code, _, err = run(capsys, args[0], "--db", db, *args[1:], clock=CLOCK)
    assert code == 1 and "»--«" in err and "interner Fehler" not in err, err
    assert snapshot(db) == before


@pytest.mark.parametrize("option, name", [("--pdf", "hand.db"), ("--ics", "hand.db"), ("--pdf", "./hand.db"),
                                          ("--ics", "hand.db-wal")])
def test_a_letter_is_never_written_over_the_caseload_itself(capsys, db, monkeypatch, option, name):
    """Was: »invite --pdf hand.db« wrote the letter over the caseload file, exit 0: the caseload was gone."""
    monkeypatch.chdir(db.parent)
    before = snapshot(db)
    appointment = before["appointments"][0]["id"]
    code, _, err = run(capsys, "invite", "--db", db, "--appointment", appointment, option, name, clock=CLOCK)
    assert code == 1 and f"»{Path(name)}« ist die Bestandsdatei selbst" in err
    assert snapshot(db) == before


@pytest.mark.parametrize("args", [
    ["conclude", "--customer", "A-overdue", "--deviation-date", "2025-01-01"],  # refused: no reason given
    ["monitor"],
    ["history"],
])
def test_a_refused_or_reading_command_leaves_the_file_byte_for_byte(capsys, db, args):
    """Was: closing the caseload refreshed SQLite's query statistics (PRAGMA optimize) inside the file
    even when the command was refused or only read."""
    before = db.read_bytes()
    code, _, err = run(capsys, args[0], "--db", db, *args[1:], clock=CLOCK)
    assert code in (0, 1) and "interner Fehler" not in err
    assert db.read_bytes() == before
