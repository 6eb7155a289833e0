"""The program's log file: in the user's data folder, owner-only, never personal data.

Messages name record ids and counts, never names, Kundennummern or addresses. Tracebacks of
internal errors are logged with local variable values stripped (format_exc prints none).
"""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

from terminassistent.paths import user_data_dir


def log_path() -> Path:
    return user_data_dir() / "terminassistent.log"


def setup_logging() -> None:
    logger = logging.getLogger("terminassistent")
    if logger.handlers:
        return
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.close(fd)
        handler: logging.Handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=2, encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
