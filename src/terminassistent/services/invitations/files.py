"""Writing several files all or nothing, owner-only (they hold social data).

Each file is written to a temporary file in its target folder, and only when all of them are
written are they moved into place with ``os.replace`` (a file already there is moved aside first
and put back if anything fails). So either every requested file is new or none is: a refused or
failed request writes nothing (not even an empty file), and no half-written file ever appears
under the target name.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from terminassistent.errors import UserError, os_reason


def write_files(files: dict[Path, bytes], *, then: Callable[[], None] | None = None) -> None:
    """Write every file or none.

    First every file is written to a temporary file next to its target; only then are they moved
    into place one after the other with ``os.replace``, a file already at a target being moved aside
    first. ``then`` (e.g. storing the installation id) runs when all files are in place. If anything
    fails, every target gets back what it held before (its old file, or no file) and the temporary
    files are removed; only when all succeeded are the old files deleted.
    """
    staged: list[tuple[str, Path]] = []  # (temporary file, target)
    placed: list[tuple[Path, str | None]] = []  # (target now holding the new file, its old file moved aside)
    try:
        for path, data in files.items():
            fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            staged.append((temp, path))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        for temp, path in staged:
            aside = None
            if os.path.lexists(path):
                fd, aside = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".alt")
                os.close(fd)
                try:
                    os.replace(path, aside)
                except BaseException:
                    _remove(aside)
                    raise
            try:
                os.replace(temp, path)
            except BaseException:
                if aside is not None:
                    _roll_back([(path, aside)])
                raise
            placed.append((path, aside))
        if then is not None:
            then()
    except BaseException as exc:
        _roll_back(placed)
        for temp, _ in staged:
            _remove(temp)
        if isinstance(exc, OSError):
            raise UserError(f"Die Datei konnte nicht geschrieben werden ({os_reason(exc)}); es wurde nichts "
                            "geschrieben.") from None
        raise
    for _, aside in placed:
        if aside is not None:
            _remove(aside)


def _roll_back(placed: list[tuple[Path, str | None]]) -> None:
    """Give every target back what it held before, the last one placed first."""
    for path, aside in reversed(placed):
        try:
            if aside is None:
                os.unlink(path)
            elif os.path.lexists(aside):
                os.replace(aside, path)
        except OSError:  # nothing more can be done; the other targets are still restored
            pass


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
