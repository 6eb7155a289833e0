"""Reading generated PDFs back in the tests: text per page and where each piece of text sits."""

from __future__ import annotations

import io
import math

from pypdf import PdfReader

POINT_TO_MM = 25.4 / 72
A4_HEIGHT_MM = 297.0


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def flat(text: str) -> str:
    """Whitespace of any kind (tabs, line breaks, no-break spaces) as single spaces."""
    return " ".join(text.split())


def page_texts(data: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in reader(data).pages]


def all_text(data: bytes) -> str:
    return " ".join(page_texts(data))


def placed_text(data: bytes, page: int = 0) -> list[tuple[str, float, float]]:
    """(text, x mm from the left edge, y mm from the top edge) of every text run on a page."""
    runs: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, font, size):
        if not text.strip():
            return
        a, b, c, d, e, f = tm
        A, B, C, D, E, F = cm
        x = e * A + f * C + E
        y = e * B + f * D + F
        runs.append((text.strip(), x * POINT_TO_MM, A4_HEIGHT_MM - y * POINT_TO_MM))

    reader(data).pages[page].extract_text(visitor_text=visit)
    return runs


def text_sizes(data: bytes) -> list[tuple[float, str, int]]:
    """(size in points as printed, text, page number from 1) of every text run of the document."""
    runs: list[tuple[float, str, int]] = []
    for number, page in enumerate(reader(data).pages, start=1):
        def visit(text, cm, tm, font, size, number=number):
            if text.strip():
                runs.append((size * math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1]), flat(text), number))

        page.extract_text(visitor_text=visit)
    return runs


def embedded_fonts(data: bytes) -> set[str]:
    """Base names of the fonts that carry their own font program (FontFile2/3)."""
    names = set()
    for page in reader(data).pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            for item in (descendants.get_object() if descendants else [font]):
                described = item.get_object().get("/FontDescriptor")
                if described is not None:
                    descriptor = described.get_object()
                    if "/FontFile2" in descriptor or "/FontFile3" in descriptor:
                        names.add(str(item.get_object()["/BaseFont"]))
    return names
