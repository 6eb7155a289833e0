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
    assert "terminassistent/gui/forms/ui_main_window.py" in names


def test_the_wheel_carries_no_tests_screenshots_or_databases(wheel):
    assert not [n for n in wheel.namelist()
                if n.startswith("tests/") or "screenshots" in n or n.endswith((".db", ".bak"))]
