"""The ``invite`` command: the invitation letter (PDF) and/or calendar file for booked appointments.

Contract form: ``invite --db PATH --appointment ID [--pdf FILE] [--ics FILE]``. Extensions: the
option ``--appointment`` may be repeated; ``--day D`` or ``--week YYYY-Www`` select every booked
appointment of a day or week (a series letter in booking order); ``--zweck`` names the purpose(s)
of § 309 Abs. 2 SGB III; ``--datum`` sets the letter's date; ``--json`` prints the result.
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
                   "arbeitsfoerderung, leistungsverfahren, anspruchspruefung (Standard: beim Buchen gewählt, sonst "
                   "Einstellung letter.purposes)")
    p.add_argument("--letter-date", "--datum", dest="datum", metavar="DATUM",
                   help="Datum des Schreibens (Standard: heute in Berlin)")
    p.add_argument("--json", action="store_true",
                   help="Ergebnis als JSON: Termine, geschriebene Dateien, verwendete Rechtsfolgenbelehrungen, Hinweise")
    p.set_defaults(func=_invite)


def _invite(args: argparse.Namespace) -> int:
    from terminassistent.documents.legal import version_label
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
            purposes=purposes, today=today,
        )
    if args.json:
        emit_json(result.as_dict())
    else:
        count = len(result.appointments)
        what = "Einladung" if count == 1 else f"{count} Einladungen"
        if result.pdf:
            versions = "; ".join(f"»{t}«, Version {version_label(v)}"
                                 for (_, v), t in zip(result.legal_texts, result.legal_titles))
            say(f"{what} in »{result.pdf}« geschrieben, mit {versions}.")
        if result.ics:
            say(f"Kalenderdatei mit {count} Termin{'en' if count != 1 else ''} in »{result.ics}« geschrieben.")
    for warning in result.warnings:
        fail(f"Hinweis: {warning}")
    return 0
