"""The calendar file: valid for a strict RFC 5545 reader and a strict iTIP check, imported by a real
calendar client, round-trips, stable UIDs, cancellations as raised SEQUENCE, little personal data."""

import dataclasses
import datetime as dt
import os
import shutil
import subprocess
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import given, settings, strategies as st

from terminassistent.documents.ics import CalendarEntry, calendar_bytes
from terminassistent.domain.model import BERLIN, Appointment, AppointmentStatus, Channel
from terminassistent.services.invitations import letters as invitations

from . import itip, rfc5545
from .factories import AYSE, CASEWORKER, JOERG, KIM, berlin, book
from tests.context import ctx

NOW = dt.datetime(2026, 11, 21, 8, 30, tzinfo=dt.timezone.utc)


def strict(data: bytes) -> rfc5545.Component:
    return itip.read(data)


def local_start(event: rfc5545.Component) -> dt.datetime:
    prop = event.one("DTSTART")
    return rfc5545.parse_date_time(prop.value, ZoneInfo(prop.params["TZID"]))


def test_a_booked_appointment_is_published_for_import(caseload):
    appointment = book(caseload)
    calendar = strict(invitations.render_calendar(ctx(caseload, NOW), [appointment.id]))
    assert calendar.value("METHOD") == "PUBLISH" and calendar.value("VERSION") == "2.0"
    [timezone] = calendar.all("VTIMEZONE")
    assert timezone.value("TZID") == "Europe/Berlin"
    [event] = calendar.all("VEVENT")
    assert event.value("DTSTAMP") == "20261121T083000Z"
    assert event.one("DTSTART").params == {"TZID": "Europe/Berlin"} and event.value("DTSTART") == "20261201T090000"
    assert event.value("DTEND") == "20261201T094500"
    assert event.value("SEQUENCE") == "0" and event.value("STATUS") == "CONFIRMED"
    assert rfc5545.unescape(event.value("LOCATION")) == (
        "Jobcenter Musterstadt, Beispielstraße 1, 12345 Musterstadt, Zimmer 2.14")
    assert event.value("ORGANIZER") == "mailto:sabine.krueger@example.org"
    assert not [p for p in event.props if p.name == "ATTENDEE"]


def test_round_trip_write_parse_back_compare(caseload, out):
    appointment = book(caseload)
    invitations.write_invitations(ctx(caseload, NOW), [appointment.id], ics=out / "t.ics")
    data = (out / "t.ics").read_bytes()
    ours, theirs = strict(data), icalendar.Calendar.from_ical(data)
    [event] = ours.all("VEVENT")
    [parsed] = theirs.walk("VEVENT")
    assert not getattr(theirs, "errors", None) and not getattr(parsed, "errors", None)
    assert str(parsed["UID"]) == event.value("UID") == invitations.render_calendar(
        ctx(caseload, NOW), [appointment.id]).decode().split("UID:")[1].split("\r\n")[0]
    assert parsed.decoded("DTSTART") == local_start(event) == appointment.start
    assert parsed.decoded("DTSTART").tzinfo.key == "Europe/Berlin"
    assert int(parsed["SEQUENCE"]) == int(event.value("SEQUENCE")) == appointment.sequence
    assert str(theirs["METHOD"]) == ours.value("METHOD") == "PUBLISH"


def test_the_uid_is_stable_and_the_sequence_rises_with_every_change(caseload):
    appointment = book(caseload)
    first = strict(invitations.render_calendar(ctx(caseload, NOW), [appointment.id])).all("VEVENT")[0]
    moved = caseload.update_appointment(dataclasses.replace(
        appointment, start=berlin(2026, 12, 2, 10, 0), end=berlin(2026, 12, 2, 10, 45)))
    second = strict(invitations.render_calendar(ctx(caseload, NOW), [appointment.id])).all("VEVENT")[0]
    assert first.value("UID") == second.value("UID")
    assert first.value("UID").startswith(f"termin-{appointment.id}@terminassistent.")
    assert int(second.value("SEQUENCE")) == moved.sequence == 1
    assert second.value("DTSTART") == "20261202T100000"
    other = book(caseload, AYSE)
    assert strict(invitations.render_calendar(ctx(caseload, NOW), [other.id])).all("VEVENT")[0].value("UID") != first.value("UID")


