"""Due windows at the edges a caseworker trips over: month ends, 29 February, the 25th birthday,
what counts as a contact, deviations, compliance and validity."""

from __future__ import annotations

import dataclasses

import pytest

from terminassistent.domain.density import Compliance, assess, contact_history, twenty_fifth_birthday
from terminassistent.domain.model import Channel
from terminassistent.domain.policy_model import AgeGroup
from terminassistent.policy import load_policy
from tests.policy.support import customer, d, talk

UELZEN, AA90, MG, BA = "uelzen-2019", "aa90-jba", "moenchengladbach-2012", "ba-2010"


def due(ident, who, history, on):
    return assess(load_policy(ident), who, history, d(on), groups=())


# --- "monthly" after the 31st, in common and leap years -----------------------------------------

@pytest.mark.parametrize(
    ("last", "latest"),
    [
        ("2023-01-31", "2023-02-28"),  # no 31 February: the last day of the month
        ("2024-01-31", "2024-02-29"),  # leap year
        ("2024-01-29", "2024-02-29"),
        ("2023-01-29", "2023-02-28"),
        ("2024-03-31", "2024-04-30"),
        ("2023-12-31", "2024-01-31"),  # across the year
        ("2024-02-29", "2024-03-29"),  # from the leap day: the same day next month
    ],
)
def test_monthly_means_the_same_day_next_month_or_the_last_day(last, latest):
    who = customer("2001-06-15", "arbeitslos")
    result = due(AA90, who, [talk(last)], last)
    assert result.latest == d(latest)


def test_yearly_from_29_february_ends_on_28_february():
    result = due(AA90, customer("1970-01-01", "arbeitsuchend", "i"), [talk("2024-02-29")], "2024-03-01")
    assert result.latest == d("2025-02-28")


def test_count_per_half_year_over_a_leap_february():
    # 31.08.2023 -> 29.02.2024 are 182 days; 4 per half-year -> 45 days -> 15.10.2023
    result = due(BA, customer("1970-01-01", "arbeitslos", "markt"), [talk("2023-08-31")], "2023-09-01")
    assert result.latest == d("2023-10-15")
    assert result.density == "4 Kontakte im Halbjahr"


# --- the 25th birthday ------------------------------------------------------------------------

def test_the_day_before_the_25th_birthday_is_still_u25():
    who = customer("1999-02-10", "arbeitslos")
    before = due(AA90, who, [talk("2024-02-01")], "2024-02-09")
    assert before.rule_id == "u25-arbeitslos" and before.latest == d("2024-03-01")
    assert any("25. Geburtstag am 10.02.2024" in w for w in before.warnings)
    on_birthday = due(AA90, who, [talk("2024-02-01")], "2024-02-10")
    assert on_birthday.rule_id == "ue25-arbeitslos" and on_birthday.latest == d("2024-08-01")
    assert not any("25 Jahre" in w for w in on_birthday.warnings)


def test_born_on_29_february_turns_25_on_1_march_in_a_common_year():
    birth = d("2000-02-29")
    assert twenty_fifth_birthday(birth) == d("2025-03-01")
    assert AgeGroup.of(birth, d("2025-02-28")) is AgeGroup.U25
    assert AgeGroup.of(birth, d("2025-03-01")) is AgeGroup.UE25
    assert AgeGroup.of(d("1999-02-28"), d("2024-02-28")) is AgeGroup.UE25
    who = customer("2000-02-29", "arbeitslos")
    assert due(UELZEN, who, [talk("2023-02-01")], "2023-02-28").rule_id == "u25-arbeitslos"


def test_no_birthday_warning_when_the_window_ends_before_it():
    who = customer("2001-06-15", "arbeitslos")
    assert not any("25 Jahre" in w for w in due(AA90, who, [talk("2024-01-31")], "2024-02-01").warnings)


# --- what counts as a contact -----------------------------------------------------------------

