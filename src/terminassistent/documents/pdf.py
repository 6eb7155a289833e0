"""Laying a ``Letter`` out as a DIN 5008 Form B page (A4) and writing PDFs with Qt's QPdfWriter.

Positions (mm from the top left corner of the sheet), for a DL window envelope (window 90 x 45 mm
at 20 mm from the left, 15 mm from the top of the envelope; the sheet is folded at 105 and 210 mm):
letterhead 0-45; address field 20-105 wide x 45-90 high, its first 17.7 mm the Zusatz- und
Vermerkzone (a reprint's "Zweitschrift" mark at its top, the return line at its bottom), then up to
nine address lines; information block from 125 mm left, 50 mm down; subject at 98.46 mm; text from
25 mm to 190 mm; fold marks at 105 and 210 mm, hole mark at 148.5 mm; footer below 280 mm. Later
pages carry a short header. Nothing is smaller than 8 pt (layout.MIN_POINTS): a line that does not
fit its box at that size wraps (the return line at its " · ", an e-mail address at its "@").
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

# Only the letter paths import this module (lazily), and each of them paints: Qt's names are bound
# once here, not in every drawing helper (an import inside a function called 2,700 times for a
# series letter costs PySide6's import hook each time).
from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen

from terminassistent.documents.german import numeric_date
from terminassistent.documents.letter import Letter
from terminassistent.documents.layout import MIN_POINTS, body_document, page_breaks
from terminassistent.documents.qtapp import ensure_gui_application, shared_letter_font
from terminassistent.errors import UserError

DPI = 600
LEFT, RIGHT = 25.0, 190.0  # text column
SUBJECT_TOP = 98.46  # two blank lines below the address field (90 mm)
BODY_TOP_FIRST, BODY_TOP_NEXT, BODY_BOTTOM = 108.0, 24.0, 270.0
GREY = "#555555"


def mm(value: float) -> float:
    return value * DPI / 25.4


def render_pdf(letters: Sequence[Letter], title: str = "Einladung") -> bytes:
    """All letters in one PDF, each starting on a new odd page (duplex); returns the PDF's bytes."""
    ensure_gui_application()
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QPdfWriter

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    prepare_device(writer)
    writer.setTitle(title)  # never a customer's name: the metadata travels with the file
    writer.setCreator("Terminassistent")
    try:
        paint_letters(writer, letters)
    finally:
        buffer.close()
    return bytes(data.data())


def prepare_device(device) -> None:
    """Set a paged device (QPdfWriter, or the QPrinter of a print preview) to the letter's page:
    A4 portrait, no margins, DPI dots per inch (every position below is computed for it)."""
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize

    device.setResolution(DPI)
    device.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(0, 0, 0, 0)))


def paint_letters(device, letters: Sequence[Letter]) -> None:
    """Draw the letters onto a paged device prepared by ``prepare_device`` (or a QPdfWriter set up
    the same way), each starting on a new odd page: after a letter with an odd number of pages that
    another follows, a blank page, so that printed on both sides no sheet carries two letters."""
    ensure_gui_application()
    logos = _load_logos(letters)  # before the painter starts: a bad logo is refused with nothing written
    painter = QPainter(device)
    try:
        for n, letter in enumerate(letters):
            if n:
                device.newPage()
            pages = _paint_letter(painter, device, letter, logos.get(letter.logo))
            if pages % 2 and n < len(letters) - 1:
                device.newPage()  # the back of the letter's last sheet stays blank
    finally:
        painter.end()


def _load_logos(letters: Sequence[Letter]) -> dict:
    from PySide6.QtGui import QImage

    logos = {}
    for path in {letter.logo for letter in letters if letter.logo is not None}:
        image = QImage(str(path))
        if image.isNull():
            raise UserError(f"Das Logo »{path}« (Einstellung »letter.logo«) ist kein lesbares Bild. Bitte wählen "
                            "Sie eine PNG- oder JPEG-Datei oder leeren Sie die Einstellung.")
        logos[path] = image
    return logos


def _paint_letter(painter, writer, letter: Letter, logo) -> int:
    """Paint one letter from the current page on; returns its number of pages."""
    document = body_document(letter, writer, mm(RIGHT - LEFT))
    first = mm(BODY_BOTTOM - BODY_TOP_FIRST)
    later = mm(BODY_BOTTOM - BODY_TOP_NEXT)
    slices = page_breaks(document, first, later)
    for page, (top, bottom) in enumerate(slices, start=1):
        if page > 1:
            writer.newPage()
            _text(painter, LEFT, 12, RIGHT - LEFT, 4, f"{letter.sender} · Schreiben vom {numeric_date(letter.date)} · "
                  f"Kundennummer {letter.customer_no}", MIN_POINTS, colour=GREY)
        else:
            _first_page(painter, letter, logo)
        body_top = BODY_TOP_FIRST if page == 1 else BODY_TOP_NEXT
        painter.save()
        painter.translate(mm(LEFT), mm(body_top) - top)
        # the clip is one device pixel inside the slice: a line touching its edge belongs to the
        # neighbouring page and must not be emitted here (clipped text would still be in the PDF)
        document.drawContents(painter, QRectF(0, top + 1, mm(RIGHT - LEFT), bottom - top - 2))
        painter.restore()
        _marks(painter, folds=page == 1)
        _footer(painter, letter, page, len(slices))
    return len(slices)


