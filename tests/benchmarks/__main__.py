"""The benchmark command: every operation of the program beside its floor, at several caseload sizes.

    .venv/bin/python -m tests.benchmarks                       # 150, 1,000 and 10,000 customers
    .venv/bin/python -m tests.benchmarks 100000                # other sizes (100,000 on request)
    .venv/bin/python -m tests.benchmarks --only check,export 1000

Run from the checkout, on demand (never in the test suite; it takes minutes). It builds each
caseload with tests/benchmarks/caseloads.py in a temporary folder, measures every operation and
its floor (tests/benchmarks/floors.py) in the same run, and prints one Markdown table: the
program's time, the floor's, their ratio and the goal. The series letter does not depend on the
caseload's size and runs once.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
import time
from pathlib import Path

from .caseloads import build
from .desktop import desktop_start
from .operations import OPERATIONS, Bench, Figure, series_letter

SIZES = (150, 1_000, 10_000)
LETTERS = "letters"
DESKTOP = "desktop"


def shown(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def row(figure: Figure) -> str:
    ratio = "–" if figure.ratio is None else f"{figure.ratio:.1f}×"
    size = "–" if figure.customers is None else f"{figure.customers:,}"
    return (f"| {figure.operation} | {size} | {shown(figure.program)} | {shown(figure.floor)} | {ratio} | "
            f"{figure.goal} | {figure.note} |")


def main(argv: list[str] | None = None) -> int:
    names = [*OPERATIONS, LETTERS, DESKTOP]
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=list(SIZES), help="caseload sizes (customers)")
    parser.add_argument("--only", default=",".join(names), help=f"operations, comma-separated ({', '.join(names)})")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure below 10,000 customers (best counts)")
    args = parser.parse_args(argv)
    wanted = args.only.split(",")
    unknown = set(wanted) - set(names)
    if unknown:
        parser.error(f"unknown operations: {', '.join(sorted(unknown))}")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    print("| operation | customers | program | floor | ratio | goal | note |")
    print("| --- | ---: | ---: | ---: | ---: | --- | --- |")
    with tempfile.TemporaryDirectory(prefix="ta-bench-") as folder:
        if LETTERS in wanted:
            emit(series_letter(Path(folder), args.runs))
        for size in args.sizes if set(wanted) - {LETTERS} else ():
            db = Path(folder) / f"bench-{size}.db"
            began = time.perf_counter()
            build(db, size)
            print(f"<!-- {size:,} customers built in {time.perf_counter() - began:.1f} s -->", file=sys.stderr)
            bench = Bench(Path(folder), size, db, args.runs if size < 10_000 else 1)
            for name in wanted:
                if name in OPERATIONS:
                    emit(OPERATIONS[name](bench))
            if DESKTOP in wanted:
                emit(dataclasses.replace(f, customers=f.customers or size) for f in desktop_start(db))
            db.unlink()
    return 0


def emit(figures) -> None:
    for figure in figures:
        print(row(figure), flush=True)


if __name__ == "__main__":
    sys.exit(main())
