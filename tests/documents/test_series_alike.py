"""A letter in a series looks exactly as it does alone: the fonts, formats and typeset texts the
series shares from letter to letter (documents/qtapp.py, layout.py) carry nothing over."""

from terminassistent.services.invitations import letters as invitations

from .factories import AYSE, KIM, NOW, TODAY, berlin, book
from .pdftext import placed_text, reader
from tests.context import ctx


def pages(path) -> list[list[tuple[str, float, float]]]:
    data = path.read_bytes()
    return [placed_text(data, n) for n in range(len(reader(data).pages))]


def test_a_letter_in_a_series_is_placed_as_the_same_letter_alone(caseload, out):
    first = book(caseload, AYSE, start=berlin(2026, 12, 1, 8, 30))
    second = book(caseload, KIM, start=berlin(2026, 12, 1, 11, 0))
    invitations.write_invitations(ctx(caseload, NOW), [first.id, second.id], pdf=out / "serie.pdf", today=TODAY)
    invitations.write_invitations(ctx(caseload, NOW), [second.id], pdf=out / "allein.pdf", today=TODAY)
    series, alone = pages(out / "serie.pdf"), pages(out / "allein.pdf")
    assert len(series) > len(alone) and series[-len(alone):] == alone
