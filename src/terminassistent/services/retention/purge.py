"""Erasing what is past its retention period (§ 84 SGB X, Art. 17 DSGVO): ``terminassistent purge``.

The period is the setting ``retention.months`` (default 24; the reason is in the README). Past it:
- a customer whose Abgang lies before the cut-off day, with everything of theirs;
- contacts and appointments before the cut-off day, except each remaining customer's last
  Beratungsvermerk per channel (their next due date is computed from it);
- the journal's entries before the cut-off day.
Erasing takes a backup first (as every bulk action does), then deletes in one transaction with
``secure_delete`` and rebuilds the file (VACUUM): the journal keeps only that an erasure happened.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta

from terminassistent import settings as S
from terminassistent.domain.model import BERLIN, Customer
from terminassistent.errors import UserError
from terminassistent.services.backup.copies import Backup, before_bulk
from terminassistent.services.changes import Changes
from terminassistent.services.context import Context

EARLIEST = dt.datetime(1900, 1, 1, tzinfo=dt.timezone.utc)


def summary(cutoff: dt.date, months: int, customers: int, contacts: int, appointments: int) -> str:
    """What is past the period, in one German sentence."""
    if not (customers or contacts or appointments):
        return f"Nichts hat die Aufbewahrungsfrist von {months} Monaten überschritten (Stichtag {cutoff:%d.%m.%Y})."
    return (f"Über die Aufbewahrungsfrist von {months} Monaten hinaus (vor dem {cutoff:%d.%m.%Y}): "
            f"{customers} Kunden nach ihrem Abgang, {contacts} Vermerke und {appointments} Termine.")


@dataclass(frozen=True)
class PurgePlan:
    cutoff: dt.date  # records from before this day are past the period
    months: int
    customers: tuple[Customer, ...]
    contacts: tuple[int, ...]  # of the customers who stay
    appointments: tuple[int, ...]

    def __bool__(self) -> bool:
        return bool(self.customers or self.contacts or self.appointments)

    def counts(self) -> dict[str, int]:
        return {"customers": len(self.customers), "contacts": len(self.contacts),
                "appointments": len(self.appointments)}

    def summary(self) -> str:
        return summary(self.cutoff, self.months, len(self.customers), len(self.contacts), len(self.appointments))

    def as_dict(self) -> dict[str, Any]:
        return self.counts() | {"cutoff": self.cutoff, "months": self.months,
                                "customer_numbers": [c.customer_no for c in self.customers]}


@dataclass(frozen=True)
class PurgeResult:
    plan: PurgePlan
    backup: Backup | None  # the copy taken before (None: there was nothing to erase)
    changes: Changes

    def summary(self) -> str:
        if not self.plan:
            return self.plan.summary()
        return (f"Gelöscht: {len(self.plan.customers)} Kunden, {len(self.plan.contacts)} Vermerke und "
                f"{len(self.plan.appointments)} Termine (Aufbewahrungsfrist {self.plan.months} Monate). "
                f"Die Sicherung davor »{self.backup.path}« enthält sie noch, bis sie aus dem Sicherungsordner rotiert.")


def _period(ctx: Context) -> tuple[int, dt.date, dt.datetime]:
    """The retention period in months, its cut-off day and the moment that day begins."""
    months = S.RETENTION_MONTHS.read(ctx.caseload)
    cutoff = ctx.today() - relativedelta(months=months)
    return months, cutoff, dt.datetime.combine(cutoff, dt.time(), BERLIN)


def purge_plan(ctx: Context) -> PurgePlan:
    """What is past the retention period today; nothing is changed."""
    months, cutoff, cut = _period(ctx)
    leaving, contacts, appointments = ctx.caseload.expired(cutoff, cut, EARLIEST)
    return PurgePlan(cutoff, months, tuple(leaving), tuple(contacts), tuple(appointments))


def purge(ctx: Context) -> PurgeResult:
    """Erase what ``purge_plan`` lists, after a backup; a journal entry records that it happened."""
    caseload = ctx.caseload
    plan = purge_plan(ctx)
    if not plan:
        return PurgeResult(plan, None, Changes())
    backup = before_bulk(caseload, "vor-loeschung", ctx.now())
    name = (f"Abgelaufene Daten gelöscht: {len(plan.customers)} Kunden, {len(plan.contacts)} Vermerke, "
            f"{len(plan.appointments)} Termine (Aufbewahrungsfrist {plan.months} Monate)")
    caseload.erase([c.customer_no for c in plan.customers], plan.contacts, plan.appointments,
                   journal_before=dt.datetime.combine(plan.cutoff, dt.time(), BERLIN), name=name, at=ctx.now())
    try:
        caseload.compact()
    except UserError:
        pass  # erased all the same (secure_delete); the next purge or backup compacts the file
    return PurgeResult(plan, backup, Changes(
        customers=frozenset(c.customer_no for c in plan.customers), contacts=frozenset(plan.contacts),
        appointments=frozenset(plan.appointments)))


def erasure_reminder(ctx: Context, *, desktop: bool = False) -> str | None:
    """One German sentence when records are due for erasure, else None; it names the menu entry
    for the desktop, the command otherwise."""
    months, cutoff, cut = _period(ctx)
    counts = ctx.caseload.expired_counts(cutoff, cut, EARLIEST)  # at every start: counted, not read
    if not any(counts):
        return None
    how = "Datei → Abgelaufene Daten löschen…" if desktop else f"»terminassistent purge --db {ctx.caseload.path} --apply«"
    return f"{summary(cutoff, months, *counts)} Bitte löschen Sie sie ({how})."
