"""The quota of the last weeks as a bar chart: per week the achieved figure as a bar (green where the
target was reached, orange where not) and the target as a dark line across it, in the policy's unit
(Termine, persönliche Beratungsgespräche or Minuten). Hovering a bar names the week and its figures.

Drawn with QPainter: twelve bars and a line need no chart library (QtCharts would bring
pyside6-addons, about 200 MB, pyqtgraph numpy), and the chart prints and scales like any widget.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from terminassistent.domain.policy_model import QuotaUnit
from terminassistent.domain.quota import UNIT_WORDS

REACHED, MISSED, TARGET, AXIS = QColor("#3f8f4f"), QColor("#e08a1e"), QColor("#1f2a44"), QColor("#8a8a8a")
MARGIN = 8  # px around the plot
BAR_SHARE = 0.6  # of a week's width


@dataclass(frozen=True)
class Bar:
    week: str  # "2026-W05"
    label: str  # "KW 5"
    target: int | None
    achieved: int
    rect: QRectF  # the achieved bar
    target_y: float | None  # where the target line is drawn
    slot: QRectF  # the week's whole column (for the tooltip)


def unit_words(quota: list[dict[str, Any]]) -> str | None:
    """The unit the weeks count in, in German words; None when the policy sets no weekly quota."""
    unit = next((w.get("unit") for w in quota if w.get("unit")), None)
    return UNIT_WORDS[QuotaUnit(unit)] if unit else None


class QuotaChart(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.weeks: list[dict[str, Any]] = []
        self.setMinimumHeight(180)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(640, 240)

    def show_quota(self, weeks: list[dict[str, Any]]) -> None:
        self.weeks = list(weeks)
        unit = unit_words(self.weeks)
        reached = sum(1 for w in self.weeks if w["reached"])
        self.setAccessibleName("Wochenquote der letzten Wochen")
        self.setAccessibleDescription(
            "Keine Wochenquote." if unit is None else
            f"In {reached} von {len(self.weeks)} Wochen erreicht ({unit}).")
        self.update()

    def title(self) -> str:
        unit = unit_words(self.weeks)
        if unit is None:
            return "Das Kontaktdichtekonzept legt keine Wochenquote fest."
        return f"Ziel und erreicht je Woche ({unit})"

    def _plot(self) -> QRectF:
        fm = QFontMetrics(self.font())
        left = MARGIN + fm.horizontalAdvance("0000") + 4
        top = MARGIN + fm.height() * 3.5  # the title, the legend, and room for the figure above a full bar
        return QRectF(left, top, self.width() - left - MARGIN, self.height() - top - MARGIN - fm.height())

    def top(self) -> int:
        """The figure at the plot's upper edge: the largest target or achieved, rounded up a little."""
        values = [v for w in self.weeks for v in (w["target"], w["achieved"]) if v is not None]
        biggest = max(values, default=0)
        if biggest <= 0:
            return 1
        step = 10 ** max(0, int(math.log10(biggest)) - 1) * (5 if biggest >= 50 else 1)
        return math.ceil(biggest * 1.1 / step) * step

    def bars(self) -> list[Bar]:
        """Each week's bar and target line, as drawn at the widget's present size."""
        if unit_words(self.weeks) is None or not self.weeks:
            return []
        plot, top = self._plot(), self.top()
        width = plot.width() / len(self.weeks)
        found = []
        for i, w in enumerate(self.weeks):
            x = plot.left() + i * width
            height = plot.height() * w["achieved"] / top
            bar = QRectF(x + width * (1 - BAR_SHARE) / 2, plot.bottom() - height, width * BAR_SHARE, height)
            target_y = None if w["target"] is None else plot.bottom() - plot.height() * w["target"] / top
            found.append(Bar(w["week"], f"KW {int(w['week'].split('-W')[1])}", w["target"], w["achieved"], bar,
                             target_y, QRectF(x, plot.top(), width, plot.height())))
        return found

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        fm = QFontMetrics(self.font())
        painter.setPen(self.palette().text().color())
        painter.drawText(QPointF(MARGIN, MARGIN + fm.ascent()), self.title())
        bars = self.bars()
        if not bars:
            painter.end()
            return
        plot, top = self._plot(), self.top()
        painter.setPen(QPen(AXIS, 1))
        for value in (0, top // 2, top):  # a scale at nought, half and the top
            y = plot.bottom() - plot.height() * value / top
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.drawText(QRectF(MARGIN, y - fm.height() / 2, plot.left() - MARGIN - 4, fm.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(value))
        for bar in bars:
            reached = bar.target is not None and bar.achieved >= bar.target
            painter.fillRect(bar.rect, REACHED if reached else MISSED)
            if bar.target_y is not None:
                painter.setPen(QPen(TARGET, 2))
                painter.drawLine(QPointF(bar.slot.left() + 2, bar.target_y), QPointF(bar.slot.right() - 2, bar.target_y))
            painter.setPen(self.palette().text().color())
            painter.drawText(QRectF(bar.slot.left(), plot.bottom() + 2, bar.slot.width(), fm.height()),
                             Qt.AlignmentFlag.AlignHCenter, bar.label)
            painter.drawText(QRectF(bar.slot.left(), bar.rect.top() - fm.height() - 1, bar.slot.width(), fm.height()),
                             Qt.AlignmentFlag.AlignHCenter, str(bar.achieved))
        self._legend(painter, fm)
        painter.end()

    def _legend(self, painter: QPainter, fm: QFontMetrics) -> None:
        y = MARGIN + fm.height() + fm.ascent()
        x = float(MARGIN)
        for color, text, line in ((REACHED, "erreicht (Ziel geschafft)", False), (MISSED, "erreicht (unter Ziel)", False),
                                  (TARGET, "Ziel", True)):
            box = QRectF(x, y - fm.ascent() + 2, 14, fm.ascent() - 4)
            if line:
                painter.setPen(QPen(color, 2))
                painter.drawLine(QPointF(box.left(), box.center().y()), QPointF(box.right(), box.center().y()))
            else:
                painter.fillRect(box, color)
            painter.setPen(self.palette().text().color())
            painter.drawText(QPointF(box.right() + 4, y), text)
            x = box.right() + 4 + fm.horizontalAdvance(text) + 16

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            unit = unit_words(self.weeks) or ""
            at = QPointF(event.pos())
            bar = next((b for b in self.bars() if b.slot.contains(at)), None)
            if bar is None:
                QToolTip.hideText()
            else:
                target = "keine" if bar.target is None else str(bar.target)
                QToolTip.showText(event.globalPos(), f"{bar.label} ({bar.week}): Ziel {target}, erreicht "
                                                     f"{bar.achieved} {unit}", self)
            return True
        return super().event(event)
