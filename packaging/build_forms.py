#!/usr/bin/env python3
"""Compile the Qt Designer sources ui/*.ui into src/terminassistent/gui/forms/ui_*.py.

The generated modules are committed, so an installed program never needs uic. Run after editing
a .ui file, with the project's Python (the one that has PySide6):

    .venv/bin/python packaging/build_forms.py            # (re)write the forms
    .venv/bin/python packaging/build_forms.py --check    # exit 1 if any form is out of date

uic is the one bundled with PySide6 (``PySide6/Qt/libexec/uic``; ``pyside6-uic`` as a fallback).
Each output starts with a fixed header line naming its source; the second line names the uic
version, which ``form_body`` leaves out when forms are compared.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UI_DIR = ROOT / "ui"
FORMS_DIR = ROOT / "src" / "terminassistent" / "gui" / "forms"
MARK = "by packaging/build_forms.py — do not edit"


def uic_command() -> list[str]:
    """The command that turns a .ui file into Python on stdout."""
    import PySide6

    base = Path(PySide6.__file__).resolve().parent
    for candidate in (base / "Qt" / "libexec" / "uic", base / "uic.exe", base / "uic"):
        if candidate.is_file():
            return [str(candidate), "-g", "python"]
    for tool in (Path(sys.executable).with_name("pyside6-uic"), shutil.which("pyside6-uic")):
        if tool and Path(tool).is_file():
            return [str(tool)]
    raise SystemExit("build_forms: uic not found; is PySide6 installed for this Python?")


def uic_version(command: list[str]) -> str:
    done = subprocess.run([*command, "--version"], capture_output=True, text=True, check=True)
    return done.stdout.strip() or done.stderr.strip()


def form_name(ui_file: Path) -> str:
    return f"ui_{ui_file.stem}.py"


def header(ui_file: Path, version: str) -> str:
    return f"# generated from ui/{ui_file.name} {MARK}\n# ({version})\n"


def compile_form(ui_file: Path, command: list[str] | None = None, version: str | None = None) -> str:
    """The complete text of the generated module for ``ui_file``."""
    command = command or uic_command()
    version = version or uic_version(command)
    done = subprocess.run([*command, str(ui_file)], capture_output=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"build_forms: uic failed on {ui_file}:\n{done.stderr.decode('utf-8', 'replace')}")
    return header(ui_file, version) + "\n" + form_body(done.stdout.decode("utf-8"))


def form_body(text: str) -> str:
    """The text without its leading comment block (our header, uic's banner with its version)."""
    lines = text.replace("\r\n", "\n").split("\n")
    start = 0
    while start < len(lines) and (not lines[start].strip() or lines[start].startswith("#")):
        start += 1
    return "\n".join(lines[start:])


def build(ui_dir: Path = UI_DIR, forms_dir: Path = FORMS_DIR, check: bool = False) -> list[str]:
    """Write (or with ``check`` only compare) every form; returns what is/was out of date."""
    command = uic_command()
    version = uic_version(command)
    stale: list[str] = []
    wanted = set()
    for ui_file in sorted(ui_dir.glob("*.ui")):
        target = forms_dir / form_name(ui_file)
        wanted.add(target.name)
        text = compile_form(ui_file, command, version)
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current is not None and form_body(current) == form_body(text):
            continue
        stale.append(f"{target.name} (aus ui/{ui_file.name})")
        if not check:
            forms_dir.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
    for orphan in sorted(forms_dir.glob("ui_*.py")):
        if orphan.name not in wanted and MARK in orphan.read_text(encoding="utf-8").split("\n", 1)[0]:
            stale.append(f"{orphan.name} (keine .ui-Datei mehr)")
            if not check:
                orphan.unlink()
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report forms that are out of date (exit 1)")
    args = parser.parse_args(argv)
    stale = build(check=args.check)
    for item in stale:
        print(("veraltet: " if args.check else "erzeugt: ") + item)
    if args.check and stale:
        print("build_forms: bitte `python packaging/build_forms.py` ausführen", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
