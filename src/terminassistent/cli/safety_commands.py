"""Commands that keep the caseload safe: undo, redo, history, backup, restore, leave, purge."""

from __future__ import annotations

import argparse
from pathlib import Path

from terminassistent.cli._convert import add_db_option, existing_db, parse_date
from terminassistent.cli._output import emit_json, fail, say


def register(commands: argparse._SubParsersAction) -> None:
    for name, title in (("undo", "die letzte Aktion als Ganzes rückgängig machen"),
                        ("redo", "die zuletzt rückgängig gemachte Aktion wiederherstellen")):
        p = commands.add_parser(name, help=title)
        add_db_option(p)
        p.add_argument("--json", action="store_true", help="Ergebnis als JSON")
        p.set_defaults(func=_undo_redo)

    p = commands.add_parser("history", help="die Änderungshistorie: wer hat wann was geändert (neueste zuerst)")
    add_db_option(p)
    p.add_argument("--customer", metavar="NR", help="nur Änderungen dieser Kundennummer")
    p.add_argument("--json", action="store_true", help="Ergebnis als JSON")
    p.set_defaults(func=_history)

    p = commands.add_parser("backup", help="eine Sicherung des Bestands anlegen (oder mit --list alle zeigen)")
    add_db_option(p)
    p.add_argument("--to", metavar="DATEI", help="in diese neue Datei (Standard: in den Sicherungsordner)")
    p.add_argument("--list", action="store_true", help="die Sicherungen im Sicherungsordner zeigen")
    p.add_argument("--json", action="store_true", help="Ergebnis als JSON")
    p.set_defaults(func=_backup)

    p = commands.add_parser("restore", help="den Bestand durch eine geprüfte Sicherung ersetzen")
    add_db_option(p)
    p.add_argument("file", metavar="DATEI", help="die Sicherung (terminassistent backup --list zeigt sie)")
    p.add_argument("--json", action="store_true", help="Ergebnis als JSON")
    p.set_defaults(func=_restore)

    p = commands.add_parser("leave", help="den Abgang einer Kundin oder eines Kunden eintragen")
    add_db_option(p)
    p.add_argument("--customer", required=True, metavar="NR", help="Kundennummer")
    p.add_argument("--on", metavar="DATUM", help="Tag des Abgangs (Standard: heute)")
    p.add_argument("--reason", required=True, metavar="TEXT", help="Grund, z. B. Arbeitsaufnahme oder Umzug")
    p.add_argument("--json", action="store_true", help="Ergebnis als JSON")
    p.set_defaults(func=_leave)

    p = commands.add_parser("purge", help="Daten nach Ablauf der Aufbewahrungsfrist zeigen und mit --apply löschen")
    add_db_option(p)
    p.add_argument("--apply", action="store_true", help="die gezeigten Daten endgültig löschen")
    p.add_argument("--json", action="store_true", help="Ergebnis als JSON")
    p.set_defaults(func=_purge)


def _undo_redo(args: argparse.Namespace) -> int:
    from terminassistent.services.context import open_context
    from terminassistent.services.journal.undo import redo, undo

    with open_context(existing_db(args.db), args.clock) as ctx:
        result = undo(ctx) if args.command == "undo" else redo(ctx)
    if args.json:
        emit_json(result.as_dict())
    else:
        say(result.summary())
    for sent in result.sent:
        fail(f"Hinweis: {sent.sentence()}")
    return 0


def _history(args: argparse.Namespace) -> int:
    from terminassistent.services.context import open_context
    from terminassistent.services.journal.history import history

    with open_context(existing_db(args.db), args.clock) as ctx:
        items = history(ctx, customer_no=args.customer.strip() if args.customer is not None else None)
    if args.json:
        emit_json([i.as_dict() for i in items])
    else:
        say("\n".join(i.line() for i in items) or "Die Änderungshistorie ist leer.")
    return 0


def _backup(args: argparse.Namespace) -> int:
    from terminassistent.services.backup import copies
    from terminassistent.services.context import open_context

    with open_context(existing_db(args.db), args.clock) as ctx:
        if args.list:
            found = copies.backups(ctx)
            if args.json:
                emit_json([b.as_dict() for b in found])
            else:
                say("\n".join(b.line() for b in found) or f"Im Ordner »{copies.folder(ctx.caseload)}« liegt keine Sicherung.")
            return 0
        made = copies.create_backup(ctx.caseload, to=Path(args.to) if args.to else None, now=ctx.now())
    if args.json:
        emit_json(made.as_dict())
    else:
        say(f"Sicherung mit {made.customers} Kunden in »{made.path}« geschrieben.")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from terminassistent.services.backup.restore import restore_backup
    from terminassistent.services.context import open_context

    with open_context(existing_db(args.db), args.clock) as ctx:
        result = restore_backup(ctx, Path(args.file))
    if args.json:
        emit_json(result.as_dict())
    else:
        say(result.summary())
    return 0


def _leave(args: argparse.Namespace) -> int:
    from terminassistent.services.context import open_context
    from terminassistent.services.retention.departure import record_departure

    with open_context(existing_db(args.db), args.clock) as ctx:
        on = parse_date(args.on, "--on") if args.on else ctx.today()
        result = record_departure(ctx, args.customer.strip(), on, args.reason)
    if args.json:
        emit_json({"customer": result.customer.customer_no, "left_on": result.customer.left_on,
                   "reason": result.customer.leave_reason, "cancelled": [a.id for a in result.cancelled]})
    else:
        say(result.summary())
    return 0


def _purge(args: argparse.Namespace) -> int:
    from terminassistent.services.context import open_context
    from terminassistent.services.retention.purge import purge, purge_plan

    with open_context(existing_db(args.db), args.clock) as ctx:
        if args.apply:
            result = purge(ctx)
            plan, text = result.plan, result.summary()
        else:
            plan = purge_plan(ctx)
            text = plan.summary()
            if plan:
                text += " Mit --apply werden sie endgültig gelöscht."
    if args.json:
        emit_json(plan.as_dict() | {"applied": bool(args.apply)})
        return 0
    say(text)
    if plan.customers:
        say("Kundennummern: " + ", ".join(c.customer_no for c in plan.customers))
    return 0
