""""Termin vorschlagen…", "Erstgespräch vereinbaren…" and the new invitation after a miss: the
proposals for a customer, best first; Enter books the selected one and prints its letter.

"Einladung per Post" moves the proposals behind the postal notice (the caller asks the services
again, as the window of possible dates changes with it).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QVBoxLayout, QWidget

from terminassistent.domain.model import Purpose
from terminassistent.gui.proposal_picker import FreeStarts, ProposalPicker, booking_buttons
from terminassistent.services.scheduling.proposals import Proposal

FIRST, NEXT, AGAIN = "first", "next", "again"

TITLES = {
    FIRST: "Erstgespräch vereinbaren",
    NEXT: "Termin vorschlagen",
    AGAIN: "Neu einladen",
}


class ProposeDialog(QDialog):
    def __init__(self, mode: str, proposal: Proposal, purposes: tuple[Purpose, ...], free_starts: FreeStarts, *,
                 postal: bool, today, reproposed: Callable[[bool], None] | None = None, intro: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        c = proposal.customer
        self.mode = mode
        self.print_letter = True
        self.setWindowTitle(f"{TITLES[mode]} – {c.display_name} ({c.customer_no})")
        layout = QVBoxLayout(self)
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            layout.addWidget(label)
        self.postal = QCheckBox("Einladung per Post (Vorlauf für die Zustellung einplanen)")
        self.postal.setChecked(postal)
        if reproposed is not None:
            self.postal.toggled.connect(reproposed)
        layout.addWidget(self.postal)
        self.picker = ProposalPicker(free_starts, today)
        self.picker.show_proposal(proposal, purposes)
        self.picker.chosen.connect(self.accept)
        layout.addWidget(self.picker, 1)
        buttons, self.book_button, self.only_button = booking_buttons(self, "Nur buchen")
        self.only_button.clicked.connect(self._book_only)
        layout.addWidget(buttons)
        self._enable()
        self.picker.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_proposal(self, proposal: Proposal) -> None:
        """New proposals (after "per Post" was switched); the chosen channel and purposes stay."""
        self.picker.show_proposal(proposal)
        self._enable()

    def _enable(self) -> None:
        has = self.picker.list.count() > 0
        self.book_button.setEnabled(has)
        self.only_button.setEnabled(has)

    def _book_only(self) -> None:
        self.print_letter = False
        self.accept()

    def accept(self) -> None:
        if self.picker.selected_start() is not None:
            super().accept()
