"""Where the program finds its bundled data and keeps the user's caseload.

Bundled data (policies/, resources/) lives at the top of the source tree and is copied into the
wheel as ``terminassistent/_data/``; an installed program uses the copy, a checkout the originals.
A PyInstaller bundle (packaging/terminassistent.spec) carries the same ``terminassistent/_data/``
inside its folder (``sys._MEIPASS``) and never looks at a checkout.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "terminassistent" / "_data" / name
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parents[1] / name  # src/terminassistent -> project root


def policies_dir() -> Path:
    return _bundled("policies")


def resources_dir() -> Path:
    return _bundled("resources")


def user_data_dir() -> Path:
    """The per-user data folder (XDG on Linux, APPDATA on Windows)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "terminassistent"


def default_database() -> Path:
    return user_data_dir() / "caseload.db"
