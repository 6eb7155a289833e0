"""One object per open caseload session, handed to every window and service call.

It holds the caseload, the clock and what follows from the stored settings (the policy, the
scheduling rules). Tests and the command line's ``--at`` replace the clock here, never a module
attribute; a window left open past midnight asks the same clock and knows it is a new day.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from terminassistent import settings as registry
from terminassistent.domain.model import BERLIN
from terminassistent.domain.policy_model import Policy
from terminassistent.domain.proposals import SchedulingRules
from terminassistent.errors import UserError
from terminassistent.policy import load_file, load_policy
from terminassistent.services.settings import access
from terminassistent.storage import Caseload

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    """Now in Germany, to the second (the machine's own zone may be another, e.g. UTC)."""
    return dt.datetime.now(BERLIN).replace(microsecond=0)


def fixed_clock(moment: dt.datetime) -> Clock:
    """A clock that always says ``moment`` (the command line's ``--at``; tests)."""
    fixed = moment.astimezone(BERLIN)
    return lambda: fixed


def berlin_today() -> dt.date:
    return system_clock().date()


def policy_of(caseload: Caseload) -> Policy:
    """The caseworker's policy: the Jobcenter's own file if one is set, else the chosen bundled one."""
    own = registry.POLICY_FILE.read(caseload)
    return load_file(own) if own else load_policy(caseload.caseworker().policy_id)


class Cancelled(UserError):
    """The user cancelled a long task; what it read is dropped and nothing was written."""


def _ignore(_done: int, _total: int, _text: str) -> None:
    return None


@dataclass(frozen=True)
class Progress:
    """What a long service reports (``done`` of ``total``, a German line) and asks (cancelled?).
    The desktop shows it with an "Abbrechen" button; the command line passes the silent default."""

    report: Callable[[int, int, str], None] = _ignore
    cancelled: Callable[[], bool] = lambda: False

    def step(self, done: int, total: int, text: str) -> None:
        """Report a step; raise Cancelled if the user asked to stop (call it before writing)."""
        if self.cancelled():
            raise Cancelled("Abgebrochen; es wurde nichts geändert.")
        self.report(done, total, text)


@dataclass(frozen=True)
class Context:
    caseload: Caseload
    clock: Clock = system_clock
    progress: Progress = Progress()  # long services report here and stop when cancelled

    def now(self) -> dt.datetime:
        return self.clock().astimezone(BERLIN).replace(microsecond=0)

    def today(self) -> dt.date:
        return self.now().date()

    def policy(self) -> Policy:
        return policy_of(self.caseload)

    def rules(self) -> SchedulingRules:
        return access.scheduling_rules(self.caseload)

    def setting(self, key: str) -> Any:
        return access.get(self.caseload, key)

    def with_progress(self, progress: Progress) -> "Context":
        return replace(self, progress=progress)

    def at(self, moment: dt.datetime | None) -> "Context":
        """This context with its clock fixed at ``moment`` (unchanged when None)."""
        return self if moment is None else replace(self, clock=fixed_clock(moment))


@contextlib.contextmanager
def open_context(path: str | Path, clock: Clock = system_clock) -> Iterator[Context]:
    """Open an existing caseload for one command or session (taking the day's first backup);
    closed on the way out."""
    from terminassistent.services.backup.copies import quiet_daily_backup

    with Caseload.open(path) as caseload:
        ctx = Context(caseload, clock)
        quiet_daily_backup(ctx)
        yield ctx
