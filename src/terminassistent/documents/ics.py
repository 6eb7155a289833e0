"""The calendar file (RFC 5545) for booked and cancelled appointments, to be imported into a calendar.

The file is published, not sent as an invitation: METHOD:PUBLISH (RFC 5546, section 3.2.1), with an
ORGANIZER and no ATTENDEE (the customer has no calendar address here, and an iTIP REQUEST or CANCEL
without one is invalid). One VEVENT per appointment with a UID that stays the same for the same
appointment in every export (``termin-<id>@terminassistent.<install id>``) and the appointment's
SEQUENCE (the store raises it on every change): a cancelled appointment is the same event again with
STATUS:CANCELLED and its raised SEQUENCE, so a calendar that imported it marks it cancelled; booked
and cancelled appointments may share one file. DTSTART/DTEND are in Europe/Berlin with its VTIMEZONE.
The customer appears only as far as the setting ``calendar.person`` allows: initials (default), the
Kundennummer, or the full name; never profile, status, birth date, address or notes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from terminassistent.documents.letter import enter_with_settings, split_office
from terminassistent.domain.model import BERLIN, Appointment, AppointmentStatus, Caseworker, Channel, Customer
from terminassistent.errors import InvalidInput

PRODID = "-//Terminassistent//Einladungen//DE"
CALENDAR_STATUSES = (AppointmentStatus.BOOKED, AppointmentStatus.CANCELLED)


@dataclass(frozen=True)
class CalendarEntry:
    appointment: Appointment
    customer: Customer


def uid_for(appointment_id: int, install_id: str) -> str:
    return f"termin-{appointment_id}@terminassistent.{install_id}"


def initials(customer: Customer) -> str:
    """``J. W.`` for Jörg Weiß-Müller."""
    return " ".join(f"{part.strip()[0]}." for part in (customer.first_name, customer.last_name) if part.strip())


def person(customer: Customer, mode: str) -> str:
    if mode == "name":
        return f"{customer.first_name} {customer.last_name}".strip()
    if mode == "kundennummer":
        return f"Kd.-Nr. {customer.customer_no}"
    return initials(customer) or f"Kd.-Nr. {customer.customer_no}"


def calendar_problems(entries: Sequence[CalendarEntry], caseworker: Caseworker) -> list[str]:
    problems = [
        f"Termin {e.appointment.id} ist {e.appointment.status.label}; eine Kalenderdatei gibt es nur für gebuchte "
        "oder abgesagte Termine."
        for e in entries if e.appointment.status not in CALENDAR_STATUSES
    ]
    if not caseworker.email.strip():
        problems.append(
            "Ihre E-Mail-Adresse fehlt; sie steht als Organisator im Kalendereintrag (RFC 5546, ORGANIZER). Bitte tragen Sie "
            "sie bei den Angaben der Integrationsfachkraft ein "
            + enter_with_settings("email", "erika.mustermann@jobcenter-ge.de") + "."
        )
    return problems


def calendar_bytes(
    entries: Sequence[CalendarEntry], caseworker: Caseworker, *, install_id: str, person_mode: str,
    now: dt.datetime,
) -> bytes:
    """The .ics file for the entries (booked or cancelled appointments), METHOD:PUBLISH."""
    from icalendar import Calendar, Event, vCalAddress, vText

    problems = calendar_problems(entries, caseworker)
    if problems:
        raise InvalidInput("Die Kalenderdatei kann nicht geschrieben werden:", problems)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    office_name, office_lines = split_office(caseworker.office)
    stamp = now.astimezone(dt.timezone.utc).replace(microsecond=0)
    for entry in entries:
        a = entry.appointment
        cancelled = a.status is AppointmentStatus.CANCELLED
        event = Event()
        event.add("uid", uid_for(a.id, install_id))
        event.add("dtstamp", stamp)
        event.add("dtstart", a.start.astimezone(BERLIN))
        event.add("dtend", a.end.astimezone(BERLIN))
        event.add("sequence", a.sequence)
        event.add("summary", f"{a.kind.label} ({a.channel.label}) – {person(entry.customer, person_mode)}")
        location = _location(a, caseworker, office_name, office_lines)
        if location:
            event.add("location", location)
        event.add("description", _description(a, caseworker, cancelled))
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        event.add("class", "PRIVATE")
        event.add("transp", "OPAQUE")
        organizer = vCalAddress(f"mailto:{caseworker.email.strip()}")
        if caseworker.name.strip():
            organizer.params["cn"] = vText(caseworker.name.strip())
        event.add("organizer", organizer)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _location(a: Appointment, cw: Caseworker, office_name: str, office_lines: tuple[str, ...]) -> str:
    if a.channel is Channel.TELEFONISCH:
        return f"telefonisch (Anruf von {cw.name.strip()})" if cw.name.strip() else "telefonisch"
    parts = [office_name, *office_lines] if office_name else []
    if cw.room.strip():
        parts.append(f"Zimmer {cw.room.strip()}")
    return ", ".join(parts)


def _description(a: Appointment, cw: Caseworker, cancelled: bool) -> str:
    what = ("Einladung des Jobcenters (§ 59 SGB II, § 309 SGB III)." if a.duty_to_report
            else "Telefontermin mit dem Jobcenter.")
    lines = ["Dieser Termin wurde abgesagt." if cancelled else what]
    if cw.name.strip():
        lines.append(f"Ansprechpartner/in: {cw.name.strip()}")
    reach = [f"Telefon {cw.phone.strip()}" if cw.phone.strip() else "", f"E-Mail {cw.email.strip()}" if cw.email.strip() else ""]
    if any(reach):
        lines.append("Terminänderung bitte vorher: " + ", ".join(r for r in reach if r))
    return "\n".join(lines)
