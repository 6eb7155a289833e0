"""The filters above the Nachhaltung's lists: Status, Profillage, Alter (U25/Ü25) and Merkmal, each
"alle" until chosen. The choices become a CustomerFilter (services/monitoring/filters.py), which
does the filtering; this module only offers them."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from terminassistent.domain.model import Flag, Profile, Status
from terminassistent.services.monitoring.filters import NO_FLAG, NO_PROFILE, CustomerFilter
from terminassistent.services.monitoring.overview import U25, UE25

ALL = "alle"


def _combo(tip: str, choices: list[tuple[str, object]]) -> QComboBox:
    box = QComboBox()
    box.setToolTip(tip)
    box.addItem(ALL, None)
    for text, value in choices:
        box.addItem(text, value)
    return box


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # Qt hands a str subclass back as a plain str: the vocabulary's value goes in, the member comes out.
        self.status = _combo("Nur Kunden mit diesem Status", [(s.label, s.value) for s in Status])
        self.profile = _combo("Nur Kunden in dieser Profillage", [("ohne Profillage", NO_PROFILE)]
                              + [(p.label, p.value) for p in Profile])
        self.age = _combo("Unter 25 (U25) oder 25 und älter (Ü25) am Stichtag", [(U25, U25), (UE25, UE25)])
        self.flag = _combo("Nur Kunden mit diesem Merkmal", [("ohne Merkmal", NO_FLAG)] + [(f.label, f.value) for f in Flag])
        for caption, box in (("Status", self.status), ("Profillage", self.profile), ("Alter", self.age),
                             ("Merkmal", self.flag)):
            label = QLabel(f"{caption}:")
            label.setBuddy(box)
            layout.addWidget(label)
            layout.addWidget(box)
            box.currentIndexChanged.connect(lambda _i: self._changed())
        self.reset_button = QPushButton("Alle zeigen")
        self.reset_button.setToolTip("Die Filter zurücksetzen")
        self.reset_button.setEnabled(False)
        self.reset_button.clicked.connect(self.reset)
        layout.addWidget(self.reset_button)
        layout.addStretch(1)

    def boxes(self) -> tuple[QComboBox, ...]:
        return self.status, self.profile, self.age, self.flag

    def current(self) -> CustomerFilter:
        status, profile, age, flag = (box.currentData() for box in self.boxes())
        return CustomerFilter(
            status=Status(status) if status else None,
            profile=None if profile is None else NO_PROFILE if profile == NO_PROFILE else Profile(profile),
            age=age,
            flag=None if flag is None else NO_FLAG if flag == NO_FLAG else Flag(flag))

    def choose(self, keep: CustomerFilter) -> None:
        """Show ``keep``'s choices (one change signal)."""
        values = (keep.status, keep.profile, keep.age, keep.flag)
        for box, value in zip(self.boxes(), values, strict=True):
            box.blockSignals(True)
            box.setCurrentIndex(max(0, box.findData(None if value is None else str(value))))
            box.blockSignals(False)
        self._changed()

    def reset(self) -> None:
        self.choose(CustomerFilter())

    def _changed(self) -> None:
        self.reset_button.setEnabled(self.current().active)
        self.changed.emit()
