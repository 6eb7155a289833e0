"""The main window's status bar: how many customers the list shows, how many are overdue, the
week's quota, and two notices that stay while they hold (unconfirmed sample legal texts, records
past the retention period). The texts are plain functions; the window updates the labels.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtWidgets import QLabel, QStatusBar

from terminassistent.domain.density import Compliance
from terminassistent.services.monitoring.overview import CustomerRow

NOTICE_STYLE = "background:#fdecd4; color:#5c3200; padding:1px 6px;"


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")  # German thousands separator


def count_text(shown: int, total: int) -> str:
    """The status bar's count: "150 Kunden", "12 von 150 Kunden"."""
    if total == 0:
        return "Noch keine Kunden im Bestand"
    if shown == total:
        return f"{_number(total)} {'Kunde' if total == 1 else 'Kunden'}"
    return f"{_number(shown)} von {_number(total)} Kunden"


def overdue_text(overdue: int) -> str:
    return "Niemand überfällig" if overdue == 0 else f"⚠ {_number(overdue)} überfällig"


def overdue_count(rows: Iterable[CustomerRow]) -> int:
    return sum(1 for r in rows if r.due_state is Compliance.OVERDUE)


@dataclass(frozen=True)
class StatusLabels:
    overdue: QLabel
    quota: QLabel
    count: QLabel
    legal: QLabel  # the persistent notice while sample legal texts are unconfirmed
    erasure: QLabel  # while records are past the retention period

    @classmethod
    def on(cls, bar: QStatusBar) -> StatusLabels:
        """The labels, added to ``bar`` (the notices first, hidden until they hold)."""
        labels = cls(QLabel(), QLabel(), QLabel(), QLabel(), QLabel())
        labels.overdue.setToolTip("Kundinnen und Kunden, deren spätester Tag für den nächsten Kontakt vorbei ist")
        for notice in (labels.legal, labels.erasure):
            notice.setStyleSheet(NOTICE_STYLE)
            notice.hide()
        for label in (labels.erasure, labels.legal, labels.quota, labels.overdue, labels.count):
            bar.addPermanentWidget(label)
        return labels
