"""The desktop's own figures, measured on each benchmark caseload: the start until the table shows
every customer with its due state (floor: a bare QTableView of the same rows), peak memory,
sorting and searching.

``desktop_start`` is the hook the benchmark command calls with the path of each caseload; it
returns ``operations.Figure`` values (``customers`` may be left None, the command fills it in).
It measures nothing yet: the desktop is being rewritten, and its measurement comes with it.
"""

from __future__ import annotations

from pathlib import Path

from .operations import Figure


def desktop_start(db: Path) -> list[Figure]:
    return []
