"""The desktop's own figures, measured on each benchmark caseload: the start until the table shows
every customer (usable: shown and searchable) and until every due state is filled in, beside the
floor (a bare QTableView over the same customer rows, read with sqlite3); peak memory; the longest
the GUI thread was blocked while the due states came in; sorting and searching.

``desktop_start`` is the hook the benchmark command calls with the path of each caseload. Program
and floor each run in a fresh child process (``python -m tests.benchmarks.desktop program|floor
DB``), timed from the child's first line (imports included) and reporting their own peak memory.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

_BEGAN = time.perf_counter()

ROOT = Path(__file__).resolve().parents[2]
TICK_MS = 10  # a timer on the GUI thread: the longest gap between its ticks is the longest freeze


def _peak_mib() -> float:
    peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM"))
    return int(peak.split()[1]) / 1024


def _process_until(app, condition, limit_s: float = 600.0) -> None:
    end = time.perf_counter() + limit_s
    while not condition():
        app.processEvents()
        time.sleep(0.002)  # as an idle event loop would: the worker thread gets the interpreter lock
        if time.perf_counter() > end:
            raise SystemExit("benchmark: the window did not get there in time")


class _Ticks:
    """The longest gap between two ticks of a 10 ms timer on the GUI thread (from ``start`` on)."""

    def __init__(self):
        from PySide6.QtCore import QTimer

        self.last, self.longest = None, 0.0
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)

    def start(self) -> None:
        self.last = time.perf_counter()
        self.timer.start()

    def tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now


def program(db: Path) -> dict[str, float]:
    """The real window on the caseload: until usable, until every due state is in; then sorting
    and searching (the slowest keystroke of a typed name)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from terminassistent.gui.customer_table import NAME_COLUMN
    from terminassistent.gui.desk import Desk
    from terminassistent.gui.flows import GuiDialogs
    from terminassistent.gui.main_window import MainWindow
    from terminassistent.services.context import Context, fixed_clock
    from terminassistent.storage import Caseload

    from .caseloads import NOW

    app = QApplication.instance() or QApplication([])
    ticks = _Ticks()
    caseload = Caseload.open(db)
    window = MainWindow(Desk(Context(caseload, fixed_clock(NOW)), watch_ms=0), GuiDialogs())
    window.resize(1400, 800)
    window.show()
    window.reload()
    _process_until(app, lambda: window.overview is not None)
    app.processEvents()
    usable = time.perf_counter() - _BEGAN
    peak_usable = _peak_mib()
    ticks.start()
    model = window.model
    _process_until(app, lambda: not window.runner.busy and all(r.assessed for r in model.rows()))
    app.processEvents()
    filled = time.perf_counter() - _BEGAN
    freeze = ticks.longest
    ticks.timer.stop()
    table = window.ui.customerTable
    start = time.perf_counter()
    table.sortByColumn(NAME_COLUMN, Qt.SortOrder.DescendingOrder)
    app.processEvents()
    sort = time.perf_counter() - start
    table.sortByColumn(NAME_COLUMN, Qt.SortOrder.AscendingOrder)
    name = window.model.row_at(window.model.rowCount() // 2).display_name
    keystrokes = []
    for n in range(1, len(name) + 1):
        start = time.perf_counter()
        window.ui.searchField.setText(name[:n])
        app.processEvents()
        keystrokes.append(time.perf_counter() - start)
    assert window.proxy.rowCount() >= 1
    window.desk.runner.wait()
    window.close()
    caseload.close()
    return {"usable": usable, "filled": filled, "freeze": freeze, "sort": sort, "keystroke": max(keystrokes),
            "peak": _peak_mib(), "peak_usable": peak_usable}


def floor(db: Path) -> dict[str, float]:
    """A bare QTableView over the customers' rows as sqlite3 reads them, eleven columns."""
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QApplication, QTableView

    class Bare(QAbstractTableModel):
        def __init__(self, rows):
            super().__init__()
            self.rows = rows

        def rowCount(self, parent=QModelIndex()):  # noqa: N802
            return len(self.rows)

        def columnCount(self, parent=QModelIndex()):  # noqa: N802
            return 11

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            if role == Qt.ItemDataRole.DisplayRole:
                return str(self.rows[index.row()][index.column()])
            return None

    app = QApplication.instance() or QApplication([])
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT last_name || ', ' || first_name, customer_no, status, profile, flags, birth_date, "
                        "street, postal_code, city, notes, cooperation_plan FROM customers "
                        "WHERE left_on IS NULL ORDER BY last_name, first_name, customer_no").fetchall()
    conn.close()
    view = QTableView()
    view.setModel(Bare(rows))
    view.resize(1400, 800)
    view.show()
    app.processEvents()
    return {"usable": time.perf_counter() - _BEGAN, "peak": _peak_mib()}


def _child(which: str, db: Path) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-m", "tests.benchmarks.desktop", which, str(db)], cwd=ROOT, check=True,
                          capture_output=True, text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    return json.loads(done.stdout.strip().splitlines()[-1])


def _compiled() -> None:
    """The program's modules as bytecode, as an installed program starts (pip and the bundle compile
    them; the floor's PySide6 is compiled by pip): where PYTHONDONTWRITEBYTECODE is set, as on the
    build machines, a child would otherwise compile 90 modules from source at every start."""
    import compileall

    import terminassistent

    compileall.compile_dir(Path(terminassistent.__file__).parent, quiet=1)


def desktop_start(db: Path) -> list:
    from .operations import Figure

    _compiled()
    p, f = _child("program", db), _child("floor", db)
    return [
        Figure("desktop: start, table usable", None, p["usable"], f["usable"], goal="< 3 s at 100,000",
               note=f"peak {p['peak_usable']:.0f} MiB by then"),
        Figure("desktop: start, every due state in", None, p["filled"], f["usable"],
               goal="≤ 2× at 1,000, ≤ 3× at 10,000",
               note=f"peak {p['peak']:.0f} MiB (floor {f['peak']:.0f} MiB; goal < 300 at 100,000); "
                    f"GUI blocked ≤ {p['freeze'] * 1000:.0f} ms while filling"),
        Figure("desktop: sort by name", None, p["sort"], None, goal="< 100 ms"),
        Figure("desktop: search, slowest keystroke", None, p["keystroke"], None, goal="< 100 ms"),
    ]


if __name__ == "__main__":
    run = {"program": program, "floor": floor}[sys.argv[1]]
    print(json.dumps(run(Path(sys.argv[2]))))