def test_an_allgemeiner_vermerk_never_counts():
    who = customer("1970-01-01", "arbeitslos", "foerder")
    history = [talk("2023-01-10"), talk("2023-02-20", kind="allgemein")]
    result = due(UELZEN, who, history, "2023-03-01")
    assert result.latest == d("2023-04-10")  # from 10 January, not from the visit to hand in papers
    assert [c.date for c in result.qualifying] == [d("2023-01-10")]


def test_only_allgemeine_vermerke_means_due_at_once():
    who = customer("1970-01-01", "arbeitslos", "foerder")
    result = due(UELZEN, who, [talk("2023-02-20", kind="allgemein")], "2023-03-01")
    assert result.due_now and result.earliest == result.latest == d("2023-03-01")
    assert result.state is Compliance.DUE_NOW and result.state.compliant is False
    assert any("sofort fällig" in w for w in result.warnings)


def test_phone_does_not_count_where_the_policy_wants_in_person():
    who = customer("1970-01-01", "arbeitslos", "foerder")  # Uelzen: no Marktprofil, no flag
    result = due(UELZEN, who, [talk("2023-01-10"), talk("2023-02-10", "telefonisch")], "2023-02-15")
    assert result.latest == d("2023-04-10")
    assert result.in_person_required
    assert any("telefonische Beratung vom 10.02.2023 zählt für diesen Kunden nicht" in w for w in result.warnings)


def test_a_phone_contact_alone_does_not_count_and_the_customer_is_due_at_once():
    who = customer("1970-01-01", "arbeitsuchend", "i")  # AA Nr. 90, Ü25: in person only
    result = due(AA90, who, [talk("2024-01-10", "telefonisch")], "2024-02-01")
    assert result.due_now and result.latest == d("2024-02-01")
    assert any("sofort fällig" in w for w in result.warnings)
    assert any("10.01.2024" in w and "zählt für diesen Kunden nicht" in w for w in result.warnings)


def test_phone_counts_in_uelzen_for_employed_customers():
    who = customer("1970-01-01", "arbeitslos", "foerder", ("beschaeftigt",))
    result = due(UELZEN, who, [talk("2023-01-10"), talk("2023-02-10", "telefonisch")], "2023-02-15")
    assert result.latest == d("2023-05-10")
    assert set(result.channels) == {Channel.PERSOENLICH, Channel.TELEFONISCH}


def test_contacts_after_the_reference_date_are_ignored():
    who = customer("1970-01-01", "arbeitslos", "foerder")
    result = due(UELZEN, who, [talk("2023-01-10"), talk("2023-03-10")], "2023-02-01")
    assert result.latest == d("2023-04-10")


@pytest.mark.parametrize(
    ("channels", "required"),
    [
        ((), True),  # no contact yet: the first one in person (first_in_person = true)
        (("persoenlich",), False),
        (("persoenlich", "telefonisch"), True),
        (("telefonisch", "persoenlich"), False),
        (("persoenlich", "telefonisch", "persoenlich", "telefonisch"), True),
    ],
)
def test_aa90_u25_unemployed_alternate_phone_and_in_person(channels, required):
    who = customer("2001-06-15", "arbeitslos")
    history = [talk(f"2024-0{i + 1}-15", channel) for i, channel in enumerate(channels)]
    result = due(AA90, who, history, "2024-06-01")
    assert result.in_person_required is required
    assert result.channels == ((Channel.PERSOENLICH,) if required else (Channel.PERSOENLICH, Channel.TELEFONISCH))


# --- deviations -------------------------------------------------------------------------------

def test_a_justified_deviation_replaces_the_latest_date_and_is_reported():
    who = customer("1970-01-01", "arbeitslos", "foerder")
    history = [talk("2023-01-15", deviation=("2023-06-01", "Maßnahme beginnt am 01.06.2023"))]
    result = due(UELZEN, who, history, "2023-02-01")
    assert result.latest == d("2023-06-01")
    assert result.rule_latest == d("2023-04-15")
    assert result.deviation.reason == "Maßnahme beginnt am 01.06.2023"
    warning = next(w for w in result.warnings if "Abweichung" in w)
    assert "01.06.2023" in warning and "statt 15.04.2023" in warning and "Maßnahme beginnt" in warning
    assert result.earliest <= result.latest


