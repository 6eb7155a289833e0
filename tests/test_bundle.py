"""The one-folder program an IT department rolls out (packaging/terminassistent.spec): built as
`bash packaging/setup.sh bundle` builds it, unpacked from its archive into a folder outside the
checkout, and run there with a clean HOME and no Python of ours on the path.

Size limits (measured on Linux x86_64, PySide6 6.11: folder 171 MiB, archive 70 MiB): the folder
stays under 200 MiB and the archive under 80 MiB, so a careless hidden import (all of Qt, a test
tool) is noticed.
"""

import datetime as dt
import fcntl
import importlib.util
import json
import os
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="this smoke test runs the Linux bundle"),
    pytest.mark.skipif(importlib.util.find_spec("PyInstaller") is None,
                       reason="PyInstaller is missing: pip install -e '.[bundle]' (bash packaging/setup.sh test does)"),
]

ROOT = Path(__file__).resolve().parents[1]
MIB = 1024 * 1024
FOLDER_LIMIT, ARCHIVE_LIMIT = 200 * MIB, 80 * MIB


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    """The archive, built into a temporary folder, and the program unpacked from it elsewhere."""
    built = tmp_path_factory.mktemp("built")
    done = subprocess.run([sys.executable, str(ROOT / "packaging" / "build_bundle.py"), "--dist", str(built / "dist"),
                           "--work", str(built / "work")], capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    [archive] = (built / "dist").glob("terminassistent-*-linux-*.tar.gz")
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    with tarfile.open(archive) as tar:
        tar.extractall(elsewhere, filter="tar")
    return archive, elsewhere / "terminassistent"


@pytest.fixture
def run(bundle, tmp_path):
    """Run the unpacked program in an empty folder with a clean HOME and nothing of the checkout's."""
    program = bundle[1] / "terminassistent"
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen"}

    def run_(*args, expect=0, **extra):
        done = subprocess.run([str(program), *map(str, args)], cwd=tmp_path, env=env | extra, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == expect, done.stderr
        assert "Traceback" not in done.stdout + done.stderr
        return done

    run_.folder, run_.program, run_.env = tmp_path, program, env
    return run_


def test_the_bundle_stays_small(bundle):
    archive, folder = bundle
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    assert size < FOLDER_LIMIT, f"{size / MIB:.0f} MiB"
    assert archive.stat().st_size < ARCHIVE_LIMIT, f"{archive.stat().st_size / MIB:.0f} MiB"


def test_the_bundle_carries_its_data_qt_plugins_and_german_translations(bundle):
    folder = bundle[1]
    inside = folder / "_internal"
    for path in ("terminassistent/_data/policies/aa90-jba.toml", "terminassistent/_data/resources/fonts/DejaVuSans.ttf",
                 "terminassistent/_data/resources/legal", "terminassistent/_data/resources/manual/handbuch.md",
                 "PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/plugins/platforms/libqoffscreen.so",
                 "PySide6/Qt/plugins/platforms/libqwayland.so", "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
                 "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", "PySide6/Qt/translations/qtbase_de.qm"):
        assert (inside / path).exists(), path
    for path in ("terminassistent.desktop", "terminassistent.svg", "terminassistent.bash", "install.sh"):
        assert (folder / path).is_file(), path
    assert not list(inside.rglob("pytest*")) and not list(inside.rglob("*.db"))


def test_help_demo_export_and_invite_run_from_outside_the_checkout(run):
    assert "Befehle" in run("--help").stdout
    today = dt.date.today()  # the program's clock is the real one: a letter for an appointment that is over is refused
    run("demo", "--db", "demo.db", "--today", today.isoformat(), "--customers", "20")
    export = json.loads(run("export", "--db", "demo.db", "--json").stdout)
    tomorrow = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), dt.timezone.utc)
    booked = [a for a in export["appointments"]
              if a["status"] == "booked" and dt.datetime.fromisoformat(a["start"]) > tomorrow]
    assert len(export["customers"]) == 20 and booked
    done = run("invite", "--db", "demo.db", "--appointment", booked[0]["id"], "--pdf", "e.pdf", "--ics", "e.ics",
               "--letter-date", today.isoformat())
    assert "Einladung in »e.pdf« geschrieben" in done.stdout
    from pypdf import PdfReader

    pages = [page.extract_text() for page in PdfReader(run.folder / "e.pdf").pages]
    assert "Rechtsfolgenbelehrung" in "".join(pages) and "BEGIN:VCALENDAR" in (run.folder / "e.ics").read_text()


def test_the_window_starts_offscreen(run):
    run("demo", "--db", "demo.db", "--today", "2026-11-23", "--customers", "20")
    window = subprocess.Popen([str(run.program), "--db", "demo.db"], cwd=run.folder, env=run.env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not _claimed(run.folder / "demo.db"):  # the window holds its claim on the file once it is open
            assert window.poll() is None, window.communicate()[1]
            assert time.monotonic() < deadline, "the window did not open within two minutes"
            time.sleep(0.2)
        time.sleep(3)
        assert window.poll() is None, window.communicate()[1]  # built and shown, still running
    finally:
        window.terminate()
        _, err = window.communicate(timeout=30)
    assert "Traceback" not in err and "Could not" not in err


def _claimed(path: Path) -> bool:
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def test_without_a_display_the_bundle_says_so_in_german(run):
    env = {k: v for k, v in run.env.items() if k != "QT_QPA_PLATFORM"}
    done = subprocess.run([str(run.program)], cwd=run.folder, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "braucht eine grafische Sitzung" in done.stderr


def test_install_sh_puts_program_menu_entry_icon_and_completion_in_place(bundle, tmp_path):
    folder = bundle[1]
    done = subprocess.run(["sh", str(folder / "install.sh")], env={"PATH": "/usr/bin:/bin", "PREFIX": str(tmp_path)},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    installed = tmp_path / "opt" / "terminassistent" / "terminassistent"
    entry = (tmp_path / "usr/share/applications/terminassistent.desktop").read_text(encoding="utf-8")
    assert f"Exec={installed}\n" in entry
    assert (tmp_path / "usr/share/icons/hicolor/scalable/apps/terminassistent.svg").is_file()
    assert (tmp_path / "usr/share/bash-completion/completions/terminassistent").is_file()
    command = tmp_path / "usr/local/bin/terminassistent"
    assert command.resolve() == installed.resolve()
    probe = subprocess.run([str(command), "policies", "--json"], env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
                           capture_output=True, text=True, timeout=120)
    assert probe.returncode == 0 and "aa90-jba" in probe.stdout
    removed = subprocess.run(["sh", str(folder / "install.sh"), "--remove"],
                             env={"PATH": "/usr/bin:/bin", "PREFIX": str(tmp_path)}, capture_output=True, text=True)
    assert removed.returncode == 0 and not installed.exists() and not command.exists()
