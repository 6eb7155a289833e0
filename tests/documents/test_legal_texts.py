"""The Rechtsfolgenbelehrung: versioned files, the switch on 1 July 2026, escalation by earlier findings."""

import datetime as dt
from pathlib import Path

import pytest

from terminassistent.documents.legal import count_earlier_findings, legal_text_for, version_label
from terminassistent.documents.legal_files import load_legal_texts
from terminassistent.domain.model import AppointmentStatus, Contact, ContactKind, Channel, Finding
from terminassistent.errors import InvalidInput, UserError
from terminassistent.paths import resources_dir
from terminassistent.services.invitations import letters as invitations

from .factories import NOW, TODAY, berlin, book, bracket_depth
from .pdftext import all_text
from tests.context import ctx

BUNDLED = resources_dir() / "legal"


def test_every_bundled_text_is_valid_names_its_law_and_source_and_is_marked_as_a_sample():
    texts = load_legal_texts(BUNDLED)
    assert len(texts) == 2
    for text in texts:
        assert text.law and text.source and text.version
        assert text.sample and "Rechtsabteilung" in text.sample_note


@pytest.mark.parametrize(("day", "expected"), [
    (dt.date(2023, 1, 1), "rfb-meldeversaeumnis-buergergeld"),
    (dt.date(2026, 6, 30), "rfb-meldeversaeumnis-buergergeld"),
    (dt.date(2026, 7, 1), "rfb-meldeversaeumnis-grundsicherungsgeld"),
    (dt.date(2030, 1, 1), "rfb-meldeversaeumnis-grundsicherungsgeld"),
])
def test_the_text_valid_on_the_appointments_day_is_chosen(day, expected):
    assert legal_text_for(load_legal_texts(BUNDLED), day, BUNDLED).id == expected


def test_the_letter_switches_from_buergergeld_to_grundsicherungsgeld_on_1_july_2026(caseload):
    last = book(caseload, start=berlin(2026, 6, 30, 15, 0))
    first = book(caseload, start=berlin(2026, 7, 1, 8, 0))
    in_june = ctx(caseload, berlin(2026, 6, 1, 9, 0))
    before = all_text(invitations.render_letters(in_june, [last.id], today=dt.date(2026, 6, 1)))
    after = all_text(invitations.render_letters(in_june, [first.id], today=dt.date(2026, 6, 1)))
    assert "Bürgergeld um 10 Prozent des für Sie maßgebenden Regelbedarfs" in before
    assert "Version 2023-01-01" in before and "Grundsicherungsgeld" not in before
    assert "Grundsicherungsgeld für einen Monat um 30 Prozent" in after
    assert "Version 2026-07-01" in after and "Bürgergeld" not in after


def missed(caseload, day: int, found_on: dt.date | None = dt.date(2026, 10, 1), established: bool = True):
    """An in-person appointment in September 2026 the customer missed, with the Jobcenter's finding (if any)."""
    a = book(caseload, start=berlin(2026, 9, day, 9, 0), status=AppointmentStatus.MISSED)
    if found_on is not None:
        caseload.set_finding(a.id, Finding(found_on, established, "" if established else "Attest nachgereicht"))
    return caseload.appointment(a.id)


@pytest.mark.parametrize(("findings", "expected"), [
    (0, "Ab dem zweiten Meldeversäumnis ohne wichtigen Grund"),
    (1, "Das Jobcenter hat bei Ihnen bereits ein Meldeversäumnis ohne wichtigen Grund festgestellt."),
    (2, "bereits zwei Meldeversäumnisse in Folge ohne wichtigen Grund festgestellt. Wenn Sie auch zu diesem Termin "
        "ohne wichtigen Grund nicht kommen, gelten Sie als nicht erreichbar"),
    (3, "bereits zwei Meldeversäumnisse in Folge"),
])
def test_the_variant_escalates_with_earlier_established_findings(caseload, findings, expected):
    for n in range(findings):
        missed(caseload, 1 + n)
    missed(caseload, 10, found_on=None)  # missed, no finding yet: never counts
    missed(caseload, 11, established=False)  # the Jobcenter found no Meldeversäumnis
    book(caseload, start=berlin(2026, 9, 20, 9, 0), status=AppointmentStatus.EXCUSED)  # never counts
    appointment = book(caseload, start=berlin(2026, 12, 1, 9, 0))
    text = all_text(invitations.render_letters(ctx(caseload, NOW), [appointment.id], today=TODAY))
    assert expected in text


def test_a_conversation_in_between_breaks_the_series_of_findings(caseload):
    missed(caseload, 1)
    missed(caseload, 8)
    appointment = book(caseload, start=berlin(2026, 12, 1, 9, 0))
    history = caseload.appointments(customer_no=appointment.customer_no)
    talk = Contact(appointment.customer_no, berlin(2026, 9, 15, 10, 0), Channel.PERSOENLICH, ContactKind.BERATUNG)
    note = Contact(appointment.customer_no, berlin(2026, 9, 16, 10, 0), Channel.PERSOENLICH, ContactKind.ALLGEMEIN)
    assert count_earlier_findings(history, [], appointment, "in_folge", TODAY) == 2
    assert count_earlier_findings(history, [note], appointment, "in_folge", TODAY) == 2  # an Allgemeiner Vermerk: no
    assert count_earlier_findings(history, [talk], appointment, "in_folge", TODAY) == 0
    assert count_earlier_findings(history, [talk], appointment, "gesamt", TODAY) == 2
    assert count_earlier_findings(history, [], appointment, "gesamt", dt.date(2026, 9, 30)) == 0  # found later


def write(folder: Path, name: str, body: str) -> None:
    (folder / name).write_text(body, encoding="utf-8")


