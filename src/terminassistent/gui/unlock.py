"""Opening an encrypted caseload in the desktop: when the keyring has no passphrase for the file,
a small dialog asks for it (and may keep it in the keyring); a wrong one is said so in the dialog,
which stays open for another try."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from terminassistent.services.encryption import keys


class UnlockDialog(QDialog):
    def __init__(self, path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.path = Path(path)
        self.setWindowTitle("Verschlüsselten Bestand öffnen")
        layout = QVBoxLayout(self)
        intro = QLabel(f"Der Bestand »{self.path}« ist verschlüsselt. Bitte geben Sie sein Passwort ein.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passwort")
        self.passphrase.setPlaceholderText("Passwort")
        layout.addWidget(self.passphrase)
        self.problem = QLabel("")
        self.problem.setStyleSheet("color: #b00020")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)
        self.remember = QCheckBox("Im Schlüsselbund des Betriebssystems merken (dann fragt Terminassistent nicht mehr)")
        self.remember.setVisible(keys.keyring_usable())
        layout.addWidget(self.remember)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Öffnen")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Abbrechen")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.passphrase.setFocus()

    def accept(self) -> None:
        key = self.passphrase.text()
        if not key:
            self._say("Bitte geben Sie das Passwort ein.")
            return
        if not keys.opens(self.path, key):
            self._say("Dieses Passwort öffnet den Bestand nicht. Bitte prüfen Sie es (auch die Feststelltaste).")
            self.passphrase.selectAll()
            return
        if self.remember.isVisible() and self.remember.isChecked():
            keys.store_key(self.path, key)
        super().accept()

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()
        self.passphrase.setFocus()

    def key(self) -> str | None:
        return self.passphrase.text() if self.result() == QDialog.DialogCode.Accepted else None


def ask_passphrase(path: Path) -> str | None:
    """The passphrase typed into the dialog, or None when the user cancelled."""
    dialog = UnlockDialog(path)
    dialog.exec()
    return dialog.key()


def install() -> None:
    """Encrypted caseloads open with the keyring's passphrase, else the one typed into the dialog."""
    keys.install(ask_passphrase)
