"""Regression tests, each named after a defect of issue 13 that it keeps fixed."""

import datetime as dt
import logging
import signal
import stat
import subprocess
import sys
import time

import pytest

from terminassistent import logfile
from terminassistent.storage import Caseload
from terminassistent.storage.database import backup_path
from tests.cli.helpers import run, snapshot
from tests.services.handmade import NOW, SOON, build

CLOCK = lambda: NOW  # noqa: E731


@pytest.fixture
def db(tmp_path):
    build(tmp_path / "hand.db").close()
    return tmp_path / "hand.db"


@pytest.fixture
def log_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "daten"))
    logger = logging.getLogger("terminassistent")
    saved = logger.handlers[:]
    logger.handlers.clear()
    yield tmp_path / "daten" / "terminassistent"
    for handler in logger.handlers:
        handler.close()
    logger.handlers[:] = saved


@pytest.mark.parametrize("args, option", [
    (["book", "--customer", SOON.customer_no, "--start", "0001-01-01T00:00:00+00:00"], "--start"),
    (["plan-week", "--week", "0001-W01"], "--week"),
    (["plan-week", "--week", "9999-W52"], "--week"),
    (["absence", "--add", "--from", "2027-01-01", "--until", "9999-12-31"], "--until"),
    (["outcome", "--appointment", "999999999999999999999999999999", "--status", "held"], "--appointment"),
    (["monitor", "--on", "0001-01-01"], "--on"),
    (["conclude", "--customer", SOON.customer_no, "--at", "0001-01-01T00:00:00+00:00"], "--at"),
    (["settings", "--hours", "1e-300"], "--hours"),
])
def test_out_of_range_option_values_are_refused_naming_the_option(capsys, db, args, option):
    before = snapshot(db)
    code, _, err = run(capsys, args[0], "--db", db, *args[1:], clock=CLOCK)
    assert code == 1 and f"{option}:" in err and "interner Fehler" not in err
    assert snapshot(db) == before


def test_due_with_far_dates_is_refused_naming_the_option(capsys):
    code, _, err = run(capsys, "due", "--policy", "aa90-jba", "--birth-date", "1990-01-01", "--status", "arbeitslos",
                       "--last-contact", "9999-12-31", "--on", "9999-12-31")
    assert code == 1 and "--last-contact:" in err


def test_policy_check_refuses_deep_nesting_without_a_stack_trace_in_the_log(capsys, tmp_path, log_dir):
    deep = tmp_path / "tief.toml"
    deep.write_text("a = " + "[" * 1000 + "]" * 1000 + "\n", encoding="utf-8")
    code, _, err = run(capsys, "policy-check", deep)
    assert code == 1 and "zu tief verschachtelt" in err
    log = log_dir / "terminassistent.log"
    assert not log.exists() or "RecursionError" not in log.read_text(encoding="utf-8")


def test_log_files_stay_owner_only_through_rotation(log_dir):
    logfile.setup_logging()
    handler = logging.getLogger("terminassistent").handlers[0]
    handler.maxBytes = 200
    for n in range(30):
        logging.getLogger("terminassistent").info("Eintrag %d %s", n, "x" * 40)
    files = sorted(log_dir.glob("terminassistent.log*"))
    assert len(files) == 3, "the log and its two rotated copies"
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files), [oct(p.stat().st_mode) for p in files]


def test_a_failed_import_into_a_new_file_leaves_no_file(tmp_path):
    rows = ["Kundennummer;Nachname;Vorname;Geburtsdatum;Status"]
    rows += [f"{n:06d}X;Muster;Max;01.01.1980;arbeitslos" for n in range(40_000)]
    source = tmp_path / "gross.csv"
    source.write_text("\n".join(rows), encoding="utf-8")
    target = tmp_path / "neu.db"
    script = ("import sys; from terminassistent.cli import main; sys.exit(main(sys.argv[1:]))")
    process = subprocess.Popen([sys.executable, "-c", script, "import", "--db", str(target), str(source)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".neu.db.import-*")) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(0.2)  # well inside the writing of 40,000 customers
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the import ended before it could be killed"
    assert not target.exists(), "a killed import into a new file must leave no caseload behind"
    # the next import cleans up what the killed one left and succeeds
    small = tmp_path / "klein.csv"
    small.write_text("\n".join(rows[:3]), encoding="utf-8")
    assert subprocess.run([sys.executable, "-c", script, "import", "--db", str(target), str(small)]).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith((".neu", "neu"))) == ["neu.db"]
    with Caseload.open(target) as caseload:
        assert caseload.customer_count() == 2


def test_backup_names_never_clash_when_a_migration_is_retried_within_the_same_second(tmp_path):
    from tests.storage.test_migrations import first_schema_file

    path = tmp_path / "alt.db"
    first_schema_file(path)
    taken = backup_path(path, 1, dt.datetime.now())
    taken.write_bytes(b"the backup of a migration tried a moment ago")
    for moment in (0, 1):  # whichever second the migration falls in
        backup_path(path, 1, dt.datetime.now() + dt.timedelta(seconds=moment)).touch(exist_ok=True)
    with Caseload.open(path) as caseload:
        made = caseload.backup_before_migration
    assert made.exists() and made.read_bytes().startswith(b"SQLite format 3")
    assert taken.read_bytes() == b"the backup of a migration tried a moment ago"


def test_the_rollback_journal_of_a_killed_import_into_a_new_file_is_cleaned_up_too(tmp_path):
    gone = 4_194_399  # above Linux's largest pid: no such process
    for suffix in (".tmp", ".tmp-journal"):
        (tmp_path / f".neu.db.import-{gone}{suffix}").write_bytes(b"left by a killed import")
    (tmp_path / f".neu.db.import-{gone + 1}.tmp-journal").write_bytes(b"its file already gone")
    small = tmp_path / "klein.csv"
    small.write_text("Kundennummer;Nachname;Vorname;Geburtsdatum;Status\n1X;Muster;Max;01.01.1980;arbeitslos",
                     encoding="utf-8")
    script = "import sys; from terminassistent.cli import main; sys.exit(main(sys.argv[1:]))"
    assert subprocess.run([sys.executable, "-c", script, "import", "--db", str(tmp_path / "neu.db"), str(small)],
                          stdout=subprocess.DEVNULL).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir() if "neu" in p.name) == ["neu.db"]
