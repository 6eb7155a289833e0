"""Invitations for booked appointments: the letter (PDF) and the calendar file, for the desktop and CLI.

Everything is checked and rendered in memory first; only then are files written, all or nothing
(files.py). What is stored with them (the installation id of the calendar UIDs; purposes chosen
for the letter) is stored in the same all-or-nothing step, only once the files are in place.

A letter prints exactly the appointment's purposes (chosen when booking; older appointments
without any: the preset of the settings). No letter is written for an appointment that is over,
except a reprint for the file, marked as such. By post, the appointment must lie after the day the
letter is deemed received (§ 37 Abs. 2 SGB X); when it does not, a warning says so with the dates.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from terminassistent import settings as S
from terminassistent.documents.ics import CalendarEntry, calendar_bytes, calendar_problems
from terminassistent.documents.legal import count_earlier_findings, legal_text_for, version_label
from terminassistent.documents.legal_files import load_legal_texts
from terminassistent.documents.letter import Letter, LetterConfig, compose_letter, letter_problems
from terminassistent.documents.purposes import normalise
from terminassistent.documents.template import load_template
from terminassistent.domain.model import BERLIN, Appointment, AppointmentStatus, Customer
from terminassistent.errors import InvalidInput, StaleData, UserError
from terminassistent.paths import resources_dir
from terminassistent.services.context import Context
from terminassistent.services.invitations.files import write_files
from terminassistent.services.invitations.legal_state import legal_folder, legal_text_state
from terminassistent.services.scheduling.warnings import default_purposes, notices, postal_warning
from terminassistent.storage import Caseload


class Delivery(StrEnum):
    """How the letter reaches the customer: by post (it must arrive in time), or handed over in the room."""

    POST = "post"
    HAND = "hand"


@dataclass(frozen=True)
class InvitationResult:
    appointments: tuple[int, ...]
    pdf: Path | None = None
    ics: Path | None = None
    legal_texts: tuple[tuple[str, str], ...] = ()  # (id, version) used, in first-use order
    legal_titles: tuple[str, ...] = ()  # the title of each of them, for messages
    warnings: tuple[str, ...] = ()  # German sentences, e.g. that a posted letter arrives too late
    notice: str = ""  # German: the legal texts printed are unconfirmed samples (legal_state); "" otherwise

    def as_dict(self) -> dict:
        return {
            "appointments": list(self.appointments),
            "pdf": str(self.pdf) if self.pdf else None,
            "ics": str(self.ics) if self.ics else None,
            "legal_texts": [{"id": i, "version": v, "title": t}
                            for (i, v), t in zip(self.legal_texts, self.legal_titles)],
            "warnings": list(self.warnings),
            "notice": self.notice or None,
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
    if logo and not Path(logo).is_file():
        raise UserError(f"Das Logo »{logo}« (Einstellung »{S.LOGO.key}«) gibt es nicht. Bitte wählen Sie eine "
                        "PNG- oder JPEG-Datei oder leeren Sie die Einstellung.")
    return LetterConfig(
        jobcenter_name=S.JOBCENTER_NAME.read(caseload), logo=Path(logo) if logo else None,
        footer=S.FOOTER.read(caseload), bring=S.BRING.read(caseload), purposes=default_purposes(caseload),
        call_from=S.CALL_FROM.read(caseload), appeal_notice=S.APPEAL_NOTICE.read(caseload) == "ein",
    )


def with_purposes(appointments: Sequence[Appointment], purposes: Iterable) -> list[Appointment]:
    """The appointments as they will be once ``purposes`` (if any) are stored with them: a letter names
    exactly the appointment's purposes, so choosing others for it changes the appointment (its SEQUENCE
    rises, as the store will raise it)."""
    chosen = normalise(purposes)
    if not chosen:
        return list(appointments)
    return [a if a.purposes == chosen else replace(a, purposes=chosen, sequence=a.sequence + 1) for a in appointments]


def _past_problem(a: Appointment, now: dt.datetime) -> str | None:
    if a.start >= now:
        return None
    return (f"Der Termin am {a.start.astimezone(BERLIN):%d.%m.%Y um %H:%M} Uhr ist vorbei; dafür wird keine Einladung "
            "gedruckt. Für die Akte können Sie eine als Zweitschrift gekennzeichnete Kopie drucken "
            "(terminassistent invite … --reprint).")


def compose_letters(ctx: Context, appointments: Sequence[Appointment], *, purposes: Iterable = (),
                    today: dt.date | None = None, reprint: bool = False) -> list[Letter]:
    """One letter per appointment, dated ``today`` (default: the context's), naming the appointment's
    purposes (or ``purposes``, see ``with_purposes``); refuses (listing every problem of every
    appointment) if any fails. ``reprint``: a copy of the letter for the file, marked as such, also for
    an appointment that is over; its Rechtsfolgenbelehrung counts only the findings made by ``today``."""
    caseload, today, now = ctx.caseload, today or ctx.today(), ctx.now()
    appointments = with_purposes(appointments, purposes)
    config = letter_config(caseload)
    template = load_template(Path(S.TEMPLATE.read(caseload) or resources_dir() / "letter" / "einladung.toml"))
    folder = legal_folder(ctx)
    texts = load_legal_texts(folder)
    caseworker = caseload.caseworker()
    problems, letters = [], []
    for number, a in enumerate(appointments):
        ctx.progress.step(number, len(appointments), f"Einladung {number + 1} von {len(appointments)} wird vorbereitet …")
        customer = caseload.customer(a.customer_no)
        found = letter_problems(a, customer, caseworker, reprint=reprint)
        past = None if reprint else _past_problem(a, now)
        found += [past] if past else []
        legal = None
        if a.duty_to_report:  # a telephone appointment carries no Rechtsfolgenbelehrung
            try:
                legal = legal_text_for(texts, a.start.astimezone(BERLIN).date(), folder)
            except UserError as exc:
                found.append(str(exc))
        if found:
            problems += found if len(appointments) == 1 else [f"Termin {a.id}: {p}" for p in found]
            continue
        findings = 0 if legal is None else count_earlier_findings(
            caseload.appointments(customer_no=a.customer_no), caseload.contacts(a.customer_no), a, legal.counting, today)
        letters.append(compose_letter(a, customer, caseworker, config=config, template=template, legal=legal,
                                      earlier_misses=findings, purposes=a.purposes or config.purposes, today=today,
                                      copy_made_on=ctx.today() if reprint else None))
    if problems:
        if len(appointments) == 1:
            head = f"Die Einladung zu Termin {appointments[0].id} kann nicht gedruckt werden"
            if len(problems) == 1:
                raise InvalidInput(f"{head}: {problems[0]} Es wurde nichts geschrieben.")
            raise InvalidInput(f"{head}; es wurde nichts geschrieben:", problems)
        raise InvalidInput("Die Serienbriefe können nicht gedruckt werden; es wurde nichts geschrieben:", problems)
    return letters


def render_letters(ctx: Context, appointment_ids: Iterable[int], *, purposes: Iterable = (),
                   today: dt.date | None = None, reprint: bool = False) -> bytes:
    """The PDF (one letter, or a series letter in booking order) as bytes; nothing is written."""
    from terminassistent.documents.pdf import render_pdf

    appointments = booking_order(ctx.caseload, appointment_ids)
    _require(appointments)
    letters = compose_letters(ctx, appointments, purposes=purposes, today=today, reprint=reprint)
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


def write_cancellation_calendar(ctx: Context, cancelled: Sequence[tuple[Appointment, Customer]], path: Path) -> Path:
    """A calendar file that cancels appointments a calendar file had already announced, each as
    STATUS:CANCELLED with a raised SEQUENCE; also for an appointment no longer stored (an undone
    booking), so it is given as it was announced, with its customer."""
    caseload = ctx.caseload
    data = calendar_bytes([CalendarEntry(a, c) for a, c in cancelled], caseload.caseworker(),
                          install_id=install_id(caseload), person_mode=S.CALENDAR_PERSON.read(caseload), now=ctx.now())
    write_files({Path(path): data})
    return Path(path)


def render_calendar(ctx: Context, appointment_ids: Iterable[int]) -> bytes:
    """The calendar file as bytes; no file is written, but the installation id is stored on first use
    (the UIDs must stay the same from one call to the next)."""
    appointments = booking_order(ctx.caseload, appointment_ids)
    _require(appointments)
    return _calendar(ctx.caseload, appointments, install_id(ctx.caseload), ctx.now())


def write_invitations(ctx: Context, appointment_ids: Iterable[int], *, pdf: Path | None = None,
                      ics: Path | None = None, purposes: Iterable = (), today: dt.date | None = None,
                      reprint: bool = False, delivery: Delivery = Delivery.POST) -> InvitationResult:
    """Write the letter(s) and/or the calendar file; all or nothing. ``purposes``: store these with the
    appointments (instead of those chosen when booking) and print them; ``reprint``: copies of the
    letters for the file (see ``compose_letters``); ``delivery``: by post, warn when an appointment does
    not lie after the day its letter is deemed received."""
    caseload = ctx.caseload
    ids = list(dict.fromkeys(int(i) for i in appointment_ids))
    if pdf is None and ics is None:
        raise UserError("Bitte geben Sie an, was geschrieben werden soll: eine PDF-Datei, eine Kalenderdatei oder beides.")
    targets = [p for p in (pdf, ics) if p is not None]
    _check_targets(targets, caseload.path)
    stored = booking_order(caseload, ids)
    _require(stored)
    appointments = with_purposes(stored, purposes)
    files: dict[Path, bytes] = {}
    letters: list[Letter] = []
    letter_refusal: InvalidInput | None = None
    if pdf is not None:
        try:
            letters = compose_letters(ctx, appointments, today=today, reprint=reprint)
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
    uid_base, new_id = _install_id(caseload)
    if ics is not None:
        files[Path(ics)] = _calendar(caseload, appointments, uid_base, ctx.now())
    changed = [(old, new) for old, new in zip(stored, appointments) if new is not old]

    def store() -> None:
        """Stored only once the files are in place (and never for a file that was not written)."""
        with caseload.transaction():
            if new_id and ics is not None:  # not a user action: undo must never change the calendar UIDs
                caseload.set_setting(S.INSTALL_ID.key, uid_base)
            if changed:
                with caseload.action("Einladung schreiben: Meldezweck festhalten", at=ctx.now()):
                    for old, new in changed:
                        if caseload.appointment(old.id).sequence != old.sequence:
                            raise StaleData(f"Termin {old.id} wurde inzwischen an anderer Stelle geändert; es wurde "
                                            "nichts geschrieben.")
                        caseload.update_appointment(replace(new, sequence=old.sequence))
            record_sent(ctx, [caseload.appointment(a.id) for a in appointments], letter=pdf is not None,
                        calendar=ics is not None)

    write_files(files, then=store)
    used = dict.fromkeys(((le.legal_id, le.legal_version), le.legal_title) for le in letters if le.legal_id)
    warnings: list[str] = []
    if letters and delivery is Delivery.POST and not reprint:
        n, days = notices(caseload), ctx.rules().postal_notice_days
        warnings += [w for a, le in zip(appointments, letters) if (w := postal_warning(a, le.date, days, n))]
    notice = legal_text_state(ctx).notice if used else ""
    return InvitationResult(appointments=tuple(a.id for a in appointments), pdf=pdf, ics=ics,
                            legal_texts=tuple(u for u, _ in used), legal_titles=tuple(t for _, t in used),
                            warnings=tuple(warnings), notice=notice)


def legal_version_names(result: InvitationResult) -> str:
    """``»Titel«, Version v; »Titel 2«, Version w`` for messages (versions without brackets of their own)."""
    return "; ".join(f"»{t}«, Version {version_label(v)}" for (_, v), t in zip(result.legal_texts, result.legal_titles))


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


def _check_targets(paths: Sequence[Path], caseload_file: Path) -> None:
    problems = []
    if len({Path(p).resolve() for p in paths}) != len(paths):
        problems.append("PDF-Datei und Kalenderdatei dürfen nicht dieselbe Datei sein.")
    # the caseload and SQLite's files beside it: a letter written over them would destroy the caseload
    own = {Path(f"{caseload_file}{end}").resolve() for end in ("", "-wal", "-shm", "-journal")}
    for path in map(Path, paths):
        if path.resolve() in own or (path.exists() and caseload_file.exists() and os.path.samefile(path, caseload_file)):
            problems.append(f"»{path}« ist die Bestandsdatei selbst (oder eine ihrer Hilfsdateien); bitte geben Sie "
                            "einen anderen Dateinamen an.")
        elif path.is_dir():
            problems.append(f"»{path}« ist ein Ordner; bitte geben Sie einen Dateinamen an.")
        elif not path.parent.is_dir():
            problems.append(f"Den Ordner »{path.parent}« für »{path.name}« gibt es nicht.")
        elif not os.access(path.parent, os.W_OK):
            problems.append(f"In den Ordner »{path.parent}« darf nicht geschrieben werden.")
    if problems:
        raise InvalidInput("Es wurde nichts geschrieben:", problems)
