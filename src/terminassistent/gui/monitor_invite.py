"""What the Nachhaltung does with the customers chosen in a list.

Einladen… finds a slot for each (services/planning/invite.py: after the postal notice, one
calendar for all), shows them with a tick each, and books the ticked ones as one user action (one
Rückgängig takes all back), then opens their series letter in the print preview. Termin
vorschlagen… opens the Kunde menu's dialog for one customer (Erstgespräch vereinbaren for one never
counselled). Als CSV speichern… writes the list in front for Excel, without notes or addresses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from terminassistent.gui.propose_dialog import FIRST, NEXT
from terminassistent.gui.week_flows import slot_line
from terminassistent.services.monitoring.list_csv import write_list_csv
from terminassistent.services.planning.invite import InvitationPlan, book_invitations, plan_invitations

if TYPE_CHECKING:
    from terminassistent.gui.monitor_view import MonitorView


class InviteDialog(QDialog):
    """The invitations found for the chosen customers; untick any, then book all at once."""

    def __init__(self, plan: InvitationPlan, parent: QWidget | None = None):
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle("Einladen")
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.list = QListWidget()
        for slot in plan.proposed:
            item = QListWidgetItem(slot_line(slot))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            item.setData(Qt.ItemDataRole.UserRole, slot.customer_no)
            item.setToolTip("\n".join(slot.reasons))
            self.list.addItem(item)
        self.list.itemChanged.connect(lambda _i: self._count())
        layout.addWidget(self.list)
        self.notes = QLabel("\n".join(plan.notes))
        self.notes.setWordWrap(True)
        self.notes.setVisible(bool(plan.notes))
        layout.addWidget(self.notes)
        buttons = QDialogButtonBox()
        self.apply_button = buttons.addButton("Buchen und Einladungen zeigen", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Abbrechen", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if plan.proposed:
            self.list.setCurrentRow(0)
        self._count()
        self.resize(900, 500)

    def chosen(self) -> InvitationPlan:
        ticked = [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                  if self.list.item(i).checkState() == Qt.CheckState.Checked]
        return self.plan.chosen(ticked)

    def _count(self) -> None:
        ticked = len(self.chosen().proposed)
        self.summary.setText(
            f"{ticked} von {len(self.plan.proposed)} Einladungen angehakt. Sie gehen per Post: die Termine liegen "
            "frühestens nach dem Tag, an dem ein Brief als bekannt gegeben gilt. Gebucht wird alles auf einmal."
            if self.plan.proposed else "Für die Ausgewählten wurde kein Termin gefunden.")
        self.apply_button.setEnabled(ticked > 0)


class MonitorActions:
    def __init__(self, view: MonitorView):
        self.view = view
        self.main = view.main
        self.dialog: InviteDialog | None = None

    def invite(self) -> None:
        numbers = self.view.chosen_customers()
        if not numbers:
            self._nobody("einzuladen")
            return

        def found(plan: InvitationPlan) -> None:
            dialog = InviteDialog(plan, self.main)
            dialog.accepted.connect(lambda: self._book(dialog.chosen()))
            dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
            self.dialog = dialog
            dialog.open()

        self.main.desk.query(lambda ctx: plan_invitations(ctx, numbers), found, what="das Suchen freier Termine",
                             parent=self.main)

    def _book(self, plan: InvitationPlan) -> None:
        def booked(result) -> None:
            ids = [a.id for a in result.appointments]
            self.main.statusBar().showMessage(f"{len(ids)} Einladungen gebucht.", 10000)
            self.main.flows.print_letters(ids)

        self.main.desk.op(lambda ctx: book_invitations(ctx, plan), booked, what="das Buchen der Einladungen",
                          initiator=self.main, parent=self.main)

    def propose(self) -> None:
        numbers = self.view.chosen_customers()
        if not numbers:
            self._nobody("für einen Terminvorschlag")
            return
        if len(numbers) > 1:
            self.main.dialogs.show_error(self.main, "Termin vorschlagen", f"Sie haben {len(numbers)} Kunden "
                                         "ausgewählt; Termine schlägt das Programm für einen Kunden nach dem anderen "
                                         "vor. Für alle auf einmal: »Einladen…«.")
            return
        status = self.view.report.by_customer.get(numbers[0]) if self.view.report else None
        never = status is not None and status.last_contact is None
        self.main.flows.propose(FIRST if never else NEXT, numbers[0])

    def _nobody(self, purpose: str) -> None:
        self.main.dialogs.show_error(self.main, "Niemand ausgewählt", f"Bitte wählen Sie in der Liste die Kunden "
                                     f"{purpose} aus (mehrere mit Strg oder Umschalt).")

    def save_csv(self) -> None:
        lines = self.view.front()[1].lines()
        name = f"Nachhaltung {self.view.tab_title()} {self.main.desk.ctx.today():%Y-%m-%d}.csv".replace("/", "-")
        path = self.main.dialogs.printing.save_file(self.main, "Liste als CSV speichern", name,
                                                    "CSV-Dateien für Excel (*.csv)")
        if path is None:
            return
        self.main.desk.query(lambda _ctx: write_list_csv(path, lines),
                             lambda written: self.main.statusBar().showMessage(
                                 f"{len(lines) - 1} Zeilen gespeichert: {written}", 10000),
                             what="das Speichern der Liste", parent=self.main)
