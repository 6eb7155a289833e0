"""Each defect the fuzzing found, as a test named after it: a German refusal (exit 1) naming the
option, nothing changed."""

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
