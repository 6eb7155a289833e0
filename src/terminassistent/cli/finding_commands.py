"""The ``finding`` command: the Jobcenter's decision after a missed in-person appointment.

``finding --db PATH --appointment ID [--not-established --note TEXT] [--on D] [--json]`` records
whether a Meldeversäumnis (§ 32 SGB II) is established; only an established one counts as an
earlier Meldeversäumnis in later invitations. ``monitor`` lists the misses still awaiting one.
"""

from __future__ import annotations

import argparse

from terminassistent.cli._convert import add_db_option, existing_db, parse_date, parse_int
from terminassistent.cli._output import emit_json, say


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "finding", help="nach einem versäumten Termin festhalten, ob ein Meldeversäumnis festgestellt ist",
        description="Hält die Entscheidung des Jobcenters zu einem versäumten persönlichen Termin fest: Meldeversäumnis "
        "festgestellt (Standard) oder nicht (--not-established mit Begründung). Nur ein festgestelltes "
        "Meldeversäumnis zählt in der Rechtsfolgenbelehrung späterer Einladungen.",
    )
    add_db_option(p)
    p.add_argument("--appointment", required=True, metavar="ID", help="Nummer des versäumten Termins")
    p.add_argument("--not-established", "--kein-meldeversaeumnis", dest="not_established", action="store_true",
                   help="kein Meldeversäumnis (zum Beispiel ein wichtiger Grund wurde nachgewiesen); braucht --note")
    p.add_argument("--note", default="", metavar="TEXT", help="Begründung oder Aktenzeichen")
    p.add_argument("--on", metavar="DATUM", help="Tag der Entscheidung (Standard: heute)")
    p.add_argument("--json", action="store_true", help="Ergebnis als JSON")
    p.set_defaults(func=_finding)


def _finding(args: argparse.Namespace) -> int:
    from terminassistent.services.caseload_io.export import appointment_document
    from terminassistent.services.context import open_context
    from terminassistent.services.conversation.findings import record_finding

    appointment_id = parse_int(args.appointment, "--appointment", minimum=1)
    on = parse_date(args.on, "--on") if args.on else None
    with open_context(existing_db(args.db), args.clock) as ctx:
        result = record_finding(ctx, appointment_id, established=not args.not_established, decided_on=on,
                                note=args.note)
    a = result.appointment
    if args.json:
        emit_json(appointment_document(a))
        return 0
    what = "Meldeversäumnis festgestellt" if a.finding.established else "kein Meldeversäumnis"
    say(f"Termin {a.id}: {what} am {a.finding.decided_on:%d.%m.%Y}.")
    return 0
