"""The wheel carries everything the program reads at run time: an installed program, run from
another folder, must find its policies, legal texts, fonts, letter template and forms."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
                          capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        pytest.fail(f"building the wheel failed: {done.stderr[-2000:]}")
    [built] = out.glob("terminassistent-*.whl")
    return zipfile.ZipFile(built)


NOT_SHIPPED = {"resources/screenshots"}  # README images


def test_the_wheel_carries_the_run_time_data(wheel):
    names = set(wheel.namelist())
    resources = {p.relative_to(ROOT).as_posix() for p in (ROOT / "resources").iterdir() if p.is_dir()}
    for folder in ["policies", *sorted(resources - NOT_SHIPPED)]:
        source = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / folder).iterdir() if p.is_file())
        assert source, folder
        for path in source:
            assert f"terminassistent/_data/{path}" in names, path
    assert "terminassistent/gui/forms/ui_customer_list.py" in names


def test_the_wheel_carries_no_tests_screenshots_or_databases(wheel):
    assert not [n for n in wheel.namelist()
                if n.startswith("tests/") or "screenshots" in n or n.endswith((".db", ".bak"))]


def test_the_installed_program_runs_from_another_folder(wheel, tmp_path):
    """Install the wheel's files (not the checkout) and run commands that read its data files."""
    import os

    target = tmp_path / "site"
    wheel.extractall(target)
    env = dict(os.environ, PYTHONPATH=str(target), QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "data"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    def run(*args):
        done = subprocess.run([sys.executable, "-m", "terminassistent", *args], cwd=elsewhere, env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return done.stdout

    probe = run("policies", "--json")
    assert "aa90-jba" in probe
    located = subprocess.run([sys.executable, "-c", "import terminassistent, sys; print(terminassistent.__file__)"],
                             cwd=elsewhere, env=env, capture_output=True, text=True).stdout
    assert located.startswith(str(target)), f"the test must run the installed copy, not the checkout: {located}"
    import datetime as dt
    import json

    # today's demo: invite refuses a letter for an appointment that is over, so take the last one booked
    run("demo", "--db", "demo.db", "--today", dt.date.today().isoformat(), "--customers", "20")
    booked = [a for a in json.loads(run("export", "--db", "demo.db", "--json"))["appointments"] if a["status"] == "booked"]
    run("invite", "--db", "demo.db", "--appointment", str(booked[-1]["id"]), "--pdf", "e.pdf", "--ics", "e.ics")
    assert (elsewhere / "e.pdf").read_bytes().startswith(b"%PDF-")
