"""The four shipped policies: they load, say what the documents say, and cite them word for word."""

from __future__ import annotations

import datetime as dt

import pytest

from terminassistent.domain.model import Flag, Profile, Status
from terminassistent.domain.policy_model import AgeGroup, ChannelMode, DensityKind, QuotaUnit, customer_space
from terminassistent.errors import InvalidInput, UserError
from terminassistent.policy import check_file, clear_cache, known_ids, load_bundled, load_file, load_policy
from terminassistent.policy.loader import bundled_paths
from tests.policy.support import MINIMAL, SEED_OF, SEEDS, normalise, quote_in

IDS = ["aa90-jba", "ba-2010", "moenchengladbach-2012", "uelzen-2019"]


def test_the_four_shipped_policies_load_with_no_problem():
    for path in bundled_paths():
        policy, problems = check_file(path)
        assert problems == [], [str(p) for p in problems]
        assert policy.id == path.stem
    assert [p.id for p in load_bundled()] == IDS
    assert known_ids() == IDS


def test_load_policy_ignores_case_and_spaces_and_caches():
    first = load_policy(" AA90-JBA ")
    assert first.id == "aa90-jba"
    assert load_policy("aa90-jba") is first  # parsed once, then served from the cache


def test_unknown_policy_id_names_the_known_ones():
    with pytest.raises(UserError) as err:
        load_policy("hamburg-2030")
    message = str(err.value)
    assert "»hamburg-2030« ist unbekannt" in message
    for ident in IDS:
        assert ident in message


def test_validity_as_the_documents_state_it():
    assert (load_policy("uelzen-2019").valid_from, load_policy("uelzen-2019").valid_until) == (
        dt.date(2019, 1, 1), dt.date(2023, 12, 31))
    assert (load_policy("moenchengladbach-2012").valid_from, load_policy("moenchengladbach-2012").valid_until) == (
        dt.date(2012, 3, 1), None)
    for ident in ("ba-2010", "aa90-jba"):
        assert (load_policy(ident).valid_from, load_policy(ident).valid_until) == (None, None)


@pytest.mark.parametrize("ident", IDS)
def test_every_kind_of_customer_falls_under_exactly_one_rule(ident):
    policy = load_policy(ident)
    for key in customer_space():
        matching = [r.id for r in policy.rules if r.group.selector.matches(*key)]
        assert len(matching) == 1, (key, matching)
        assert policy.rule_for(*key).id == matching[0]


@pytest.mark.parametrize("ident", IDS)
def test_rules_without_density_explain_themselves_in_german(ident):
    for rule in load_policy(ident).rules:
        if rule.density.kind in (DensityKind.NONE, DensityKind.INDIVIDUAL):
            assert len(rule.explanation) > 40, rule.id
        if rule.density.kind is DensityKind.INDIVIDUAL:  # the document is silent: the decision is written down
            assert rule.decision, rule.id


def _all_sources(policy):
    yield "contact", policy.contact_source
    if policy.validity_source:
        yield "validity", policy.validity_source
    for name, section in (("durations", policy.durations), ("first_appointment", policy.lead_time),
                          ("quota", policy.quota)):
        if section.source:
            yield name, section.source
    for item in policy.exceptions:
        yield f"exception {item.id}", item.source
    for note in policy.notes:
        if note.source:
            yield "note", note.source
    for rule in policy.rules:
        yield f"rule {rule.id}", rule.source


@pytest.mark.parametrize("ident", IDS)
def test_every_quote_is_the_documents_own_wording(ident):
    text = normalise((SEEDS / SEED_OF[ident]).read_text(encoding="utf-8"))
    for where, source in _all_sources(load_policy(ident)):
        assert quote_in(source.quote, text), f"{ident}, {where}: {source.quote!r} steht nicht im Dokument"


def test_quote_check_can_fail():
    text = normalise("Arbeitslose Kunden des Bereiches U 25  unterliegen\neiner monatlichen Kontaktdichte.")
    assert quote_in("Arbeitslose Kunden des Bereiches U 25 unterliegen einer monatlichen Kontaktdichte.", text)
    assert not quote_in("Arbeitslose Kunden des Bereiches U 25 unterliegen einer wöchentlichen Kontaktdichte.", text)
    assert not quote_in("monatlichen … Arbeitslose", text)  # parts must appear in order


def test_uelzen_phone_counts_for_employed_market_profile_and_health():
    policy = load_policy("uelzen-2019")
    assert policy.default_channels.mode is ChannelMode.CONDITIONAL
    phone_if = policy.default_channels.phone_if
    assert any(s.profiles == {Profile.MARKT} for s in phone_if)
    assert any(s.flags == {Flag.BESCHAEFTIGT} for s in phone_if)
    assert any(s.flags == {Flag.GESUNDHEIT} for s in phone_if)


def test_durations_lead_time_and_quota_come_from_the_files():
    mg, uelzen, ba, aa90 = (load_policy(i) for i in ("moenchengladbach-2012", "uelzen-2019", "ba-2010", "aa90-jba"))
    assert (mg.durations.first, mg.durations.first_preparation, mg.durations.follow_up) == (45, 15, None)
    assert (mg.lead_time.working_days, mg.lead_time.max_working_days) == (7, 10)
    assert uelzen.durations.maximum == 60
    assert ba.durations.first == 60 and ba.durations.first_preparation == 0
    assert aa90.lead_time.working_days is None
    assert (uelzen.quota.unit, aa90.quota.unit, mg.quota.unit, ba.quota.unit) == (
        QuotaUnit.APPOINTMENTS, QuotaUnit.CONVERSATIONS, QuotaUnit.MINUTES, None)
    assert all(p.quota.rounding_reason for p in (uelzen, aa90, mg))


def test_exceptions_of_moenchengladbach_and_aa90():
    mg = {e.id: e for e in load_policy("moenchengladbach-2012").exceptions}
    assert set(mg) == {"massnahme-vereinbart", "einstellungszusage", "ausstehendes-gutachten"}
    assert all(e.allowed for e in mg.values())
    aa90 = {e.id: e for e in load_policy("aa90-jba").exceptions}
    assert aa90["sanktion"].allowed is False  # the invitation chain continues for sanctioned customers


def test_a_group_label_names_age_status_and_profile():
    policy = load_policy("aa90-jba")
    rule = policy.rule_for(AgeGroup.U25, Status.ARBEITSLOS, None, frozenset())
    assert rule.group.label == "U25, arbeitslos"


def test_load_file_refuses_a_broken_file_whole(tmp_path):
    path = tmp_path / "eigenes.toml"
    path.write_text(MINIMAL.replace('every = { months = 3 }', 'every = { months = 0 }'), encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        load_file(path)
    assert "eigenes.toml" in str(err.value) and "ungültig" in str(err.value)
    assert len(err.value.problems) == 1 and "Zeile 25" in err.value.problems[0]


def test_cache_notices_a_changed_file(tmp_path):
    clear_cache()
    path = tmp_path / "mini.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    first = load_file(path)
    assert load_file(path) is first
    path.write_text(MINIMAL.replace('title = "Minimal"', 'title = "Minimal, geändert"'), encoding="utf-8")
    assert load_file(path).title == "Minimal, geändert"


def test_a_bundled_file_must_carry_its_own_name(tmp_path, monkeypatch):
    (tmp_path / "anders.toml").write_text(MINIMAL, encoding="utf-8")
    monkeypatch.setattr("terminassistent.policy.loader.policies_dir", lambda: tmp_path)
    with pytest.raises(InvalidInput, match="»mini«.*»anders«"):
        load_policy("anders")
