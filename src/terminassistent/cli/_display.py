"""Whether the program window can open at all, asked before Qt is loaded.

Without a graphical session Qt ends the process with an English message (qFatal) before any code
of ours could answer; the command line asks first and says it in German. Only Linux (and other
X11/Wayland systems) can lack a display; Windows and macOS always have their own platform plugin.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Mapping

# Platform plugins that draw without a display server (QT_QPA_PLATFORM=offscreen runs the tests).
DISPLAY_FREE = {"offscreen", "minimal", "minimalegl", "vnc", "linuxfb", "eglfs", "vkkhrdisplay"}
_LOCAL_X = re.compile(r"^(?:unix)?:(\d+)(?:\.\d+)?$")


def display_problem(environ: Mapping[str, str] = os.environ, platform: str = sys.platform,
                    x_socket_dir: Path = Path("/tmp/.X11-unix")) -> str | None:
    """Why no platform plugin could start here (a German clause), or None when one can."""
    if platform.startswith(("win", "darwin", "cygwin")):
        return None
    requested = [name.split(":")[0].strip().lower() for name in environ.get("QT_QPA_PLATFORM", "").split(";")]
    requested = [name for name in requested if name]
    if not requested:  # Qt's own choice: Wayland or X11, whichever session is there
        requested = [name for name, variable in (("wayland", "WAYLAND_DISPLAY"), ("xcb", "DISPLAY"))
                     if environ.get(variable, "").strip()]
        if not requested:
            return "es ist keine Anzeige eingestellt (DISPLAY und WAYLAND_DISPLAY sind leer)"
    reasons = []
    for name in requested:
        if name in DISPLAY_FREE:
            return None
        if name.startswith("wayland"):
            reason = _wayland_problem(environ)
        elif name == "xcb":
            reason = _x11_problem(environ, x_socket_dir)
        else:
            return None  # a plugin this check does not know: let Qt try it
        if reason is None:
            return None
        reasons.append(reason)
    return "; ".join(reasons)


def _x11_problem(environ: Mapping[str, str], x_socket_dir: Path) -> str | None:
    display = environ.get("DISPLAY", "").strip()
    if not display:
        return "es ist keine X11-Anzeige eingestellt (DISPLAY ist leer)"
    local = _LOCAL_X.match(display)
    if local is None:
        return None  # a remote display (ssh -X: localhost:10.0): only a connection would tell
    socket = f"X{local[1]}"
    if (x_socket_dir / socket).exists() or f"@{x_socket_dir}/{socket}" in _abstract_sockets():
        return None
    return f"die X11-Anzeige »{display}« (DISPLAY) läuft nicht"


def _abstract_sockets() -> str:
    """Linux's list of listening Unix sockets: an X server in a container may have no file in /tmp."""
    try:
        return Path("/proc/net/unix").read_text(encoding="ascii", errors="replace")
    except OSError:
        return ""


def _wayland_problem(environ: Mapping[str, str]) -> str | None:
    name = environ.get("WAYLAND_DISPLAY", "").strip()
    if not name:
        return "es ist keine Wayland-Anzeige eingestellt (WAYLAND_DISPLAY ist leer)"
    path = Path(name) if os.path.isabs(name) else Path(environ.get("XDG_RUNTIME_DIR") or "/nonexistent") / name
    if path.exists():
        return None
    return f"die Wayland-Anzeige »{name}« (WAYLAND_DISPLAY) läuft nicht"


def no_window_message(reason: str) -> str:
    return (f"Das Programmfenster braucht eine grafische Sitzung, aber {reason}; die Befehle, die ohne Fenster "
            "arbeiten, nennt »terminassistent --help«.")
