"""Nachhaltung: who has not been seen since when, who is due, compliance per group, quota per week.

One pass over the caseload assesses every customer once (domain.density.assess); every report
below is a view of that pass.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any, TypeVar

from terminassistent.domain.density import Assessment, Compliance, assess
from terminassistent.domain.model import BERLIN, AppointmentStatus, Customer, CustomerSummary
from terminassistent.domain.policy_model import Policy
from terminassistent.services.monitoring.history import assess_customer, group_histories, qualifying_histories
from terminassistent.services.scheduling.warnings import cooperation_review, notices
from terminassistent.services.planning.week_quota import week_quota
from terminassistent.services.context import Context


T = TypeVar("T")
FEW = 500  # customers assessed one by one; more (and 5 % of the caseload) in one pass over their run


@dataclass(frozen=True)
class CustomerStatus:
    customer: Customer | CustomerSummary  # the summary where ``surveyed`` was asked for ``summaries``
    assessment: Assessment
    last_contact: dt.date | None  # last qualifying contact
    next_appointment: dt.datetime | None

    def as_dict(self) -> dict[str, Any]:
        a = self.assessment
        return {
            "customer": self.customer.customer_no,
            "name": self.customer.display_name,
            "group": a.group,
            "rule": a.rule_id,
            "state": a.state.value,
            "state_label": a.state.label,
            "last_contact": self.last_contact.isoformat() if self.last_contact else None,
            "earliest": a.earliest.isoformat() if a.earliest else None,
            "latest": a.latest.isoformat() if a.latest else None,
            "next_appointment": self.next_appointment.isoformat() if self.next_appointment else None,
            "count": None if a.count_target is None else {"reached": a.count_reached, "target": a.count_target},
            "warnings": list(a.warnings),
        }


def survey(ctx: Context, today: dt.date | None = None, customer_nos: Collection[str] | None = None
           ) -> list[CustomerStatus]:
    """Every customer (or those of ``customer_nos``) with their assessment on ``today`` (default: the
    context's), their last contact and next appointment."""
    return surveyed(ctx, lambda status: status, today, customer_nos)


def surveyed(ctx: Context, shape: Callable[[CustomerStatus], T], today: dt.date | None = None,
             customer_nos: Collection[str] | None = None, *, summaries: bool = False) -> list[T]:
    """``shape(status)`` for every customer (or those of ``customer_nos``) in the store's order.
    Many customers are assessed in one pass, their histories read customer by customer: memory
    holds what ``shape`` keeps, not every customer's contacts and assessment at once.
    ``summaries``: ``shape`` needs only the identifying fields of ``status.customer``
    (``CustomerSummary``), so a pass reads only those."""
    caseload, policy, today = ctx.caseload, ctx.policy(), today or ctx.today()
    start = dt.datetime.combine(today, dt.time(0), tzinfo=BERLIN)
    if customer_nos is not None and (len(customer_nos) <= FEW or len(customer_nos) * 20 < caseload.customer_count()):
        # A few customers (after a change), or a few in a large caseload: each one's own history.
        # One who left (Abgang) is no longer among them.
        return [shape(_status(caseload, policy, c, today, start)) for no in customer_nos
                if (c := caseload.find_customer(no)) is not None and c.left_on is None]
    wanted = None if customer_nos is None else set(customer_nos)
    span = (min(wanted), max(wanted)) if wanted else None  # a run of Kundennummern: only they are read
    groups = group_histories(caseload)
    upcoming = next_appointments(caseload, today)
    histories = qualifying_histories(caseload, policy, today, span)  # both in Kundennummer order: merged
    number, history = next(histories, (None, []))
    shaped: dict[str, T] = {}
    for customer in caseload.customers_by_number(span, summaries=summaries):
        no = customer.customer_no
        while number is not None and number < no:  # str order is SQLite's (UTF-8 bytes) order
            number, history = next(histories, (None, []))
        if wanted is not None and no not in wanted:
            continue
        a = assess(policy, customer, history if number == no else [], today, groups[no])
        last = a.qualifying[-1].date if a.qualifying else None
        shaped[no] = shape(CustomerStatus(customer, a, last, upcoming.get(no)))
    return [shaped[no] for no in caseload.customer_numbers(span) if no in shaped]


def next_appointments(caseload, today: dt.date) -> dict[str, dt.datetime]:
    """Each customer's earliest booked appointment starting on ``today`` or later."""
    return caseload.next_booked(dt.datetime.combine(today, dt.time(0), tzinfo=BERLIN))


def _status(caseload, policy: Policy, customer: Customer, today: dt.date, start: dt.datetime) -> CustomerStatus:
    a = assess_customer(caseload, policy, customer, today)
    booked = caseload.appointments(customer_no=customer.customer_no, start=start, statuses=[AppointmentStatus.BOOKED])
    upcoming = next((b.start for b in booked if b.start >= start), None)
    return CustomerStatus(customer, a, a.qualifying[-1].date if a.qualifying else None, upcoming)


def not_seen_since(statuses: list[CustomerStatus], since: dt.date) -> dict[str, list[CustomerStatus]]:
    """Customers without a qualifying contact since ``since``, by group (as VerBIS's search does)."""
    found = defaultdict(list)
    for s in statuses:
        if s.last_contact is None or s.last_contact < since:
            found[s.assessment.group].append(s)
    return {group: sorted(items, key=lambda s: (s.last_contact or dt.date.min, s.customer.customer_no))
            for group, items in sorted(found.items())}


def due_within(statuses: list[CustomerStatus], today: dt.date, days: int) -> list[CustomerStatus]:
    """Overdue customers and those whose latest date falls within ``days`` days, most urgent first."""
    horizon = today + dt.timedelta(days=days)
    found = [s for s in statuses if s.assessment.latest is not None and s.assessment.latest <= horizon]
    return sorted(found, key=lambda s: (s.assessment.latest, s.customer.customer_no))


@dataclass(frozen=True)
class GroupCompliance:
    group: str
    customers: int
    by_state: dict[str, int]

    @property
    def compliant_share(self) -> float | None:
        """Share of the group within its density; never-seen (due now) and overdue customers are not."""
        counted = {state: n for state, n in self.by_state.items() if Compliance(state).compliant is not None}
        total = sum(counted.values())
        if total == 0:
            return None
        return sum(n for state, n in counted.items() if Compliance(state).compliant) / total

    def as_dict(self) -> dict[str, Any]:
        share = self.compliant_share
        return {"group": self.group, "customers": self.customers, "by_state": self.by_state,
                "compliant_share": None if share is None else round(share, 3)}


def compliance_by_group(statuses: list[CustomerStatus]) -> list[GroupCompliance]:
    groups: dict[str, dict[str, int]] = defaultdict(lambda: {s.value: 0 for s in Compliance})
    for s in statuses:
        groups[s.assessment.group][s.assessment.state.value] += 1
    return [GroupCompliance(g, sum(states.values()), dict(states)) for g, states in sorted(groups.items())]


def cooperation_reviews(ctx: Context, statuses: list[CustomerStatus], today: dt.date | None = None
                        ) -> list[tuple[CustomerStatus, str]]:
    """Customers whose Kooperationsplan review is due soon or overdue, with the warning, by plan date."""
    n, today = notices(ctx.caseload), today or ctx.today()
    found = [(s, w) for s in statuses if (w := cooperation_review(s.customer, today, n))]
    return sorted(found, key=lambda pair: (pair[0].customer.cooperation_plan, pair[0].customer.customer_no))


def quota_history(ctx: Context, today: dt.date | None = None, weeks: int = 13) -> list[dict[str, Any]]:
    """The quota of each of the last ``weeks`` complete weeks: target, achieved, reached, and the
    unit both count in (the policy's: appointments, conversations or minutes; None without a quota)."""
    policy, today = ctx.policy(), today or ctx.today()
    monday = today - dt.timedelta(days=today.weekday())
    history = []
    for back in range(weeks, 0, -1):
        q = week_quota(ctx, monday - dt.timedelta(weeks=back), policy)
        reached = None if q.target is None else q.achieved >= q.target
        history.append({"week": q.week, "target": q.target, "achieved": q.achieved, "reached": reached,
                        "unit": q.unit.value if q.unit else None})
    return history
