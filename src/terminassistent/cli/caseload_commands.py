"""Commands on the caseload file: demo, export, import, check."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from terminassistent.cli._convert import add_db_option, database, existing_db, parse_date, parse_hours, parse_int
from terminassistent.cli._output import emit_json, say


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("demo", help="einen Demo-Bestand erzeugen", description="Schreibt einen realistischen, "
                            "reproduzierbaren Demo-Bestand in eine neue Datei.")
    p.add_argument("--db", required=True, metavar="PFAD", help="neue Datei (eine vorhandene wird nicht überschrieben)")
    p.add_argument("--today", metavar="DATUM", help="Stichtag des Demo-Bestands (Standard: heute)")
    p.add_argument("--policy", metavar="ID", default="aa90-jba", help="Kontaktdichtekonzept (Standard: aa90-jba)")
    p.add_argument("--hours", metavar="STUNDEN", default="39", help="Wochenarbeitszeit (Standard: 39)")
    p.add_argument("--bundesland", metavar="XX", default="NW", help="Bundesland für Feiertage (Standard: NW)")
    p.add_argument("--customers", metavar="N", default="150", help="Zahl der Kunden (Standard: 150)")
    p.add_argument("--seed", metavar="S", default="1", help="Startwert des Zufalls (gleicher Wert, gleicher Bestand)")
    p.set_defaults(func=_demo)

    p = commands.add_parser("export", help="den ganzen Bestand ausgeben")
    add_db_option(p)
    p.add_argument("--json", action="store_true", required=True, help="als JSON (derzeit das einzige Format)")
    p.set_defaults(func=_export)

    p = commands.add_parser("import", help="einen Bestand aus einer CSV-Datei einlesen (alles oder nichts)")
    add_db_option(p, "Bestandsdatei, wird angelegt, wenn es sie nicht gibt")
    p.add_argument("file", metavar="DATEI", help="CSV-Datei (Format: siehe README)")
    p.add_argument("--dry-run", action="store_true", help="nur prüfen, nichts schreiben")
    p.add_argument("--json", action="store_true", help="Ergebnis als JSON")
    p.set_defaults(func=_import)

    p = commands.add_parser("check", help="die Datenbank auf Schäden und ungültige Einträge prüfen")
    add_db_option(p)
    p.add_argument("--json", action="store_true", help="Ergebnis als JSON")
    p.set_defaults(func=_check)


def _demo(args: argparse.Namespace) -> int:
    from terminassistent.services.demo.build import DemoOptions, create_demo

    options = DemoOptions(
        today=parse_date(args.today, "--today") if args.today else args.clock().date(),
        policy_id=args.policy.strip().lower(),
        hours=parse_hours(args.hours, "--hours"),
        bundesland=args.bundesland.strip().upper(),
        customers=parse_int(args.customers, "--customers", minimum=1, maximum=50_000),
        seed=parse_int(args.seed, "--seed", minimum=0),
    )
    _check_policy_id(options.policy_id)
    create_demo(Path(args.db), options)
    say(f"Demo-Bestand mit {options.customers} Kunden in »{args.db}« geschrieben.")
    return 0


def _check_policy_id(policy_id: str) -> None:
    from terminassistent.policy import load_policy

    load_policy(policy_id)


def _export(args: argparse.Namespace) -> int:
    from terminassistent.services.caseload_io.export import write_export
    from terminassistent.storage import Caseload

    with Caseload.open(existing_db(args.db)) as caseload:
        write_export(caseload, sys.stdout)
    return 0


def _import(args: argparse.Namespace) -> int:
    from terminassistent.services.caseload_io.importer import import_csv

    report = import_csv(database(args.db), Path(args.file), dry_run=args.dry_run)
    if args.json:
        emit_json(report.as_dict())
    else:
        say(report.summary())
    return 0


def _check(args: argparse.Namespace) -> int:
    from terminassistent.services.caseload_io.check import check_caseload

    report = check_caseload(existing_db(args.db))
    if args.json:
        emit_json(report.as_dict())
    else:
        say(report.summary())
    return 0 if report.ok else 1
