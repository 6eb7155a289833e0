"""Each benchmarked operation with its floor, measured in the same run on the same file.

An operation is a function ``(Bench) -> list[Figure]``. The commands run in-process through
``terminassistent.cli.main`` (the interpreter and the imports are warm, as for the floors), their
output to /dev/null; each figure is the best of ``Bench.runs`` runs (one at 10,000 customers and
more), a proposal the median and 95th percentile of 60.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from terminassistent.cli import main as cli
from terminassistent.domain.model import (
    BERLIN, Address, Appointment, Caseworker, ContactKind, Customer, Salutation, Status, TimeRange,
)  # fmt: skip
from terminassistent.services.context import Context, fixed_clock
from terminassistent.services.planning.planner import plan_week
from terminassistent.services.scheduling.proposals import propose_next
from terminassistent.storage import Caseload, rows

from . import floors
from .caseloads import NOW, TODAY

ROOT = Path(__file__).resolve().parents[2]  # the checkout: where ``-m tests.benchmarks.floors`` runs


@dataclass(frozen=True)
class Figure:
    operation: str
    customers: int | None
    program: float  # seconds
    floor: float | None  # seconds; None: there is no floor to compare with
    note: str = ""
    goal: str = ""

    @property
    def ratio(self) -> float | None:
        return self.program / self.floor if self.floor else None


@dataclass
class Bench:
    folder: Path
    customers: int
    db: Path  # the benchmark caseload (tests/benchmarks/caseloads.py)
    runs: int

    def scratch(self, name: str) -> Path:
        """A path for a new file, with nothing (left over) at it."""
        path = self.folder / name
        for leftover in path.parent.glob(path.name + "*"):
            leftover.unlink()
        return path


def best(fn: Callable[[], object], runs: int, before: Callable[[], object] | None = None) -> float:
    """The fastest of ``runs`` runs of ``fn`` in seconds (``before`` runs untimed ahead of each)."""
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def run(*argv: str) -> int:
    """A command of the program, in-process, its output to /dev/null; its exit code."""
    with open(os.devnull, "w") as out, contextlib.redirect_stdout(out):
        return cli(list(argv), clock=fixed_clock(NOW))


def command(*argv: str) -> None:
    """A command that must succeed."""
    code = run(*argv)
    assert code == 0, f"{argv[0]} ended with {code}"


# A child process reports its own peak memory: VmHWM of the process image it runs (the rusage
# maxrss of a child would include the parent's size at the fork).
_PEAK = """
import atexit, runpy, sys
def report():
    peak = next(l for l in open("/proc/self/status") if l.startswith("VmHWM"))
    sys.stderr.write("PEAK " + peak.split()[1] + "\\n")
