"""Narrowing the Nachhaltung to some customers: by status, Profillage, U25/Ü25 and flag, as
VerBIS' Bewerber/Profile-Suchlauf does.

Pure Python over the report (services/monitoring/report.py): a filter picks customers by what the
caseload says about them on the report's day; every list of the report keeps its order, and the
compliance per group is counted again over the customers that remain.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from terminassistent.domain.model import Customer, Flag, Profile, Status
from terminassistent.services.monitoring.overview import U25, UE25, YOUTH_AGE_LIMIT
from terminassistent.services.monitoring.report import MonitoringReport
from terminassistent.services.monitoring.survey import compliance_by_group

NO_PROFILE = "ohne"  # the Profillage choice "keine Profillage gesetzt"
NO_FLAG = "ohne"  # the flag choice "kein Merkmal"


def age_group(customer: Customer, on: dt.date) -> str:
    """U25 (younger than 25 on ``on``) or Ü25, as DOMAIN.md defines it."""
    return U25 if customer.age_on(on) < YOUTH_AGE_LIMIT else UE25


@dataclass(frozen=True)
class CustomerFilter:
    """Which customers to keep; None in a field keeps everyone."""

    status: Status | None = None
    profile: Profile | str | None = None  # a Profillage, or NO_PROFILE for customers without one
    age: str | None = None  # U25 or Ü25
    flag: Flag | str | None = None  # a flag the customer carries, or NO_FLAG for customers without any

    @property
    def active(self) -> bool:
        return any(value is not None for value in dataclasses.astuple(self))

    def matches(self, customer: Customer, on: dt.date) -> bool:
        if self.status is not None and customer.status is not self.status:
            return False
        if self.profile == NO_PROFILE:
            if customer.profile is not None:
                return False
        elif self.profile is not None and customer.profile is not self.profile:
            return False
        if self.age is not None and age_group(customer, on) != self.age:
            return False
        if self.flag == NO_FLAG:
            return not customer.flags
        return self.flag is None or self.flag in customer.flags

    def describe(self) -> str:
        """The filter in German words, for a printed or saved list ("" when it keeps everyone)."""
        words = []
        if self.status is not None:
            words.append(f"Status {self.status.label}")
        if self.profile == NO_PROFILE:
            words.append("ohne Profillage")
        elif self.profile is not None:
            words.append(f"Profillage {self.profile.label}")
        if self.age is not None:
            words.append(self.age)
        if self.flag == NO_FLAG:
            words.append("ohne Merkmal")
        elif self.flag is not None:
            words.append(f"Merkmal {self.flag.label}")
        return ", ".join(words)


def narrow(report: MonitoringReport, keep: CustomerFilter) -> MonitoringReport:
    """The report with only the customers ``keep`` matches (the quota, a figure of the caseworker's
    week, stays as it is)."""
    if not keep.active:
        return report
    on = report.on

    def kept(customer: Customer) -> bool:
        return keep.matches(customer, on)

    statuses = [s for s in report.by_customer.values() if kept(s.customer)]
    not_seen = {group: found for group, items in report.not_seen.items()
                if (found := [s for s in items if kept(s.customer)])}
    return dataclasses.replace(
        report, due=[s for s in report.due if kept(s.customer)], not_seen=not_seen,
        groups=compliance_by_group(statuses), reviews=[(s, w) for s, w in report.reviews if kept(s.customer)],
        awaiting=[m for m in report.awaiting if kept(m.customer)],
        by_customer={s.customer.customer_no: s for s in statuses})
