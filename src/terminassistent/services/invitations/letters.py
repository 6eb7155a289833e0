"""Invitations for booked appointments: the letter (PDF) and the calendar file, for the desktop and CLI.

Everything is checked and rendered in memory first; only then are files written, all or nothing
(files.py). The installation id of the calendar UIDs is stored in the same all-or-nothing step,
only once the files are in place.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from terminassistent import settings as S
from terminassistent.documents.ics import CalendarEntry, calendar_bytes, calendar_problems
from terminassistent.documents.legal import count_earlier_misses, legal_text_for, load_legal_texts, version_label
from terminassistent.documents.letter import Letter, LetterConfig, compose_letter, letter_problems
from terminassistent.documents.purposes import Purpose, normalise
from terminassistent.documents.template import load_template
from terminassistent.domain.model import BERLIN, Appointment, AppointmentStatus
from terminassistent.errors import InvalidInput, UserError
from terminassistent.paths import resources_dir
from terminassistent.services.context import Context
from terminassistent.services.invitations.files import write_files
from terminassistent.storage import Caseload


@dataclass(frozen=True)
class InvitationResult:
    appointments: tuple[int, ...]
    pdf: Path | None = None
    ics: Path | None = None
    legal_texts: tuple[tuple[str, str], ...] = ()  # (id, version) used, in first-use order
    legal_titles: tuple[str, ...] = ()  # the title of each of them, for messages
    warnings: tuple[str, ...] = ()  # German sentences, e.g. that a sample legal text was printed

    def as_dict(self) -> dict:
        return {
            "appointments": list(self.appointments),
            "pdf": str(self.pdf) if self.pdf else None,
            "ics": str(self.ics) if self.ics else None,
            "legal_texts": [{"id": i, "version": v, "title": t}
                            for (i, v), t in zip(self.legal_texts, self.legal_titles)],
            "warnings": list(self.warnings),
        }


def booking_order(caseload: Caseload, appointment_ids: Iterable[int]) -> list[Appointment]:
    """The appointments, each once, in the order they take place (start time, then id)."""
    found = {i: caseload.appointment(int(i)) for i in appointment_ids}
    return sorted(found.values(), key=lambda a: (a.start, a.id))


def appointments_of_day(caseload: Caseload, day: dt.date) -> list[Appointment]:
    """The booked appointments of one day, in booking order."""
    return appointments_between(caseload, day, day + dt.timedelta(days=1))


def appointments_between(caseload: Caseload, first: dt.date, end: dt.date) -> list[Appointment]:
    """The booked appointments from ``first`` (inclusive) to ``end`` (exclusive), in booking order."""
    start = dt.datetime.combine(first, dt.time(), BERLIN)
    stop = dt.datetime.combine(end, dt.time(), BERLIN)
    found = caseload.appointments(start=start, end=stop, statuses=[AppointmentStatus.BOOKED])
    return [a for a in found if start <= a.start < stop]


def letter_config(caseload: Caseload) -> LetterConfig:
    logo = S.LOGO.read(caseload)
    purposes = S.PURPOSES.read(caseload)
    try:
        default_purposes = normalise(purposes) or (Purpose.VERMITTLUNG,)
    except ValueError as exc:
        raise InvalidInput(f"Die Einstellung »{S.PURPOSES.key}«: {exc}.") from None
    if logo and not Path(logo).is_file():
        raise UserError(f"Das Logo »{logo}« (Einstellung »{S.LOGO.key}«) gibt es nicht. Bitte wählen Sie eine "
                        "PNG- oder JPEG-Datei oder leeren Sie die Einstellung.")
    return LetterConfig(
        jobcenter_name=S.JOBCENTER_NAME.read(caseload), logo=Path(logo) if logo else None,
        footer=S.FOOTER.read(caseload), bring=S.BRING.read(caseload), purposes=default_purposes,
    )


def compose_letters(ctx: Context, appointments: Sequence[Appointment], *, purposes: Iterable = (),
                    today: dt.date | None = None) -> list[Letter]:
    """One letter per appointment, dated ``today`` (default: the context's); refuses (listing every
    problem of every appointment) if any fails."""
    caseload, today = ctx.caseload, today or ctx.today()
    chosen = normalise(purposes)
    config = letter_config(caseload)
    template = load_template(Path(S.TEMPLATE.read(caseload) or resources_dir() / "letter" / "einladung.toml"))
    folder = Path(S.LEGAL_DIR.read(caseload) or resources_dir() / "legal")
    texts = load_legal_texts(folder)
    caseworker = caseload.caseworker()
    problems, letters = [], []
    for a in appointments:
        customer = caseload.customer(a.customer_no)
        found = letter_problems(a, customer, caseworker)
        try:
            legal = legal_text_for(texts, a.start.astimezone(BERLIN).date(), folder)
        except UserError as exc:
            found.append(str(exc))
            legal = None
        if found:
            problems += found if len(appointments) == 1 else [f"Termin {a.id}: {p}" for p in found]
            continue
        misses = count_earlier_misses(caseload.appointments(customer_no=a.customer_no),
                                      caseload.contacts(a.customer_no), a, legal.counting)
        # Purposes chosen now win; else those stored with the booking; else the setting's default.
        letters.append(compose_letter(a, customer, caseworker, config=config, template=template, legal=legal,
                                      earlier_misses=misses, purposes=chosen or normalise(a.purposes), today=today))
    if problems:
        if len(appointments) == 1:
            head = f"Die Einladung zu Termin {appointments[0].id} kann nicht gedruckt werden"
            if len(problems) == 1:
                raise InvalidInput(f"{head}: {problems[0]} Es wurde nichts geschrieben.")
            raise InvalidInput(f"{head}; es wurde nichts geschrieben:", problems)
        raise InvalidInput("Die Serienbriefe können nicht gedruckt werden; es wurde nichts geschrieben:", problems)
    return letters


def render_letters(ctx: Context, appointment_ids: Iterable[int], *, purposes: Iterable = (),
                   today: dt.date | None = None) -> bytes:
    """The PDF (one letter, or a series letter in booking order) as bytes; nothing is written."""
    from terminassistent.documents.pdf import render_pdf

    appointments = booking_order(ctx.caseload, appointment_ids)
    _require(appointments)
    letters = compose_letters(ctx, appointments, purposes=purposes, today=today)
    return render_pdf(letters, title="Einladung" if len(letters) == 1 else "Einladungen")


def _install_id(caseload: Caseload) -> tuple[str, bool]:
    """This installation's id for calendar UIDs, and whether it is new (not stored yet)."""
    value = S.INSTALL_ID.read(caseload)
    return (value, False) if value else (uuid.uuid4().hex[:16], True)


