"""SIGKILL during writing commands, at a random SQL statement or a random moment, then check the file.

Each run forks this process (the program is imported once), runs one command line in the child
with the program's clock fixed, and kills the child: either the child kills itself just before its
N-th SQL statement (counted over all its connections), or the parent kills it after a random delay.
Then the caseload must be exactly as before the command or exactly as after a complete run (each
action all or nothing; everything confirmed before is still there), SQLite's integrity check must
pass and ``check`` must find nothing. Seeded: a failure names the seed, scenario and kill point.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from terminassistent.services.context import fixed_clock
from terminassistent.storage import Caseload
from tests.robustness.scenarios import NOW, Scenario, state


@dataclass(frozen=True)
class Reference:
    before: dict | None
    after: dict | None
    statements: int
    seconds: float


@dataclass
class Tally:
    kills: int = 0  # runs that were really killed (not finished first)
    finished: int = 0  # runs that ended before the kill came
    unchanged: int = 0  # killed runs that left the state before the command
    complete: int = 0  # killed runs that left the complete new state (killed after the commit)
    by_scenario: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


def _child(args: list[str], kill_at: int | None, count_file: Path | None) -> None:
    """In the forked child: run the command (stdout and stderr to /dev/null) and exit."""
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    code = 99
    try:
        statements = [0]
        connect = sqlite3.connect

        def counting_connect(*a, **kw):
            conn = connect(*a, **kw)

            def trace(_sql):
                statements[0] += 1
                if kill_at is not None and statements[0] >= kill_at:
                    os.kill(os.getpid(), signal.SIGKILL)
            conn.set_trace_callback(trace)
            return conn

        sqlite3.connect = counting_connect
        from terminassistent.cli import main

        code = main(args, clock=fixed_clock(NOW))
        if count_file is not None:
            count_file.write_text(f"{statements[0]} {code}")
    finally:
        os._exit(code)


def _fork(args: list[str], kill_at: int | None = None, count_file: Path | None = None) -> int:
    pid = os.fork()
    if pid == 0:
        _child(args, kill_at, count_file)
    return pid


def _place(scenario: Scenario, folder: Path) -> Path:
    db = folder / "bestand.db"
    if scenario.start is not None:
        shutil.copy(scenario.start, db)
    return db


def reference(scenario: Scenario, work: Path) -> Reference:
    """A complete run: the state it leaves, its SQL statements and how long it takes."""
    folder = Path(tempfile.mkdtemp(dir=work))
    db = _place(scenario, folder)
    before = state(db)
    counted = folder / "statements"
    started = time.monotonic()
    _, status = os.waitpid(_fork(scenario.args(db), count_file=counted), 0)
    seconds = time.monotonic() - started
    statements, code = map(int, counted.read_text().split())
    if code != 0:
        raise AssertionError(f"{scenario.name}: the complete run ended with exit code {code}")
    after = state(db)
    shutil.rmtree(folder)
    return Reference(before, after, statements, seconds)


def kill_once(scenario: Scenario, ref: Reference, rng: random.Random, work: Path, tally: Tally, label: str) -> None:
    folder = Path(tempfile.mkdtemp(dir=work))
    try:
        db = _place(scenario, folder)
        if rng.random() < 0.5:
            point = rng.randint(1, ref.statements)
            where = f"vor SQL-Anweisung {point} von {ref.statements}"
            pid = _fork(scenario.args(db), kill_at=point)
        else:
            delay = rng.uniform(0, ref.seconds * 1.1)
            where = f"nach {delay * 1000:.1f} ms"
            pid = _fork(scenario.args(db))
            time.sleep(delay)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        _, status = os.waitpid(pid, 0)
        if not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
            tally.finished += 1
            return
        tally.kills += 1
        tally.by_scenario[scenario.name] = tally.by_scenario.get(scenario.name, 0) + 1
        problem = _problem(db, ref, tally)
        if problem:
            tally.failures.append(f"{label} {scenario.name}, Abbruch {where}: {problem}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _problem(db: Path, ref: Reference, tally: Tally) -> str | None:
    found = state(db)
    if found != ref.before and found != ref.after:
        return "der Bestand ist weder der vorherige noch der vollständige neue Stand"
    if found == ref.before:
        tally.unchanged += 1
    else:
        tally.complete += 1
    if found is None:
        return None
    with Caseload.open(db) as caseload:
        problems = caseload.integrity_problems()
    return "; ".join(problems) or None


def run_kills(scenarios: list[Scenario], count: int, seed: int, work: Path) -> Tally:
    """At least ``count`` kills, spread evenly over the scenarios, in a seeded order."""
    rng = random.Random(seed)
    refs = {s.name: reference(s, work) for s in scenarios}
    tally = Tally()
    attempts = 0
    while tally.kills < count and attempts < count * 3:
        scenario = scenarios[attempts % len(scenarios)]
        attempts += 1
        kill_once(scenario, refs[scenario.name], rng, work, tally, f"[seed {seed}, Lauf {attempts}]")
    return tally
