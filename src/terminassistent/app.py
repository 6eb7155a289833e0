"""The desktop's composition root: Qt application, caseload, main window. Nothing here is global;
everything a window needs is handed to it.

Which caseload opens:
- ``--db PATH``: that file; a missing, foreign, damaged, newer or busy file is refused with a
  German message box and exit code 1 (nothing is created or changed).
- ``--demo``: a fresh demo caseload in a private temporary folder, deleted on exit.
- neither: the default database in the user's data folder. If it does not exist yet, nothing is
  created silently: the first-start wizard (gui/caseload_setup.py) offers a new, empty caseload,
  the office's CSV list (a new caseload, then Kunden importieren… at once) or the demo.
- later, Datei > Neuer Bestand… / Bestand öffnen… close the window with the next caseload to open.

Exit codes as on the command line: 0 normal end, 1 refused (no caseload opened), 3 internal error.
"""

from __future__ import annotations

import contextlib
import dataclasses
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from terminassistent import __version__
from terminassistent.logfile import setup_logging

if TYPE_CHECKING:  # Qt is imported only when the desktop really starts
    from terminassistent.gui.caseload_flows import OpenRequest
    from terminassistent.gui.caseload_setup import FirstStart
    from terminassistent.gui.dialogs import Ask, OpenFile, ShowError
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
    first_start: FirstStart | None = None  # the first-start wizard (None: the real one, modal)
    open_file: OpenFile | None = None  # the file chooser (None: the system's)

    @classmethod
    def standard(cls) -> "Dialogs":
        from terminassistent.gui.dialogs import ask_box, show_error_box

        return cls(show_error_box, ask_box)


def run_desktop(db: str | None, demo: bool, *, dialogs: Dialogs | None = None, clock: Clock | None = None) -> int:
    """Open the main window on a caseload and run until it is closed; returns the exit code.
    A window closed for another caseload (Neuer Bestand…, Bestand öffnen…) is followed by one on
    that caseload; if it cannot be opened, the user is told why and the previous one opens again."""
    setup_logging()
    app = _application()

    dialogs = dialogs or Dialogs.standard()
    request = _first_request(db, demo, dialogs)
    previous: OpenRequest | None = None
    code = EXIT_REFUSED
    while request is not None:
        code, following = _run_on(app, request, dialogs, clock)
        if following is None and code != EXIT_OK and previous is not None:
            request, previous = previous, None  # the new one could not be opened: back to the last
            continue
        previous, request = dataclasses.replace(request, then_import=False), following  # imported once
    return code


def _first_request(db: str | None, demo: bool, dialogs: Dialogs) -> OpenRequest | None:
    from terminassistent.gui.caseload_flows import OpenRequest
    from terminassistent.paths import default_database

    if demo:
        return OpenRequest(demo=True)
    if db is not None:
        return OpenRequest(Path(db))
    path = default_database()
    if path.exists():
        return OpenRequest(path)
    return (dialogs.first_start or _first_start_wizard)(path)


def _first_start_wizard(path: Path) -> OpenRequest | None:
    from terminassistent.gui.caseload_setup import FirstStartDialog

    wizard = FirstStartDialog(path)
    wizard.exec()
    return wizard.request


def _run_on(app, request: OpenRequest, dialogs: Dialogs, clock: Clock | None) -> tuple[int, OpenRequest | None]:
    """One window on one caseload: the exit code and the caseload to open next, if any."""
    from terminassistent.gui.dialogs import install_excepthook
    from terminassistent.gui.worker import failure_from
    from terminassistent.storage.database import AlreadyOpen

    with contextlib.ExitStack() as cleanup:
        try:
            caseload = _open_demo(cleanup) if request.demo else _open_for_window(request.path, cleanup)
        except AlreadyOpen as exc:
            _offer_the_other_window(exc.path, dialogs)
            return EXIT_REFUSED, None
        except Exception as exc:  # noqa: BLE001 - UserError: its message; anything else: logged
            failure = failure_from(exc, "das Öffnen des Bestands")
            dialogs.show_error(None, "Bestand kann nicht geöffnet werden", failure.message)
            return (EXIT_INTERNAL if failure.internal else EXIT_REFUSED), None
        cleanup.callback(caseload.close)
        cleanup.callback(setattr, sys, "excepthook", sys.excepthook)  # restored on the way out
        install_excepthook(dialogs.show_error)
        from terminassistent.services.context import Context, system_clock

        return _run_main_window(app, Context(caseload, clock or system_clock), dialogs, request.then_import)


def _run_main_window(app, ctx: Context, dialogs: Dialogs, then_import: bool = False) -> tuple[int, OpenRequest | None]:
    from PySide6.QtCore import QTimer

    from terminassistent.gui.desk import Desk
    from terminassistent.gui.flows import GuiDialogs
    from terminassistent.gui.main_window import MainWindow
    from terminassistent.gui.single_window import WindowBeacon

    printing = {"printing": dialogs.printing} if dialogs.printing else {}
    if dialogs.open_file:
        printing["open_file"] = dialogs.open_file
    desk = Desk(ctx, show_error=dialogs.show_error)
    window = MainWindow(desk, GuiDialogs(dialogs.show_error, dialogs.ask, **printing))
    beacon = WindowBeacon(ctx.caseload.path, window)
    _fit_to_screen(window)
    window.show()
    window.reload()
    if then_import:
        QTimer.singleShot(0, window.actions["import"].trigger)
    try:
        return app.exec(), window.next_caseload
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
