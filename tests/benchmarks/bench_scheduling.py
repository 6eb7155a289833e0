"""Benchmark: one proposal, and filling a week, for caseloads of 150, 1,000 and 10,000 customers.

Run on demand (not part of the test suite):  .venv/bin/python -m tests.benchmarks.bench_scheduling
Prints a Markdown table; the figures in README.md come from here.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from terminassistent.services.planning.planner import plan_week
from terminassistent.services.scheduling.proposals import propose_next
from terminassistent.storage import Caseload

from .caseloads import NOW, TODAY, build
from tests.context import ctx

SIZES = (150, 1_000, 10_000)


def timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main(sizes=SIZES) -> None:
    with tempfile.TemporaryDirectory(prefix="ta-bench-") as folder:
        _measure(Path(folder), sizes)


def _measure(folder: Path, sizes) -> None:
    print("| customers | contacts | appointments | build (s) | proposal median (ms) | proposal p95 (ms) | plan-week median (ms) | planned |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in sizes:
        path = folder / f"bench-{size}.db"
        t0 = time.perf_counter()
        build(path, size)
        built = time.perf_counter() - t0
        with Caseload.open(path) as caseload:
            counts = caseload.record_counts()
            customers = [c.customer_no for c in caseload.customers()]
            sample = customers[:: max(1, len(customers) // 60)][:60]
            propose_next(ctx(caseload), sample[0], NOW)  # warm the policy cache
            proposal_times = []
            for number in sample:
                proposal_times += timed(lambda n=number: propose_next(ctx(caseload), n, NOW, count=5), 1)
            # The first week after the booked-full ones: the planner has the whole quota to fill.
            monday = TODAY.fromordinal(TODAY.toordinal() - TODAY.weekday() + 7 * 4)
            plan = plan_week(ctx(caseload, NOW), monday)
            assert plan.proposed, "the benchmark week must have room"
            plan_times = timed(lambda: plan_week(ctx(caseload, NOW), monday), 5)
        p95 = statistics.quantiles(proposal_times, n=20)[-1]
        print(f"| {size:,} | {counts['contacts']:,} | {counts['appointments']:,} | {built:.1f} | "
              f"{statistics.median(proposal_times):.1f} | {p95:.1f} | {statistics.median(plan_times):.0f} | {len(plan.proposed)} |")
        sys.stdout.flush()


if __name__ == "__main__":
    main(tuple(int(a) for a in sys.argv[1:]) or SIZES)
