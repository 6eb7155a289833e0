"""A customer's groups over time: status, Profillage and flags, with the moment of each change.

A policy may judge a contact by the groups the customer belonged to when it took place (Uelzen:
a phone conversation counts for a customer in Marktprofil). The caseload records every change
(storage table ``customer_groups``, written by every edit and import); ``assess`` gets that
history as data and asks a ``GroupTimeline`` for the groups at a contact's moment.

Pure Python (stdlib only).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from terminassistent.domain.model import Customer, CustomerSummary, Flag, Profile, Status

_BEFORE_ALL = dt.datetime.min.replace(tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class GroupChange:
    """The customer's groups from ``since`` on, as recorded."""

    customer_no: str
    since: dt.datetime | None  # timezone-aware; None: as first recorded, and taken for every earlier day
    status: Status
    profile: Profile | None
    flags: frozenset[Flag]

    @property
    def groups(self) -> tuple[Status, Profile | None, frozenset[Flag]]:
        return self.status, self.profile, self.flags


class GroupTimeline:
    """The groups of one customer at any moment.

    At a moment: the newest recorded change at or before it. Before the first recorded change the
    first one holds (nothing earlier is known; a customer's first record is the state the import or
    the first entry gave). Without any history the customer's current groups hold for every day.
    """

    def __init__(self, customer: Customer | CustomerSummary, history: Iterable[GroupChange]):
        changes = sorted(history, key=_since)  # stable: at the same moment, in recorded order
        self._current = (customer.status, customer.profile, customer.flags)
        self._moments = [_since(c) for c in changes]
        self._groups = [c.groups for c in changes]

    def at(self, moment: dt.datetime) -> tuple[Status, Profile | None, frozenset[Flag]]:
        if not self._groups:
            return self._current
        index = bisect.bisect_right(self._moments, moment) - 1
        return self._groups[max(index, 0)]


def _since(change: GroupChange) -> dt.datetime:
    return change.since or _BEFORE_ALL
