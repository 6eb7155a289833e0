"""Beside the week: the open invitation chain (services/monitoring/open_chain.py), customers whose
last appointment was missed, excused or cancelled and who have nothing booked, oldest first. Enter
or a double-click on one opens "Termin vorschlagen…" with the next invitation's dates (by post, as
soon as possible); Alt+O puts the keyboard in the list."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from terminassistent.domain.model import BERLIN
from terminassistent.services.monitoring.open_chain import OpenLink


class OpenChainPanel(QWidget):
    chosen = Signal(str)  # Kundennummer: propose the next invitation

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel("&Offene Einladungsketten")
        self.title.setStyleSheet("font-weight:600;")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.list = QListWidget()
        self.list.setToolTip("Enter oder Doppelklick: Termin vorschlagen…")
        self.list.itemActivated.connect(self._activated)
        self.title.setBuddy(self.list)
        layout.addWidget(self.list, 1)
        self.empty = QLabel("Keine offene Einladungskette: Alle, deren letzter Termin ausfiel, haben einen neuen.")
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color:#555555;")
        layout.addWidget(self.empty)
        self.links: tuple[OpenLink, ...] = ()
        self.setMinimumWidth(240)
        self.setMaximumWidth(360)

    def show_links(self, links: tuple[OpenLink, ...], today: dt.date) -> None:
        current = self.current()
        self.links = links
        self.list.clear()
        for link in links:
            item = QListWidgetItem(f"{link.name}\n{link.broken.start.astimezone(BERLIN):%d.%m.%Y}: {link.broken.status.label}")
            item.setData(Qt.ItemDataRole.UserRole, link.customer_no)
            days = link.days_open(today)
            item.setToolTip(f"{link.text}\nseit {days} {'Tag' if days == 1 else 'Tagen'} ohne neuen Termin\n"
                            "Enter: Termin vorschlagen…")
            self.list.addItem(item)
            if link.customer_no == current:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and links:
            self.list.setCurrentRow(0)
        self.title.setText(f"&Offene Einladungsketten ({len(links)})")
        self.empty.setVisible(not links)

    def current(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _activated(self, item: QListWidgetItem) -> None:
        self.chosen.emit(item.data(Qt.ItemDataRole.UserRole))
