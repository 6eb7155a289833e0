"""Benchmark: Ansicht → Woche in the real window, at 1,000 and 10,000 customers.

Run on demand (not part of the test suite):
    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.benchmarks.bench_week [SIZES…]

Measures, each until the week is read and painted: switching from the customer list to the week
(Strg+2; the open invitation chain beside it arrives after the week, timed apart), and paging from
week to week (Vorige Woche, then Nächste Woche, through weeks of the caseload's history). The floor,
measured in the same run, is the simplest code doing the same reading and drawing: one SQL query
for the week's appointments with their customers' names and one for its absences, and a bare
widget painting one rectangle with two lines of text per appointment.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from .caseloads import NOW, build  # noqa: E402

SIZES = (1_000, 10_000)
PAGES = 8  # weeks paged back, then as many forward
SWITCHES = 5


def _process_until(app, condition, limit_s: float = 60.0) -> None:
    """Run the window's event loop until ``condition`` holds, looking every millisecond (a busy
    loop would hold Python's lock and slow the worker thread it waits for)."""
    from PySide6.QtCore import QEventLoop, QTimer

    end = time.perf_counter() + limit_s
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(1)

    def look() -> None:
        if condition() or time.perf_counter() > end:
            loop.quit()

    timer.timeout.connect(look)
    if condition():
        return
    timer.start()
    loop.exec()
    timer.stop()
    if not condition():
        raise SystemExit("bench_week: the window did not get there in time")


def _settle(app) -> None:
    """Let the window finish what is pending (the update a repaint already did), outside the time."""
    for _ in range(5):
        app.processEvents()


def _floor(app, path: Path, monday: dt.date) -> float:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QWidget

    start = time.perf_counter()
    conn = sqlite3.connect(path)
    lo = dt.datetime.combine(monday, dt.time(0), dt.timezone.utc).isoformat()
    hi = dt.datetime.combine(monday + dt.timedelta(days=7), dt.time(0), dt.timezone.utc).isoformat()
    rows = conn.execute("SELECT a.start_utc, a.end_utc, a.status, c.last_name, c.first_name FROM appointments a "
                        "JOIN customers c USING (customer_no) WHERE a.start_utc >= ? AND a.start_utc < ? "
                        "ORDER BY a.start_utc", (lo, hi)).fetchall()
    conn.execute("SELECT * FROM absences WHERE start_utc < ? AND end_utc > ?", (hi, lo)).fetchall()
    conn.close()

    class Bare(QWidget):
        def paintEvent(self, _event) -> None:  # noqa: N802
            painter = QPainter(self)
            for n, (begin, end, status, last, first) in enumerate(rows):
                rect = QRectF(50 + (n % 5) * 200, 40 + (n // 5) * 20, 190, 18)
                painter.drawRect(rect)
                painter.drawText(rect, 0, f"{begin[11:16]}–{end[11:16]} {last}, {first}")
                painter.drawText(rect.adjusted(0, 9, 0, 0), 0, status)
            painter.end()

    widget = Bare()
    widget.resize(1200, 700)
    widget.grab()  # paints
    return time.perf_counter() - start


def measure(path: Path) -> dict[str, float]:
    """Median seconds of switching and paging and of their floor, and the open chain's."""
    from PySide6.QtWidgets import QApplication

    from terminassistent.gui.desk import Desk
    from terminassistent.gui.flows import GuiDialogs
    from terminassistent.gui.main_window import MainWindow
    from terminassistent.services.context import Context, fixed_clock
    from terminassistent.storage import Caseload

    app = QApplication.instance() or QApplication([])
    figures: dict[str, list[float]] = {"switch": [], "page": [], "floor": [], "chain": [], "entries": []}
    with Caseload.open(path) as caseload:
        window = MainWindow(Desk(Context(caseload, fixed_clock(NOW)), watch_ms=0), GuiDialogs())
        window.resize(1400, 800)
        window.show()
        window.reload()
        _process_until(app, lambda: window.overview is not None, 600)
        view = window.week_view
        shown = []
        view.refreshed.connect(lambda: shown.append(True))
        for _ in range(SWITCHES):
            window.actions["view_customers"].trigger()
            app.processEvents()
            shown.clear()
            view.chain.links = None
            start = time.perf_counter()
            window.actions["view_week"].trigger()
            _process_until(app, lambda: bool(shown))
            view.canvas.repaint()
            figures["switch"].append(time.perf_counter() - start)
            _process_until(app, lambda: view.chain.links is not None)
            figures["chain"].append(time.perf_counter() - start)
            _settle(app)
        for step in [-7] * PAGES + [7] * PAGES:
            shown.clear()
            start = time.perf_counter()
            view.go(step)
            _process_until(app, lambda: bool(shown))
            view.canvas.repaint()
            figures["page"].append(time.perf_counter() - start)
            _settle(app)
            figures["entries"].append(len(view.canvas.week.entries))
            figures["floor"].append(_floor(app, path, view.canvas.week.monday))
        window.desk.runner.wait()
        window.close()
    return {k: statistics.median(v) for k, v in figures.items() if v}


def main(sizes=SIZES) -> None:
    print("| customers | Strg+2 → week drawn (ms) | paging a week (ms) | floor (ms) | ratio | appointments a week "
          "| open chain beside it (ms) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory(prefix="ta-bench-week-") as folder:
        for size in sizes:
            path = build(Path(folder) / f"bench-{size}.db", size)
            f = measure(path)
            ms = {k: v * 1000 for k, v in f.items() if k != "entries"}
            print(f"| {size:,} | {ms['switch']:.0f} | {ms['page']:.0f} | {ms['floor']:.1f} | "
                  f"{ms['page'] / ms['floor']:.1f}× | {f['entries']:.0f} | {ms['chain']:.0f} |")
            sys.stdout.flush()


if __name__ == "__main__":
    main(tuple(int(a) for a in sys.argv[1:]) or SIZES)
