""""Versäumt…", "Entschuldigt…", "Absagen…": the reason, which every outcome but "held" needs."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

from terminassistent.domain.model import BERLIN, Appointment, AppointmentStatus
from terminassistent.gui.customer_table import appointment_text

SUGGESTIONS = {
    AppointmentStatus.MISSED: ["nicht erschienen", "nicht erschienen, keine Nachricht"],
    AppointmentStatus.EXCUSED: ["Arbeitsunfähigkeitsbescheinigung liegt vor", "Vorstellungsgespräch",
                                "Erkrankung eines Kindes"],
    AppointmentStatus.CANCELLED: ["auf Wunsch der Kundin oder des Kunden", "Abwesenheit der Integrationsfachkraft",
                                  "Termin nicht mehr nötig"],
}
TITLES = {
    AppointmentStatus.MISSED: "Termin versäumt",
    AppointmentStatus.EXCUSED: "Termin entschuldigt",
    AppointmentStatus.CANCELLED: "Termin absagen",
}
VERBS = {
    AppointmentStatus.MISSED: "Als versäumt festhalten",
    AppointmentStatus.EXCUSED: "Als entschuldigt festhalten",
    AppointmentStatus.CANCELLED: "Absagen",
}


class ReasonDialog(QDialog):
    def __init__(self, appointment: Appointment, status: AppointmentStatus, customer_name: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"{TITLES[status]} – {customer_name}")
        form = QFormLayout(self)
        when = appointment_text(appointment.start)
        end = appointment.end.astimezone(BERLIN)
        form.addRow(QLabel(f"Termin am {when}–{end:%H:%M} Uhr ({appointment.kind.label}, {appointment.channel.label})"))
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems(SUGGESTIONS[status])
        self.reason.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.reason.lineEdit().returnPressed.connect(self.accept)  # Enter in the field confirms
        self.reason.setAccessibleName("Grund")
        form.addRow("&Grund:", self.reason)
        if status is AppointmentStatus.MISSED:
            note = QLabel("Ob ein Meldeversäumnis ohne wichtigen Grund vorliegt, stellt das Jobcenter erst nach "
                          "Anhörung fest; hier wird nur festgehalten, dass der Termin nicht wahrgenommen wurde.")
            note.setWordWrap(True)
            form.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(VERBS[status])
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Abbrechen")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.reason.setFocus()
        self.reason.lineEdit().selectAll()

    def accept(self) -> None:
        if self.reason.currentText().strip():
            super().accept()
        else:
            self.reason.setStyleSheet("border: 2px solid #b3261e;")

    def text(self) -> str:
        return self.reason.currentText().strip()
