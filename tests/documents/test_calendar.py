"""The calendar file: valid for a strict reader, round-trips, stable UIDs, CANCEL, little personal data."""

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
from hypothesis import given, settings, strategies as st

from terminassistent.documents.ics import CalendarEntry, calendar_bytes
from terminassistent.domain.model import BERLIN, Appointment, AppointmentStatus, Channel
from terminassistent.services.invitations import letters as invitations

from . import rfc5545
from .factories import AYSE, CASEWORKER, JOERG, KIM, berlin, book
from tests.context import ctx

NOW = dt.datetime(2026, 11, 21, 8, 30, tzinfo=dt.timezone.utc)


def strict(data: bytes) -> rfc5545.Component:
    return rfc5545.read(data)


def local_start(event: rfc5545.Component) -> dt.datetime:
    prop = event.one("DTSTART")
    return rfc5545.parse_date_time(prop.value, ZoneInfo(prop.params["TZID"]))


def test_a_booked_appointment_is_a_valid_request(caseload):
    appointment = book(caseload)
    calendar = strict(invitations.render_calendar(ctx(caseload, NOW), [appointment.id]))
    assert calendar.value("METHOD") == "REQUEST" and calendar.value("VERSION") == "2.0"
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
    assert str(theirs["METHOD"]) == ours.value("METHOD") == "REQUEST"


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


def test_a_cancelled_appointment_is_a_cancel_with_the_raised_sequence(caseload):
    appointment = book(caseload)
    cancelled = caseload.update_appointment(dataclasses.replace(appointment, status=AppointmentStatus.CANCELLED))
    calendar = strict(invitations.render_calendar(ctx(caseload, NOW), [appointment.id]))
    [event] = calendar.all("VEVENT")
    assert calendar.value("METHOD") == "CANCEL" and event.value("STATUS") == "CANCELLED"
    assert event.value("SEQUENCE") == str(cancelled.sequence) == "1"


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
