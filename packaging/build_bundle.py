"""Build the one-folder program an IT department rolls out, and its archive.

    python packaging/build_bundle.py [--dist DIR] [--work DIR]

Runs PyInstaller on packaging/terminassistent.spec, adds what a Linux menu and shell need (the
.desktop file, the SVG icon, bash completion, install.sh) and packs the folder as
``terminassistent-<version>-<system>.tar.gz`` (a .zip on Windows). Run it on the system the bundle
is for: Linux builds the Linux folder, Windows the Windows folder. `bash packaging/setup.sh bundle`
installs PyInstaller and runs this.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME = "terminassistent"


def version() -> str:
    with open(ROOT / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["project"]["version"]


def system() -> str:
    machine = platform.machine().lower().replace("amd64", "x86_64")
    return f"{'windows' if sys.platform == 'win32' else sys.platform.rstrip('0123456789')}-{machine}"


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def run_pyinstaller(dist: Path, work: Path) -> Path:
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                    "--distpath", str(dist), "--workpath", str(work), str(ROOT / "packaging" / f"{NAME}.spec")],
                   check=True, cwd=ROOT)
    return dist / NAME


def add_desktop_files(folder: Path) -> None:
    """The menu entry, its icon, the shell completion and the installation script beside the program."""
    from completion import bash_completion  # packaging/completion.py

    from terminassistent.cli import build_parser
    from terminassistent.policy import load_bundled

    shutil.copy(ROOT / "packaging" / f"{NAME}.desktop", folder)
    shutil.copy(ROOT / "resources" / "icons" / f"{NAME}.svg", folder)
    (folder / f"{NAME}.bash").write_text(bash_completion(build_parser(), [p.id for p in load_bundled()]),
                                         encoding="utf-8")
    if sys.platform != "win32":
        shutil.copy(ROOT / "packaging" / "install-bundle.sh", folder / "install.sh")
        (folder / "install.sh").chmod(0o755)


def pack(folder: Path) -> Path:
    base = folder.parent / f"{NAME}-{version()}-{system()}"
    if sys.platform == "win32":
        return Path(shutil.make_archive(str(base), "zip", folder.parent, folder.name))
    archive = base.with_name(base.name + ".tar.gz")
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(folder, arcname=folder.name)
    return archive


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Baut das Programm als einen Ordner (PyInstaller) und packt ihn.")
    parser.add_argument("--dist", default=str(ROOT / "dist"), help="Zielordner (Standard: dist/)")
    parser.add_argument("--work", default=str(ROOT / "build"), help="Arbeitsordner von PyInstaller (Standard: build/)")
    args = parser.parse_args(argv)
    dist, work = Path(args.dist).resolve(), Path(args.work).resolve()
    folder = run_pyinstaller(dist, work)
    add_desktop_files(folder)
    archive = pack(folder)
    mib = 1024 * 1024
    print(f"Programmordner: {folder} ({folder_size(folder) / mib:.0f} MiB)")
    print(f"Archiv für die Verteilung: {archive} ({archive.stat().st_size / mib:.0f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
