"""The invitation letter's content, composed from the appointment, the template and the legal text.

Pure Python (no Qt): ``compose_letter`` returns a ``Letter`` holding every string the PDF shows, in
the order of a DIN 5008 letter; ``pdf.py`` only lays it out. ``letter_problems`` lists everything
missing for a letter, as German sentences saying what to fill in; ``compose_letter`` refuses with
all of them at once.

An in-person appointment is an invitation to report and carries the Rechtsfolgenbelehrung (and,
when the Jobcenter switches it on, the Rechtsbehelfsbelehrung); a telephone appointment gets a
letter of its own without either. Nothing about the installation (a sample legal text, approvals)
is ever printed: that is the program's state, not the customer's letter.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from terminassistent.documents.german import clock, long_date, long_datetime, numeric_date
from terminassistent.documents.legal import LegalText
from terminassistent.documents.purposes import Purpose
from terminassistent.documents.template import LetterTemplate, fill
from terminassistent.domain.model import (
    BERLIN, Appointment, AppointmentStatus, Caseworker, Channel, Customer, Salutation,
)
from terminassistent.errors import InvalidInput

_POSTAL = re.compile(r"^\d{5}\s+\S")
SETTINGS_COMMAND = "terminassistent settings --db PFAD"


def enter_with_settings(option: str, example: str) -> str:
    """Where a missing detail of the Integrationsfachkraft is entered: in the window, and as the
    command with an example (the same sentence reaches the desktop and the command line)."""
    return (f"(im Programm unter Datei → Einstellungen…, Seite »Person und Dienststelle«; "
            f"als Befehl: {SETTINGS_COMMAND} --{option} \"{example}\")")


@dataclass(frozen=True)
class LetterConfig:
    """The letter settings, read once per print run (see settings.py)."""

    jobcenter_name: str = ""
    logo: Path | None = None
    footer: tuple[str, ...] = ()
    bring: tuple[str, ...] | None = None  # what to bring to an in-person appointment (None: the template's)
    purposes: tuple[Purpose, ...] = (Purpose.VERMITTLUNG,)
    call_from: str = ""  # the number a telephone appointment is called from ("": the caseworker's phone)
    appeal_notice: bool = False  # print the template's Rechtsbehelfsbelehrung (in-person letters)


@dataclass(frozen=True)
class Block:
    """One piece of the letter body: p, facts, list, closing, heading, legal, note. ``group`` names a
    notice (``legal``: the Rechtsfolgenbelehrung, ``appeal``: the Rechtsbehelfsbelehrung) whose blocks
    the layout keeps on one page where they fit."""

    kind: str
    text: str = ""
    items: tuple = ()
    group: str = ""


@dataclass(frozen=True)
class Letter:
    appointment_id: int | None
    customer_no: str
    date: dt.date
    sender: str  # the Jobcenter's name
    sender_lines: tuple[str, ...]  # its postal address
    logo: Path | None
    return_line: str
    recipient: tuple[str, ...]
    info: tuple[tuple[str, str], ...]
    subject: str
    blocks: tuple[Block, ...]
    footer: tuple[str, ...]
    legal_id: str = ""  # "" for a telephone appointment: no Rechtsfolgenbelehrung
    legal_version: str = ""  # as in the legal text's file; shown as ``version_label(legal_version)``
    copy_note: str = ""  # a reprint for the file says so ("Zweitschrift für die Akte …"); else ""
    legal_title: str = ""  # what messages call it (the id stays in JSON)

    def as_text(self) -> str:
        """Every string of the letter as plain text: the golden-file form and a readable check."""
        out = ["[Briefkopf]", self.sender, *self.sender_lines, *(["[Vermerk]", self.copy_note] if self.copy_note else []),
               "[Rücksendeangabe]", self.return_line,
               "[Anschrift]", *self.recipient, "[Informationsblock]", *(f"{k}: {v}" for k, v in self.info),
               "[Text]", self.subject]
        for block in self.blocks:
            if block.kind == "facts":
                out += [f"{k}: {v}" for k, v in block.items]
            elif block.kind == "list":
                out += [f"- {item}" for item in block.items]
            elif block.kind == "closing":
                out += list(block.items)
            else:
                out.append(block.text)
        return "\n".join([*out, "[Fußzeile]", *self.footer]) + "\n"


def split_office(office: str) -> tuple[str, tuple[str, ...]]:
    """``"Jobcenter X, Straße 1, 12345 Ort"`` (or the same on separate lines) -> name, address lines."""
    parts = office.splitlines() if "\n" in office.strip() else office.split(",")
    parts = [p.strip() for p in parts if p.strip()]
    return (parts[0], tuple(parts[1:])) if parts else ("", ())


def letter_problems(appointment: Appointment, customer: Customer, caseworker: Caseworker, *,
                    reprint: bool = False) -> list[str]:
    """Every reason this appointment cannot get a letter now (or, with ``reprint``, a copy of its
    letter for the file); empty when it can."""
    problems = []
    if appointment.status is not AppointmentStatus.BOOKED and not reprint:
        problems.append(
            f"Der Termin ist {appointment.status.label}; eine Einladung wird nur für gebuchte Termine gedruckt"
            + (" (die Absage lässt sich als Kalenderdatei ausgeben)." if appointment.status is AppointmentStatus.CANCELLED else ".")
        )
    name, address = split_office(caseworker.office)
    if not name or not any(_POSTAL.match(line) for line in address):
        problems.append(
            "Die Anschrift der Dienststelle fehlt oder ist unvollständig: Bitte tragen Sie bei den Angaben der "
            "Integrationsfachkraft Name, Straße und Postleitzahl mit Ort der Dienststelle ein "
            + enter_with_settings("office", "Jobcenter Musterstadt, Beispielstraße 1, 12345 Musterstadt") + "."
        )
    if not caseworker.name.strip():
        problems.append("Ihr Name als Ansprechpartner/in fehlt: Bitte tragen Sie ihn bei den Angaben der "
                        f"Integrationsfachkraft ein {enter_with_settings('name', 'Frau Erika Mustermann')}.")
    if not caseworker.phone.strip():
        problems.append("Ihre Telefonnummer für Rückfragen und Terminänderungen fehlt: Bitte tragen Sie sie bei den "
                        f"Angaben der Integrationsfachkraft ein {enter_with_settings('phone', '01234 5678-90')}.")
    if appointment.channel is Channel.PERSOENLICH and not caseworker.room.strip():
        problems.append("Das Zimmer für das persönliche Gespräch fehlt: Bitte tragen Sie es bei den Angaben der "
                        f"Integrationsfachkraft ein {enter_with_settings('room', '2.14')}.")
    if not (customer.last_name.strip() and customer.first_name.strip()):
        problems.append(f"Bei Kundennummer {customer.customer_no} fehlt der Vor- oder Nachname: Bitte tragen Sie ihn in den Kundendaten ein.")
    a = customer.address
    if a is None or not (a.street.strip() and a.postal_code.strip() and a.city.strip()):
        problems.append(
            f"Für Kundennummer {customer.customer_no} ist keine vollständige Postanschrift gespeichert: Bitte tragen "
            "Sie in den Kundendaten Straße mit Hausnummer, Postleitzahl und Ort ein."
        )
    return problems


def _contact_person(name: str) -> tuple[str, str]:
    """Info-block label and signature name from a stored name like "Frau Sabine Krüger"."""
    first, _, rest = name.strip().partition(" ")
    if first in ("Frau", "Herr") and rest:
        return ("Ansprechpartnerin" if first == "Frau" else "Ansprechpartner"), rest
    return "Ansprechperson", name.strip()


def compose_letter(
    appointment: Appointment, customer: Customer, caseworker: Caseworker, *, config: LetterConfig,
    template: LetterTemplate, legal: LegalText | None, earlier_misses: int, purposes: tuple[Purpose, ...],
    today: dt.date, copy_made_on: dt.date | None = None,
) -> Letter:
    """The letter dated ``today`` naming exactly ``purposes``. ``legal``: the Rechtsfolgenbelehrung of an
    in-person appointment (None for a telephone one); ``copy_made_on``: a reprint for the file, made then."""
    problems = letter_problems(appointment, customer, caseworker, reprint=copy_made_on is not None)
    if problems:
        raise InvalidInput(f"Die Einladung zu Termin {appointment.id} kann nicht gedruckt werden:", problems)
    office_name, office_lines = split_office(caseworker.office)
    sender = config.jobcenter_name or office_name
    start = appointment.start.astimezone(BERLIN)
    label, signature = _contact_person(caseworker.name)
    contact = f"Telefon {caseworker.phone.strip()}" + (f" oder E-Mail {caseworker.email.strip()}" if caseworker.email.strip() else "")
    values = {
        "first_name": customer.first_name.strip(), "last_name": customer.last_name.strip(),
        "customer_no": customer.customer_no, "when": long_datetime(start), "day": long_date(start.date()),
        "time": clock(start), "minutes": str(appointment.minutes), "office_name": office_name,
        "office_address": ", ".join(office_lines), "room": caseworker.room.strip(),
        "caseworker": caseworker.name.strip(), "phone": caseworker.phone.strip(), "email": caseworker.email.strip(),
        "contact": contact, "call_from": config.call_from.strip() or caseworker.phone.strip(),
        "made_on": numeric_date(copy_made_on or today),
    }
    channel = appointment.channel.value
    blocks = [Block("p", template.text("salutation", customer.salutation.value, values)),
              Block("p", template.text(channel, "intro", values)),
              Block("facts", items=template.facts(channel, values))]
    blocks += [Block("p", p) for p in template.paragraphs(channel, "after_facts", values)]
    blocks += _purpose_blocks(template, channel, values, purposes)
    blocks.append(Block("p", template.text(channel, "bring_intro", values)))
    bring = config.bring if config.bring and appointment.duty_to_report else template.bring(channel)
    blocks.append(Block("list", items=tuple(fill(b, values) for b in bring)))
    for key in ("reschedule", "travel", "legal_basis"):
        blocks += [Block("p", p) for p in template.paragraphs(channel, key, values)]
    blocks.append(Block("closing", items=(template.text("text", "closing", values),
                                          template.text("text", "signature_prefix", values), signature)))
    if legal is not None:
        blocks += _legal_blocks(template, legal, earlier_misses, values)
    if config.appeal_notice and appointment.duty_to_report:
        blocks.append(Block("heading", template.text("appeal", "heading", values), group="appeal"))
        blocks += [Block("legal", p, group="appeal") for p in template.paragraphs("appeal", "text", values)]
    a = customer.address
    salutation_line = {Salutation.FRAU: ("Frau",), Salutation.HERR: ("Herrn",)}.get(customer.salutation, ())
    info = [("Kundennummer", customer.customer_no), (label, caseworker.name.strip())]
    if appointment.channel is Channel.PERSOENLICH:
        info.append(("Zimmer", caseworker.room.strip()))
    info.append(("Telefon", caseworker.phone.strip()))
    if caseworker.email.strip():
        info.append(("E-Mail", caseworker.email.strip()))
    info.append(("Datum", numeric_date(today)))
    return Letter(
        appointment_id=appointment.id, customer_no=customer.customer_no, date=today, sender=sender,
        sender_lines=office_lines, logo=config.logo, return_line=" · ".join((sender, *office_lines)),
        recipient=(*salutation_line, f"{customer.first_name.strip()} {customer.last_name.strip()}",
                   a.street.strip(), f"{a.postal_code.strip()} {a.city.strip()}"),
        info=tuple(info), subject=template.text("subject", channel, values), blocks=tuple(blocks),
        footer=(" · ".join((sender, *office_lines)), *config.footer),
        legal_id=legal.id if legal else "", legal_version=legal.version if legal else "",
        copy_note=template.text("text", "copy_note", values) if copy_made_on else "",
        legal_title=legal.title if legal else "",
    )


def _purpose_blocks(template: LetterTemplate, channel: str, values: dict[str, str],
                    purposes: tuple[Purpose, ...]) -> list[Block]:
    """Exactly the appointment's purposes, in the statute's order."""
    # "Ihre berufliche Situation besprechen" is the plain-language form of the placement purpose only
    default_text = template.text("text", "purpose_default", values) if purposes == (Purpose.VERMITTLUNG,) else ""
    intro = template.text(channel, "purpose_intro", values)
    if len(purposes) == 1:
        return [Block("p", " ".join(filter(None, (default_text, f"{intro} {purposes[0].label}."))))]
    return [Block("p", " ".join(filter(None, (default_text, intro)))),
            Block("list", items=tuple(p.label for p in purposes))]


def _legal_blocks(template: LetterTemplate, legal: LegalText, earlier_misses: int, values: dict[str, str]) -> list[Block]:
    """The Rechtsfolgenbelehrung: heading, the variant's paragraphs, and which version it is."""
    blocks = [Block("heading", template.text("text", "legal_heading", values), group="legal")]
    blocks += [Block("legal", p, group="legal") for p in legal.paragraphs(earlier_misses)]
    legal_values = values | {"legal_title": legal.title, "legal_version": legal.version_label,
                             "legal_validity": legal.validity, "legal_id": legal.id}
    blocks.append(Block("note", fill(template.sections["text"]["version_line"], legal_values), group="legal"))
    return blocks
