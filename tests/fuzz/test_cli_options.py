"""Every option of every command with values a person might type, at the edges and beyond, and noise
(hypothesis): the program answers with exit 0, 1 or 2, never a traceback or an internal error, and a
refusal (1, 2) leaves every file as it was, byte for byte."""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from terminassistent.cli import build_parser
from terminassistent.services.context import fixed_clock
from tests.fuzz.harness import check_run, files_of, fuzz_settings, private_data_folder, run_cli
from tests.fuzz.values import by_placeholder, integers, noise
from tests.services.handmade import LATER, MONDAY, NOW, at, build

CLOCK = fixed_clock(NOW)
DATA = Path(__file__).resolve().parents[1] / "data"

# The files each run finds in its folder; a path option names one of them, a missing one, or noise.
FILES = ["hand.db", "kopie.bak", "leer.db", "müll.db", "ordner", "kunden.csv", "kaputt.csv", "richtlinie.toml",
         "neu.db", "fehlt/neu.db", "ordner/neu.pdf", "neu.pdf", "neu.ics", "hand.db-journal", "ordner/"]
paths = st.one_of(st.sampled_from(FILES), noise.filter(lambda t: t.strip() not in ("", ".")))


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices


COMMANDS = _subcommands()


@pytest.fixture(scope="module")
def start(tmp_path_factory):
    """The handmade caseload with one booking (so that undo has something to take back) and a backup."""
    folder = tmp_path_factory.mktemp("fuzz-start")
    with private_data_folder(folder):
        build(folder / "hand.db").close()
        code, _, err = run_cli(["book", "--db", str(folder / "hand.db"), "--customer", LATER.customer_no,
                                "--start", at(MONDAY, 10).isoformat()], clock=CLOCK)
        assert code == 0, err
        code, _, err = run_cli(["backup", "--db", str(folder / "hand.db"), "--to", str(folder / "kopie.bak")])
        assert code == 0, err
    with sqlite3.connect(folder / "hand.db") as conn:
        records = [str(r[0]) for r in conn.execute("SELECT id FROM appointments UNION SELECT id FROM absences")]
        customers = [r[0] for r in conn.execute("SELECT customer_no FROM customers")]
    conn.close()
    (folder / "leer.db").write_bytes(b"")
    (folder / "müll.db").write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 8)
    (folder / "ordner").mkdir()
    shutil.copy(DATA / "csv" / "good.csv", folder / "kunden.csv")
    shutil.copy(DATA / "csv" / "bad.csv", folder / "kaputt.csv")
    shutil.copy(DATA / "policies_broken" / "overlap.toml", folder / "richtlinie.toml")
    return folder, by_placeholder(customers, records, paths)


# Values that would only make a run slow, not different: a demo of 50,000 customers.
OVERRIDES = {("demo", "--customers"): st.one_of(st.integers(-1, 40).map(str), st.sampled_from(["50001", "1e3"]), noise)}


def options(name: str) -> list[argparse.Action]:
    return [a for a in COMMANDS[name]._actions if not isinstance(a, argparse._HelpAction)]


@st.composite
def command_lines(draw, strategies: dict) -> list[str]:
    """One command with a random choice of its options, each given a drawn value."""
    name = draw(st.sampled_from(sorted(COMMANDS)))
    argv = [name]
    for action in options(name):
        key = (name, action.option_strings[0] if action.option_strings else action.dest)
        value = OVERRIDES[key] if key in OVERRIDES else strategies.get(action.metavar)
        if not action.option_strings:  # a positional file
            argv += draw(st.lists(value, min_size=1, max_size=2 if action.nargs == "+" else 1))
            continue
        if action.option_strings[0] == "--db":
            if draw(st.integers(0, 9)):
                argv += ["--db", "neu.db" if name == "demo" else "hand.db"]
            else:
                argv += ["--db", draw(value)]
            continue
        if not draw(st.integers(0, 9) if action.required else st.booleans()) and not (action.required and
                                                                                        draw(st.booleans())):
            continue  # left out (a required option only now and then: wrong usage)
        option = draw(st.sampled_from(action.option_strings))
        if action.nargs == 0:
            argv.append(option)
            continue
        for item in draw(st.lists(value, min_size=1, max_size=2 if isinstance(action, argparse._AppendAction) else 1)):
            argv += [f"{option}={item}"] if draw(st.booleans()) else [option, item]
    if draw(st.integers(0, 30)) == 0:
        argv.insert(draw(st.integers(1, len(argv))), draw(st.one_of(noise, integers, st.just("--help"))))
    return argv


def test_every_placeholder_has_values():
    known = set(by_placeholder(["K"], ["1"], paths))
    used = {a.metavar for name in COMMANDS for a in options(name) if a.metavar}
    assert used <= known, f"new placeholders without fuzz values: {used - known}"


def test_every_command_answers_any_option_value_with_a_result_or_a_german_refusal(start):
    folder, strategies = start

    @fuzz_settings(ci_examples=400)
    @given(command_lines(strategies))
    def one_run(argv):
        with tempfile.TemporaryDirectory(dir=folder.parent) as scratch, private_data_folder(Path(scratch)) as here:
            for item in folder.iterdir():
                (shutil.copytree if item.is_dir() else shutil.copy2)(item, here / item.name)
            before = files_of(here)
            code, out, err = run_cli(argv, clock=CLOCK)
            check_run("Befehle", argv, code, out, err)
            if code != 0:
                after = files_of(here, before)
                changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
                assert not changed, f"refused (exit {code}), yet changed {changed}: {argv}\n{err}"
            elif not (here / "hand.db").read_bytes().startswith(b"SQLite format 3\x00"):
                assert argv[0] == "encrypt", f"only »encrypt« turns the file into something else: {argv}"
            else:
                with sqlite3.connect(here / "hand.db") as conn:
                    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok", argv
                conn.close()

    one_run()
