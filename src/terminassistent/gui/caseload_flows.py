"""Datei > Neuer Bestand…, Bestand öffnen… and Einstellungen… (Strg+,).

Another caseload replaces the one in the window: the window closes with an ``OpenRequest`` and the
desktop's start (app.py) opens the next caseload in a new window; if that fails, the previous one
opens again and the user is told why. The settings go through ``change_settings``: all changes of
one "OK" in one transaction (one undo step), a refusal marks its fields in the open dialog.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from terminassistent.gui.worker import TaskFailure
from terminassistent.paths import user_data_dir
from terminassistent.services.settings.access import settings_snapshot

# The dialogs (the settings, a new caseload) are imported when first opened: the window starts
# with the list, not with every dialog it can open.
if TYPE_CHECKING:
    from terminassistent.gui.main_window import MainWindow
    from terminassistent.gui.settings_dialog import SettingsDialog, SettingsRequest
    from terminassistent.gui.settings_fields import PickPath

CASELOAD_FILTER = "Terminassistent-Bestände (*.db);;Alle Dateien (*)"


@dataclass(frozen=True)
class OpenRequest:
    """Which caseload the window should show next: a file, or a fresh demo; ``then_import``: open
    Kunden importieren… at once (the first-start wizard's second way, gui/caseload_setup.py)."""

    path: Path | None = None
    demo: bool = False
    then_import: bool = False


class CaseloadFlows:
    def __init__(self, window: MainWindow, pick: PickPath | None = None):
        self.window = window
        self.desk = window.desk
        self.pick = pick  # the settings dialog's "Auswählen…" (None: the system's; tests pass their own)
        self.settings_dialog: SettingsDialog | None = None
        a = window.actions
        a["settings"].triggered.connect(self.open_settings)
        a["new_caseload"].triggered.connect(self.new_caseload)
        a["open_caseload"].triggered.connect(self.open_caseload)

    # -- settings -------------------------------------------------------------------------------

    def open_settings(self) -> None:
        from terminassistent.gui.settings_dialog import SettingsDialog
        from terminassistent.gui.settings_fields import pick_path_dialog

        def show(snapshot) -> None:
            dialog = SettingsDialog(snapshot, self.window, pick=self.pick or pick_path_dialog)
            dialog.submitted.connect(lambda request: self._save(dialog, request))
            dialog.finished.connect(lambda _r: setattr(self, "settings_dialog", None))
            self.settings_dialog = dialog
            self.window.flows._open(dialog)

        self.desk.query(lambda ctx: settings_snapshot(ctx.caseload), show, what="das Lesen der Einstellungen",
                        parent=self.window)

    def _save(self, dialog: SettingsDialog, request: SettingsRequest) -> None:
        from terminassistent.services.settings.caseworker import change_settings

        expected = dialog.snapshot.caseworker

        dialog.ok_button.setEnabled(False)  # a second OK would be refused as stale by the first

        def saved(result) -> None:
            dialog.finish()
            self.window.statusBar().showMessage("Einstellungen gespeichert.", 8000)

        def refused(failure: TaskFailure) -> None:
            dialog.ok_button.setEnabled(True)
            if failure.fields:
                dialog.show_problems(failure.fields)
            else:
                self.window.dialogs.show_error(dialog, "Einstellungen nicht gespeichert", failure.message)
                if failure.stale:
                    dialog.reject()

        self.desk.op(lambda ctx: change_settings(ctx, request.changes, request.pattern_days, settings=request.settings,
                                                 expected=expected),
                     saved, what="das Speichern der Einstellungen", initiator=self.window, failed=refused)

    # -- another caseload -----------------------------------------------------------------------

    def new_caseload(self) -> None:
        path = self.window.dialogs.printing.save_file(self.window, "Neuer Bestand: Datei wählen",
                                                      str(user_data_dir() / "neuer-bestand.db"), CASELOAD_FILTER)
        if path is None:
            return
        path = path if path.suffix else path.with_suffix(".db")
        from terminassistent.gui.caseload_setup import NewCaseloadDialog  # when first opened

        dialog = NewCaseloadDialog(path, self.window)
        dialog.created.connect(lambda created: self.switch(OpenRequest(created)))
        self.window.flows._open(dialog)

    def open_caseload(self) -> None:
        path = self.window.dialogs.open_file(self.window, "Bestand öffnen", CASELOAD_FILTER)
        if path is None:
            return
        from terminassistent.services.caseload_io.check import check_caseload_file

        if Path(path).resolve() == self.desk.ctx.caseload.path.resolve():
            self.window.statusBar().showMessage("Dieser Bestand ist schon geöffnet.", 8000)
            return
        self.desk.query(lambda _ctx: check_caseload_file(Path(path)), lambda _ok: self.switch(OpenRequest(Path(path))),
                        what="das Prüfen des Bestands", parent=self.window)

    def switch(self, request: OpenRequest) -> None:
        """Close this window; the desktop opens ``request`` next."""
        self.window.next_caseload = request
        self.window.close()
