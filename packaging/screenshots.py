"""Regenerate the README's pictures from a fixed demo caseload (seed 1, 23.11.2026):

    .venv/bin/python packaging/screenshots.py

resources/screenshots/hauptfenster.png   the main window (offscreen grab)
resources/screenshots/einladung.png      page 1 of an invitation letter (needs pdftoppm, poppler-utils)
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp()  # no log file in the user's folder

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "screenshots"
TODAY = dt.date(2026, 11, 23)


def main() -> int:
    from PySide6.QtCore import QEventLoop, QTimer

    from terminassistent import app
    from terminassistent.domain.model import AppointmentStatus, BERLIN
    from terminassistent.gui.main_window import MainWindow
    from terminassistent.services.demo.build import DemoOptions, create_demo
    from terminassistent.services.invitations.letters import write_invitations
    from terminassistent.services.monitoring.overview import caseload_overview
    from terminassistent.storage import Caseload

    OUT.mkdir(parents=True, exist_ok=True)
    qapp = app._application()
    folder = Path(tempfile.mkdtemp())
    create_demo(folder / "demo.db", DemoOptions(today=TODAY, seed=1))
    with Caseload.open(folder / "demo.db") as caseload:
        window = MainWindow(lambda: caseload_overview(caseload, TODAY))
        window.resize(1600, 800)
        window.show()
        loop = QEventLoop()
        window.loaded.connect(loop.quit)
        window.reload()
        loop.exec()
        QTimer.singleShot(150, loop.quit)
        loop.exec()
        window.grab().save(str(OUT / "hauptfenster.png"))
        window.runner.wait()
        start = dt.datetime.combine(TODAY + dt.timedelta(days=8), dt.time(0), tzinfo=BERLIN)
        first = caseload.appointments(start=start, statuses=[AppointmentStatus.BOOKED])[0]
        write_invitations(caseload, [first.id], pdf=folder / "einladung.pdf", today=TODAY)
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile",
                    str(folder / "einladung.pdf"), str(OUT / "einladung")], check=True)
    del qapp
    print(f"written: {OUT / 'hauptfenster.png'}, {OUT / 'einladung.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