VALID = '''id = "x"
version = "1"
title = "T"
law = "§ 32 SGB II"
valid_from = 2020-01-01
valid_until = 2026-06-30
source = "Quelle"
sample = false
counting = "gesamt"

[[variant]]
min_misses = 0
text = "Text."
'''


def test_validation_reports_every_problem_of_every_file(tmp_path):
    write(tmp_path, "a.toml", VALID.replace('title = "T"\n', "").replace("min_misses = 0", "min_misses = 1")
          + 'extra = 1\n')
    write(tmp_path, "b.toml", VALID.replace('sample = false', 'sample = true').replace('counting = "gesamt"', 'counting = "oft"'))
    write(tmp_path, "c.toml", "id = \n")
    with pytest.raises(InvalidInput) as refused:
        load_legal_texts(tmp_path)
    problems = "\n".join(refused.value.problems)
    assert "a.toml: der Eintrag »title« fehlt" in problems
    assert "a.toml: Variante 1: unbekannter Eintrag »extra«" in problems
    assert "b.toml: »counting« muss einer der Werte" in problems
    assert "b.toml: ein Mustertext (sample = true) braucht einen Hinweis »sample_note«" in problems
    assert "c.toml: ist keine gültige TOML-Datei" in problems


def test_two_texts_valid_on_the_same_day_are_refused(tmp_path):
    write(tmp_path, "a.toml", VALID)
    write(tmp_path, "b.toml", VALID.replace("2020-01-01", "2026-06-30").replace("valid_until = 2026-06-30\n", ""))
    with pytest.raises(InvalidInput, match="gelten beide"):
        load_legal_texts(tmp_path)


def test_no_valid_text_for_the_day_is_a_clear_refusal(tmp_path):
    write(tmp_path, "a.toml", VALID)
    with pytest.raises(UserError, match="Für den 01.07.2026 gibt es keine gültige Rechtsfolgenbelehrung"):
        legal_text_for(load_legal_texts(tmp_path), dt.date(2026, 7, 1), tmp_path)


def test_the_jobcenters_own_folder_replaces_the_samples(caseload, tmp_path):
    folder = tmp_path / "eigene"
    folder.mkdir()
    write(folder, "eigen.toml", VALID.replace('version = "1"', 'version = "JC-2026-03"')
          .replace('valid_until = 2026-06-30\n', "").replace('"Text."', '"Eigener geprüfter Text des Jobcenters."'))
    caseload.set_setting("letter.legal_dir", str(folder))
    appointment = book(caseload)
    text = all_text(invitations.render_letters(ctx(caseload, NOW), [appointment.id], today=TODAY))
    assert "Eigener geprüfter Text des Jobcenters." in text and "Version JC-2026-03" in text


@pytest.mark.parametrize(("version", "label"), [
    ("2026-07-01, Muster 1, Stand der Berichte März 2026", "2026-07-01, Muster 1, Stand der Berichte März 2026"),
    ("2026-07-01 (Muster 1, Stand der Berichte März 2026)", "2026-07-01, Muster 1, Stand der Berichte März 2026"),
    ("JC-2026-03 (Entwurf) geprüft", "JC-2026-03, Entwurf, geprüft"),
    ("(1) [a]", "1, a"),
    ("JC-2026-03", "JC-2026-03"),
])
def test_the_version_label_has_no_brackets_of_its_own(version, label):
    assert version_label(version) == label


def test_the_bundled_versions_read_well_in_running_text():
    for text in load_legal_texts(BUNDLED):
        assert "(" not in text.version and text.version_label == text.version


def version_line(caseload, appointment) -> str:
    [letter] = invitations.compose_letters(ctx(caseload, NOW), [appointment], today=TODAY)
    return next(b.text for b in letter.blocks if b.kind == "note")


def test_the_letters_version_line_has_no_nested_brackets(caseload):
    line = version_line(caseload, book(caseload))
    assert line == ("Fassung der Rechtsfolgenbelehrung: Rechtsfolgenbelehrung Meldeversäumnis "
                    "(Grundsicherungsgeld); Version 2026-07-01/2; gültig ab 01.07.2026 ohne Enddatum.")
    assert bracket_depth(line) <= 1


def test_a_jobcenters_version_in_brackets_is_shown_without_nesting(caseload, tmp_path, out):
    folder = tmp_path / "eigene"
    folder.mkdir()
    write(folder, "eigen.toml", VALID.replace('version = "1"', 'version = "JC-2026-03 (Entwurf (intern))"')
          .replace('title = "T"', 'title = "Belehrung (Meldeversäumnis)"').replace("valid_until = 2026-06-30\n", "")
          .replace("sample = false", 'sample = true\nsample_note = "MUSTER (bitte prüfen)"'))
    caseload.set_setting("letter.legal_dir", str(folder))
    appointment = book(caseload)
    line = version_line(caseload, appointment)
    assert "Version JC-2026-03, Entwurf, intern; gültig" in line and bracket_depth(line) <= 1
    result = invitations.write_invitations(ctx(caseload, NOW), [appointment.id], pdf=out / "e.pdf", today=TODAY)
    assert result.legal_texts == (("x", "JC-2026-03 (Entwurf (intern))"),)  # the JSON keeps the file's value
    assert result.notice.startswith("Die Rechtsfolgenbelehrungen in Gebrauch sind als Muster gekennzeichnet")
    assert bracket_depth(result.notice) <= 1


def test_the_sample_notice_has_no_nested_brackets(caseload, out):
    appointment = book(caseload)
    result = invitations.write_invitations(ctx(caseload, NOW), [appointment.id], pdf=out / "e.pdf", today=TODAY)
    assert result.notice.startswith("Die Rechtsfolgenbelehrungen in Gebrauch sind die mitgelieferten Muster")
    assert bracket_depth(result.notice) <= 1
