"""Kunde > Abgang eintragen… and Datei > Abgelaufene Daten löschen…: nothing kept longer than
needed (§ 84 SGB X, Art. 17 DSGVO), from the window.

The Abgang records the day and the reason and cancels what is booked after now (one undo step);
the customer leaves the list. While records are past the retention period, the status bar says so
and the Datei entry lists them and erases them after asking (a backup is taken first).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

from terminassistent.gui.forms_support import FieldErrors
from terminassistent.gui.worker import TaskFailure
from terminassistent.services.retention.departure import record_departure
from terminassistent.services.retention.purge import erasure_reminder, purge, purge_plan

if TYPE_CHECKING:
    from terminassistent.gui.main_window import MainWindow

REASONS = ("Arbeitsaufnahme", "Aufnahme einer Ausbildung", "Umzug (anderes Jobcenter zuständig)",
           "Wegfall der Hilfebedürftigkeit", "Bezug einer Altersrente")


class LeaveDialog(QDialog):
    """The day and reason of the Abgang; ``submitted(day, reason)``."""

    submitted = Signal(object, str)

    def __init__(self, name: str, today: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Abgang eintragen – {name}")
        self.errors = FieldErrors()
        form = QFormLayout(self)
        note = QLabel(f"{name} verlässt Ihren Bestand. Gebuchte Termine ab jetzt werden abgesagt; die Daten bleiben "
                      "bis zum Ende der Aufbewahrungsfrist und werden dann zur Löschung angezeigt.")
        note.setWordWrap(True)
        form.addRow(note)
        self.day = QDateEdit(QDate(today.year, today.month, today.day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd.MM.yyyy")
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems(REASONS)
        self.reason.setCurrentIndex(-1)
        self.reason.lineEdit().setPlaceholderText("Grund des Abgangs")
        self.errors.add_row(form, "on", "Abgang am:", self.day)
        self.errors.add_row(form, "reason", "Grund:", self.reason)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Abgang eintragen", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Abbrechen", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(lambda: self.submitted.emit(self.day.date().toPython(), self.reason.currentText()))
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.reason.setFocus()


class RetentionFlows:
    def __init__(self, window: MainWindow):
        self.window = window
        self.desk = window.desk
        window.actions["leave"].triggered.connect(self.leave)
        window.actions["purge"].triggered.connect(self.offer_purge)

    def leave(self) -> None:
        shown = self.window.shown_file()
        if shown is None:
            return
        customer = shown.customer
        dialog = LeaveDialog(customer.display_name, self.desk.ctx.today(), self.window)

        def save(day: dt.date, reason: str) -> None:
            def done(result) -> None:
                dialog.accept()
                self.window.statusBar().showMessage(result.summary(), 20000)

            def refused(failure: TaskFailure) -> None:
                if failure.fields:
                    dialog.errors.show(failure.fields)
                else:
                    self.window.dialogs.show_error(dialog, "Abgang nicht eingetragen", failure.message)

            self.desk.op(lambda ctx: record_departure(ctx, customer.customer_no, day, reason), done,
                         what="das Eintragen des Abgangs", initiator=self.window, failed=refused)

        dialog.submitted.connect(save)
        self.window.flows._open(dialog)

    def refresh_reminder(self) -> None:
        """The status bar's notice while records are due for erasure."""
        label = self.window.erasure_label

        def shown(sentence: str | None) -> None:
            label.setVisible(bool(sentence))
            label.setText("🗑 Löschfrist abgelaufen")
            label.setToolTip(sentence or "")

        self.desk.query(lambda ctx: erasure_reminder(ctx, desktop=True), shown, what="das Prüfen der Löschfristen")

    def offer_purge(self) -> None:
        def listed(plan) -> None:
            if not plan:
                self.window.statusBar().showMessage(plan.summary(), 15000)
                return
            question = (f"{plan.summary()}\n\nVor dem Löschen wird eine Sicherung angelegt. Gelöschtes lässt sich nicht "
                        "mit »Rückgängig« zurückholen. Jetzt löschen?")
            if self.window.dialogs.ask(self.window, "Abgelaufene Daten löschen", question, "Jetzt löschen", "Abbrechen"):
                def erased(result) -> None:
                    self.window.statusBar().showMessage(result.summary(), 20000)
                    self.refresh_reminder()

                self.desk.op(purge, erased, what="das Löschen abgelaufener Daten", initiator=self.window)

        self.desk.query(purge_plan, listed, what="das Prüfen der Löschfristen", parent=self.window)