def install_id(caseload: Caseload) -> str:
    """This installation's id for calendar UIDs; created and stored on first use."""
    value, new = _install_id(caseload)
    if new:
        caseload.set_setting(S.INSTALL_ID.key, value)
    return value


def _calendar(caseload: Caseload, appointments: Sequence[Appointment], uid_base: str, now: dt.datetime) -> bytes:
    entries = [CalendarEntry(a, caseload.customer(a.customer_no)) for a in appointments]
    caseworker = caseload.caseworker()
    problems = calendar_problems(entries, caseworker)
    if problems:
        raise InvalidInput("Die Kalenderdatei kann nicht geschrieben werden:", problems)
    return calendar_bytes(entries, caseworker, install_id=uid_base,
                          person_mode=S.CALENDAR_PERSON.read(caseload), now=now)


def render_calendar(ctx: Context, appointment_ids: Iterable[int]) -> bytes:
    """The calendar file as bytes; no file is written, but the installation id is stored on first use
    (the UIDs must stay the same from one call to the next)."""
    appointments = booking_order(ctx.caseload, appointment_ids)
    _require(appointments)
    return _calendar(ctx.caseload, appointments, install_id(ctx.caseload), ctx.now())


def write_invitations(ctx: Context, appointment_ids: Iterable[int], *, pdf: Path | None = None,
                      ics: Path | None = None, purposes: Iterable = (), today: dt.date | None = None) -> InvitationResult:
    """Write the letter(s) and/or the calendar file; all or nothing."""
    caseload = ctx.caseload
    ids = list(dict.fromkeys(int(i) for i in appointment_ids))
    if pdf is None and ics is None:
        raise UserError("Bitte geben Sie an, was geschrieben werden soll: eine PDF-Datei, eine Kalenderdatei oder beides.")
    targets = [p for p in (pdf, ics) if p is not None]
    _check_targets(targets)
    appointments = booking_order(caseload, ids)
    _require(appointments)
    files: dict[Path, bytes] = {}
    letters: list[Letter] = []
    letter_refusal: InvalidInput | None = None
    if pdf is not None:
        try:
            letters = compose_letters(ctx, appointments, purposes=purposes, today=today)
        except InvalidInput as exc:
            letter_refusal = exc
    if ics is not None:  # check the calendar too before anything is rendered or written
        entries = [CalendarEntry(a, caseload.customer(a.customer_no)) for a in appointments]
        problems = calendar_problems(entries, caseload.caseworker())
        if problems:
            if letter_refusal is None:
                raise InvalidInput("Die Kalenderdatei kann nicht geschrieben werden; es wurde nichts geschrieben:", problems)
            earlier = letter_refusal.problems or [str(letter_refusal)]
            raise InvalidInput("Es wurde nichts geschrieben:", [*earlier, *problems])
    if letter_refusal is not None:
        raise letter_refusal
    if pdf is not None:
        from terminassistent.documents.pdf import render_pdf

        files[Path(pdf)] = render_pdf(letters, title="Einladung" if len(letters) == 1 else "Einladungen")
    store_id = None
    if ics is not None:
        uid_base, new = _install_id(caseload)
        files[Path(ics)] = _calendar(caseload, appointments, uid_base, ctx.now())
        if new:  # stored together with the files (all or nothing), never for a file that was not written
            store_id = functools.partial(caseload.set_setting, S.INSTALL_ID.key, uid_base)

    def stored() -> None:
        with caseload.transaction():
            if store_id is not None:
                store_id()
            record_sent(ctx, appointments, letter=pdf is not None, calendar=ics is not None)

    write_files(files, then=stored)
    used = dict.fromkeys(((le.legal_id, le.legal_version), le.legal_title) for le in letters)
    warnings = tuple(
        f"»{le.legal_title}«, Version {version_label(le.legal_version)}, ist ein "
        "Mustertext; die Rechtsabteilung des Jobcenters muss ihn prüfen (Einstellung »letter.legal_dir«)."
        for le in {le.legal_id: le for le in letters if le.legal_sample}.values()
    ) + tuple(
        f"Termin {a.id} liegt vor dem Datum des Schreibens ({le.date:%d.%m.%Y})."
        for a, le in zip(appointments, letters) if a.start.astimezone(BERLIN).date() < le.date
    )
    return InvitationResult(appointments=tuple(a.id for a in appointments), pdf=pdf, ics=ics,
                            legal_texts=tuple(u for u, _ in used), legal_titles=tuple(t for _, t in used),
                            warnings=warnings)


