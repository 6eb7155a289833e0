"""The Qt application the PDF writer needs, and the letter's fonts.

QPdfWriter and font handling need a QGuiApplication. The desktop program already has one (a
QApplication); the command line has none and may run on a server without a display, so there the
"offscreen" platform is chosen before the application is created. The application created here
is a QApplication (widgets included), not a bare QGuiApplication: in one process with the desktop
(or its tests) a later QWidget would abort the process without one. A bare QCoreApplication
cannot render fonts: that is refused with a clear message.
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache

from terminassistent.errors import UserError
from terminassistent.paths import resources_dir

FAMILY = "DejaVu Sans"
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")

_app = None  # keeps the application this module created alive


def ensure_gui_application():
    """The running QGuiApplication, created (offscreen when there is no display) if none exists."""
    global _app
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QGuiApplication

    existing = QCoreApplication.instance()
    if existing is not None:
        if not isinstance(existing, QGuiApplication):
            raise UserError(
                "Die Einladung kann hier nicht gedruckt werden: Das Programm läuft ohne grafische Oberfläche "
                "(QCoreApplication). Bitte drucken Sie sie über das Programmfenster oder den Befehl »invite«."
            )
        return existing
    if sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM"):
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
    try:
        from PySide6.QtWidgets import QApplication
    except ImportError:  # pragma: no cover - PySide6-Essentials ships QtWidgets
        QApplication = QGuiApplication
    _app = QApplication(["terminassistent"])
    return _app


@lru_cache(maxsize=1)
def letter_family() -> str:
    """Load the bundled DejaVu Sans (so the PDF looks the same everywhere); its family name."""
    from PySide6.QtGui import QFontDatabase

    families = []
    for name in FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(resources_dir() / "fonts" / name))
        if font_id >= 0:
            families += QFontDatabase.applicationFontFamilies(font_id)
    return families[0] if families else FAMILY


def letter_font(point_size: float, bold: bool = False):
    """The letter's font at a size, ligatures off (text extraction must give "fi", not "ﬁ"): a
    copy of the one made for that size, so a series letter makes each font once."""
    from PySide6.QtGui import QFont

    return QFont(_letter_font(point_size, bold))


def shared_letter_font(point_size: float, bold: bool = False):
    """The letter's font at a size, the one object made for it: for passing to Qt, which copies it
    (``QPainter.setFont``, ``QFontMetricsF``); never to be changed."""
    return _letter_font(point_size, bold)


@lru_cache(maxsize=64)
def _letter_font(point_size: float, bold: bool):
    from PySide6.QtGui import QFont

    font = QFont(letter_family())
    font.setPointSizeF(point_size)
    font.setBold(bold)
    font.setKerning(True)
    for tag in ("liga", "clig", "dlig", "hlig"):
        font.setFeature(QFont.Tag(tag), 0)
    return font
