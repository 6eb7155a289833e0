"""The desktop's composition root: Qt application, caseload, main window. Nothing here is global;
everything a window needs is handed to it.

Which caseload opens:
- ``--db PATH``: that file; a missing, foreign, damaged, newer or busy file is refused with a
  German message box and exit code 1 (nothing is created or changed).
- ``--demo``: a fresh demo caseload in a private temporary folder, deleted on exit.
- neither: the default database in the user's data folder. If it does not exist yet, nothing is
  created silently: a message explains how to make one (``terminassistent import`` from the
  office's CSV list, or try the program with ``--demo``) and offers to open a demo caseload now.
  An empty caseload is not offered: the desktop cannot fill one yet (no import dialog, no
  caseworker settings dialog), so it would only be a dead end and a stray file.

Exit codes as on the command line: 0 normal end, 1 refused (no caseload opened), 3 internal error.
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from terminassistent import __version__
from terminassistent.logfile import setup_logging

if TYPE_CHECKING:  # Qt is imported only when the desktop really starts
    from terminassistent.gui.dialogs import Ask, ShowError
    from terminassistent.gui.printing import PrintDialogs
    from terminassistent.services.context import Clock, Context
    from terminassistent.storage import Caseload

EXIT_OK, EXIT_REFUSED, EXIT_INTERNAL = 0, 1, 3


@dataclass(frozen=True)
class Dialogs:
    """The message boxes run_desktop may show (Dangerzone style: tests pass their own)."""

    show_error: ShowError
    ask: Ask
    printing: PrintDialogs | None = None  # print and file dialogs (None: the system's)

    @classmethod
    def standard(cls) -> "Dialogs":
        from terminassistent.gui.dialogs import ask_box, show_error_box

        return cls(show_error_box, ask_box)


def run_desktop(db: str | None, demo: bool, *, dialogs: Dialogs | None = None, clock: Clock | None = None) -> int:
    """Open the main window on a caseload and run until it is closed; returns the exit code."""
    setup_logging()
    app = _application()
    from terminassistent.gui.dialogs import install_excepthook
    from terminassistent.gui.worker import failure_from

    from terminassistent.storage.database import AlreadyOpen

    dialogs = dialogs or Dialogs.standard()
    with contextlib.ExitStack() as cleanup:
        try:
            caseload = _open_caseload(db, demo, dialogs, cleanup)
        except AlreadyOpen as exc:
            _offer_the_other_window(exc.path, dialogs)
            return EXIT_REFUSED
        except Exception as exc:  # noqa: BLE001 - UserError: its message; anything else: logged
            failure = failure_from(exc, "das Öffnen des Bestands")
            dialogs.show_error(None, "Bestand kann nicht geöffnet werden", failure.message)
            return EXIT_INTERNAL if failure.internal else EXIT_REFUSED
        if caseload is None:
            return EXIT_REFUSED
        cleanup.callback(caseload.close)
        cleanup.callback(setattr, sys, "excepthook", sys.excepthook)  # restored on the way out
        install_excepthook(dialogs.show_error)
        from terminassistent.services.context import Context, system_clock

        return _run_main_window(app, Context(caseload, clock or system_clock), dialogs)


def _run_main_window(app, ctx: Context, dialogs: Dialogs) -> int:
    from terminassistent.gui.desk import Desk
    from terminassistent.gui.flows import GuiDialogs
    from terminassistent.gui.main_window import MainWindow
    from terminassistent.gui.single_window import WindowBeacon

    printing = {"printing": dialogs.printing} if dialogs.printing else {}
    desk = Desk(ctx, show_error=dialogs.show_error)
    window = MainWindow(desk, GuiDialogs(dialogs.show_error, dialogs.ask, **printing))
    beacon = WindowBeacon(ctx.caseload.path, window)
    _fit_to_screen(window)
    window.show()
    window.reload()
    try:
        return app.exec()
    finally:
        beacon.close()
        desk.stop()
        desk.runner.wait()  # no task may still use the caseload when it is closed
        window.deleteLater()


def _fit_to_screen(window) -> None:
    """Most of the screen (all columns visible on a 1920-pixel office screen), never more than it."""
    screen = window.screen() or None
    if screen is None:
        return
    area = screen.availableGeometry()
    width, height = min(1600, int(area.width() * 0.95)), min(900, int(area.height() * 0.9))
    window.resize(width, height)
    window.move(area.x() + (area.width() - width) // 2, area.y() + (area.height() - height) // 2)


def _application():
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Terminassistent")
    app.setOrganizationName("Terminassistent")
    app.setApplicationVersion(__version__)
    german = QLocale(QLocale.Language.German, QLocale.Country.Germany)
    QLocale.setDefault(german)
    if app.findChild(QTranslator, "qtbase_de") is None:  # Qt's own texts (context menus, …) in German
        translator = QTranslator(app)
        translator.setObjectName("qtbase_de")
        if translator.load(german, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(translator)
    return app


def _open_caseload(db: str | None, demo: bool, dialogs: Dialogs, cleanup: contextlib.ExitStack) -> Caseload | None:
    """The open Caseload, or None when the user chose not to open one."""
    from terminassistent.paths import default_database

    if demo:
        return _open_demo(cleanup)
    if db is not None:
        return _open_for_window(Path(db), cleanup)
    path = default_database()
    if path.exists():
        return _open_for_window(path, cleanup)
    if dialogs.ask(None, "Noch kein Bestand", first_start_message(path), "Demo-Bestand öffnen", "Beenden"):
        return _open_demo(cleanup)
    return None


def _open_for_window(path: Path, cleanup: contextlib.ExitStack) -> Caseload:
    """The caseload, with this window's claim on the file (one window per file; commands beside it
    need no claim). The claim is given back after the caseload is closed."""
    from terminassistent.storage import Caseload
    from terminassistent.storage.database import WindowLock, precheck

    precheck(path)
    lock = WindowLock(path)
    lock.acquire()
    cleanup.callback(lock.release)  # registered first: runs after the caseload is closed
    from terminassistent.gui.unlock import install  # an encrypted file: its passphrase from keyring or dialog

    install()
    return Caseload.open(path)


def _offer_the_other_window(path: Path, dialogs: Dialogs) -> None:
    """Tell the user the file is open in another window; bring that one forward if they want."""
    from terminassistent.gui.single_window import bring_forward

    message = (f"Der Bestand »{path}« ist schon in einem anderen Terminassistent-Fenster geöffnet. "
               "Bitte arbeiten Sie dort weiter; dieses zweite Fenster wird nicht geöffnet.")
    if dialogs.ask(None, "Bestand schon geöffnet", message, "Anderes Fenster nach vorn holen", "Beenden"):
        bring_forward(path)


def first_start_message(path: Path) -> str:
    return (
        f"Es gibt noch keinen Bestand. Terminassistent sucht ihn in\n{path}\n\n"
        "So legen Sie ihn an:\n"
        f"• Ihre Kundenliste (CSV-Datei) einlesen:\n   terminassistent import --db \"{path}\" DATEI.csv\n"
        "• oder das Programm mit erfundenen Daten ausprobieren:\n   terminassistent --demo\n\n"
        "Möchten Sie jetzt einen Demo-Bestand öffnen? Er wird nur vorübergehend angelegt und beim "
        "Beenden wieder gelöscht; Ihr Bestand bleibt unberührt."
    )


def _open_demo(cleanup: contextlib.ExitStack) -> Caseload:
    """A fresh demo caseload in a private (0700) temporary folder that is deleted on exit."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from terminassistent.services.context import berlin_today
    from terminassistent.services.demo.build import DemoOptions, create_demo  # import late: optional at start-up
    from terminassistent.storage import Caseload

    folder = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix="terminassistent-demo-")))
    path = folder / "demo.db"
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        create_demo(path, DemoOptions(today=berlin_today()))
    finally:
        QApplication.restoreOverrideCursor()
    return Caseload.open(path)
