"""The week's quota above the week view: target, achieved, booked and still missing, in the policy's
unit (Termine, persönliche Beratungsgespräche or Minuten), the target's calculation (pro rata, less
holidays and absences) on hover. A policy without a weekly quota says so."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel

from terminassistent.domain.quota import UNIT_WORDS
from terminassistent.gui.flows import quota_text
from terminassistent.services.planning.week_quota import WeekQuota

CAPTIONS = ("Ziel", "erreicht", "gebucht", "fehlen")


def figures(q: WeekQuota) -> dict[str, int] | None:
    """The four figures the bar shows, or None when the policy sets no weekly quota."""
    if q.unit is None or q.target is None:
        return None
    return dict(zip(CAPTIONS, (q.target, q.achieved, q.expected, q.missing), strict=True))


class QuotaBar(QFrame):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("quotaBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#quotaBar { background:#f7f7f2; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        self.caption = QLabel()
        layout.addWidget(self.caption)
        self.values: dict[str, QLabel] = {}
        for caption in CAPTIONS:
            label = QLabel()
            label.setObjectName(f"quota_{caption}")
            layout.addWidget(label)
            self.values[caption] = label
        layout.addStretch(1)

    def show_quota(self, q: WeekQuota) -> None:
        shown = figures(q)
        _text, tip = quota_text(q)
        self.setToolTip(tip)
        if shown is None:
            self.caption.setText(f"<b>Wochenquote KW {q.week[-2:]}:</b> keine – {tip}")
            for label in self.values.values():
                label.hide()
            return
        self.caption.setText(f"<b>Wochenquote KW {q.week[-2:]}</b> ({UNIT_WORDS[q.unit]}):")
        for caption, label in self.values.items():
            value = shown[caption]
            strong = caption == "fehlen" and value > 0
            label.setText(f"{caption} <b style='color:{'#b3261e' if strong else '#000'}'>{value}</b>")
            label.show()
        self.values["Ziel"].setToolTip(q.explanation)