def test_a_later_contact_ends_the_deviation():
    who = customer("1970-01-01", "arbeitslos", "foerder")
    history = [talk("2023-01-15", deviation=("2023-06-01", "Gutachten steht aus")), talk("2023-02-01")]
    result = due(UELZEN, who, history, "2023-02-02")
    assert result.deviation is None and result.latest == d("2023-05-01")
    assert not any("Abweichung" in w for w in result.warnings)


def test_a_deviation_to_an_earlier_date():
    who = customer("1970-01-01", "arbeitslos", "foerder")
    result = due(UELZEN, who, [talk("2023-01-15", deviation=("2023-02-01", "Krise"))], "2023-01-16")
    assert result.latest == d("2023-02-01") and result.earliest <= d("2023-02-01")


# --- compliance ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("on", "state"),
    [
        ("2023-02-01", Compliance.ON_TIME),  # window opens 05.02.
        ("2023-02-05", Compliance.DUE_SOON),
        ("2023-02-28", Compliance.DUE_SOON),  # the last day is still in time
        ("2023-03-01", Compliance.OVERDUE),
    ],
)
def test_compliance_state(on, state):
    who = customer("1970-01-01", "arbeitslos", "foerder")
    assert due(UELZEN, who, [talk("2022-11-30")], on).state is state


def test_no_density_is_its_own_state():
    result = due(AA90, customer("2008-01-01", "nicht-gesetzt", flags=("schueler",)), [talk("2023-01-10")], "2023-06-01")
    assert result.state is Compliance.NO_DENSITY and result.latest is None and result.earliest is None
    assert result.density == "keine Kontaktdichte vorgegeben"
    assert "Schüler" in result.group and "keine Kontaktdichte" in result.explanation


def test_count_reached_in_the_current_half_year():
    who = customer("1970-01-01", "arbeitslos", "markt")
    history = [talk("2022-12-20"), talk("2023-01-10"), talk("2023-03-01"), talk("2023-05-02", kind="allgemein")]
    result = due(BA, who, history, "2023-06-20")  # half-year back to 20.12.2022, that day not included
    assert (result.count_reached, result.count_target) == (2, 4)
    assert due(UELZEN, who, history, "2023-06-20").count_target is None


# --- validity -----------------------------------------------------------------------------------

def test_uelzen_is_outside_its_validity_after_2023():
    who = customer("1970-01-01", "arbeitslos", "foerder")
    inside = due(UELZEN, who, [talk("2023-09-30")], "2023-12-31")  # latest 30.12.2023, inside too
    assert inside.warnings == ()
    outside = due(UELZEN, who, [talk("2023-12-01")], "2024-01-01")
    assert any("galt nur bis 31.12.2023" in w and "01.01.2024" in w for w in outside.warnings)
    assert outside.latest == d("2024-03-01")  # still computed, but never without the warning


def test_moenchengladbach_before_1_march_2012():
    who = customer("1970-01-01", "arbeitslos", "markt")
    result = due(MG, who, [talk("2012-02-01")], "2012-02-29")
    assert any("gilt erst ab 01.03.2012" in w for w in result.warnings)


def test_a_customer_no_rule_covers_gets_a_warning_not_a_guess():
    policy = load_policy(UELZEN)
    partial = dataclasses.replace(policy, rules=policy.rules[:1])  # only "U25, arbeitslos"
    result = assess(partial, customer("1970-01-01", "arbeitsuchend", "markt"), [talk("2023-01-10")], d("2023-02-01"), ())
    assert result.rule is None and result.latest is None
    assert any("Keine Regel" in w and "Ü25, arbeitsuchend, Marktprofil" in w for w in result.warnings)


def test_due_command_history_is_beratungsvermerke_in_the_given_order():
    first, second = contact_history("K-1", [(d("2024-01-31"), Channel.TELEFONISCH), (d("2024-01-31"), Channel.PERSOENLICH)])
    assert first.date == second.date == d("2024-01-31") and first.kind.value == second.kind.value == "beratung"
    assert first.at.tzinfo is not None and first.at < second.at
