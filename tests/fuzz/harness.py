"""What every fuzz test shares: a private data folder, one command line run in-process, the checks
every run must pass, and the tally ``python -m tests.fuzz`` prints.

The number of examples per test is ``TA_FUZZ_EXAMPLES`` (default: a few hundred, what CI runs);
``python -m tests.fuzz --examples 10000`` runs the long form.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from collections import Counter, defaultdict
from pathlib import Path

from hypothesis import HealthCheck, settings

from terminassistent.cli import main

EXAMPLES = int(os.environ.get("TA_FUZZ_EXAMPLES", "0") or 0)

# The long run finds things the short one does not; print the seed of a failure so it can be replayed.
TALLY: dict[str, Counter] = defaultdict(Counter)


def fuzz_settings(ci_examples: int):
    """Hypothesis settings: ``ci_examples`` in the suite, ``TA_FUZZ_EXAMPLES`` when set."""
    return settings(max_examples=EXAMPLES or ci_examples, deadline=None, print_blob=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                           HealthCheck.function_scoped_fixture, HealthCheck.data_too_large])


@contextlib.contextmanager
def private_data_folder(folder: Path):
    """Logs, daily backups and the window's default file go to ``folder``, never to the user's own."""
    saved = {k: os.environ.get(k) for k in ("XDG_DATA_HOME", "APPDATA", "HOME")}
    cwd = Path.cwd()
    folder.mkdir(parents=True, exist_ok=True)
    os.environ.update(XDG_DATA_HOME=str(folder / "daten"), APPDATA=str(folder / "daten"), HOME=str(folder))
    os.chdir(folder)  # a relative file name given as an option lands here
    ring = _no_keyring()  # »encrypt« never writes into the user's own keyring
    try:
        yield folder
    finally:
        os.chdir(cwd)
        if ring is not None:
            import keyring

            keyring.set_keyring(ring)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _no_keyring():
    """Put a keyring that stores nothing in place; returns the one it replaced (None without keyring)."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    return previous


def run_cli(argv: list[str], clock=None) -> tuple[int, str, str]:
    """``terminassistent ARGV`` in this process: exit code, stdout, stderr (argparse's exits included)."""
    # encoded as a terminal's would be: stdout strict UTF-8, stderr replacing what it cannot write
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", newline="\n")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace", newline="\n")
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv, clock=clock)
        except SystemExit as exit_:  # argparse: 2 for wrong usage, 0 for --help
            code = exit_.code if isinstance(exit_.code, int) else 2
    return code, _text(out), _text(err)


def _text(stream: io.TextIOWrapper) -> str:
    stream.flush()
    return stream.buffer.getvalue().decode("utf-8")


def check_run(kind: str, argv: list[str], code: int, out: str, err: str) -> None:
    """What every run must show: exit 0, 1 or 2 and never a traceback or an internal error."""
    TALLY[kind][code] += 1
    shown = f"terminassistent {' '.join(repr(a) for a in argv)}\nexit {code}\nstderr: {err[-2000:]}"
    assert code in (0, 1, 2), shown
    assert "Traceback" not in out + err and "interner Fehler" not in err, shown
    if code in (1, 2):
        assert err.strip(), f"a refusal without a word: {shown}"


def files_of(folder: Path, before: dict[str, bytes] | None = None) -> dict[str, bytes]:
    """Every file under ``folder`` by its relative name, with its bytes; the private data folder
    (log, window's file) and the daily copies (taken at a command's start, refused or not) left out.

    A caseload file in rollback-journal mode (a backup opened with --db) is switched to WAL when
    it is opened, which rewrites three header fields: such a file counts by its SQL content (also
    in the state ``after`` it, given ``before``)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_file() and not name.startswith(("daten/", "Sicherungen/")):
            data = path.read_bytes()
            rollback_mode = data[:16] == b"SQLite format 3\x00" and data[18:20] == b"\x01\x01"
            was_content = before is not None and before.get(name, b"").startswith(_CONTENT)
            found[name] = _content(path) if rollback_mode or was_content else data
    return found


_CONTENT = b"SQL-Inhalt:"


def _content(path: Path) -> bytes:
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return _CONTENT + "\n".join(conn.iterdump()).encode()
    except sqlite3.Error:
        return path.read_bytes()
    finally:
        conn.close()


def fresh_copy(template: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / template.name
    shutil.copyfile(template, target)
    return target
