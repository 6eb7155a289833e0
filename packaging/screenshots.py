"""Regenerate the README's pictures from a fixed demo caseload (seed 1, Monday 23.11.2026, 10:00):

    xvfb-run -a -s "-screen 0 1680x1050x24" .venv/bin/python packaging/screenshots.py

(without a display it falls back to Qt's offscreen platform). Each picture is the real window or
dialog, driven as a caseworker would drive it:

resources/screenshots/hauptfenster.png     the customer list beside the Kundenakte of the customer of 10:00
resources/screenshots/gespraech.png        "Gespräch abschließen…" as it opens (Strg+Eingabe)
resources/screenshots/druckvorschau.png    the print preview after Enter
resources/screenshots/einladung.png        page 1 of that invitation (needs pdftoppm, poppler-utils)
resources/screenshots/woche.png            Ansicht > Woche (Strg+2) with the week's appointments and quota
resources/screenshots/woche-vorher.png     the week before (Strg+Bild↑): held, missed and excused appointments
resources/screenshots/woche-planen.png     Woche > Woche planen…: the proposals as provisional blocks beside the list
resources/screenshots/nachhaltung.png      Ansicht > Nachhaltung (Strg+3)
resources/screenshots/nachhaltung-quote.png  its last tab: the quota of the last 12 weeks as a chart
resources/screenshots/abwesenheit.png      after Abwesenheit eintragen…: the appointments it hits, each with a new date
resources/screenshots/erster-start.png     the first-start wizard's three ways
resources/screenshots/einstellungen.png    Datei > Einstellungen… (Strg+,), the page Arbeitszeit
resources/screenshots/import-probleme.png  Kunden importieren… on a list with problems
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp()  # no log file in the user's folder

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "screenshots"
NOW = (2026, 11, 23, 10, 0)


def settle(ms: int = 300) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(condition, ms: int = 10000) -> None:
    waited = 0
    while not condition():
        settle(50)
        waited += 50
        if waited > ms:
            raise SystemExit("screenshots: the window did not get there in time")


def main() -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from terminassistent import app
    from terminassistent.domain.model import BERLIN, AppointmentStatus
    from terminassistent.gui.desk import Desk
    from terminassistent.gui.flows import GuiDialogs
    from terminassistent.gui.main_window import MainWindow
    from terminassistent.gui.printing import PrintDialogs
    from terminassistent.services.context import Context, fixed_clock
    from terminassistent.services.demo.build import DemoOptions, create_demo
    from terminassistent.services.invitations.letters import write_invitations
    from terminassistent.storage import Caseload

    OUT.mkdir(parents=True, exist_ok=True)
    qapp = app._application()
    folder = Path(tempfile.mkdtemp())
    now = dt.datetime(*NOW, tzinfo=BERLIN)
    create_demo(folder / "demo.db", DemoOptions(today=now.date(), seed=1))
    with Caseload.open(folder / "demo.db") as caseload:
        ctx = Context(caseload, fixed_clock(now))
        today = [a for a in caseload.appointments(start=now - dt.timedelta(hours=2), end=now,
                                                  statuses=[AppointmentStatus.BOOKED])]
        customer = today[0].customer_no if today else caseload.customers()[0].customer_no
        window = MainWindow(Desk(ctx, watch_ms=0), GuiDialogs(
            ask=lambda *_: True,  # the demo's sample legal texts: "Trotzdem drucken"
            printing=PrintDialogs(choose_printer=lambda p, q: False)))
        window.resize(1600, 900)
        window.show()
        window.reload()
        wait_for(lambda: window.overview is not None)
        window.select_customer(customer)
        wait_for(lambda: window.shown_file() is not None and window.shown_file().customer.customer_no == customer)
        settle()
        window.grab().save(str(OUT / "hauptfenster.png"))

        window.actions["conclude"].trigger()  # Strg+Eingabe
        wait_for(lambda: window.flows.dialog is not None and window.flows.dialog.isVisible())
        dialog = window.flows.dialog
        settle()
        dialog.grab().save(str(OUT / "gespraech.png"))

        QTest.keyClick(dialog.picker.list, Qt.Key.Key_Return)
        wait_for(lambda: window.flows.preview is not None and window.flows.preview.isVisible())
        preview = window.flows.preview
        preview.resize(1000, 900)
        settle(600)
        preview.grab().save(str(OUT / "druckvorschau.png"))
        booked = caseload.appointments(customer_no=customer, statuses=[AppointmentStatus.BOOKED])[-1]
        write_invitations(ctx, [booked.id], pdf=folder / "einladung.pdf")
        preview.reject()
        window.desk.runner.wait()
        settle()
        window.actions["view_week"].trigger()  # Strg+2
        wait_for(lambda: window.week_view.canvas.week is not None)
        settle(600)
        window.grab().save(str(OUT / "woche.png"))
        monday = window.week_view.canvas.week.monday
        window.actions["prev_week"].trigger()  # Strg+Bild↑: the week before, with what became of it
        wait_for(lambda: window.week_view.canvas.week.monday < monday)
        settle(600)
        window.grab().save(str(OUT / "woche-vorher.png"))
        window.actions["today"].trigger()
        plan_picture(window)
        window.actions["view_monitor"].trigger()  # Strg+3
        wait_for(lambda: window.monitor_view.report is not None)
        settle(600)
        window.grab().save(str(OUT / "nachhaltung.png"))
        monitor = window.monitor_view
        monitor.tabs.setCurrentWidget(monitor.pages["quota"])
        settle(600)
        window.grab().save(str(OUT / "nachhaltung-quote.png"))
        window.desk.runner.wait()
        absence_picture(window, now)
        setup_pictures(ctx, folder)
        window.close()
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile",
                    str(folder / "einladung.pdf"), str(OUT / "einladung")], check=True)
    del qapp
    print(f"written to {OUT}: hauptfenster.png, gespraech.png, druckvorschau.png, einladung.png, woche.png, "
          "woche-vorher.png, woche-planen.png, nachhaltung.png, nachhaltung-quote.png, abwesenheit.png, erster-start.png, einstellungen.png, "
          "import-probleme.png")
    return 0


def plan_picture(window) -> None:
    """Woche planen…: the window with the dialog beside the week, as one picture."""
    from PySide6.QtGui import QPainter

    window.actions["plan_week"].trigger()
    wait_for(lambda: window.flows.dialog is not None and window.flows.dialog.plan is not None)
    dialog = window.flows.dialog
    dialog.week.field.setDate(dialog.week.field.date().addDays(7))  # by post, next week is the one to fill
    wait_for(lambda: dialog.plan.monday == dialog.week.monday())
    settle(800)
    picture = window.grab()
    painter = QPainter(picture)
    offset = dialog.frameGeometry().topLeft() - window.frameGeometry().topLeft()
    painter.drawPixmap(offset.x(), offset.y(), dialog.grab())
    painter.end()
    picture.save(str(OUT / "woche-planen.png"))
    dialog.reject()
    settle()


def absence_picture(window, now) -> None:
    """Illness tomorrow: the booked appointments it hits, each with a proposed new date."""
    from terminassistent.domain.model import AbsenceKind
    from terminassistent.gui.rebook_dialog import RebookDialog

    tomorrow = (now + dt.timedelta(days=1)).replace(hour=7, minute=0)
    window.week_flows._record_absence(tomorrow, tomorrow.replace(hour=18), AbsenceKind.KRANKHEIT, "")
    wait_for(lambda: isinstance(window.flows.dialog, RebookDialog) and window.flows.dialog.isVisible())
    settle(600)
    window.flows.dialog.grab().save(str(OUT / "abwesenheit.png"))
    window.flows.dialog.reject()
    settle()


def setup_pictures(ctx, folder: Path) -> None:
    """The wizard, a settings page and the import dialog listing the problems of a bad list."""
    from terminassistent.gui.caseload_setup import FirstStartDialog
    from terminassistent.gui.import_dialog import ImportDialog
    from terminassistent.gui.settings_dialog import SettingsDialog
    from terminassistent.services.caseload_io.import_preview import preview_import
    from terminassistent.services.settings.access import settings_snapshot

    wizard = FirstStartDialog(Path("/home/pmuster/.local/share/terminassistent/caseload.db"))  # as on an office PC
    wizard.show()
    settle()
    wizard.grab().save(str(OUT / "erster-start.png"))
    wizard.close()
    dialog = SettingsDialog(settings_snapshot(ctx.caseload))
    dialog.pages.setCurrentRow(1)  # Arbeitszeit
    dialog.show()
    settle()
    dialog.grab().save(str(OUT / "einstellungen.png"))
    dialog.close()
    bad = folder / "kundenliste.csv"
    bad.write_bytes((ROOT / "tests" / "data" / "csv" / "bad.csv").read_bytes())
    importing = ImportDialog(preview_import(ctx, bad))
    importing.resize(1100, 560)
    importing.show()
    settle()
    importing.grab().save(str(OUT / "import-probleme.png"))
    importing.close()


if __name__ == "__main__":
    sys.exit(main())
