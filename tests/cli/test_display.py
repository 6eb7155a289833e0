"""Started without a graphical session, the program says so in German and exits 1 before Qt can
abort with its own English message (issue 12)."""

import os
import subprocess
import sys

import pytest

from terminassistent.cli._display import display_problem


@pytest.fixture
def x_sockets(tmp_path):
    folder = tmp_path / "x11"
    folder.mkdir()
    (folder / "X0").touch()  # display :0 is running
    return folder


def problem(x_sockets, **environ):
    return display_problem(environ, "linux", x_sockets)


def test_no_display_at_all(x_sockets):
    assert problem(x_sockets) == "es ist keine Anzeige eingestellt (DISPLAY und WAYLAND_DISPLAY sind leer)"


def test_a_running_x_display_is_enough(x_sockets):
    assert problem(x_sockets, DISPLAY=":0") is None
    assert problem(x_sockets, DISPLAY=":0.0") is None
    assert problem(x_sockets, DISPLAY="localhost:10.0") is None  # ssh -X: only Qt's connection can tell


def test_an_x_display_that_does_not_run(x_sockets):
    assert problem(x_sockets, DISPLAY=":5") == "die X11-Anzeige »:5« (DISPLAY) läuft nicht"


def test_a_running_wayland_display_is_enough(x_sockets, tmp_path):
    (tmp_path / "wayland-0").touch()
    assert problem(x_sockets, WAYLAND_DISPLAY="wayland-0", XDG_RUNTIME_DIR=str(tmp_path)) is None
    assert problem(x_sockets, WAYLAND_DISPLAY="wayland-1", XDG_RUNTIME_DIR=str(tmp_path)) == (
        "die Wayland-Anzeige »wayland-1« (WAYLAND_DISPLAY) läuft nicht")


def test_either_session_will_do(x_sockets, tmp_path):
    assert problem(x_sockets, DISPLAY=":0", WAYLAND_DISPLAY="wayland-9", XDG_RUNTIME_DIR=str(tmp_path)) is None


@pytest.mark.parametrize("platform", ["offscreen", "minimal", "vnc:size=800x600", "offscreen;xcb"])
def test_a_platform_that_needs_no_display_starts_anywhere(x_sockets, platform):
    assert problem(x_sockets, QT_QPA_PLATFORM=platform) is None


def test_a_requested_platform_needs_its_own_display(x_sockets):
    assert problem(x_sockets, QT_QPA_PLATFORM="xcb") == "es ist keine X11-Anzeige eingestellt (DISPLAY ist leer)"
    assert problem(x_sockets, QT_QPA_PLATFORM="wayland", DISPLAY=":0") == (
        "es ist keine Wayland-Anzeige eingestellt (WAYLAND_DISPLAY ist leer)")


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_windows_and_macos_always_have_their_window_system(platform):
    assert display_problem({}, platform) is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="only Linux can lack a display")
@pytest.mark.parametrize("args", [[], ["--demo"]])
def test_the_program_without_a_display_says_so_in_german_and_exits_1(tmp_path, args):
    environ = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    environ["HOME"] = str(tmp_path)
    environ["XDG_DATA_HOME"] = str(tmp_path / "data")
    done = subprocess.run([sys.executable, "-m", "terminassistent", *args],
                          env=environ, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stdout == ""
    [line] = done.stderr.splitlines()
    assert line == ("terminassistent: Das Programmfenster braucht eine grafische Sitzung, aber es ist keine Anzeige "
                    "eingestellt (DISPLAY und WAYLAND_DISPLAY sind leer); die Befehle, die ohne Fenster arbeiten, "
                    "nennt »terminassistent --help«.")
    assert not (tmp_path / "data").exists()  # nothing was created
