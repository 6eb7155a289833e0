"""The series letter: every invitation of a day or a planned week in one PDF, in booking order."""

import datetime as dt
import re

from terminassistent.domain.model import AppointmentStatus
from terminassistent.services.invitations import letters as invitations

from .factories import AYSE, JOERG, KIM, NOMAD, NOW, TODAY, berlin, book
from .pdftext import page_texts
from tests.context import ctx


def letters_of(pages: list[str]) -> list[tuple[str, int]]:
    """(Kundennummer, number of pages) of each letter, from its "Seite 1 von N" onwards."""
    found = []
    for text in pages:
        number = re.search(r"Kundennummer:? (\w+)", text)[1]
        page, total = map(int, re.search(r"Seite (\d+) von (\d+)", text).groups())
        if page == 1:
            found.append((number, total))
        else:
            assert found and found[-1][0] == number  # a later page belongs to the letter before it
    return found


def test_a_day_prints_every_booked_appointment_in_booking_order(caseload, out):
    # booked in another order than they take place; a cancelled and a held one on the same day are left out
    third = book(caseload, KIM, start=berlin(2026, 12, 1, 14, 0))
    first = book(caseload, AYSE, start=berlin(2026, 12, 1, 8, 30))
    book(caseload, NOMAD, start=berlin(2026, 12, 1, 9, 30), status=AppointmentStatus.CANCELLED)
    second = book(caseload, JOERG, start=berlin(2026, 12, 1, 11, 0))
    book(caseload, JOERG, start=berlin(2026, 12, 2, 9, 0))  # the next day
    day = invitations.appointments_of_day(caseload, dt.date(2026, 12, 1))
    assert [a.id for a in day] == [first.id, second.id, third.id]
    result = invitations.write_invitations(ctx(caseload, NOW), [a.id for a in day], pdf=out / "tag.pdf", today=TODAY)
    assert result.appointments == (first.id, second.id, third.id)
    letters = letters_of(page_texts((out / "tag.pdf").read_bytes()))
    assert [number for number, _ in letters] == [AYSE.customer_no, JOERG.customer_no, KIM.customer_no]
    assert sum(total for _, total in letters) == len(page_texts((out / "tag.pdf").read_bytes()))


def test_a_planned_week_given_as_a_list_comes_out_in_booking_order(caseload):
    friday = book(caseload, JOERG, start=berlin(2026, 12, 4, 9, 0))
    monday = book(caseload, KIM, start=berlin(2026, 11, 30, 9, 0))
    wednesday = book(caseload, AYSE, start=berlin(2026, 12, 2, 9, 0))
    pdf = invitations.render_letters(ctx(caseload, NOW), [friday.id, monday.id, wednesday.id, monday.id], today=TODAY)
    assert [n for n, _ in letters_of(page_texts(pdf))] == [KIM.customer_no, AYSE.customer_no, JOERG.customer_no]
    week = invitations.appointments_between(caseload, dt.date(2026, 11, 30), dt.date(2026, 12, 7))
    assert [a.id for a in week] == [monday.id, wednesday.id, friday.id]


def test_the_legal_text_is_chosen_per_letter(caseload):
    june = book(caseload, JOERG, start=berlin(2026, 6, 30, 9, 0))
    july = book(caseload, AYSE, start=berlin(2026, 7, 1, 9, 0))
    in_june = ctx(caseload, berlin(2026, 6, 1, 9, 0))
    pages = page_texts(invitations.render_letters(in_june, [july.id, june.id], today=dt.date(2026, 6, 1)))
    text = " ".join(pages)
    assert text.index("Bürgergeld um 10 Prozent") < text.index("Grundsicherungsgeld für einen Monat")



def test_every_letter_of_a_series_starts_on_an_odd_page_for_duplex(caseload, tmp_path):
    """A letter of an odd number of pages is followed by a blank page, so that printed on both
    sides each letter starts on a sheet of its own; the last letter gets none (a usual letter has
    two pages and needs none: the test above counts no blank page)."""
    folder = tmp_path / "recht"  # a long legal text: the letter takes three pages
    folder.mkdir()
    sentences = " ".join(f"Satz {n} der langen Belehrung." for n in range(1, 200))
    (folder / "lang.toml").write_text(
        'id = "lang"\nversion = "1"\ntitle = "Lang"\nlaw = "§ 32 SGB II"\nvalid_from = 2020-01-01\n'
        'source = ["Test"]\nsample = false\ncounting = "gesamt"\n\n[[variant]]\nmin_misses = 0\n'
        f'text = """{sentences}"""\n', encoding="utf-8")
    caseload.set_setting("letter.legal_dir", str(folder))
    booked = [book(caseload, c, start=berlin(2026, 12, 1, h, 0)) for c, h in ((JOERG, 10), (KIM, 11))]
    one = page_texts(invitations.render_letters(ctx(caseload, NOW), [booked[0].id], today=TODAY))
    assert len(one) == 3 and "Seite 3 von 3" in one[-1]
    series = page_texts(invitations.render_letters(ctx(caseload, NOW), [a.id for a in booked], today=TODAY))
    assert [n for n, text in enumerate(series, 1) if "Seite 1 von" in text] == [1, 5]
    assert series[3].strip() == ""  # page 4: the back of the first letter's last sheet
    assert len(series) == 7 and "Seite 3 von 3" in series[-1]  # no blank page after the last letter
    assert [number for number, _ in letters_of([t for t in series if t.strip()])] == [JOERG.customer_no,
                                                                                       KIM.customer_no]
