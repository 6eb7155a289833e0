"""Every row of every table in the seed documents: which rule, which window, which channels.

Dates are chosen across month ends and leap days; each expected date was worked out by hand
(the comment says how), not copied from the program.
"""

from __future__ import annotations

import pytest

from terminassistent.domain.density import assess
from terminassistent.policy import load_policy
from tests.policy.support import customer, d, talk

U25 = "2001-06-15"  # 21 or 22 years old on the reference dates below
UE25 = "1975-05-05"
P, T = "persoenlich", "telefonisch"
BOTH = [P, T]

# (policy, birth, status, profile, flags, last contact (day, channel), on, rule, earliest, latest, channels, in person);
# a rule without density requires no channel (in person: False)
ROWS = [
    # --- BA 2010, 2.3: youth every four weeks; 2.4: minimum contacts per half-year, in person only.
    # 31.01.2023 + 28 days = 28.02.; window opens after 21 days.
    ("ba-2010", U25, "arbeitslos", "markt", (), ("2023-01-31", P), "2023-02-01", "u25", "2023-02-21", "2023-02-28", [P], True),
    ("ba-2010", U25, "arbeitsuchend", "z", (), ("2023-01-31", P), "2023-02-01", "u25", "2023-02-21", "2023-02-28", [P], True),
    # 31.01.–31.07.2023 = 181 days; /4 = 45 -> 17.03.; opens after 33 days -> 05.03.
    ("ba-2010", UE25, "arbeitslos", "markt", (), ("2023-01-31", P), "2023-02-01", "ue25-markt", "2023-03-05", "2023-03-17", [P], True),
    # /5 = 36 -> 08.03.; opens after 27 -> 27.02.
    ("ba-2010", UE25, "arbeitslos", "aktivierung", (), ("2023-01-31", P), "2023-02-01", "ue25-aktivierung", "2023-02-27", "2023-03-08", [P], True),
    # /3 = 60 -> 01.04.; opens after 45 -> 17.03.
    ("ba-2010", UE25, "arbeitslos", "foerder", (), ("2023-01-31", P), "2023-02-01", "ue25-foerder", "2023-03-17", "2023-04-01", [P], True),
    ("ba-2010", UE25, "arbeitsuchend", "entwicklung", (), ("2023-01-31", P), "2023-02-01", "ue25-entwicklung", "2023-03-05", "2023-03-17", [P], True),
    # /2 = 90 -> 01.05.; opens after 67 -> 08.04.
    ("ba-2010", UE25, "arbeitsuchend", "stabilisierung", (), ("2023-01-31", P), "2023-02-01", "ue25-stabilisierung", "2023-04-08", "2023-05-01", [P], True),
    ("ba-2010", UE25, "arbeitsuchend", "unterstuetzung", (), ("2023-01-31", P), "2023-02-01", "ue25-unterstuetzung", "2023-04-08", "2023-05-01", [P], True),
    ("ba-2010", UE25, "arbeitsuchend", "i", ("beschaeftigt",), ("2023-01-31", P), "2023-02-01", "ue25-i", "2023-04-08", "2023-05-01", [P], True),
    # one per half-year: 31.08.2023 + 6 months = 29.02.2024 (182 days); opens after 136 -> 14.01.2024
    ("ba-2010", UE25, "nicht-gesetzt", "z", (), ("2023-08-31", P), "2023-09-01", "ue25-z", "2024-01-14", "2024-02-29", [P], True),
    ("ba-2010", UE25, "arbeitslos", None, (), ("2023-01-31", P), "2023-02-01", "ue25-ohne-profillage", None, None, BOTH, False),

    # --- Uelzen GA 08/2019, 3.: U25 unemployed monthly, unemployed within 3 months, I and Z within 6 months.
    ("uelzen-2019", U25, "arbeitslos", None, (), ("2023-01-31", P), "2023-02-01", "u25-arbeitslos", "2023-02-21", "2023-02-28", [P], True),
    # Marktprofil: phone counts, also for the last contact
    ("uelzen-2019", U25, "arbeitslos", "markt", (), ("2023-01-31", T), "2023-02-01", "u25-arbeitslos", "2023-02-21", "2023-02-28", BOTH, False),
    # U25 unemployed in Z: monthly wins over 6 months (decision)
    ("uelzen-2019", U25, "arbeitslos", "z", (), ("2023-03-31", P), "2023-04-01", "u25-arbeitslos", "2023-04-22", "2023-04-30", [P], True),
    # 30.11.2022 + 3 months = 28.02.2023 (90 days); opens after 67 -> 05.02.
    ("uelzen-2019", UE25, "arbeitslos", "foerder", (), ("2022-11-30", P), "2022-12-01", "ue25-arbeitslos", "2023-02-05", "2023-02-28", [P], True),
    ("uelzen-2019", UE25, "arbeitslos", "z", (), ("2022-11-30", P), "2022-12-01", "ue25-arbeitslos", "2023-02-05", "2023-02-28", [P], True),
    ("uelzen-2019", UE25, "arbeitslos", "entwicklung", ("beschaeftigt",), ("2022-11-30", T), "2022-12-01", "ue25-arbeitslos", "2023-02-05", "2023-02-28", BOTH, False),
    # I within 6 months: 31.08.2023 -> 29.02.2024
    ("uelzen-2019", UE25, "arbeitsuchend", "i", (), ("2023-08-31", P), "2023-09-01", "profillage-i-z", "2024-01-14", "2024-02-29", [P], True),
    ("uelzen-2019", U25, "nicht-gesetzt", "z", ("gesundheit",), ("2023-08-31", T), "2023-09-01", "profillage-i-z", "2024-01-14", "2024-02-29", BOTH, False),
    # not unemployed outside I and Z: the GA is silent -> individual, no window
    ("uelzen-2019", UE25, "arbeitsuchend", "markt", ("beschaeftigt",), ("2023-01-31", T), "2023-02-01", "uebrige-nicht-arbeitslos", None, None, BOTH, False),
    ("uelzen-2019", U25, "nicht-gesetzt", None, (), ("2023-01-31", P), "2023-02-01", "uebrige-nicht-arbeitslos", None, None, BOTH, False),

    # --- Mönchengladbach: Kontaktzyklen per Profillage (Ü25), U25 monthly, Fallmanagement individual.
    # 29.02.2024 + 6 weeks = 11.04.2024; opens after 31 days -> 31.03.
    ("moenchengladbach-2012", UE25, "arbeitslos", "markt", (), ("2024-02-29", P), "2024-03-01", "ue25-markt-aktivierung", "2024-03-31", "2024-04-11", [P], True),
    ("moenchengladbach-2012", UE25, "arbeitsuchend", "aktivierung", (), ("2024-02-29", P), "2024-03-01", "ue25-markt-aktivierung", "2024-03-31", "2024-04-11", [P], True),
    # between 2 and 3 months: 30.11.2023 -> 30.01.2024 .. 29.02.2024
    ("moenchengladbach-2012", UE25, "arbeitslos", "foerder", (), ("2023-11-30", P), "2023-12-01", "ue25-foerder-entwicklung", "2024-01-30", "2024-02-29", [P], True),
    ("moenchengladbach-2012", UE25, "arbeitslos", "entwicklung", (), ("2022-11-30", P), "2022-12-01", "ue25-foerder-entwicklung", "2023-01-30", "2023-02-28", [P], True),
    # between 6 and 9 months: 31.05.2023 -> 30.11.2023 .. 29.02.2024
    ("moenchengladbach-2012", UE25, "arbeitsuchend", "stabilisierung", (), ("2023-05-31", P), "2023-06-01", "ue25-stabilisierung-unterstuetzung", "2023-11-30", "2024-02-29", [P], True),
    ("moenchengladbach-2012", UE25, "arbeitsuchend", "unterstuetzung", (), ("2023-05-31", P), "2023-06-01", "ue25-stabilisierung-unterstuetzung", "2023-11-30", "2024-02-29", [P], True),
    # between 6 and 12 months: 29.02.2024 -> 29.08.2024 .. 28.02.2025
    ("moenchengladbach-2012", UE25, "arbeitsuchend", "z", (), ("2024-02-29", P), "2024-03-01", "ue25-z-i", "2024-08-29", "2025-02-28", [P], True),
    ("moenchengladbach-2012", UE25, "arbeitsuchend", "i", (), ("2024-02-29", P), "2024-03-01", "ue25-z-i", "2024-08-29", "2025-02-28", [P], True),
    ("moenchengladbach-2012", UE25, "arbeitslos", None, (), ("2024-02-29", P), "2024-03-01", "ue25-ohne-profillage", None, None, BOTH, False),
    # U25 monthly: 31.01.2024 -> 29.02.2024 (29 days; opens after 21 -> 21.02.)
    ("moenchengladbach-2012", U25, "arbeitslos", "foerder", (), ("2024-01-31", P), "2024-02-01", "u25", "2024-02-21", "2024-02-29", [P], True),
    ("moenchengladbach-2012", U25, "arbeitslos", "markt", ("fallmanagement",), ("2024-01-31", P), "2024-02-01", "fallmanagement", None, None, BOTH, False),
    ("moenchengladbach-2012", UE25, "arbeitsuchend", "entwicklung", ("fallmanagement",), ("2024-01-31", P), "2024-02-01", "fallmanagement", None, None, BOTH, False),

    # --- AA Nr. 90, table Ü25
    # every 6 months: 31.08.2023 -> 29.02.2024
    ("aa90-jba", UE25, "arbeitslos", "markt", (), ("2023-08-31", P), "2023-09-01", "ue25-arbeitslos", "2024-01-14", "2024-02-29", [P], True),
    ("aa90-jba", UE25, "arbeitslos", "i", (), ("2023-08-31", P), "2023-09-01", "ue25-arbeitslos", "2024-01-14", "2024-02-29", [P], True),
    ("aa90-jba", UE25, "arbeitsuchend", "foerder", (), ("2023-08-31", P), "2023-09-01", "ue25-arbeitsuchend", "2024-01-14", "2024-02-29", [P], True),
    ("aa90-jba", UE25, "arbeitsuchend", None, (), ("2023-08-31", P), "2023-09-01", "ue25-arbeitsuchend", "2024-01-14", "2024-02-29", [P], True),
    # Profillage I yearly: 29.02.2024 -> 28.02.2025 (365 days; opens after 273 -> 28.11.2024)
    ("aa90-jba", UE25, "arbeitsuchend", "i", (), ("2024-02-29", P), "2024-03-01", "ue25-arbeitsuchend-i", "2024-11-28", "2025-02-28", [P], True),
    # status not set: once a year, by phone too
    ("aa90-jba", UE25, "nicht-gesetzt", "z", (), ("2023-03-31", T), "2023-04-01", "ue25-nicht-gesetzt", "2023-12-30", "2024-03-31", BOTH, False),
    # --- AA Nr. 90, table U25
    # monthly, alternating: after an in-person contact phone may count ...
    ("aa90-jba", U25, "arbeitslos", "markt", (), ("2024-01-31", P), "2024-02-01", "u25-arbeitslos", "2024-02-21", "2024-02-29", BOTH, False),
    # ... but a phone call with no contact counted before it does not count (the first one is in
    # person): due at once, in person
    ("aa90-jba", U25, "arbeitslos", "markt", (), ("2024-01-31", T), "2024-02-01", "u25-arbeitslos", "2024-02-01", "2024-02-01", [P], True),
    ("aa90-jba", U25, "arbeitsuchend", "aktivierung", (), ("2023-08-31", P), "2023-09-01", "u25-arbeitsuchend", "2024-01-14", "2024-02-29", [P], True),
    ("aa90-jba", U25, "arbeitsuchend", "i", (), ("2024-02-29", P), "2024-03-01", "u25-arbeitsuchend-i", "2024-11-28", "2025-02-28", [P], True),
    ("aa90-jba", U25, "nicht-gesetzt", None, ("schueler",), ("2024-01-31", P), "2024-02-01", "u25-schueler", None, None, BOTH, False),
    ("aa90-jba", U25, "nicht-gesetzt", None, (), ("2023-03-31", T), "2023-04-01", "u25-nicht-gesetzt", "2023-12-30", "2024-03-31", BOTH, False),
    # a pupil who is unemployed follows the row of the status (decision)
    ("aa90-jba", U25, "arbeitslos", None, ("schueler",), ("2024-01-31", P), "2024-02-01", "u25-arbeitslos", "2024-02-21", "2024-02-29", BOTH, False),
]


