"""The part of the contact history that a caseload-wide assessment needs."""

from __future__ import annotations

import datetime as dt

from terminassistent.domain.model import Contact, ContactKind
from terminassistent.domain.policy_model import Policy
from terminassistent.services.scheduling.calendar import day_start
from terminassistent.storage import Caseload


def qualifying_history(caseload: Caseload, policy: Policy, on: dt.date) -> list[Contact]:
    """Every Beratungsvermerk that can matter on ``on`` (an Allgemeiner Vermerk never counts):
    those inside the longest period the policy's rules look at, and each customer's latest one
    per channel before that. assess() gives the same answer on this as on the whole history."""
    return caseload.recent_contacts(day_start(policy.history_horizon(on)), [ContactKind.BERATUNG])
