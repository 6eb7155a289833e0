"""The invitation letter as a caseworker hands it over: every required element, readable and in place."""

import os
import re
from pathlib import Path

import pytest

from terminassistent.documents.letter import Letter
from terminassistent.domain.model import AppointmentKind, Channel
from terminassistent.services.invitations import letters as invitations

from .factories import AYSE, KIM, NOW, TODAY, berlin, book
from .pdftext import all_text, embedded_fonts, flat, page_texts, placed_text
from tests.context import ctx

GOLDEN = Path(__file__).parent / "golden"
LIGATURES = re.compile("[\ufb00-\ufb06]")


@pytest.fixture
def letter_pdf(caseload):
    appointment = book(caseload)
    return invitations.render_letters(ctx(caseload, NOW), [appointment.id], today=TODAY)


def test_the_letter_states_everything_the_law_and_the_issue_require(letter_pdf):
    text = all_text(letter_pdf)
    required = [
        "Jobcenter Musterstadt · Beispielstraße 1 · 12345 Musterstadt",  # return line
        "Herrn Jörg Weiß-Müller Am Beispielbach 3 12345 Musterstadt",  # address
        "Kundennummer 123A456789", "Ansprechpartnerin Frau Sabine Krüger", "Telefon 01234 5678-90",
        "E-Mail sabine.krueger@example.org", "Datum 21.11.2026",  # information block
        "Einladung zu einem persönlichen Gespräch",  # subject
        "Sehr geehrter Herr Weiß-Müller,",
        "Wann Dienstag, 1. Dezember 2026, 9:00 Uhr",  # the day written out
        "Wo Jobcenter Musterstadt, Beispielstraße 1, 12345 Musterstadt", "Zimmer 2.14",  # place and room
        "Bei Frau Sabine Krüger",  # the person to see
        "Zweck der Einladung (§ 309 Abs. 2 SGB III): Vermittlung in Ausbildung oder Arbeit.",  # purpose
        "Ihre berufliche Situation besprechen",
        "Bitte bringen Sie mit: dieses Schreiben Ihren Personalausweis oder Reisepass",  # what to bring
        "melden Sie sich bitte vorher bei mir: Telefon 01234 5678-90 oder E-Mail sabine.krueger@example.org",
        "Fahrkosten für den Weg zu diesem Termin können Ihnen auf Antrag erstattet werden",  # travel costs
        "§ 59 des Zweiten Buches Sozialgesetzbuch (SGB II) in Verbindung mit § 309 des Dritten Buches",  # legal basis
        "Rechtsfolgenbelehrung",
        "Grundsicherungsgeld für einen Monat um 30 Prozent",  # the text valid on 1 December 2026
        "Fassung der Rechtsfolgenbelehrung: Rechtsfolgenbelehrung Meldeversäumnis (Grundsicherungsgeld); "
        "Version 2026-07-01/2; gültig ab 01.07.2026",  # which version was used
        "Mit freundlichen Grüßen Im Auftrag Sabine Krüger",
        "Seite 1 von 2", "Seite 2 von 2",
    ]
    missing = [r for r in required if r not in text]
    assert not missing, missing


def test_umlauts_survive_and_no_ligatures_reach_the_text(caseload, letter_pdf):
    appointment = book(caseload, KIM, start=berlin(2026, 12, 1, 10, 0))  # "Fließweg": an fl ligature candidate
    text = all_text(letter_pdf) + all_text(invitations.render_letters(ctx(caseload, NOW), [appointment.id], today=TODAY))
    assert not LIGATURES.search(text)
    for word in ("Grüßen", "Weiß-Müller", "persönlichen", "Gespräch", "Beispielstraße", "ärztliche", "Fließweg",
                 "Schäfer", "§ 59"):
        assert word in text


def test_golden_text_of_the_letter(caseload, letter_pdf):
    """The composed text is the golden file, and the PDF shows every piece of it."""
    appointment = caseload.appointments()[0]
    letter: Letter = invitations.compose_letters(ctx(caseload, NOW), [appointment], today=TODAY)[0]
    golden = GOLDEN / "einladung_persoenlich.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(letter.as_text(), encoding="utf-8")
    assert letter.as_text() == golden.read_text(encoding="utf-8")
    pieces = [letter.sender, *letter.sender_lines, letter.return_line, *letter.recipient, letter.subject,
              *(f"{k} {v}" for k, v in letter.info), *letter.footer]
    for block in letter.blocks:
        if block.kind == "facts":
            pieces += [f"{k} {v}" for k, v in block.items]
        elif block.kind in ("list", "closing"):
            pieces += list(block.items)
        else:
            pieces.append(block.text)
    pdf = all_text(letter_pdf)
    assert [p for p in pieces if flat(p) not in pdf] == []


def test_address_field_sits_in_the_window_of_a_dl_envelope(letter_pdf):
    runs: dict[str, tuple[float, float]] = {}
    for text, x, y in placed_text(letter_pdf):  # the first occurrence: the footer repeats the return line
        runs.setdefault(text.replace("\t", " "), (x, y))
    for line in ("Herrn", "Jörg Weiß-Müller", "Am Beispielbach 3"):
        x, y = runs[line]
        assert 20 <= x <= 105 and 62.7 < y <= 90, (line, x, y)  # Anschriftzone of Form B
    zone = [text.replace("\t", " ") for text, x, y in placed_text(letter_pdf) if x < 105 and 45 < y <= 62.7]
    # the return line in the Zusatz- und Vermerkzone, wrapped (at 8 pt it is longer than the field is wide)
    assert zone == ["Jobcenter Musterstadt · Beispielstraße 1", "12345 Musterstadt"]
    x, y = runs["Kundennummer"]
    assert x == pytest.approx(125, abs=0.5) and 50 <= y <= 56  # information block
    x, y = runs["Einladung zu einem persönlichen Gespräch"]
    assert 98 < y < 104  # subject two lines below the address field


