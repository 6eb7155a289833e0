"""How a due state looks: a colour and always a symbol and a word, so it reads without colour too
(colour-blind users, a black-and-white printout of a screenshot)."""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtGui import QColor

from terminassistent.domain.density import Compliance


@dataclass(frozen=True)
class StateStyle:
    symbol: str
    background: str  # a light tint for the row
    foreground: str  # the text colour of the state cell and badge

    def text(self, state: Compliance) -> str:
        return f"{self.symbol} {state.label}"


STATE_STYLE = {
    Compliance.OVERDUE: StateStyle("⚠", "#fbe3e1", "#9b1c1c"),
    Compliance.DUE_NOW: StateStyle("●", "#fdecd4", "#8a4b00"),
    Compliance.DUE_SOON: StateStyle("◔", "#fbf3c8", "#6b5600"),
    Compliance.ON_TIME: StateStyle("✓", "", "#1d6b35"),
    Compliance.NO_DENSITY: StateStyle("–", "", "#5a5a5a"),
}


def state_text(state: Compliance | None) -> str:
    return STATE_STYLE[state].text(state) if state is not None else "–"


def row_background(state: Compliance | None) -> QColor | None:
    colour = STATE_STYLE[state].background if state is not None else ""
    return QColor(colour) if colour else None


def state_foreground(state: Compliance | None) -> QColor | None:
    return QColor(STATE_STYLE[state].foreground) if state is not None else None


def state_badge(state: Compliance) -> str:
    """Rich text: the state as a tinted badge with its symbol and word."""
    style = STATE_STYLE[state]
    background = style.background or "#eef2ee"
    return (f"<span style='background:{background}; color:{style.foreground}; font-weight:600'>"
            f"&nbsp;{html.escape(style.text(state))}&nbsp;</span>")