def record_sent(ctx: Context, appointments: Sequence[Appointment], *, letter: bool, calendar: bool) -> None:
    """Note that a letter and/or calendar file went out for these appointments (the desktop calls
    this after printing), so that undoing their booking says that a cancellation is due."""
    with ctx.caseload.transaction():
        for kind, sent in (("letter", letter), ("calendar", calendar)):
            if sent:
                ctx.caseload.record_documents(appointments, kind, ctx.now())


def _require(appointments: Sequence[Appointment]) -> None:
    if not appointments:
        raise UserError("Es wurde kein Termin ausgewählt; es wurde nichts geschrieben.")


def _check_targets(paths: Sequence[Path]) -> None:
    problems = []
    if len({Path(p).resolve() for p in paths}) != len(paths):
        problems.append("PDF-Datei und Kalenderdatei dürfen nicht dieselbe Datei sein.")
    for path in map(Path, paths):
        if path.is_dir():
            problems.append(f"»{path}« ist ein Ordner; bitte geben Sie einen Dateinamen an.")
        elif not path.parent.is_dir():
            problems.append(f"Den Ordner »{path.parent}« für »{path.name}« gibt es nicht.")
        elif not os.access(path.parent, os.W_OK):
            problems.append(f"In den Ordner »{path.parent}« darf nicht geschrieben werden.")
    if problems:
        raise InvalidInput("Es wurde nichts geschrieben:", problems)
