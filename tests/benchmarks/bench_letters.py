"""Benchmark: 100 invitation letters in one series PDF (goal: under 3 seconds).

Not collected by pytest (the name does not start with test_). Run it from the checkout:

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_letters.py [--letters 100] [--runs 3]

It builds a temporary caseload (one caseworker, N customers, N booked appointments over a fortnight),
then times the whole service call the desktop and ``invite --week`` use: reading the appointments,
composing every letter (legal text choice and miss count included), laying them out and writing
the PDF with QPdfWriter. The first run includes loading Qt and the fonts; the best run is reported.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from terminassistent.domain.model import (
    BERLIN, Address, Appointment, Caseworker, Customer, Salutation, Status, TimeRange,
)
from terminassistent.services.invitations import letters as invitations
from terminassistent.storage import Caseload
from tests.context import ctx

SALUTATIONS = (Salutation.FRAU, Salutation.HERR, Salutation.DIVERS)


def build(path: Path, letters: int) -> list[int]:
    caseworker = Caseworker(
        name="Frau Sabine Krüger", office="Jobcenter Musterstadt, Beispielstraße 1, 12345 Musterstadt",
        room="2.14", phone="01234 5678-90", email="sabine.krueger@example.org",
        pattern={d: (TimeRange(dt.time(8), dt.time(16)),) for d in range(5)},
    )
    with Caseload.create(path, caseworker) as caseload:
        customers = [
            Customer(f"{n:03d}A{n:06d}", f"Müller-{n}", f"Jörg-Åsa {n}", dt.date(1980, 1, 1) + dt.timedelta(days=n * 97),
                     Status.ARBEITSLOS, salutation=SALUTATIONS[n % 3],
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        ids = build(db, args.letters)
        timings = []
        with Caseload.open(db) as caseload:
            for run in range(args.runs):
                target = Path(folder) / f"serie-{run}.pdf"
                began = time.perf_counter()
                invitations.write_invitations(ctx(caseload), ids, pdf=target, today=dt.date(2026, 11, 21))
                timings.append(time.perf_counter() - began)
            size = target.stat().st_size
            began = time.perf_counter()
            invitations.write_invitations(ctx(caseload), ids, ics=Path(folder) / "serie.ics")
            ics_time = time.perf_counter() - began
    best = min(timings)
    print(f"{args.letters} Einladungen in einem Serienbrief-PDF ({size / 1024:.0f} KiB): "
          f"bester Lauf {best:.2f} s, alle Läufe {', '.join(f'{t:.2f}' for t in timings)} s "
          f"({best / args.letters * 1000:.1f} ms je Brief); Kalenderdatei {ics_time:.2f} s")
    return 0 if best < 3.0 else 1


if __name__ == "__main__":
    sys.exit(main())
