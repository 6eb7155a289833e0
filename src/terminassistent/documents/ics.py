"""The calendar file (RFC 5545, iTIP methods of RFC 5546) for booked and cancelled appointments.

One VEVENT per appointment with a UID that stays the same for the same appointment in every export
(``termin-<id>@terminassistent.<install id>``), the appointment's SEQUENCE (the store raises it on
every change), DTSTART/DTEND in Europe/Berlin with its VTIMEZONE, METHOD:REQUEST, or METHOD:CANCEL
with STATUS:CANCELLED for a cancelled appointment. The customer appears only as far as the setting
``calendar.person`` allows: initials (default), the Kundennummer, or the full name; never profile,
status, birth date, address or notes.
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
    statuses = {e.appointment.status for e in entries} & set(CALENDAR_STATUSES)
    if len(statuses) > 1:
        problems.append(
            "Gebuchte und abgesagte Termine können nicht in derselben Kalenderdatei stehen (METHOD:REQUEST "
            "bzw. METHOD:CANCEL). Bitte geben Sie sie getrennt aus."
        )
    if not caseworker.email.strip():
        problems.append(
            "Ihre E-Mail-Adresse fehlt; sie steht als Organisator im Kalendereintrag (RFC 5546). Bitte tragen Sie "
            "sie bei den Angaben der Integrationsfachkraft ein "
            + enter_with_settings("email", "erika.mustermann@jobcenter-ge.de") + "."
        )
    return problems


def calendar_bytes(
    entries: Sequence[CalendarEntry], caseworker: Caseworker, *, install_id: str, person_mode: str,
    now: dt.datetime,
) -> bytes:
    """The .ics file for the entries (all booked, or all cancelled)."""
    from icalendar import Calendar, Event, vCalAddress, vText

    problems = calendar_problems(entries, caseworker)
    if problems:
        raise InvalidInput("Die Kalenderdatei kann nicht geschrieben werden:", problems)
    cancelled = bool(entries) and entries[0].appointment.status is AppointmentStatus.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    office_name, office_lines = split_office(caseworker.office)
    stamp = now.astimezone(dt.timezone.utc).replace(microsecond=0)
    for entry in entries:
        a = entry.appointment
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
        event.add("description", _description(caseworker, cancelled))
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


def _description(cw: Caseworker, cancelled: bool) -> str:
    lines = ["Dieser Termin wurde abgesagt." if cancelled else "Einladung des Jobcenters (§ 59 SGB II, § 309 SGB III)."]
    if cw.name.strip():
        lines.append(f"Ansprechpartner/in: {cw.name.strip()}")
    reach = [f"Telefon {cw.phone.strip()}" if cw.phone.strip() else "", f"E-Mail {cw.email.strip()}" if cw.email.strip() else ""]
    if any(reach):
        lines.append("Terminänderung bitte vorher: " + ", ".join(r for r in reach if r))
    return "\n".join(lines)
