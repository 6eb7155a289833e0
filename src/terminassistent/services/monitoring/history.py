"""The history an assessment needs: contacts and the customer's groups over time, as stored."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator

from terminassistent.domain.density import Assessment, assess
from terminassistent.domain.groups import GroupChange
from terminassistent.domain.model import Contact, ContactKind, Customer
from terminassistent.domain.policy_model import Policy
from terminassistent.services.scheduling.calendar import day_start
from terminassistent.storage import Caseload


def qualifying_history(caseload: Caseload, policy: Policy, on: dt.date) -> list[Contact]:
    """Every Beratungsvermerk that can matter on ``on`` (an Allgemeiner Vermerk never counts):
    those inside the longest period the policy's rules look at, and before it each customer's
    newest contacts in person that a rule may need, with all that followed them. assess() gives
    the same answer on this as on the whole history."""
    horizon = day_start(policy.history_horizon(on))
    return caseload.recent_contacts(horizon, [ContactKind.BERATUNG], in_person=policy.history_depth)


def qualifying_histories(caseload: Caseload, policy: Policy, on: dt.date, span: tuple[str, str] | None = None
                         ) -> Iterator[tuple[str, list[Contact]]]:
    """``qualifying_history`` customer by customer (Kundennummer order), read a batch at a time;
    ``span``: only the customers whose Kundennummer lies between these two."""
    horizon = day_start(policy.history_horizon(on))
    return caseload.recent_contacts_by_customer(horizon, [ContactKind.BERATUNG], in_person=policy.history_depth,
                                                span=span)


def group_histories(caseload: Caseload) -> dict[str, list[GroupChange]]:
    """The recorded groups of every customer over time, read in one query (customers whose groups
    never changed get none: their current groups hold on every day)."""
    found: dict[str, list[GroupChange]] = defaultdict(list)
    for change in caseload.group_changes(changed_only=True):
        found[change.customer_no].append(change)
    return found


def assess_customer(caseload: Caseload, policy: Policy, customer: Customer, on: dt.date,
                    extra: Iterable[Contact] = ()) -> Assessment:
    """One customer's assessment on ``on`` from their whole stored history (and ``extra`` contacts
    not stored yet, such as the conversation that is just ending)."""
    no = customer.customer_no
    return assess(policy, customer, [*caseload.contacts(no), *extra], on, caseload.group_changes(no))
