"""The weekly quota, pro rata for part-time, as each document states it."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from terminassistent.domain.policy_model import QuotaUnit, Rounding
from terminassistent.domain.quota import raw_target, round_quota, weekly_target
from terminassistent.policy import load_policy


@pytest.mark.parametrize(
    ("ident", "hours", "full_time", "unit", "full_target", "target"),
    [
        # Uelzen: 60 % of the working time in appointments of at most 60 minutes; 39 h -> 24 (23,4 rounded up)
        ("uelzen-2019", 39, None, QuotaUnit.APPOINTMENTS, 24, 24),
        ("uelzen-2019", 19.5, None, QuotaUnit.APPOINTMENTS, 24, 12),  # 11,7 -> 12
        ("uelzen-2019", 25, None, QuotaUnit.APPOINTMENTS, 24, 15),  # exactly 15
        ("uelzen-2019", 30, None, QuotaUnit.APPOINTMENTS, 24, 18),
        ("uelzen-2019", 32, None, QuotaUnit.APPOINTMENTS, 24, 20),  # 19,2 -> 20
        # AA Nr. 90: at least 20 in-person conversations per full-time week (39 h), pro rata, rounded up
        ("aa90-jba", 39, None, QuotaUnit.CONVERSATIONS, 20, 20),
        ("aa90-jba", 19.5, None, QuotaUnit.CONVERSATIONS, 20, 10),
        ("aa90-jba", 30, None, QuotaUnit.CONVERSATIONS, 20, 16),  # 15,38 -> 16
        ("aa90-jba", 25, None, QuotaUnit.CONVERSATIONS, 20, 13),  # 12,82 -> 13
        ("aa90-jba", 30, 40, QuotaUnit.CONVERSATIONS, 20, 15),  # another full time: 20 x 30/40
        # Mönchengladbach: 60 % of the individual working time, in minutes
        ("moenchengladbach-2012", 39, None, QuotaUnit.MINUTES, 1404, 1404),
        ("moenchengladbach-2012", 25, None, QuotaUnit.MINUTES, 1404, 900),
        ("moenchengladbach-2012", 19.5, None, QuotaUnit.MINUTES, 1404, 702),
        ("moenchengladbach-2012", 7.7, None, QuotaUnit.MINUTES, 1404, 278),  # 277,2 -> 278
        ("moenchengladbach-2012", 25, 40, QuotaUnit.MINUTES, 1440, 900),
    ],
)
def test_weekly_target(ident, hours, full_time, unit, full_target, target):
    result = weekly_target(load_policy(ident), hours, full_time)
    assert (result.unit, result.full_time_target, result.target) == (unit, full_target, target)
    assert result.full_time_hours == (full_time or 39)


def test_ba_2010_sets_no_quota():
    result = weekly_target(load_policy("ba-2010"), 30)
    assert (result.unit, result.target, result.full_time_target, result.full_time_hours) == (None, None, None, None)
    assert "keine Wochenquote" in result.counts
    assert weekly_target(load_policy("ba-2010"), 30, 40).full_time_hours == 40


def test_the_json_document_has_the_contract_keys():
    document = weekly_target(load_policy("uelzen-2019"), 19.5).as_dict()
    assert document == {
        "policy": "uelzen-2019", "unit": "appointments", "full_time_hours": 39, "hours": 19.5,
        "full_time_target": 24, "target": 12, "counts": load_policy("uelzen-2019").quota.counts,
    }


def test_the_explanation_names_the_rounding_and_its_reason():
    text = weekly_target(load_policy("aa90-jba"), 30).explanation
    assert "15,38" in text and "aufgerundet auf 16" in text and "Untergrenze" in text
    assert weekly_target(load_policy("uelzen-2019"), 25).explanation == "Bei 25 Wochenstunden: 15 Termine."


@pytest.mark.parametrize(
    ("value", "rounding", "expected"),
    [
        (Fraction(5, 2), Rounding.NEAREST, 3), (Fraction(12, 5), Rounding.NEAREST, 2),
        (Fraction(117, 10), Rounding.DOWN, 11), (Fraction(117, 10), Rounding.UP, 12), (Fraction(12), Rounding.UP, 12),
    ],
)
def test_rounding(value, rounding, expected):
    assert round_quota(value, rounding) == expected


def test_arithmetic_is_exact():
    quota = load_policy("moenchengladbach-2012").quota
    assert raw_target(quota, 38.5, 39) == 1386  # a float would give 1385.9999999999998


hours = st.decimals(min_value="0.5", max_value="60", places=1).map(float)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["uelzen-2019", "aa90-jba", "moenchengladbach-2012"]), hours, hours)
def test_more_hours_never_lower_the_quota_and_up_means_at_least_the_share(ident, a, b):
    policy = load_policy(ident)
    low, high = sorted((a, b))
    assert weekly_target(policy, low).target <= weekly_target(policy, high).target
    raw = raw_target(policy.quota, low, policy.quota.full_time_hours)
    assert weekly_target(policy, low).target >= raw  # all three round up: the minimum is never undercut
    assert weekly_target(policy, low).target - raw < 1
