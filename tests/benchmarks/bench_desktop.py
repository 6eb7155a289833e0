"""Benchmark: the moment the program exists for, in the real window, at 1,000 and 10,000 customers.

Run on demand (not part of the test suite):
    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.benchmarks.bench_desktop [SIZES…]

For 20 customers spread over the caseload: from Strg+Eingabe to the conclusion dialog shown with
its proposals, and from Enter (booking) to the print preview shown with the letter. Each is
measured beside its floor in the same run: the simplest code doing the same reading and drawing
(plain SQL reads of the customer's contacts and the calendar of the window, a bare dialog with a
list of five entries; one INSERT and a bare print preview painting one page of text).
"""

from __future__ import annotations

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
SAMPLE = 20


def _process_until(app, condition, limit_s: float = 20.0) -> None:
    end = time.perf_counter() + limit_s
    while not condition():
        app.processEvents()
        if time.perf_counter() > end:
            raise SystemExit("bench_desktop: the window did not get there in time")


def _floor_dialog(app, path: Path, customer_no: str) -> float:
    from PySide6.QtWidgets import QDialog, QListWidget, QVBoxLayout

    start = time.perf_counter()
    conn = sqlite3.connect(path)
    contacts = conn.execute("SELECT * FROM contacts WHERE customer_no = ? ORDER BY at_utc", (customer_no,)).fetchall()
    calendar = conn.execute("SELECT * FROM appointments WHERE start_utc >= ? ORDER BY start_utc LIMIT 400",
                            (NOW.isoformat(),)).fetchall()
    conn.close()
    dialog = QDialog()
    layout = QVBoxLayout(dialog)
    items = QListWidget()
    items.addItems([f"Vorschlag {n} ({len(contacts)} Kontakte, {len(calendar)} Termine)" for n in range(5)])
    layout.addWidget(items)
    dialog.show()
    _process_until(app, dialog.isVisible)
    took = time.perf_counter() - start
    dialog.close()
    return took


def _floor_preview(app, path: Path, customer_no: str) -> float:
    from PySide6.QtGui import QPainter
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    start = time.perf_counter()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO appointments (customer_no, start_utc, end_utc, kind, channel, status) "
                 "VALUES (?, '2030-01-02T08:00:00+00:00', '2030-01-02T08:45:00+00:00', 'folgegespraech', "
                 "'persoenlich', 'booked')", (customer_no,))
    conn.commit()
    conn.close()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # must outlive the dialog (Qt keeps a pointer)
    preview = QPrintPreviewDialog(printer)
    painted = []

    def paint(printer):
        painter = QPainter(printer)
        for n in range(40):
            painter.drawText(200, 200 + n * 120, f"Einladung für {customer_no}, Zeile {n}")
        painter.end()
        painted.append(True)

    preview.paintRequested.connect(paint)
    preview.open()
    _process_until(app, lambda: painted and preview.isVisible())
    took = time.perf_counter() - start
    preview.close()
    return took


def measure(path: Path) -> dict[str, float]:
    """Median seconds of the program's two steps and their floors, on a caseload file."""
    from PySide6.QtWidgets import QApplication

    from terminassistent.gui.conclude_dialog import ConcludeDialog
    from terminassistent.gui.desk import Desk
    from terminassistent.gui.flows import GuiDialogs
    from terminassistent.gui.main_window import MainWindow
    from terminassistent.gui.printing import PrintDialogs
    from terminassistent.services.context import Context, fixed_clock
    from terminassistent.storage import Caseload

    app = QApplication.instance() or QApplication([])
    figures: dict[str, list[float]] = {"dialog": [], "preview": [], "dialog_floor": [], "preview_floor": []}
    with Caseload.open(path) as caseload:
        numbers = [c.customer_no for c in caseload.customers()]
        sample = numbers[:: max(1, len(numbers) // SAMPLE)][:SAMPLE]
        window = MainWindow(Desk(Context(caseload, fixed_clock(NOW)), watch_ms=0),
                            GuiDialogs(printing=PrintDialogs(choose_printer=lambda parent, printer: False)))
        # the question before printing on sample legal texts comes once a day: answered before today's first
        window.flows.samples_accepted_on = NOW.date()
        window.resize(1400, 800)
        window.show()
        window.reload()
        _process_until(app, lambda: window.overview is not None, 600)
        for number in sample:
            window.select_customer(number)
            _process_until(app, lambda: window.shown_file() is not None
                           and window.shown_file().customer.customer_no == number)
            start = time.perf_counter()
            window.actions["conclude"].trigger()
            _process_until(app, lambda: isinstance(window.flows.dialog, ConcludeDialog)
                           and window.flows.dialog.isVisible())
            figures["dialog"].append(time.perf_counter() - start)
            dialog = window.flows.dialog
            if dialog.picker.list.count() == 0:
                dialog.reject()
                continue
            start = time.perf_counter()
            dialog.book_button.click()
            _process_until(app, lambda: window.flows.preview is not None and window.flows.preview.isVisible())
            figures["preview"].append(time.perf_counter() - start)
            window.flows.preview.reject()
            _process_until(app, lambda: window.flows.preview is None)
            figures["dialog_floor"].append(_floor_dialog(app, path, number))
            figures["preview_floor"].append(_floor_preview(app, path, number))
        window.desk.runner.wait()
        window.close()
    return {k: statistics.median(v) for k, v in figures.items() if v}


def main(sizes=SIZES) -> None:
    print("| customers | Strg+Eingabe → dialog (ms) | floor (ms) | ratio | Enter → preview (ms) | floor (ms) | ratio |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory(prefix="ta-bench-desktop-") as folder:
        for size in sizes:
            path = build(Path(folder) / f"bench-{size}.db", size)
            f = measure(path)
            ms = {k: v * 1000 for k, v in f.items()}
            print(f"| {size:,} | {ms['dialog']:.0f} | {ms['dialog_floor']:.0f} | {ms['dialog'] / ms['dialog_floor']:.1f}× "
                  f"| {ms['preview']:.0f} | {ms['preview_floor']:.0f} | {ms['preview'] / ms['preview_floor']:.1f}× |")
            sys.stdout.flush()


if __name__ == "__main__":
    main(tuple(int(a) for a in sys.argv[1:]) or SIZES)
