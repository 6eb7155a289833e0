"""Every refusal says in German what to fill in, and writes no file: not even an empty one."""

import dataclasses

import pytest

from terminassistent.domain.model import Address, AppointmentStatus
from terminassistent.errors import UserError
from terminassistent.services.invitations import letters as invitations

from .factories import CASEWORKER, JOERG, NOMAD, NOW, TODAY, berlin, book
from tests.context import ctx


def refused(caseload, out, appointment_ids, **kw):
    pdf, ics = out / "einladung.pdf", out / "termin.ics"
    with pytest.raises(UserError) as error:
        invitations.write_invitations(ctx(caseload, NOW), appointment_ids, pdf=pdf, ics=ics, today=TODAY, **kw)
    assert list(out.iterdir()) == []  # no file, no temporary file
    return str(error.value)


@pytest.mark.parametrize(("field", "expected"), [
    ("phone", "Ihre Telefonnummer für Rückfragen und Terminänderungen fehlt: Bitte tragen Sie sie"),
    ("office", "Die Anschrift der Dienststelle fehlt oder ist unvollständig"),
    ("name", "Ihr Name als Ansprechpartner/in fehlt"),
    ("room", "Das Zimmer für das persönliche Gespräch fehlt"),
])
def test_a_missing_letterhead_field_is_named(caseload, out, field, expected):
    caseload.save_caseworker(dataclasses.replace(CASEWORKER, **{field: ""}))
    appointment = book(caseload)
    assert expected in refused(caseload, out, [appointment.id])


def test_an_office_without_postal_code_is_incomplete(caseload, out):
    caseload.save_caseworker(dataclasses.replace(CASEWORKER, office="Jobcenter Musterstadt"))
    appointment = book(caseload)
    assert "Postleitzahl mit Ort" in refused(caseload, out, [appointment.id])


def test_every_missing_field_is_named_at_once(caseload, out):
    caseload.save_caseworker(dataclasses.replace(CASEWORKER, phone="", room=""))
    caseload.update_customer(dataclasses.replace(JOERG, address=None))
    appointment = book(caseload)
    message = refused(caseload, out, [appointment.id])
    assert "Telefonnummer" in message and "Zimmer" in message and "Postanschrift" in message


def test_a_customer_without_postal_address(caseload, out):
    appointment = book(caseload, NOMAD)
    message = refused(caseload, out, [appointment.id])
    assert "Für Kundennummer 000D999999 ist keine vollständige Postanschrift gespeichert" in message
    assert "Straße mit Hausnummer, Postleitzahl und Ort" in message


def test_an_incomplete_address_is_no_address(caseload, out):
    caseload.update_customer(dataclasses.replace(JOERG, address=Address("Am Beispielbach 3", "", "Musterstadt")))
    appointment = book(caseload)
    assert "keine vollständige Postanschrift" in refused(caseload, out, [appointment.id])


def test_no_legal_text_for_the_day(caseload, out, tmp_path):
    folder = tmp_path / "alt"
    folder.mkdir()
    (folder / "alt.toml").write_text(
        'id = "alt"\nversion = "1"\ntitle = "Alt"\nlaw = "§ 32 SGB II"\nvalid_from = 2023-01-01\n'
        'valid_until = 2026-06-30\nsource = ["x"]\nsample = false\ncounting = "gesamt"\n\n'
        '[[variant]]\nmin_misses = 0\ntext = "Text."\n', encoding="utf-8")
    caseload.set_setting("letter.legal_dir", str(folder))
    appointment = book(caseload, start=berlin(2026, 7, 1, 9, 0))
    assert "Für den 01.07.2026 gibt es keine gültige Rechtsfolgenbelehrung" in refused(caseload, out, [appointment.id])


@pytest.mark.parametrize("status", [AppointmentStatus.CANCELLED, AppointmentStatus.HELD, AppointmentStatus.MISSED])
def test_a_letter_only_for_a_booked_appointment(caseload, out, status):
    appointment = book(caseload, status=status)
    assert f"Der Termin ist {status.label}; eine Einladung wird nur für gebuchte Termine gedruckt" in refused(
        caseload, out, [appointment.id])


def test_a_cancelled_appointment_still_gets_its_cancelling_calendar_file(caseload, out):
    appointment = book(caseload, status=AppointmentStatus.CANCELLED)
    invitations.write_invitations(ctx(caseload, NOW), [appointment.id], ics=out / "absage.ics")
    assert b"STATUS:CANCELLED" in (out / "absage.ics").read_bytes()