atexit.register(report)
sys.argv = sys.argv[1:]
runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
"""


def child_peak(module: str, *argv: str) -> float:
    """Peak resident memory (MiB) of ``python -m module argv`` as a child process, output to /dev/null."""
    with open(os.devnull, "w") as out:
        done = subprocess.run([sys.executable, "-c", _PEAK, module, *argv], stdout=out, stderr=subprocess.PIPE,
                              cwd=ROOT, text=True, check=True)
    return int(done.stderr.rsplit("PEAK ", 1)[1].split()[0]) / 1024


# -- the operations ------------------------------------------------------------------------------


def check(b: Bench) -> list[Figure]:
    program = best(lambda: command("check", "--db", str(b.db)), b.runs)
    floor = best(lambda: floors.read_all_rows(b.db), b.runs)
    return [Figure("check", b.customers, program, floor, goal="≤ 3× (< 1 s at 10,000)")]


def export(b: Bench) -> list[Figure]:
    program = best(lambda: command("export", "--db", str(b.db), "--json"), b.runs)
    with open(os.devnull, "w") as out:
        floor = best(lambda: floors.read_and_dump(b.db, out), b.runs)
    memory = child_peak("terminassistent", "export", "--db", str(b.db), "--json")
    floor_memory = child_peak("tests.benchmarks.floors", "export", str(b.db))
    return [Figure("export --json", b.customers, program, floor, goal="≤ 2×, flat memory",
                   note=f"peak {memory:.0f} MiB (floor {floor_memory:.0f} MiB)")]


def write_csv(db: Path, target: Path) -> None:
    """The caseload's customers as an import file (the README's format), each with its last
    Beratungsvermerk as »Letzter Kontakt«."""
    with Caseload.open(db) as caseload:
        last = {c.customer_no: c for c in caseload.contacts() if c.kind is ContactKind.BERATUNG}
        lines = ["Kundennummer;Anrede;Nachname;Vorname;Geburtsdatum;Straße;PLZ;Ort;Status;Profillage;Merkmale;"
                 "Notiz;Letzter Kontakt;Kanal"]
        for c in caseload.customers():
            contact = last.get(c.customer_no)
            address = c.address
            lines.append(";".join((
                c.customer_no, c.salutation.label, c.last_name, c.first_name, f"{c.birth_date:%d.%m.%Y}",
                address.street if address else "", address.postal_code if address else "", address.city if address else "",
                c.status.label, c.profile.label if c.profile else "", "|".join(sorted(f.value for f in c.flags)), c.notes,
                f"{contact.at.astimezone(BERLIN):%d.%m.%Y %H:%M}" if contact else "", contact.channel.label if contact else "",
            )))
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


def import_(b: Bench) -> list[Figure]:
    source = b.folder / f"kunden-{b.customers}.csv"
    write_csv(b.db, source)
    target, bare = b.folder / "import.db", b.folder / "import-floor.db"
    program = best(lambda: command("import", "--db", str(target), str(source)), b.runs, before=lambda: b.scratch(target.name))
    floor = best(lambda: floors.csv_bulk_insert(source, bare), b.runs, before=lambda: b.scratch(bare.name))
    return [Figure("import", b.customers, program, floor, goal="≤ 3×")]


def demo(b: Bench) -> list[Figure]:
    target, bare = b.folder / "demo.db", b.folder / "demo-floor.db"
    argv = ("demo", "--db", str(target), "--customers", str(b.customers), "--today", TODAY.isoformat(), "--seed", "1")
    program = best(lambda: command(*argv), 1, before=lambda: b.scratch(target.name))
    passes = run("check", "--db", str(target)) == 0
    tables = floors.read_tables(target)
    floor = best(lambda: floors.write_tables(tables, bare), 1, before=lambda: b.scratch(bare.name))
    records = sum(len(r) for _, r in tables.values())
    return [Figure("demo --customers N", b.customers, program, floor, goal="< 20 s at 10,000",
                   note=f"{records:,} records; check {'passes' if passes else 'FAILS'}")]


def plan(b: Bench) -> list[Figure]:
    with Caseload.open(b.db) as caseload:
        ctx = Context(caseload, fixed_clock(NOW))
        monday = TODAY + dt.timedelta(days=7 * 4 - TODAY.weekday())  # after the weeks booked full
        planned = plan_week(ctx, monday)
        assert planned.proposed, "the benchmark week must have room"
        program = best(lambda: plan_week(ctx, monday), max(b.runs, 3))
        horizon = ctx.policy().history_horizon(TODAY)
    utc = rows.to_utc_text
    week = (dt.datetime.combine(monday, dt.time(), BERLIN), dt.datetime.combine(monday + dt.timedelta(days=7), dt.time(), BERLIN))
    floor = best(lambda: floors.plan_week_reading(
        b.db, utc(dt.datetime.combine(horizon, dt.time(), BERLIN)), utc(NOW), utc(week[0]), utc(week[1]),
        utc(NOW - dt.timedelta(weeks=26))), max(b.runs, 3))
    return [Figure("plan-week (in-process)", b.customers, program, floor, goal="≤ 3×",
                   note=f"{len(planned.proposed)} planned")]


def proposal(b: Bench) -> list[Figure]:
    with Caseload.open(b.db) as caseload:
        ctx = Context(caseload, fixed_clock(NOW))
        numbers = [c.customer_no for c in caseload.customers()]
        sample = numbers[:: max(1, len(numbers) // 60)][:60]
        propose_next(ctx, sample[0], NOW)  # the policy and settings read once, as in a session
        times = []
        for number in sample:
            start = time.perf_counter()
            propose_next(ctx, number, NOW, count=5)
            times.append(time.perf_counter() - start)
    p95 = statistics.quantiles(times, n=20)[-1]
    return [Figure("one proposal, median", b.customers, statistics.median(times), None, goal="< 5 ms"),
            Figure("one proposal, p95", b.customers, p95, None)]


OPERATIONS: dict[str, Callable[[Bench], list[Figure]]] = {
    "check": check,
    "export": export,
    "import": import_,
    "demo": demo,
    "plan-week": plan,
    "proposal": proposal,
}


# -- the series letter (its own small caseload: 100 customers, each with one booked appointment) ----


def letters_caseload(path: Path, letters: int) -> list[int]:
    caseworker = Caseworker(
        name="Frau Sabine Krüger", office="Jobcenter Musterstadt, Beispielstraße 1, 12345 Musterstadt",
        room="2.14", phone="01234 5678-90", email="sabine.krueger@example.org",
        pattern={d: (TimeRange(dt.time(8), dt.time(16)),) for d in range(5)},
    )
    salutations = tuple(Salutation)
    with Caseload.create(path, caseworker) as caseload:
        customers = [
            Customer(f"{n:03d}A{n:06d}", f"Müller-{n}", f"Jörg-Åsa {n}", dt.date(1980, 1, 1) + dt.timedelta(days=n * 97),
                     Status.ARBEITSLOS, salutation=salutations[n % 3],
                     address=Address(f"Große Straße {n}", "12345", "Musterstadt"))
            for n in range(letters)
        ]
        caseload.add_customers(customers)
        first = dt.date(2026, 11, 30)
        appointments = []
        for n, customer in enumerate(customers):
            day = first + dt.timedelta(days=(n // 8) // 5 * 7 + (n // 8) % 5)
            start = dt.datetime.combine(day, dt.time(8), BERLIN) + dt.timedelta(minutes=60 * (n % 8))
            appointments.append(Appointment(customer.customer_no, start, start + dt.timedelta(minutes=45)))
        return [a.id for a in caseload.add_appointments(appointments)]


def text_runs(pdf: bytes) -> list[list[tuple[float, float, float, bool, str]]]:
    """Per page, every text run of a PDF: (x, y from the top, size in points, bold, text)."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        height = float(page.mediabox.height)
        runs = []

        def visit(text, cm, tm, font, size, runs=runs):
            if text.strip():
                (a, b, _, _, e, f), (A, B, C, D, E, F) = tm, cm
                scale = (a * a + b * b) ** 0.5 * (A * A + B * B) ** 0.5
                bold = "Bold" in str((font or {}).get("/BaseFont", ""))
                runs.append((e * A + f * C + E, height - (e * B + f * D + F), round(size * scale, 1), bold, text.strip()))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


def series_letter(folder: Path, runs: int, letters: int = 100) -> list[Figure]:
    from terminassistent.services.invitations.letters import write_invitations

    db = folder / "letters.db"
    ids = letters_caseload(db, letters)
    target, bare = folder / "serie.pdf", folder / "serie-floor.pdf"
    with Caseload.open(db) as caseload:
        ctx = Context(caseload, fixed_clock(NOW))
        program = best(lambda: write_invitations(ctx, ids, pdf=target, today=dt.date(2026, 11, 21)), runs,
                       before=lambda: target.unlink(missing_ok=True))
    pages = text_runs(target.read_bytes())
    floor = best(lambda: floors.bare_pdf(pages, bare), runs)
    return [Figure(f"series letter, {letters} invitations", None, program, floor, goal="≤ 1.5×",
                   note=f"{len(pages)} pages, {target.stat().st_size / 1024:.0f} KiB (floor {bare.stat().st_size / 1024:.0f} KiB)")]