def test_point_7_calendar_files_follow_the_scheduling_standard(caseload):
    """Regression: METHOD:REQUEST and METHOD:CANCEL without ATTENDEE, several events under one REQUEST."""
    appointment = book(caseload)
    other = book(caseload, AYSE, start=berlin(2026, 12, 2, 10, 0))
    first = strict(invitations.render_calendar(ctx(caseload, NOW), [appointment.id, other.id]))
    assert first.value("METHOD") == "PUBLISH" and len(first.all("VEVENT")) == 2
    cancelled = caseload.update_appointment(dataclasses.replace(appointment, status=AppointmentStatus.CANCELLED))
    # a booked and a cancelled appointment may share one published file
    calendar = strict(invitations.render_calendar(ctx(caseload, NOW), [appointment.id, other.id]))
    events = {e.value("UID"): e for e in calendar.all("VEVENT")}
    was = {e.value("UID"): e for e in first.all("VEVENT")}
    assert calendar.value("METHOD") == "PUBLISH" and events.keys() == was.keys()
    gone, kept = (events[e.value("UID")] for e in first.all("VEVENT"))
    assert gone.value("STATUS") == "CANCELLED" and kept.value("STATUS") == "CONFIRMED"
    assert int(gone.value("SEQUENCE")) == cancelled.sequence == int(was[gone.value("UID")].value("SEQUENCE")) + 1
    assert gone.value("DTSTART") == was[gone.value("UID")].value("DTSTART")


def test_the_itip_check_refuses_what_the_old_files_did():
    base = invitations_free_calendar()
    assert itip.problems(rfc5545.read(base)) == []
    request = base.replace(b"METHOD:PUBLISH", b"METHOD:REQUEST")
    cancel = base.replace(b"METHOD:PUBLISH", b"METHOD:CANCEL").replace(b"STATUS:CONFIRMED", b"STATUS:CANCELLED")
    second = base.replace(b"END:VCALENDAR", b"BEGIN:VEVENT\r\nUID:2\r\nDTSTAMP:20261121T083000Z\r\nDTSTART:20261202T"
                          b"090000Z\r\nSUMMARY:b\r\nORGANIZER:mailto:a@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR")
    attendee = base.replace(b"SUMMARY:a", b"SUMMARY:a\r\nATTENDEE:mailto:b@example.org")
    for data, problem in [
        (request, "needs at least one ATTENDEE"),
        (cancel, "needs at least one ATTENDEE"),
        (second.replace(b"METHOD:PUBLISH", b"METHOD:REQUEST"), "different UIDs"),
        (attendee, "ATTENDEE must not occur"),
        (base.replace(b"ORGANIZER:mailto:a@example.org\r\n", b""), "ORGANIZER must occur exactly once"),
        (request.replace(b"SUMMARY:a", b"SUMMARY:a\r\nATTENDEE:mailto:b@example.org").replace(
            b"STATUS:CONFIRMED", b"STATUS:CANCELLED"), "STATUS:CANCELLED is not allowed"),
    ]:
        found = itip.problems(rfc5545.read(data))
        assert any(problem in p for p in found), (problem, found)
    assert itip.problems(rfc5545.read(second)) == []  # several events may be published together


