"""Every command and option explains itself in German (terminassistent BEFEHL --help)."""

import argparse

from terminassistent.cli import build_parser


def subcommands():
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return action.choices


def test_every_option_of_every_command_has_a_help_text():
    missing = [f"{name} {'/'.join(a.option_strings) or a.dest}"
               for name, sub in subcommands().items() for a in sub._actions
               if a.help in (None, "") and not isinstance(a, argparse._HelpAction)]
    assert not missing, missing


def test_every_command_has_a_summary():
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert {c.dest for c in action._choices_actions if c.help} == set(action.choices)
