"""The Nachhaltung as one report: what ``terminassistent monitor`` prints and the window's
Nachhaltung view shows, computed once by the same code."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from terminassistent.domain.density import Compliance
from terminassistent.services.context import Context
from terminassistent.services.monitoring import survey as monitoring
from terminassistent.services.monitoring.findings import AwaitingFinding, misses_awaiting_finding

DEFAULT_WITHIN = 14  # days: "due soon"
DEFAULT_WEEKS = 13  # weeks of quota history
DEFAULT_UNSEEN_DAYS = 182  # about six months


@dataclass(frozen=True)
class MonitoringReport:
    on: dt.date
    policy_id: str
    policy_title: str
    within: int
    since: dt.date
    due: list[monitoring.CustomerStatus]  # overdue or due within ``within`` days, most urgent first
    not_seen: dict[str, list[monitoring.CustomerStatus]]  # by group: no counting contact since ``since``
    groups: list[monitoring.GroupCompliance]
    quota: list[dict[str, Any]]
    reviews: list[tuple[monitoring.CustomerStatus, str]]  # Kooperationsplan to review, with the warning
    awaiting: list[AwaitingFinding]  # missed in-person appointments without the Jobcenter's finding
    by_customer: dict[str, monitoring.CustomerStatus]  # every customer's status, by Kundennummer

    @property
    def overdue(self) -> list[monitoring.CustomerStatus]:
        """The customers whose latest day has passed, most urgent first."""
        return [s for s in self.due if s.assessment.state is Compliance.OVERDUE]

    @property
    def never_counselled(self) -> list[monitoring.CustomerStatus]:
        """The customers without any contact that counts (new ones: the Erstgespräch is ahead), in the
        store's order (last name, first name, Kundennummer)."""
        return [s for s in self.by_customer.values() if s.last_contact is None]


def monitoring_report(ctx: Context, today: dt.date | None = None, *, within: int = DEFAULT_WITHIN,
                      weeks: int = DEFAULT_WEEKS, since: dt.date | None = None) -> MonitoringReport:
    today = today or ctx.today()
    since = since or today - dt.timedelta(days=DEFAULT_UNSEEN_DAYS)
    policy = ctx.policy()
    statuses = monitoring.survey(ctx, today)
    return MonitoringReport(
        on=today, policy_id=policy.id, policy_title=policy.title, within=within, since=since,
        due=monitoring.due_within(statuses, today, within), not_seen=monitoring.not_seen_since(statuses, since),
        groups=monitoring.compliance_by_group(statuses), quota=monitoring.quota_history(ctx, today, weeks),
        reviews=monitoring.cooperation_reviews(ctx, statuses, today), awaiting=misses_awaiting_finding(ctx, today),
        by_customer={s.customer.customer_no: s for s in statuses},
    )
