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


def test_each_command_is_named_with_the_module_that_registers_it():
    """A command line builds only the modules of the commands it names: the table must be true."""
    import importlib

    from terminassistent.cli import COMMAND_MODULES

    for module, named in COMMAND_MODULES.items():
        parser = argparse.ArgumentParser()
        importlib.import_module(module).register(parser.add_subparsers())
        action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        assert tuple(action.choices) == named, module


def test_a_command_line_parses_alike_with_its_own_commands_and_with_all():
    whole = build_parser()
    for argv in (["check"], ["--db", "x.db", "plan-week", "--week", "2026-W50"], ["propose", "--customer", "123A456789"],
                 ["legal-texts"], ["undo", "--json"], ["--db", "demo", "check"]):
        assert vars(build_parser(argv).parse_args(argv)) == vars(whole.parse_args(argv)), argv
