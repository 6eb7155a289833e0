"""The letter body as a QTextDocument, and where its pages break.

The body is built with QTextCursor (no HTML parsing: faster, and every run gets the letter font
with ligatures off). Each text block carries the kind of the letter's piece it shows and the notice
it belongs to (block format properties KIND and GROUP), so that page_breaks can keep a notice
together. Pages break only between lines, never inside a table or the closing, never below a
heading, and never leave a single line of a paragraph alone on a page. A notice (the
Rechtsfolgenbelehrung, the Rechtsbehelfsbelehrung) that fits on one page is never split; a longer
one breaks only between its paragraphs, and inside one only when it is longer than a page.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from terminassistent.documents.letter import Block, Letter
from terminassistent.documents.qtapp import shared_letter_font

LINE = 10.0  # body size in points
GAP = 3.0  # mm between paragraphs
SIZES = {"p": LINE, "list": LINE, "closing": LINE, "heading": LINE + 1, "legal": 9.0, "note": 8.0}
MIN_POINTS = 8.0  # nothing on a letter is smaller (DIN 5008 guides ask at least this for the return line)

# QTextFormat.UserProperty + n: the letter block's kind ("p", "list", "closing", "heading", "legal",
# "note") and its notice group ("legal", "appeal" or "") on every text block of the body.
KIND, GROUP = 0x100000 + 1, 0x100000 + 2


_GLUE = (
    (re.compile(r"(§|Abs\.|Nr\.|Satz|i\. V\. m\.) "), "\\1\u00a0"),  # "§ 59", "Abs. 2" stay on one line
    (re.compile(r"(\d) (SGB|Uhr|Prozent)\b"), "\\1\u00a0\\2"),
    (re.compile(r"\bSGB ([IVX]+)\b"), "SGB\u00a0\\1"),
    (re.compile(r"\b(z\.|i\.) (B\.|V\.)"), "\\1\u00a0\\2"),
)


@functools.lru_cache(maxsize=1024)  # a series letter repeats most paragraphs in every letter
def typeset(text: str) -> str:
    """No line break inside "§ 59 SGB II", "Abs. 2", "9:00 Uhr", "30 Prozent" (no-break spaces)."""
    for pattern, replacement in _GLUE:
        text = pattern.sub(replacement, text)
    return text


def css_mm(value: float) -> float:
    """Lengths in text formats (margins, padding, column widths) are in 96-dpi pixels; Qt scales them."""
    return value * 96 / 25.4


def body_document(letter: Letter, device, width: float, mm: Callable[[float], float] = css_mm):
    """The body below the subject: salutation, text, closing, Rechtsfolgenbelehrung.

    ``width`` is in the device's units (as is every position the layout reports).
    """
    from PySide6.QtGui import (
        QColor, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument, QTextFrameFormat, QTextLength,
        QTextListFormat, QTextTableFormat,
    )

    document = QTextDocument()
    document.documentLayout().setPaintDevice(device)
    document.setDefaultFont(shared_letter_font(LINE))  # Qt copies the fonts it is given
    document.setDocumentMargin(0)
    document.setTextWidth(width)
    cursor = QTextCursor(document)
    cursor.beginEditBlock()  # laid out once, at the end, instead of after every insertion
    first = True

    @functools.cache  # one format per kind for the whole letter (Qt copies it where it is used)
    def char(kind: str, bold: bool = False) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setFont(shared_letter_font(SIZES.get(kind, LINE), bold))
        if kind == "note":
            fmt.setForeground(QColor("#444444"))
        return fmt

    @functools.cache  # a handful of paragraph formats a letter, each used many times (Qt copies it)
    def paragraph(kind: str, space_after: float, top: float = 0.0, group: str = "") -> QTextBlockFormat:
        fmt = QTextBlockFormat()
        fmt.setBottomMargin(mm(space_after))
        fmt.setTopMargin(mm(top))
        fmt.setLineHeight(110, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        fmt.setProperty(KIND, kind)
        fmt.setProperty(GROUP, group)
        return fmt

    def new_block(block_format, char_format) -> None:
        nonlocal first
        if first:
            cursor.setBlockFormat(block_format)
            cursor.setBlockCharFormat(char_format)
            first = False
        else:
            cursor.insertBlock(block_format, char_format)

    for block in letter.blocks:
        if block.kind == "facts":
            table_format = QTextTableFormat()
            table_format.setBorder(0)
            table_format.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_None)
            table_format.setCellPadding(mm(0.4))
            table_format.setCellSpacing(0)
            table_format.setLeftMargin(mm(8))
            table_format.setBottomMargin(mm(GAP))
            table_format.setColumnWidthConstraints([QTextLength(QTextLength.Type.FixedLength, mm(26)),
                                                   QTextLength(QTextLength.Type.VariableLength, 0)])
            table = cursor.insertTable(len(block.items), 2, table_format)
            for row, (label, value) in enumerate(block.items):
                table.cellAt(row, 0).firstCursorPosition().insertText(typeset(label), char("p", bold=True))
                table.cellAt(row, 1).firstCursorPosition().insertText(typeset(value), char("p", bold=row == 0))
            cursor.movePosition(QTextCursor.MoveOperation.End)
            first = False
            continue
        if block.kind == "list":
            list_format = QTextListFormat()
            list_format.setStyle(QTextListFormat.Style.ListDisc)
            list_format.setIndent(1)
            list_format.setNumberSuffix("")
            for n, item in enumerate(block.items):
                last = n == len(block.items) - 1
                new_block(paragraph("list", GAP if last else 0.3), char("list"))
                if n == 0:
                    the_list = cursor.createList(list_format)
                else:
                    the_list.add(cursor.block())
                cursor.insertText(typeset(item), char("list"))
            continue
        _insert_text_block(block, cursor, new_block, paragraph, char, mm)
    cursor.endEditBlock()
    return document


def _insert_text_block(block: Block, cursor, new_block, paragraph, char, mm) -> None:
    if block.kind == "closing":
        closing, prefix, name = block.items
        new_block(paragraph("closing", GAP), char("closing"))
        cursor.insertText(closing, char("closing"))
        cursor.insertText("\u2028" + prefix + "\u2028\u2028\u2028" + name, char("closing"))
        return
    space = {"heading": 2.0, "legal": 2.0, "note": 0.0}.get(block.kind, GAP)
    top = 6.0 if block.kind == "heading" else 0.0
    new_block(paragraph(block.kind, space, top, block.group), char(block.kind, bold=block.kind == "heading"))
    cursor.insertText(typeset(block.text), char(block.kind, bold=block.kind == "heading"))


def page_breaks(document, first: float, later: float) -> list[tuple[float, float]]:
    """Slices (top, bottom) of the document, in its own units, one per page.

    A page that ends inside a paragraph splits it there into two blocks with the same layout, so
    every page starts with a whole block: Qt draws the line just above a clip rectangle (hidden,
    but its text would land in the PDF twice), and it skips whole blocks outside the clip.
    """
    height = document.documentLayout().documentSize().height()
    allowed = _break_points(list(_pieces(document)), later)
    slices, start, capacity, splits = [], 0.0, first, []
    while height - start > capacity:
        candidates = [y for y in allowed if start < y <= start + capacity]
        end = max(candidates) if candidates else start + capacity
        if allowed.get(end) is not None:
            splits.append(allowed[end])
        slices.append((start, end))
        start, capacity = end, later
    slices.append((start, max(height, start + 1)))
    for position in sorted(splits, reverse=True):
        _split_block(document, position)
    return slices


def _pieces(document):
    """(top, bottom, text block or None for a table, kind, group) of every piece of the body, in order."""
    layout = document.documentLayout()
    it = document.rootFrame().begin()
    while not it.atEnd():
        frame = it.currentFrame()
        if frame is not None:
            box = layout.frameBoundingRect(frame)
            yield box.top(), box.bottom(), None, "facts", ""
        else:
            block = it.currentBlock()
            box = layout.blockBoundingRect(block)
            fmt = block.blockFormat()
            yield box.top(), box.bottom(), block, fmt.property(KIND) or "p", fmt.property(GROUP) or ""
        it += 1


def _break_points(pieces: list, later: float) -> dict[float, int | None]:
    """y -> None (a break above a whole piece) or the document position of the line to split at."""
    spans: dict[str, tuple[float, float]] = {}
    for top, bottom, _, _, group in pieces:
        if group:
            spans[group] = (spans.get(group, (top, bottom))[0], bottom)
    allowed: dict[float, int | None] = {}
    previous = ""
    for top, bottom, block, kind, group in pieces:
        whole = bool(group) and spans[group][1] - spans[group][0] <= later  # the notice fits on one page
        if previous != "heading" and kind != "closing" and not (whole and top > spans[group][0]):
            allowed[top] = None
        if block is not None and (kind == "p" or (group and not whole and bottom - top > later)):
            lines = block.layout()
            for i in range(2, lines.lineCount() - 1):  # no single first or last line alone on a page
                line = lines.lineAt(i)
                allowed[lines.position().y() + line.y()] = block.position() + line.textStart()
        previous = kind
    return allowed


def _split_block(document, position: int) -> None:
    """Split the block at ``position`` (a line start) into two without moving any line."""
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(document)
    cursor.setPosition(position)
    upper = cursor.blockFormat()
    lower = cursor.blockFormat()
    upper.setBottomMargin(0)
    lower.setTopMargin(0)
    cursor.insertBlock(lower, cursor.charFormat())
    cursor.movePosition(QTextCursor.MoveOperation.PreviousBlock)
    cursor.setBlockFormat(upper)
