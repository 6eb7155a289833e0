"""What puts the program into a Linux desktop and shell: the menu entry, its icon, the bash
completion generated from the program's own options, and the set-up script."""

import configparser
import importlib.util
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from terminassistent.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]


def _packaging_module(name: str):
    spec = importlib.util.spec_from_file_location(f"packaging_{name}", ROOT / "packaging" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bash_completion = _packaging_module("completion").bash_completion

BASH = shutil.which("bash")


def test_the_menu_entry_is_a_valid_desktop_file():
    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(ROOT / "packaging" / "terminassistent.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application" and section["Name"] == "Terminassistent"
    assert section["Exec"] == "terminassistent" and section["Icon"] == "terminassistent"
    assert section["Terminal"] == "false" and "Office" in section["Categories"].split(";")
    assert section["Categories"].endswith(";") and section["Keywords"].endswith(";")


def test_the_icon_is_a_square_svg():
    root = ET.parse(ROOT / "resources" / "icons" / "terminassistent.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    x, y, width, height = map(float, root.get("viewBox").split())
    assert width == height > 0


@pytest.fixture(scope="module")
def completion(tmp_path_factory):
    script = tmp_path_factory.mktemp("completion") / "terminassistent.bash"
    script.write_text(bash_completion(build_parser(), ["aa90-jba", "ba-2010"]), encoding="utf-8")
    return script


def complete(script: Path, *words: str) -> list[str]:
    """What bash offers after typing ``words`` (the last one is the word being completed)."""
    program = f"""
        source {script}
        COMP_WORDS=(terminassistent {" ".join(f"'{w}'" for w in words)})
        COMP_CWORD={len(words)}
        _terminassistent
        printf '%s\\n' "${{COMPREPLY[@]}}"
    """
    done = subprocess.run([BASH, "-c", program], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


@pytest.mark.skipif(BASH is None, reason="bash is not installed")
def test_completion_offers_commands_options_and_values(completion, tmp_path):
    assert subprocess.run([BASH, "-n", str(completion)]).returncode == 0
    assert complete(completion, "pro") == ["propose"]
    assert set(complete(completion, "book", "--")) >= {"--db", "--customer", "--start", "--channel", "--json"}
    assert complete(completion, "outcome", "--status", "") == [
        "held", "missed", "excused", "cancelled", "erschienen", "versäumt", "entschuldigt", "abgesagt"]
    assert complete(completion, "due", "--policy", "") == ["aa90-jba", "ba-2010"]
    (tmp_path / "kunden.csv").touch()
    assert complete(completion, "import", f"{tmp_path}/kun") == [f"{tmp_path}/kunden.csv"]


@pytest.mark.skipif(BASH is None, reason="bash is not installed")
def test_completion_knows_every_command_and_option(completion):
    parser = build_parser()
    commands = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction").choices
    assert set(complete(completion, "")) >= set(commands) | {"--db", "--demo"}
    for name, sub in commands.items():
        offered = set(complete(completion, name, "--"))
        assert offered == {o for a in sub._actions for o in a.option_strings if o.startswith("--")}, name


@pytest.mark.skipif(BASH is None, reason="bash is not installed")
@pytest.mark.parametrize("script", ["setup.sh", "install-bundle.sh"])
def test_the_shell_scripts_parse(script):
    assert subprocess.run([BASH, "-n", str(ROOT / "packaging" / script)]).returncode == 0


def test_setup_waits_for_the_package_manager_and_keeps_the_ci_command():
    setup = (ROOT / "packaging" / "setup.sh").read_text(encoding="utf-8")
    assert 'apt-get -o "DPkg::Lock::Timeout=$APT_WAIT"' in setup
    assert "test) QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} exec" in setup and "-m pytest" in setup
    assert "bash packaging/setup.sh test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