def _width(painter, text: str, size: float, bold: bool = False) -> float:
    return _metrics(painter.device(), size, bold).horizontalAdvance(text)


_MEASURES: dict[tuple[float, bool, int, str], QFontMetricsF] = {}


def _metrics(device, size: float, bold: bool) -> QFontMetricsF:
    """The letter font's metrics at a size on ``device``: made once, not for every line measured.
    They depend on the device only by its resolution (the PDF's and a printer's, DPI) and kind; the
    metrics hold no reference to it."""
    key = (size, bold, device.logicalDpiY(), type(device).__name__)
    found = _MEASURES.get(key)
    if found is None:
        found = _MEASURES[key] = QFontMetricsF(shared_letter_font(size, bold), device)
    return found


@lru_cache(maxsize=16)
def _colour(name: str) -> QColor:
    return QColor(name)


_TOP_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)


def _wrapped(painter, text: str, size: float, width_mm: float, separator: str) -> list[str]:
    """``text`` as lines that fit ``width_mm`` at ``size``, broken at ``separator`` where needed (a piece
    longer than the line stays whole). A separator of spaces and a mark (" · ") disappears at the break;
    a bare one ("@") stays at the end of the line."""
    pieces = text.split(separator)
    lines = [pieces[0]]
    for piece in pieces[1:]:
        joined = lines[-1] + separator + piece
        if _width(painter, joined, size) <= mm(width_mm):
            lines[-1] = joined
        else:
            lines[-1] += "" if separator.strip() != separator else separator
            lines.append(piece)
    return lines


def _text(painter, x, y, w, h, text, size, bold=False, colour="#000000", align=None):
    # shrink a line that does not fit its box rather than cut it off, but never below MIN_POINTS
    while size - 0.5 >= MIN_POINTS and _width(painter, text, size, bold) > mm(w):
        size -= 0.5
    painter.setFont(shared_letter_font(size, bold))  # the painter takes a copy
    painter.setPen(_colour(colour))
    flags = _TOP_LEFT if align is None else int(align)
    painter.drawText(QRectF(mm(x), mm(y), mm(w), mm(h)), flags, text)


def _first_page(painter, letter: Letter, logo) -> None:
    # letterhead (0-45 mm): the Jobcenter left, its logo right
    _text(painter, LEFT, 14, 100, 8, letter.sender, 14, bold=True)
    for n, line in enumerate(letter.sender_lines):
        _text(painter, LEFT, 21.5 + n * 4, 100, 4, line, 8.5, colour=GREY)
    if logo is not None:
        box = QRectF(mm(130), mm(10), mm(RIGHT - 130), mm(25))
        size = logo.size().scaled(int(box.width()), int(box.height()), Qt.AspectRatioMode.KeepAspectRatio)
        painter.drawImage(QRectF(box.right() - size.width(), box.top(), size.width(), size.height()), logo)
    # address field: a reprint's mark at the top of the Vermerkzone, the return line at its bottom
    if letter.copy_note:
        _text(painter, LEFT, 46.5, 80, 4.5, letter.copy_note, 9, bold=True)
    returns = _wrapped(painter, letter.return_line, MIN_POINTS, 80, " · ")
    for n, line in enumerate(returns):
        _text(painter, LEFT, 58.2 - (len(returns) - 1 - n) * 3.4, 80, 3.6, line, MIN_POINTS, colour=GREY,
              align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
    painter.setPen(QPen(QColor(GREY), mm(0.15)))
    painter.drawLine(QLineF(mm(LEFT), mm(62.0), mm(LEFT + 80), mm(62.0)))
    for n, line in enumerate(letter.recipient[:9]):
        _text(painter, LEFT, 63.6 + n * 4.6, 80, 4.6, line, 10.5)
    # information block: a value too long for its column at 8 pt continues on the next row
    rows = []
    for label, value in letter.info:
        for n, line in enumerate(_wrapped(painter, value, MIN_POINTS, 44, "@") if "@" in value else [value]):
            rows.append(("" if n else label, line))
    for n, (label, value) in enumerate(rows):
        y = 50 + n * 4.6
        _text(painter, 125, y + 0.3, 28, 4.4, label, MIN_POINTS, colour=GREY)
        _text(painter, 154, y, 44, 4.4, value, 8.5)
    _text(painter, LEFT, SUBJECT_TOP, RIGHT - LEFT, 6, letter.subject, 11, bold=True)


def _marks(painter, folds: bool) -> None:
    """Fold marks (first page, for the DL envelope) and the hole mark (every page)."""
    painter.setPen(QPen(QColor("#777777"), mm(0.2)))
    marks = ((105.0, 5.0), (148.5, 7.0), (210.0, 5.0)) if folds else ((148.5, 7.0),)
    for y, length in marks:
        painter.drawLine(QLineF(mm(4), mm(y), mm(4 + length), mm(y)))


def _footer(painter, letter: Letter, page: int, pages: int) -> None:
    _text(painter, LEFT, 273, RIGHT - LEFT, 4, f"Seite {page} von {pages}", 8, colour=GREY,
          align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    painter.setPen(QPen(QColor("#999999"), mm(0.15)))
    painter.drawLine(QLineF(mm(LEFT), mm(279.5), mm(RIGHT), mm(279.5)))
    for n, line in enumerate(letter.footer[:4]):
        _text(painter, LEFT, 280.5 + n * 3.4, RIGHT - LEFT, 3.4, line, MIN_POINTS, colour=GREY)