def test_one_bad_appointment_stops_the_whole_series(caseload, out):
    good = book(caseload)
    bad = book(caseload, NOMAD, start=berlin(2026, 12, 1, 10, 0))
    message = refused(caseload, out, [good.id, bad.id])
    assert f"Termin {bad.id}: Für Kundennummer 000D999999" in message


def test_an_existing_file_is_left_as_it_was(caseload, out):
    appointment = book(caseload, NOMAD)
    target = out / "einladung.pdf"
    target.write_bytes(b"alt")
    with pytest.raises(UserError):
        invitations.write_invitations(ctx(caseload, NOW), [appointment.id], pdf=target, today=TODAY)
    assert target.read_bytes() == b"alt" and sorted(p.name for p in out.iterdir()) == ["einladung.pdf"]


def test_a_missing_target_folder_is_refused_before_anything_is_rendered(caseload, out):
    appointment = book(caseload)
    with pytest.raises(UserError, match="Den Ordner .* gibt es nicht"):
        invitations.write_invitations(ctx(caseload, NOW), [appointment.id], pdf=out / "fehlt" / "e.pdf", ics=out / "e.ics")
    assert list(out.iterdir()) == []


def test_the_calendar_needs_the_organizers_email(caseload, out):
    caseload.save_caseworker(dataclasses.replace(CASEWORKER, email=""))
    appointment = book(caseload)
    assert "Ihre E-Mail-Adresse fehlt" in refused(caseload, out, [appointment.id])


def test_a_bad_setting_is_named(caseload, out):
    caseload.set_setting("letter.bring", "Ausweis")
    appointment = book(caseload)
    assert "Die Einstellung »letter.bring«" in refused(caseload, out, [appointment.id])


def test_a_successful_write_leaves_only_the_two_files_owner_only(caseload, out):
    appointment = book(caseload)
    invitations.write_invitations(ctx(caseload, NOW), [appointment.id], pdf=out / "e.pdf", ics=out / "e.ics", today=TODAY)
    assert sorted(p.name for p in out.iterdir()) == ["e.ics", "e.pdf"]
    assert all(p.stat().st_mode & 0o077 == 0 for p in out.iterdir())


def test_a_logo_that_is_no_image_is_refused(caseload, out, tmp_path):
    fake = tmp_path / "logo.png"
    fake.write_bytes(b"kein Bild")
    caseload.set_setting("letter.logo", str(fake))
    appointment = book(caseload)
    assert "ist kein lesbares Bild" in refused(caseload, out, [appointment.id])
    caseload.set_setting("letter.logo", str(tmp_path / "fehlt.png"))
    assert "Das Logo" in refused(caseload, out, [appointment.id])


def test_a_logo_is_printed_in_the_letterhead(caseload, out):
    from PySide6.QtGui import QColor, QImage

    from terminassistent.documents.qtapp import ensure_gui_application

    ensure_gui_application()
    logo = QImage(40, 20, QImage.Format.Format_RGB32)
    logo.fill(QColor("#c8102e"))
    logo.save(str(out.parent / "logo.png"))
    caseload.set_setting("letter.logo", str(out.parent / "logo.png"))
    appointment = book(caseload)
    invitations.write_invitations(ctx(caseload, NOW), [appointment.id], pdf=out / "e.pdf", today=TODAY)
    assert b"/Subtype /Image" in (out / "e.pdf").read_bytes()


@pytest.mark.parametrize(("field", "advice"), [
    ("office", 'terminassistent settings --db PFAD --office "Jobcenter Musterstadt, Beispielstraße 1, 12345 Musterstadt"'),
    ("name", "terminassistent settings --db PFAD --name "),
    ("phone", "terminassistent settings --db PFAD --phone "),
    ("room", "terminassistent settings --db PFAD --room "),
    ("email", "terminassistent settings --db PFAD --email "),
])
def test_a_missing_detail_of_the_caseworker_names_the_settings_command(caseload, out, field, advice):
    caseload.save_caseworker(dataclasses.replace(CASEWORKER, **{field: ""}))
    appointment = book(caseload)
    message = refused(caseload, out, [appointment.id])
    assert advice in message and "bei den Angaben der Integrationsfachkraft" in message
    assert "Sachbearbeitung" not in message and "Einstellungen, Bereich" not in message


def test_every_missing_detail_names_its_own_option(caseload, out):
    caseload.save_caseworker(dataclasses.replace(CASEWORKER, name="", office="", room="", phone="", email=""))
    message = refused(caseload, out, [book(caseload).id])
    for option in ("--office", "--name", "--room", "--phone", "--email"):
        assert f"terminassistent settings --db PFAD {option} " in message
    assert "Sachbearbeitung" not in message
