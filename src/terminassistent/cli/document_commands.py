"""The ``invite`` command (invitation letters and calendar files) and ``legal-texts`` (the
Rechtsfolgenbelehrungen in use and their approval).

Contract form: ``invite --db PATH --appointment ID [--pdf FILE] [--ics FILE]``. Extensions: the
option ``--appointment`` may be repeated; ``--day D`` or ``--week YYYY-Www`` select every booked
appointment of a day or week (a series letter in booking order); ``--zweck`` stores other purposes
of § 309 Abs. 2 SGB III with the appointments and prints them; ``--datum`` sets the letter's date;
``--reprint`` writes a copy for the file (also of a past appointment), marked as such;
``--handed-over`` says the letter is handed over in the room (no postal delivery time);
``--json`` prints the result. While the legal texts in use are unconfirmed samples, the notice goes
to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from terminassistent.cli._convert import add_db_option, existing_db, parse_date, parse_int, parse_week
from terminassistent.cli._output import emit_json, fail, say
from terminassistent.errors import InvalidInput, UserError


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "invite", help="Einladung (PDF) und/oder Kalenderdatei zu gebuchten Terminen schreiben",
        description="Schreibt das Einladungsschreiben mit Rechtsfolgenbelehrung als PDF und/oder den Termin als "
        "Kalenderdatei (.ics). Mit --day oder --week entsteht ein Serienbrief aller gebuchten Termine, in "
        "der Reihenfolge der Termine. Wird etwas abgelehnt, wird keine Datei geschrieben.",
    )
    add_db_option(p)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--appointment", action="append", metavar="ID",
                       help="Nummer des Termins (mehrfach möglich: ein Serienbrief)")
    which.add_argument("--day", metavar="DATUM", help="alle gebuchten Termine dieses Tages (JJJJ-MM-TT oder TT.MM.JJJJ)")
    which.add_argument("--week", metavar="JJJJ-Www", help="alle gebuchten Termine dieser Kalenderwoche")
    p.add_argument("--pdf", metavar="DATEI", help="das Einladungsschreiben als PDF-Datei")
    p.add_argument("--ics", metavar="DATEI", help="den Termin als Kalenderdatei (iCalendar)")
    p.add_argument("--purpose", "--zweck", dest="zweck", action="append", metavar="ZWECK", default=[],
                   help="Meldezweck nach § 309 Abs. 2 SGB III (mehrfach möglich): berufsberatung, vermittlung, "
                   "arbeitsfoerderung, leistungsverfahren, anspruchspruefung. Standard: die beim Buchen gewählten; "
                   "andere werden mit dem Termin gespeichert, denn die Einladung nennt genau die Zwecke des Termins")
    p.add_argument("--reprint", "--zweitschrift", dest="reprint", action="store_true",
                   help="eine als Zweitschrift gekennzeichnete Kopie für die Akte, auch zu einem vergangenen Termin")
    p.add_argument("--handed-over", "--uebergeben", dest="handed_over", action="store_true",
                   help="die Einladung wird im Gespräch übergeben (ohne diese Angabe: per Post; dann wird gewarnt, "
                   "wenn sie nach § 37 Abs. 2 SGB X nicht vor dem Termin als bekannt gegeben gilt)")
    p.add_argument("--letter-date", "--datum", dest="datum", metavar="DATUM",
                   help="Datum des Schreibens (Standard: heute in Berlin)")
    p.add_argument("--json", action="store_true",
                   help="Ergebnis als JSON: Termine, geschriebene Dateien, verwendete Rechtsfolgenbelehrungen, Hinweise")
    p.set_defaults(func=_invite)

    p = commands.add_parser(
        "legal-texts", help="die Rechtsfolgenbelehrungen in Gebrauch zeigen und ihre Freigabe eintragen",
        description="Zeigt, welche Rechtsfolgenbelehrungen die Einladungen drucken (mitgelieferte Muster oder die "
        "eigenen des Jobcenters), die offenen Entscheidungen für die Rechtsabteilung und wer die Texte freigegeben "
        "hat. Mit --approve wird die Freigabe eingetragen; sie gilt genau für die Dateien in Gebrauch.",
    )
    add_db_option(p)
    p.add_argument("--approve", metavar="NAME", help="Freigabe eintragen: wer freigibt (Name und Funktion)")
    p.add_argument("--on", metavar="DATUM", help="Tag der Freigabe (Standard: heute)")
    p.add_argument("--json", action="store_true", help="Ergebnis als JSON")
    p.set_defaults(func=_legal_texts)


def _invite(args: argparse.Namespace) -> int:
    from terminassistent.documents.purposes import Purpose
    from terminassistent.services.context import open_context
    from terminassistent.services.invitations import letters as invitations

    if not args.pdf and not args.ics:
        raise UserError("Bitte geben Sie --pdf DATEI und/oder --ics DATEI an; es wurde nichts geschrieben.")
    purposes = []
    for value in args.zweck:
        try:
            purposes.append(Purpose.parse(value))
        except ValueError as exc:
            raise InvalidInput(f"--zweck: {exc}.") from None
    today = parse_date(args.datum, "--datum") if args.datum else None
    ids = [parse_int(v, "--appointment", minimum=1) for v in args.appointment or []]
    day = parse_date(args.day, "--day") if args.day else None
    monday = parse_week(args.week, "--week") if args.week else None
    with open_context(existing_db(args.db), args.clock) as ctx:
        caseload = ctx.caseload
        if day is not None:
            ids = [a.id for a in invitations.appointments_of_day(caseload, day)]
            if not ids:
                raise UserError(f"Am {day:%d.%m.%Y} ist kein Termin gebucht; es wurde nichts geschrieben.")
        elif monday is not None:
            ids = [a.id for a in invitations.appointments_between(caseload, monday, monday + dt.timedelta(days=7))]
            if not ids:
                raise UserError(f"In der Woche {args.week} ist kein Termin gebucht; es wurde nichts geschrieben.")
        result = invitations.write_invitations(
            ctx, ids, pdf=Path(args.pdf) if args.pdf else None, ics=Path(args.ics) if args.ics else None,
            purposes=purposes, today=today, reprint=args.reprint,
            delivery=invitations.Delivery.HAND if args.handed_over else invitations.Delivery.POST,
        )
    if args.json:
        emit_json(result.as_dict())
    else:
        count = len(result.appointments)
        what = ("Zweitschrift" if args.reprint else "Einladung") if count == 1 else (
            f"{count} {'Zweitschriften' if args.reprint else 'Einladungen'}")
        if result.pdf:
            versions = invitations.legal_version_names(result)
            say(f"{what} in »{result.pdf}« geschrieben" + (f", mit {versions}." if versions else
                                                           " (Telefontermin, ohne Rechtsfolgenbelehrung)."))
        if result.ics:
            say(f"Kalenderdatei mit {count} Termin{'en' if count != 1 else ''} in »{result.ics}« geschrieben.")
    for warning in result.warnings:
        fail(f"Hinweis: {warning}")
    if result.notice:
        fail(f"Hinweis: {result.notice}")
    return 0


def _legal_texts(args: argparse.Namespace) -> int:
    from terminassistent.documents.legal import version_label
    from terminassistent.services.context import open_context
    from terminassistent.services.invitations.legal_state import approve_legal_texts, legal_text_state

    on = parse_date(args.on, "--on") if args.on else None
    if on is not None and args.approve is None:
        raise UserError("--on gilt nur zusammen mit --approve NAME.")
    with open_context(existing_db(args.db), args.clock) as ctx:
        state = approve_legal_texts(ctx, args.approve, on).state if args.approve is not None else legal_text_state(ctx)
    if args.json:
        emit_json(state.as_dict())
        return 0
    say(f"Rechtsfolgenbelehrungen aus »{state.folder}«" + (" (mitgelieferte Muster)." if state.bundled else "."))
    for text in state.texts:
        say(f"  {text.title}, Version {version_label(text.version)}, gültig {text.validity}"
            + (" – Muster" if text.sample else ""))
        for decision in text.decisions:
            say(f"    Zu entscheiden: {decision}")
    if state.approved:
        say(f"Freigegeben von {state.approved_by} am {state.approved_on:%d.%m.%Y}.")
    if state.notice:
        fail(f"Hinweis: {state.notice}")
    return 0
