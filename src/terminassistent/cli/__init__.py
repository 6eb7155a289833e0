"""The command line (resources/manual/befehle.md): argument parsing and JSON output only.

Every command lives in a module of this package that defines ``register(subparsers)``; the work is
done by the services below, the same ones the desktop calls. Exit codes: 0 success, 1 input
refused (nothing written), 2 wrong usage, 3 internal error (a bug; details in the log file).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from terminassistent.cli import _german  # noqa: F401 - translates argparse's messages
from terminassistent.cli._convert import name_the_database, refuse_undecodable
from terminassistent.cli._output import fail, internal_error
from terminassistent.errors import UserError
from terminassistent.paths import default_database

# One module per group of commands; each registers its subcommands (named here, so that a command
# line needs only its own module's parsers: tests/cli/test_help.py holds the names to the modules).
COMMAND_MODULES = {
    "terminassistent.cli.caseload_commands": ("demo", "export", "import", "check"),
    "terminassistent.cli.policy_commands": ("policies", "policy-check", "due", "quota"),
    "terminassistent.cli.planning_commands": ("propose", "book", "conclude", "plan-week", "outcome", "monitor"),
    "terminassistent.cli.document_commands": ("invite", "legal-texts"),
    "terminassistent.cli.finding_commands": ("finding",),
    "terminassistent.cli.settings_commands": ("settings", "absence"),
    "terminassistent.cli.safety_commands": ("undo", "redo", "history", "backup", "restore", "leave", "purge"),
    "terminassistent.cli.crypt_commands": ("encrypt", "decrypt"),
}

if TYPE_CHECKING:
    from terminassistent.services.context import Clock

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line; given ``argv``, only the commands it names, if it names any (a few
    milliseconds less at every start; without a command, help and errors list every one)."""
    named = set(argv or ())
    modules = [m for m, commands in COMMAND_MODULES.items() if named.intersection(commands)] or list(COMMAND_MODULES)
    parser = argparse.ArgumentParser(
        prog="terminassistent",
        description="Terminassistent: Kontaktdichte, Terminvorschläge und Einladungen für Integrationsfachkräfte. "
        "Ohne Befehl öffnet sich das Programmfenster.",
        epilog="Daten: 03.12.2026 oder 2026-12-03; Zeitpunkte: 03.12.2026 09:00 (Berliner Zeit). Ohne --db arbeitet "
        "jeder Befehl auf der Datei des Programmfensters. Alle Optionen eines Befehls: terminassistent BEFEHL --help.",
        allow_abbrev=False,
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db", metavar="PFAD", help=f"Bestandsdatei (Standard: {default_database()})")
    where.add_argument("--demo", action="store_true", help="mit einem frisch erzeugten Demo-Bestand öffnen")
    commands = parser.add_subparsers(dest="command", metavar="BEFEHL", title="Befehle")
    for name in modules:
        importlib.import_module(name).register(commands)
    return parser


def main(argv: list[str] | None = None, *, clock: Clock | None = None) -> int:
    """Run one command (or the desktop); ``clock`` is the program's "now" (default: the system's;
    tests fix it here)."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        refuse_undecodable(argv)
    except UserError as err:
        fail(str(err))
        return EXIT_REFUSED
    parser = build_parser(argv)
    args = parser.parse_args(argv)  # exits 2 with a German message on wrong usage
    _keep_literal_dashes(parser, args)
    if clock is None:
        from terminassistent.services.context import system_clock as clock
    args.clock = clock
    if args.command is not None:
        from terminassistent.cli.crypt_commands import install_key_source

        install_key_source()
    try:
        if args.command is None:
            return _desktop(args)
        return args.func(args) or EXIT_OK
    except UserError as err:
        message = str(err)
        if getattr(args, "uses_db", False) and args.db is None:  # the window's file, chosen by default
            message = name_the_database(message, default_database())
        fail(message)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        fail("Abgebrochen.")
        return EXIT_REFUSED
    except BrokenPipeError:  # the reader went away (e.g. "| head"): stop quietly
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback reaches the user
        internal_error(exc, args.command or "desktop")
        return EXIT_INTERNAL


def _keep_literal_dashes(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """``--option=--`` is the value »--«; Python 3.11's argparse turns it into an empty list, which no
    command expects (it ended in an internal error). Put the typed value back, to be refused as such."""
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    actions = parser._actions + (commands[args.command]._actions if args.command in commands else [])
    for action in actions:
        value = getattr(args, action.dest, None)
        if isinstance(action, argparse._StoreAction) and action.nargs is None and value == []:
            setattr(args, action.dest, "--")
        elif isinstance(action, argparse._AppendAction) and isinstance(value, list):
            setattr(args, action.dest, ["--" if item == [] else item for item in value])


def _desktop(args: argparse.Namespace) -> int:
    """The program window; without a graphical session a German sentence instead of Qt's abort."""
    from terminassistent.cli._display import display_problem, no_window_message

    reason = display_problem()
    if reason is not None:
        fail(no_window_message(reason))
        return EXIT_REFUSED
    from terminassistent.app import run_desktop

    return run_desktop(db=args.db, demo=args.demo, clock=args.clock)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
