"""The program's log file: in the user's data folder, owner-only, never personal data.

Messages name record ids and counts, never names, Kundennummern or addresses. An internal error
is logged with its exception type and stack frames only: its message may quote stored values.
"""

from __future__ import annotations

import logging
import os
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

from terminassistent.paths import user_data_dir


def log_path() -> Path:
    return user_data_dir() / "terminassistent.log"


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A rotating log whose every file (the fresh one after each rotation too) is owner-only."""

    def _open(self):  # noqa: ANN202 - the base class's signature
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        if hasattr(os, "fchmod"):  # not on Windows, where the user's profile folder is private anyway
            os.fchmod(fd, 0o600)  # also a file created before, by an older version
        return open(fd, self.mode, encoding=self.encoding, errors=self.errors)


def setup_logging() -> None:
    logger = logging.getLogger("terminassistent")
    if logger.handlers:
        return
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handler: logging.Handler = PrivateRotatingFileHandler(path, maxBytes=1_000_000, backupCount=2,
                                                              encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def log_internal_error(exc: BaseException, what: str) -> None:
    """Log a bug without personal data: exception type and stack frames, not the message."""
    setup_logging()
    frames = "".join(traceback.format_tb(exc.__traceback__))
    logging.getLogger("terminassistent").error("interner Fehler (%s): %s\n%s", what, type(exc).__qualname__, frames)
