"""Commands on the caseload file: demo, export, import, check."""

from __future__ import annotations


def register(commands) -> None:  # filled in below as the services land
    pass
