"""The long fuzz run: ``python -m tests.fuzz [--examples N] [-k AUSWAHL]`` (default 10,000 examples per
test) runs tests/fuzz with that many examples and prints how many inputs each test tried and how the
program answered (exit 0 done, 1 refused, 2 wrong usage)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument("--examples", type=int, default=10_000, help="examples per test (default 10000)")
    parser.add_argument("-k", default="", help="only the tests whose name contains this (pytest -k)")
    args = parser.parse_args()
    os.environ["TA_FUZZ_EXAMPLES"] = str(args.examples)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import pytest

    from tests.fuzz.harness import TALLY

    started = time.monotonic()
    pytest_args = [str(Path(__file__).parent), "-q", "-p", "no:cacheprovider", "-o", "timeout=0"]
    code = pytest.main(pytest_args + (["-k", args.k] if args.k else []))
    print(f"\nFuzz-Lauf mit höchstens {args.examples} Beispielen je Test, {time.monotonic() - started:.0f} s:")
    total = 0
    for kind, counts in sorted(TALLY.items()):
        runs = sum(counts.values())
        total += runs
        spread = ", ".join(f"Exit {c}: {n}" for c, n in sorted(counts.items()))
        print(f"  {kind}: {runs} Eingaben ({spread})")
    print(f"  zusammen: {total} Eingaben; {'alle bestanden' if code == 0 else 'FEHLER, siehe oben'}")
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
