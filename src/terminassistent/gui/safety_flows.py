"""Bearbeiten > Rückgängig / Wiederherstellen and Datei > Sicherung erstellen… / wiederherstellen…

Undo and redo take back or repeat the last user action as a whole, through the journal services
(services/journal/undo.py); the menu names the action ("Rückgängig: Gespräch mit … abschließen")
and is refreshed after every change. Undoing a booking whose letter or calendar file already went
out says so and offers the calendar file that cancels it. Backups go through services/backup/.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget,
)  # fmt: skip

from terminassistent.services.backup.copies import Backup, backups, create_backup, folder
from terminassistent.services.backup.restore import restore_backup
from terminassistent.services.journal.undo import SentInvitation, menu_labels, redo, undo

if TYPE_CHECKING:
    from terminassistent.gui.main_window import MainWindow


class BackupDialog(QDialog):
    """Where the copy goes: the backup folder (old copies thinned out) or a place the user picks."""

    def __init__(self, where: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Sicherung erstellen")
        self.choice: str | None = None  # "folder" or "elsewhere"
        layout = QVBoxLayout(self)
        text = QLabel(f"Eine vollständige Kopie Ihres Bestands, lesbar nur für Sie.\n\nSicherungsordner: »{where}« "
                      "(dort werden ältere Sicherungen ausgedünnt). An einem anderen Ort, etwa auf einem "
                      "Dienst-USB-Stick, bleibt die Kopie, bis Sie sie löschen.")
        text.setWordWrap(True)
        layout.addWidget(text)
        buttons = QDialogButtonBox()
        self.to_folder = buttons.addButton("In den Sicherungsordner", QDialogButtonBox.ButtonRole.AcceptRole)
        self.elsewhere = buttons.addButton("An einen anderen Ort…", QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton("Abbrechen", QDialogButtonBox.ButtonRole.RejectRole)
        self.to_folder.setDefault(True)
        self.to_folder.clicked.connect(lambda: self._choose("folder"))
        self.elsewhere.clicked.connect(lambda: self._choose("elsewhere"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()


class RestoreDialog(QDialog):
    """The copies in the backup folder, newest first, or another file; the current state is
    backed up before anything is replaced."""

    def __init__(self, found: Sequence[Backup], where: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Sicherung wiederherstellen")
        self.chosen: Path | None = None
        self.other = False
        layout = QVBoxLayout(self)
        intro = QLabel(f"Sicherungen in »{where}«, die neueste zuerst. Der jetzige Stand wird vorher gesichert; "
                       "Sie können also auch das Wiederherstellen zurücknehmen.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        for backup in sorted(found, key=lambda b: b.created, reverse=True):
            item = QListWidgetItem(backup.line())
            item.setData(Qt.ItemDataRole.UserRole, str(backup.path))
            self.list.addItem(item)
        if not found:
            self.list.addItem("Im Sicherungsordner liegt noch keine Sicherung.")
            self.list.setEnabled(False)
        else:
            self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self._restore())
        layout.addWidget(self.list)
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton("Wiederherstellen", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(bool(found))
        self.restore_button.setDefault(True)
        other: QPushButton = buttons.addButton("Andere Datei…", QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton("Abbrechen", QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.clicked.connect(self._restore)
        other.clicked.connect(self._other)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.list.setFocus()

    def _restore(self) -> None:
        item = self.list.currentItem()
        if item is None or item.data(Qt.ItemDataRole.UserRole) is None:
            return
        self.chosen = Path(item.data(Qt.ItemDataRole.UserRole))
        self.accept()

    def _other(self) -> None:
        self.other = True
        self.accept()


class SafetyFlows:
    def __init__(self, window: MainWindow):
        self.window = window
        self.desk = window.desk
        a = window.actions
        a["undo"].triggered.connect(lambda: self._step(undo, "das Rückgängigmachen"))
        a["redo"].triggered.connect(lambda: self._step(redo, "das Wiederherstellen"))
        a["backup"].triggered.connect(self.create_backup)
        a["restore"].triggered.connect(self.restore)
        a["export"].triggered.connect(self.export)
        a["import"].triggered.connect(self.import_customers)
        self.desk.changes_applied.connect(lambda *_: self.refresh_labels())
        for key in ("undo", "redo"):
            a[key].setEnabled(False)

    # -- undo and redo ------------------------------------------------------------------------

    def refresh_labels(self) -> None:
        """Name the action Rückgängig and Wiederherstellen would take back or repeat."""

        def shown(labels) -> None:
            a = self.window.actions
            a["undo"].setText(labels.undo)
            a["undo"].setEnabled(labels.undo_enabled)
            a["redo"].setText(labels.redo)
            a["redo"].setEnabled(labels.redo_enabled)

        self.desk.query(lambda ctx: menu_labels(ctx.caseload), shown, what="das Lesen der Änderungshistorie",
                        failed=lambda _f: None)

    def _step(self, work, what: str) -> None:
        self.window.actions["undo"].setEnabled(False)  # no second Strg+Z while the first runs
        self.window.actions["redo"].setEnabled(False)
        self.desk.op(work, self._stepped, what=what, initiator=self.window, failed=lambda _f: self.refresh_labels())

    def _stepped(self, result) -> None:
        self.window.statusBar().showMessage(result.summary(), 10000)
        self.refresh_labels()
        if result.sent:
            self._offer_cancellation(result.sent)

    def _offer_cancellation(self, sent: tuple[SentInvitation, ...]) -> None:
        text = "\n\n".join(s.sentence() for s in sent)
        if not any(s.calendar for s in sent):
            self.window.dialogs.show_error(self.window, "Einladung bereits ausgegeben", text)
            return
        if not self.window.dialogs.ask(self.window, "Einladung bereits ausgegeben",
                                       text + "\n\nMöchten Sie jetzt die Kalenderdatei mit der Absage speichern?",
                                       "Absage speichern…", "Später"):
            return
        path = self.window.dialogs.printing.save_file(self.window, "Kalenderdatei mit Absage speichern",
                                                      "absage.ics", "Kalenderdateien (*.ics)")
        if path is None:
            return
        path = path if path.suffix.lower() == ".ics" else path.with_suffix(".ics")
        cancelled = [(s.cancellation, s.customer) for s in sent if s.calendar]
        from terminassistent.services.invitations.letters import write_cancellation_calendar  # when first needed

        self.desk.query(lambda ctx: write_cancellation_calendar(ctx, cancelled, path),
                        lambda written: self.window.statusBar().showMessage(f"Absage gespeichert: {written}", 10000),
                        what="das Speichern der Absage", parent=self.window)

    # -- import -------------------------------------------------------------------------------

    def import_customers(self) -> None:
        source = self.window.dialogs.open_file(self.window, "Kunden importieren: CSV-Datei wählen",
                                               "CSV-Dateien (*.csv *.txt);;Alle Dateien (*)")
        if source is None:
            return
        from terminassistent.gui.import_dialog import ImportDialog  # (and the importer) when first needed
        from terminassistent.services.caseload_io.import_preview import preview_import

        def previewed(preview) -> None:
            dialog = ImportDialog(preview, self.window)
            dialog.accepted.connect(lambda: self._import(preview))
            self.window.flows._open(dialog)

        self.desk.query(lambda ctx: preview_import(ctx, source), previewed, what="das Lesen der CSV-Datei",
                        parent=self.window)

    def _import(self, preview) -> None:
        from terminassistent.services.caseload_io.import_preview import import_previewed

        def imported(result) -> None:
            if result.customers:
                self.window.pending_selection = result.customers[0]

            def say() -> None:
                self.window.loaded.disconnect(say)
                if result.customers:
                    self.window.select_customer(result.customers[0])
                self.window.statusBar().showMessage(
                    f"{len(result.customers)} Kunden und {result.contacts} Kontakte aus »{preview.source.name}« "
                    "importiert.", 15000)

            self.window.loaded.connect(say)
            self.window.reload()

        self.desk.op(lambda ctx: import_previewed(ctx, preview), imported, what="das Importieren der Kunden",
                     initiator=self.window, parent=self.window)

    # -- export -------------------------------------------------------------------------------

    def export(self) -> None:
        """The whole caseload as JSON, or (a file name ending in .csv) the customers as CSV in the
        import's own format, for Excel."""
        path = self.window.dialogs.printing.save_file(self.window, "Bestand exportieren", "bestand.json",
                                                      "JSON-Dateien (*.json);;CSV-Dateien für Excel (*.csv)")
        if path is None:
            return
        from terminassistent.services.caseload_io.csv_export import export_customers_csv  # when first needed
        from terminassistent.services.caseload_io.export import export_to_file

        as_csv = path.suffix.lower() == ".csv"
        path = path if as_csv or path.suffix.lower() == ".json" else path.with_suffix(".json")
        write = export_customers_csv if as_csv else export_to_file
        what = "Kundenliste (CSV, Format des Imports)" if as_csv else "Bestand"
        self.desk.query(lambda ctx: write(ctx.caseload, path),
                        lambda written: self.window.statusBar().showMessage(
                            f"{what} exportiert nach »{written}« (nur für Sie lesbar).", 10000),
                        what="das Exportieren des Bestands", parent=self.window)

    # -- backups ------------------------------------------------------------------------------

    def create_backup(self) -> None:
        where = folder(self.desk.ctx.caseload)
        dialog = BackupDialog(where, self.window)
        dialog.accepted.connect(lambda: self._backup_to(dialog.choice))
        self.window.flows._open(dialog)

    def _backup_to(self, choice: str | None) -> None:
        target = None
        if choice == "elsewhere":
            target = self.window.dialogs.printing.save_file(self.window, "Sicherung speichern unter",
                                                            f"{self.desk.ctx.caseload.path.stem}-sicherung.db",
                                                            "Sicherungen (*.db *.bak)")
            if target is None:
                return
        self.desk.query(lambda ctx: create_backup(ctx.caseload, "manuell", to=target, now=ctx.now()),
                        lambda made: self.window.statusBar().showMessage(
                            f"Sicherung erstellt: »{made.path}« ({made.customers} Kunden).", 10000),
                        what="das Erstellen der Sicherung", parent=self.window)

    def restore(self) -> None:
        def opened(found: list[Backup]) -> None:
            dialog = RestoreDialog(found, folder(self.desk.ctx.caseload), self.window)
            dialog.accepted.connect(lambda: self._restore_chosen(dialog))
            self.window.flows._open(dialog)

        self.desk.query(backups, opened, what="das Lesen der Sicherungen", parent=self.window)

    def _restore_chosen(self, dialog: RestoreDialog) -> None:
        source = dialog.chosen
        if dialog.other:
            source = self.window.dialogs.open_file(self.window, "Sicherung wählen", "Sicherungen (*.bak *.db)")
        if source is None:
            return
        if not self.window.dialogs.ask(
                self.window, "Sicherung wiederherstellen",
                f"Der Bestand wird durch die Sicherung »{source}« ersetzt. Der jetzige Stand wird vorher gesichert.",
                "Wiederherstellen", "Abbrechen"):
            return
        def restored(result) -> None:
            def say() -> None:  # after the whole caseload was read again (which clears the status bar)
                self.window.loaded.disconnect(say)
                self.window.statusBar().showMessage(result.summary(), 15000)

            self.window.loaded.connect(say)

        self.desk.op(lambda ctx: restore_backup(ctx, source), restored, what="das Wiederherstellen der Sicherung",
                     initiator=self.window, parent=self.window)
