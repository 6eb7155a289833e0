"""The program's own documentation (resources/manual/, shipped with the program and shown by its
help) stays in step with the program: every command, option and JSON key is described there, and
nothing points outside the repository."""

import argparse
import json
import re
from pathlib import Path

import pytest

from terminassistent.cli import build_parser
from terminassistent.paths import resources_dir
from terminassistent.services.context import fixed_clock
from tests.cli.helpers import run, snapshot
from tests.services.handmade import LATER, MONDAY, NOW, at, build

ROOT = Path(__file__).resolve().parents[1]
MANUAL = resources_dir() / "manual"
COMMANDS = (MANUAL / "befehle.md").read_text(encoding="utf-8")


def section(command: str) -> str:
    """The text under ``### command`` up to the next heading."""
    match = re.search(rf"^### {re.escape(command)}\n(.*?)(?=^#)", COMMANDS + "\n#", flags=re.MULTILINE | re.DOTALL)
    assert match, f"befehle.md beschreibt »{command}« nicht"
    return match.group(1)


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices


@pytest.mark.parametrize("command", sorted(subcommands()))
def test_every_command_and_option_is_described(command):
    text = section(command)
    options = {o for a in subcommands()[command]._actions for o in a.option_strings if o.startswith("--")} - {"--help"}
    aliases = {"--zweck", "--datum"}  # German spellings of --purpose and --letter-date
    assert not [o for o in options - aliases if not re.search(rf"{re.escape(o)}\b", text)]


def test_the_window_and_the_common_rules_are_described():
    assert "`terminassistent [--db PFAD | --demo]`" in COMMANDS
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 3 |"):
        assert code in COMMANDS


@pytest.fixture
def db(tmp_path):
    build(tmp_path / "hand.db").close()
    return tmp_path / "hand.db"


def documented_keys(command: str, document) -> list[str]:
    """The top-level keys of ``document`` that the command's section does not name."""
    first = document[0] if isinstance(document, list) else document
    return [key for key in first if f'"{key}"' not in section(command)]


def test_every_json_key_a_command_prints_is_described(capsys, db, tmp_path):
    clock = fixed_clock(NOW)
    due = ["--policy", "aa90-jba", "--birth-date", "1980-01-01", "--status", "arbeitslos", "--last-contact", "2026-06-01"]
    calls = {
        "policies": [], "due": due, "quota": ["--policy", "uelzen-2019", "--hours", "30"],
        "export": ["--db", db], "check": ["--db", db], "settings": ["--db", db],
        "propose": ["--db", db, "--customer", LATER.customer_no, "--at", NOW.isoformat()],
        "plan-week": ["--db", db, "--week", "2026-W49", "--at", NOW.isoformat()],
        "monitor": ["--db", db, "--on", "2026-11-27"],
        "book": ["--db", db, "--customer", LATER.customer_no, "--start", at(MONDAY, 10).isoformat()],
        "absence": ["--db", db, "--add", "--from", "2026-12-21", "--until", "2026-12-22"],
        "policy-check": [ROOT / "policies" / "aa90-jba.toml"],
        "import": ["--db", tmp_path / "neu.db", ROOT / "tests" / "data" / "csv" / "good.csv", "--dry-run"],
    }
    undocumented = {}
    for command, args in calls.items():
        code, out, err = run(capsys, command, *args, "--json", clock=clock)
        assert code == 0, (command, err)
        undocumented[command] = documented_keys(command, json.loads(out))
    booked = snapshot(db)["appointments"][-1]["id"]
    for command, args in {"invite": ["--appointment", booked, "--ics", tmp_path / "t.ics"],
                          "conclude": ["--customer", LATER.customer_no, "--at", NOW.isoformat()],
                          "outcome": ["--appointment", booked, "--status", "abgesagt", "--reason", "krank"],
                          "quota --week": ["--week", "2026-W49"]}.items():
        code, out, err = run(capsys, *command.split()[:1], "--db", db, *args, "--json", clock=clock)
        assert code == 0, (command, err)
        undocumented[command] = documented_keys(command.split()[0], json.loads(out))
    assert not {c: keys for c, keys in undocumented.items() if keys}


def test_links_stay_inside_the_repository():
    for path in [ROOT / "README.md", *MANUAL.glob("*.md")]:
        text = path.read_text(encoding="utf-8")
        assert "../shared" not in text, path
        for target in re.findall(r"\]\(([^)#]+)\)", text):
            if not target.startswith(("http://", "https://")):
                assert (path.parent / target).exists(), f"{path.name}: {target}"


def test_the_manual_ships_with_the_program():
    assert (MANUAL / "handbuch.md").is_file() and (MANUAL / "befehle.md").is_file()
    handbook = (MANUAL / "handbuch.md").read_text(encoding="utf-8")
    assert "| Kunde | Gespräch abschließen… | Strg+Eingabe |" in handbook
    assert "| Hilfe | Handbuch · Über Terminassistent | F1 |" in handbook
