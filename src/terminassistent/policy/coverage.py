"""Overlaps and gaps: every kind of customer must fall under exactly one rule.

The customer space is finite (2 age groups x 3 statuses x 9 Profillagen incl. none x 16 flag
sets = 864 kinds), so it is enumerated; problems are summarised per pair of rules (overlaps) and
per age group and status (gaps), each with one example customer.
"""

from __future__ import annotations

from collections import defaultdict

from terminassistent.domain.policy_model import Selector, customer_space
from terminassistent.policy.schema import Problems


def describe_customer(key: tuple) -> str:
    age, status, profile, flags = key
    profile_text = profile.label if profile is not None else "ohne Profillage"
    flag_text = f"Merkmale: {', '.join(sorted(f.value for f in flags))}" if flags else "ohne Merkmale"
    return f"{age.label}, {status.label}, {profile_text}, {flag_text}"


def _combinations(n: int) -> str:
    return "1 Kombination" if n == 1 else f"{n} Kombinationen"


def check_coverage(problems: Problems, rules: list[tuple[str, Selector]]) -> None:
    """``rules`` in file order as (rule id, selector); problems point at ``rule[i]``."""
    overlaps: dict[tuple[int, int], list] = defaultdict(list)
    gaps: dict[tuple, list] = defaultdict(list)
    for key in customer_space():
        matching = [i for i, (_, sel) in enumerate(rules) if sel.matches(*key)]
        if not matching:
            gaps[key[:2]].append(key)
        for a in range(len(matching)):
            for b in range(a + 1, len(matching)):
                overlaps[(matching[a], matching[b])].append(key)
    for (a, b), keys in overlaps.items():
        problems.add(
            ("rule", b),
            f"Die Regeln »{rules[a][0]}« und »{rules[b][0]}« gelten beide für dieselben Kunden, z. B. "
            f"{describe_customer(keys[0])} (insgesamt {_combinations(len(keys))}). Jeder Kunde darf nur unter "
            "eine Regel fallen: grenzen Sie die Gruppen mit age, status, profile, flags oder without_flags ab.",
        )
    for (age, status), keys in gaps.items():
        problems.add(
            ("rule",),
            f"Keine Regel gilt für {age.label}, {status.label}, z. B. {describe_customer(keys[0])} "
            f"(insgesamt {_combinations(len(keys))}). Jeder Kunde braucht eine Regel, notfalls mit "
            "density.kind = »none« oder »individual« und einer Erklärung.",
        )