def test_the_fonts_travel_with_the_pdf(letter_pdf):
    assert embedded_fonts(letter_pdf) == {"/DejaVuSans", "/DejaVuSans-Bold"}


@pytest.mark.parametrize(("customer", "salutation", "recipient"), [
    (AYSE, "Sehr geehrte Frau Özdemir,", "Frau Ayşe Özdemir Große Straße 12a 12347 Musterstadt-Süd"),
    (KIM, "Guten Tag Kim Schäfer,", "Kim Schäfer Fließweg 7"),
])
def test_salutation_follows_the_customer(caseload, customer, salutation, recipient):
    appointment = book(caseload, customer)
    text = all_text(invitations.render_letters(ctx(caseload, NOW), [appointment.id], today=TODAY))
    assert salutation in text and recipient in text
    assert "Herrn" not in text


def test_a_phone_appointment_invites_to_a_call_without_travel_costs(caseload):
    appointment = book(caseload, channel=Channel.TELEFONISCH, kind=AppointmentKind.ERSTGESPRAECH)
    text = all_text(invitations.render_letters(ctx(caseload, NOW), [appointment.id], today=TODAY))
    assert "Ihr Telefontermin mit dem Jobcenter" in text
    assert "rufe Sie zu diesem Termin an" in text
    assert "Fahrkosten" not in text and "Zimmer 2.14" not in text


def test_several_purposes_are_listed_in_the_order_of_the_statute(caseload):
    appointment = book(caseload)
    text = all_text(invitations.render_letters(
        ctx(caseload, NOW), [appointment.id], purposes=["anspruchspruefung", "berufsberatung"], today=TODAY))
    assert ("Zweck der Einladung (§ 309 Abs. 2 SGB III): Berufsberatung Prüfung des Vorliegens der "
            "Voraussetzungen für den Leistungsanspruch") in text
    assert "Ihre berufliche Situation besprechen" not in text


def test_a_long_legal_text_flows_onto_the_next_page_without_losing_or_repeating_a_line(caseload, tmp_path):
    folder = tmp_path / "recht"
    folder.mkdir()
    sentences = " ".join(f"Satz {n} der langen Belehrung." for n in range(1, 400))
    (folder / "lang.toml").write_text(
        'id = "lang"\nversion = "1"\ntitle = "Lang"\nlaw = "§ 32 SGB II"\nvalid_from = 2020-01-01\n'
        'source = ["Test"]\nsample = false\ncounting = "gesamt"\n\n[[variant]]\nmin_misses = 0\n'
        f'text = """{sentences}"""\n', encoding="utf-8")
    caseload.set_setting("letter.legal_dir", str(folder))
    appointment = book(caseload)
    pages = page_texts(invitations.render_letters(ctx(caseload, NOW), [appointment.id], today=TODAY))
    assert len(pages) >= 3
    assert all(f"Seite {n} von {len(pages)}" in page for n, page in enumerate(pages, 1))
    found = [int(n) for n in re.findall(r"Satz (\d+) der", " ".join(pages))]
    assert found == list(range(1, 400))


def test_the_application_made_for_printing_also_serves_widgets():
    """Regression: a QGuiApplication made for the PDF made a later QWidget abort the whole process."""
    from PySide6.QtWidgets import QApplication

    from terminassistent.documents.qtapp import ensure_gui_application

    assert isinstance(ensure_gui_application(), QApplication)


def test_the_letterhead_settings_replace_the_defaults(caseload):
    caseload.set_setting("letter.jobcenter_name", "Jobcenter Landkreis Musterkreis")
    caseload.set_setting("letter.footer", ["Öffnungszeiten: Mo–Fr 8:00–12:30 Uhr"])
    caseload.set_setting("letter.bring", ["Ihren Mietvertrag"])
    appointment = book(caseload)
    text = all_text(invitations.render_letters(ctx(caseload, NOW), [appointment.id], today=TODAY))
    assert "Jobcenter Landkreis Musterkreis · Beispielstraße 1 · 12345 Musterstadt" in text
    assert "Öffnungszeiten: Mo–Fr 8:00–12:30 Uhr" in text
    assert "Bitte bringen Sie mit: Ihren Mietvertrag" in text and "Reisepass" not in text


def test_the_jobcenters_own_template_is_checked_for_typos(caseload, tmp_path):
    from terminassistent.errors import InvalidInput
    from terminassistent.paths import resources_dir

    sample = (resources_dir() / "letter" / "einladung.toml").read_text(encoding="utf-8")
    own = tmp_path / "vorlage.toml"
    own.write_text(sample.replace("{customer_no} und den Grund", "{kundennummer} und den Grund")
                   .replace('closing = "Mit freundlichen Grüßen"\n', ""), encoding="utf-8")
    caseload.set_setting("letter.template", str(own))
    appointment = book(caseload)
    with pytest.raises(InvalidInput) as refused:
        invitations.render_letters(ctx(caseload, NOW), [appointment.id], today=TODAY)
    assert refused.value.problems == ["[persoenlich] reschedule: unbekannter Platzhalter »{kundennummer}«.",
                                      "[text]: der Eintrag »closing« fehlt."]
