"""The weekly quota of a policy, pro rata for part-time (pure: no database, no files).

Arithmetic is exact (fractions): 60 % of 25 hours is 900 minutes, not 900.0000000001 rounded up.
How a fraction is rounded comes from the policy file, with its reason.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from terminassistent.domain.policy_model import Policy, Quota, QuotaBasis, QuotaUnit, Rounding

UNIT_WORDS = {
    QuotaUnit.APPOINTMENTS: "Termine",
    QuotaUnit.CONVERSATIONS: "persönliche Beratungsgespräche",
    QuotaUnit.MINUTES: "Minuten",
}
ROUNDING_WORDS = {Rounding.UP: "aufgerundet", Rounding.DOWN: "abgerundet", Rounding.NEAREST: "kaufmännisch gerundet"}


@dataclass(frozen=True)
class QuotaTarget:
    policy_id: str
    unit: QuotaUnit | None  # None: the policy sets no weekly quota
    full_time_hours: float | None
    hours: float
    full_time_target: int | None
    target: int | None
    counts: str  # German: what counts toward the quota
    explanation: str  # German: how the target was computed

    def as_dict(self) -> dict:
        """The JSON document of ``terminassistent quota`` (../shared/CONTRACT.md)."""
        return {
            "policy": self.policy_id,
            "unit": self.unit.value if self.unit else None,
            "full_time_hours": _plain(self.full_time_hours),
            "hours": _plain(self.hours),
            "full_time_target": self.full_time_target,
            "target": self.target,
            "counts": self.counts,
        }


def _plain(number: float | None) -> float | int | None:
    if number is None:
        return None
    return int(number) if float(number).is_integer() else number


def _exact(number: float) -> Fraction:
    return Fraction(str(number))  # 0.6 -> 3/5, 19.5 -> 39/2


def round_quota(value: Fraction, rounding: Rounding) -> int:
    if rounding is Rounding.UP:
        return math.ceil(value)
    if rounding is Rounding.DOWN:
        return math.floor(value)
    return math.floor(value + Fraction(1, 2))


def german_number(value: Fraction | float) -> str:
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def raw_target(quota: Quota, hours: float, full_time_hours: float | None) -> Fraction | None:
    """The unrounded weekly target for ``hours`` (None where it cannot be computed)."""
    if quota.unit is None:
        return None
    if quota.basis is QuotaBasis.SHARE:
        minutes = _exact(quota.share) * _exact(hours) * 60
        if quota.unit is QuotaUnit.MINUTES:
            return minutes
        return minutes / quota.minutes_per_appointment
    if not quota.pro_rata:
        return _exact(quota.full_time_target)
    if full_time_hours is None:
        return None
    return _exact(quota.full_time_target) * _exact(hours) / _exact(full_time_hours)


def weekly_target(policy: Policy, hours: float, full_time_hours: float | None = None) -> QuotaTarget:
    """The weekly quota for a caseworker working ``hours`` a week.

    ``full_time_hours`` overrides the policy's full-time reference (for example a Land's 40 hours).
    """
    quota = policy.quota
    reference = full_time_hours if full_time_hours is not None else quota.full_time_hours
    if quota.unit is None:
        return QuotaTarget(policy.id, None, reference, hours, None, None, quota.counts,
                           "Dieses Kontaktdichtekonzept legt keine Wochenquote fest.")
    raw = raw_target(quota, hours, reference)
    target = round_quota(raw, quota.rounding) if raw is not None else None
    full_raw = raw_target(quota, reference, reference) if reference is not None else None
    full_target = round_quota(full_raw, quota.rounding) if full_raw is not None else None
    unit = UNIT_WORDS[quota.unit]
    if target is None:
        explanation = "Ohne Vollzeit-Wochenstunden lässt sich die anteilige Quote nicht berechnen."
    elif raw == target:
        explanation = f"Bei {german_number(hours)} Wochenstunden: {target} {unit}."
    else:
        explanation = (
            f"Bei {german_number(hours)} Wochenstunden: {german_number(raw)} {unit}, "
            f"{ROUNDING_WORDS[quota.rounding]} auf {target}. {quota.rounding_reason}"
        )
    return QuotaTarget(policy.id, quota.unit, reference, hours, full_target, target, quota.counts, explanation)
