"""The service context the tests hand to services: a caseload and, where a test fixes it, the clock."""

import datetime as dt

from terminassistent.services.context import Context, fixed_clock, system_clock
from terminassistent.storage import Caseload


def ctx(caseload: Caseload, moment: dt.datetime | None = None) -> Context:
    """A Context on ``caseload`` whose clock says ``moment`` (default: the real clock)."""
    return Context(caseload, fixed_clock(moment) if moment is not None else system_clock)