def _id(row) -> str:
    return f"{row[0]}:{row[7]}:{row[2]}:{row[3]}:{'+'.join(row[4])}:{row[5][1][:4]}"


@pytest.mark.parametrize("row", ROWS, ids=[_id(r) for r in ROWS])
def test_table_row(row):
    (ident, birth, status, profile, flags, (last, channel), on, rule, earliest, latest, channels, in_person) = row
    policy = load_policy(ident)
    result = assess(policy, customer(birth, status, profile, flags), [talk(last, channel)], d(on), ())
    assert result.rule_id == rule
    assert result.latest == (d(latest) if latest else None)
    assert result.earliest == (d(earliest) if earliest else None)
    assert [c.value for c in result.channels] == channels
    assert result.in_person_required is in_person
    assert result.group in result.explanation and result.source in result.explanation
    assert not any("gilt erst" in w or "galt nur" in w for w in result.warnings)
    ends_after = bool(latest and policy.valid_until and d(latest) > policy.valid_until)
    assert any("nach dem Ende der Gültigkeit" in w for w in result.warnings) is ends_after


def test_every_rule_of_every_policy_is_exercised_by_a_row():
    covered = {(row[0], row[7]) for row in ROWS}
    for ident in ("ba-2010", "uelzen-2019", "moenchengladbach-2012", "aa90-jba"):
        for rule in load_policy(ident).rules:
            assert (ident, rule.id) in covered, f"{ident}: Regel {rule.id} ohne Tabellenzeile im Test"