def invitations_free_calendar() -> bytes:
    return (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nMETHOD:PUBLISH\r\nBEGIN:VEVENT\r\nUID:1\r\n"
            b"DTSTAMP:20261121T083000Z\r\nDTSTART:20261201T090000Z\r\nSUMMARY:a\r\nORGANIZER:mailto:a@example.org\r\n"
            b"SEQUENCE:0\r\nSTATUS:CONFIRMED\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


@pytest.mark.skipif(shutil.which("khal") is None, reason="the calendar client khal is not installed (packaging/setup.sh)")
def test_point_7_a_real_calendar_client_imports_the_file_and_the_cancellation(caseload, tmp_path):
    """khal (a packaged calendar client) imports the published file, and the cancellation replaces the event."""
    appointment = book(caseload)
    other = book(caseload, AYSE, start=berlin(2026, 12, 2, 10, 0))
    (tmp_path / "kalender").mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(f"[calendars]\n[[termine]]\npath = {tmp_path / 'kalender'}\n[locale]\n"
                      "local_timezone = Europe/Berlin\ndefault_timezone = Europe/Berlin\n"
                      "dateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\ntimeformat = %H:%M\n"
                      "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n", encoding="utf-8")
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "daten"), "LANG": "C.UTF-8",
           "XDG_CONFIG_HOME": str(tmp_path / "konfig")}

    def khal(*args: str) -> str:
        done = subprocess.run(["khal", "-c", str(config), *args], env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def listed() -> list[list[str]]:
        out = khal("list", "--day-format", "", "--format", "{uid}|{status}|{start}|{title}", "2026-11-30", "7d")
        return sorted(line.split("|") for line in out.splitlines() if line.strip())

    def imported(ids) -> None:
        path = tmp_path / "termine.ics"
        path.write_bytes(invitations.render_calendar(ctx(caseload, NOW), ids))
        khal("import", "--batch", "-a", "termine", str(path))

    imported([appointment.id, other.id])
    assert [(status.strip(), start, title) for _, status, start, title in listed()] == [
        ("CONFIRMED", "2026-12-01 09:00", "Folgegespräch (persönlich) – J. W."),
        ("CONFIRMED", "2026-12-02 10:00", "Folgegespräch (persönlich) – A. Ö."),
    ]
    caseload.update_appointment(dataclasses.replace(appointment, status=AppointmentStatus.CANCELLED))
    imported([appointment.id])
    assert [(status.strip(), start) for _, status, start, _ in listed()] == [
        ("CANCELLED", "2026-12-01 09:00"), ("CONFIRMED", "2026-12-02 10:00")]
    assert len(list((tmp_path / "kalender").iterdir())) == 2  # the same event, not a second one


def test_by_default_the_summary_carries_initials_and_nothing_personal(caseload):
    appointment = book(caseload)
    data = invitations.render_calendar(ctx(caseload, NOW), [appointment.id]).decode("utf-8")
    text = rfc5545.unescape(data.replace("\r\n ", ""))
    assert "SUMMARY:Folgegespräch (persönlich) – J. W." in text
    for personal in ("Jörg", "Weiß-Müller", "123A456789", "20020228", "2002-02-28", "28.02.2002", "Aktivierung", "arbeitslos", "Bewerbungsunterlagen",
                     "Am Beispielbach", "Gesundheit", "gesundheit"):
        assert personal not in text, personal


def test_settings_allow_the_customer_number_or_the_full_name(caseload):
    appointment = book(caseload)
    caseload.set_setting("calendar.person", "kundennummer")
    assert b"Kd.-Nr. 123A456789" in invitations.render_calendar(ctx(caseload, NOW), [appointment.id])
    caseload.set_setting("calendar.person", "name")
    event = strict(invitations.render_calendar(ctx(caseload, NOW), [appointment.id])).all("VEVENT")[0]
    assert rfc5545.unescape(event.value("SUMMARY")).endswith("Jörg Weiß-Müller")


def test_a_phone_appointment_has_no_office_location(caseload):
    appointment = book(caseload, channel=Channel.TELEFONISCH)
    event = strict(invitations.render_calendar(ctx(caseload, NOW), [appointment.id])).all("VEVENT")[0]
    assert rfc5545.unescape(event.value("LOCATION")) == "telefonisch (Anruf von Frau Sabine Krüger)"


def test_a_day_is_one_file_with_one_event_per_appointment_in_booking_order(caseload):
    late = book(caseload, KIM, start=berlin(2026, 12, 1, 13, 0))
    early = book(caseload, AYSE, start=berlin(2026, 12, 1, 8, 0))
    book(caseload, JOERG, start=berlin(2026, 12, 1, 10, 0), status=AppointmentStatus.CANCELLED)
    ids = [a.id for a in invitations.appointments_of_day(caseload, dt.date(2026, 12, 1))]
    calendar = strict(invitations.render_calendar(ctx(caseload, NOW), ids))
    assert [e.value("UID").split("@")[0] for e in calendar.all("VEVENT")] == [f"termin-{early.id}", f"termin-{late.id}"]
    assert len(calendar.all("VTIMEZONE")) == 1


def test_the_strict_reader_is_strict():
    good = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTAMP:20260101T000000Z\r\n"
            b"DTSTART:20260101T090000Z\r\nSUMMARY:a\\, b\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    rfc5545.read(good)
    for broken, problem in [
        (good.replace(b"\r\n", b"\n"), "CRLF"),
        (good.replace(b"SUMMARY:a\\, b", b"SUMMARY:a, b"), "unescaped"),
        (good.replace(b"DTSTART:20260101T090000Z", b"DTSTART;TZID=Europe/Berlin:20260101T090000"), "no VTIMEZONE"),
        (good.replace(b"UID:1\r\n", b""), "UID is missing"),
        (good.replace(b"SUMMARY:a\\, b", b"SUMMARY:" + b"x" * 80), "more than 75"),
        (good.replace(b"END:VEVENT\r\n", b""), "does not close"),
    ]:
        try:
            rfc5545.read(broken)
        except rfc5545.StrictError as error:
            assert any(problem in p for p in error.problems), (problem, error.problems)
        else:
            raise AssertionError(f"accepted a file with: {problem}")


# Around the clock changes of several years: wall time survives, the file stays valid.
moments = st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2037, 12, 31)).map(
    lambda m: m.replace(second=0, microsecond=0, minute=m.minute // 5 * 5)
).filter(lambda m: m.replace(tzinfo=BERLIN).astimezone(dt.timezone.utc).astimezone(BERLIN).replace(tzinfo=None) == m)


@settings(max_examples=60, deadline=None)
@given(start=moments, minutes=st.integers(min_value=15, max_value=120), sequence=st.integers(0, 50))
def test_any_appointment_round_trips_through_both_readers(start, minutes, sequence):
    begin = start.replace(tzinfo=BERLIN)
    appointment = Appointment(JOERG.customer_no, begin, begin + dt.timedelta(minutes=minutes), sequence=sequence, id=7)
    data = calendar_bytes([CalendarEntry(appointment, JOERG)], CASEWORKER, install_id="abc", person_mode="initialen",
                          now=NOW)
    [event] = strict(data).all("VEVENT")
    assert local_start(event) == begin
    assert icalendar.Calendar.from_ical(data).walk("VEVENT")[0].decoded("DTEND") == appointment.end
    assert event.value("SEQUENCE") == str(sequence)
