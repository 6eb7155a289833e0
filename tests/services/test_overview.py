"""The caseload overview (services/overview.py): facts per customer, search folding, no Qt."""

import datetime as dt
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from terminassistent.domain.model import (
    BERLIN,
    Appointment,
    AppointmentStatus,
    Caseworker,
    Channel,
    Contact,
    ContactKind,
    Customer,
    Flag,
    Profile,
    Status,
)
from terminassistent.services.monitoring.overview import (
    U25,
    UE25,
    _variants,
    caseload_overview,
    customer_overview,
    day_text,
    fold,
    search_key,
    search_matcher,
    search_matches,
    search_terms,
    unassessed,
)
from terminassistent.services.monitoring import survey
from terminassistent.storage import Caseload
from tests.context import ctx

TODAY = dt.date(2026, 3, 10)
JOERG = Customer("123A456789", "Weiß-Müller", "Jörg", dt.date(2001, 3, 10), Status.ARBEITSLOS, Profile.AKTIVIERUNG,
                 frozenset({Flag.GESUNDHEIT, Flag.SCHUELER}))
AYSE = Customer("987B654321", "Özdemir", "Ayşe", dt.date(2001, 3, 11), Status.NICHT_GESETZT)


def at(*args):
    return dt.datetime(*args, tzinfo=BERLIN)


def booked(no, start, status=AppointmentStatus.BOOKED):
    return Appointment(no, start, start + dt.timedelta(minutes=45), status=status)


@pytest.fixture
def caseload(tmp_path):
    with Caseload.create(tmp_path / "bestand.db", Caseworker(name="Herr Ömer Çelik")) as c:
        c.add_customers([JOERG, AYSE])
        yield c


def rows_by_no(caseload):
    return {r.customer_no: r for r in customer_overview(ctx(caseload), TODAY)}


def test_each_customer_gets_one_row_with_german_labels(caseload):
    joerg = rows_by_no(caseload)["123A456789"]
    assert joerg.display_name == "Weiß-Müller, Jörg"
    assert joerg.status_label == "arbeitslos"
    assert joerg.profile_label == "Aktivierungsprofil"
    assert joerg.flags == (Flag.SCHUELER, Flag.GESUNDHEIT)  # the vocabulary's order, not the set's
    assert joerg.flag_labels == ("Schüler/in (nicht im Abschlussjahr)", "schwere gesundheitliche Einschränkungen")
    assert joerg.flag_short_labels == ("Schüler/in", "Gesundheit")
    assert rows_by_no(caseload)["987B654321"].profile_label == ""


def test_u25_ends_on_the_25th_birthday(caseload):
    rows = rows_by_no(caseload)
    assert (rows["123A456789"].age, rows["123A456789"].age_group) == (25, UE25)  # birthday today
    assert (rows["987B654321"].age, rows["987B654321"].age_group) == (24, U25)  # birthday tomorrow


def test_the_last_contact_is_the_last_one_that_counts_under_the_policy(caseload):
    caseload.add_contacts([
        Contact(JOERG.customer_no, at(2026, 1, 5, 9), Channel.PERSOENLICH, ContactKind.BERATUNG),
        Contact(JOERG.customer_no, at(2026, 1, 20, 9), Channel.TELEFONISCH, ContactKind.BERATUNG),
        Contact(JOERG.customer_no, at(2026, 2, 9, 10), Channel.TELEFONISCH, ContactKind.BERATUNG),
        Contact(JOERG.customer_no, at(2026, 3, 2, 8), Channel.PERSOENLICH, ContactKind.ALLGEMEIN),  # never counts
        Contact(JOERG.customer_no, at(2026, 3, 11, 8), Channel.PERSOENLICH, ContactKind.BERATUNG),  # after today
    ])
    # Each contact is judged on its day: Jörg was 24 and unemployed then, and under aa90-jba phone
    # and in person alternate, so the call of 20.01. counts and the second call in a row (09.02.)
    # is not his last contact; the general note never is.
    joerg = rows_by_no(caseload)["123A456789"]
    assert (joerg.last_contact, joerg.last_contact_channel) == (dt.date(2026, 1, 20), Channel.TELEFONISCH)
    assert rows_by_no(caseload)["987B654321"].last_contact is None


def test_a_phone_conversation_is_the_last_contact_where_the_policy_counts_it(caseload):
    from dataclasses import replace

    caseload.update_customer(replace(JOERG, status=Status.NICHT_GESETZT))  # Ü25, status not set: phone counts
    caseload.add_contacts([
        Contact(JOERG.customer_no, at(2026, 1, 5, 9), Channel.PERSOENLICH, ContactKind.BERATUNG),
        Contact(JOERG.customer_no, at(2026, 2, 9, 10), Channel.TELEFONISCH, ContactKind.BERATUNG),
    ])
    joerg = rows_by_no(caseload)["123A456789"]
    assert (joerg.last_contact, joerg.last_contact_channel) == (dt.date(2026, 2, 9), Channel.TELEFONISCH)


def test_the_next_appointment_is_the_earliest_booked_one_from_today_on(caseload):
    caseload.add_appointments([
        booked(JOERG.customer_no, at(2026, 3, 9, 9)),  # yesterday, still marked booked
        booked(JOERG.customer_no, at(2026, 3, 12, 9), AppointmentStatus.CANCELLED),
        booked(JOERG.customer_no, at(2026, 3, 24, 9)),
        booked(JOERG.customer_no, at(2026, 3, 17, 14)),
        booked(AYSE.customer_no, at(2026, 3, 10, 8)),  # earlier today: still today's appointment
    ])
    rows = rows_by_no(caseload)
    assert rows["123A456789"].next_appointment == at(2026, 3, 17, 14)
    assert rows["987B654321"].next_appointment == at(2026, 3, 10, 8)


def test_due_dates_come_from_the_caseworkers_policy(caseload):
    from terminassistent.domain.density import assess
    from terminassistent.policy import load_policy

    policy = load_policy(caseload.caseworker().policy_id)
    for no, row in rows_by_no(caseload).items():
        a = assess(policy, caseload.customer(no), caseload.contacts(no), TODAY, caseload.group_changes(no))
        assert (row.due_earliest, row.due_latest, row.due_rule, row.due_state) == (a.earliest, a.latest, a.rule_id, a.state)
        assert row.due_state is not None


def test_the_overview_names_the_caseworker(caseload):
    overview = caseload_overview(ctx(caseload, dt.datetime.combine(TODAY, dt.time(12), BERLIN)))
    assert overview.caseworker_name == "Herr Ömer Çelik" and overview.today == TODAY and len(overview.rows) == 2


@pytest.mark.parametrize(
    ("query", "finds_joerg", "finds_ayse"),
    [
        ("", True, True),
        ("müller", True, False),
        ("Mueller", True, False),
        ("muller", True, False),
        ("WEISS", True, False),
        ("jörg weiß", True, False),
        ("weiß-müller, jörg", True, False),
        ("Oezdemir", False, True),
        ("ayse", False, True),
        ("123a", True, False),
        ("10.03.2001", True, False),
        ("Jörg Özdemir", False, False),  # every word must match the same customer
    ],
)
def test_search(query, finds_joerg, finds_ayse):
    terms = search_terms(query)
    assert search_matches(search_key(JOERG), terms) is finds_joerg
    assert search_matches(search_key(AYSE), terms) is finds_ayse
    assert search_matcher(terms)(search_key(JOERG)) is finds_joerg  # the table's quicker form agrees
    assert search_matcher(terms)(search_key(AYSE)) is finds_ayse


def test_a_customer_spelled_with_ue_is_found_by_the_umlaut():
    mueller = Customer("1", "Mueller", "Hans", dt.date(1990, 1, 1), Status.ARBEITSLOS)
    assert search_matches(search_key(mueller), search_terms("Müller"))


@given(st.sampled_from([JOERG, AYSE]), st.data())
def test_any_part_of_a_name_in_any_case_finds_the_customer(customer, data):
    name = data.draw(st.sampled_from([customer.last_name, customer.first_name]))
    start = data.draw(st.integers(0, len(name) - 1))
    part = name[start:data.draw(st.integers(start + 1, len(name)))]
    assert search_matches(search_key(customer), search_terms(part.upper()))
    assert search_matches(search_key(customer), search_terms(part.lower()))


def test_the_overview_imports_no_qt():
    code = "import sys, terminassistent.services.monitoring.overview; print('PySide6' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"


def test_a_large_caseload_is_first_read_without_its_history(caseload):
    caseload.add_contact(Contact(JOERG.customer_no, at(2026, 2, 2, 9), Channel.PERSOENLICH, ContactKind.BERATUNG))
    caseload.add_appointment(booked(AYSE.customer_no, at(2026, 3, 20, 9)))
    context = ctx(caseload, dt.datetime.combine(TODAY, dt.time(12), BERLIN))
    quick, full = caseload_overview(context, quick_from=2).rows, caseload_overview(context, quick_from=3).rows
    assert unassessed(quick) == {JOERG.customer_no, AYSE.customer_no} and unassessed(full) == set()
    assert [r.display_name for r in quick] == [r.display_name for r in full]
    assert [r.search_key for r in quick] == [r.search_key for r in full]
    assert [r.next_appointment for r in quick] == [r.next_appointment for r in full]
    assert all(r.last_contact is None and r.due_state is None for r in quick)
    assert {r.customer_no: r.last_contact for r in full}[JOERG.customer_no] == dt.date(2026, 2, 2)


def test_many_customers_at_once_are_assessed_in_one_pass_with_the_same_result(caseload, monkeypatch):
    caseload.add_contact(Contact(JOERG.customer_no, at(2026, 2, 2, 9), Channel.PERSOENLICH, ContactKind.BERATUNG))
    caseload.add_appointment(booked(AYSE.customer_no, at(2026, 3, 20, 9)))
    numbers = [JOERG.customer_no, AYSE.customer_no]
    one_by_one = customer_overview(ctx(caseload), TODAY, numbers)
    monkeypatch.setattr(survey, "FEW", 1)
    in_one_pass = customer_overview(ctx(caseload), TODAY, numbers)
    assert sorted(one_by_one, key=lambda r: r.customer_no) == sorted(in_one_pass, key=lambda r: r.customer_no)
    assert [r.customer_no for r in customer_overview(ctx(caseload), TODAY, [AYSE.customer_no, "000X000000"])] == [
        AYSE.customer_no]


def test_one_pass_over_a_whole_caseload_agrees_with_each_customer_read_alone(tmp_path, monkeypatch):
    """The one pass merges the customers and their histories in Kundennummer order: customers
    without contacts, with contacts before the policy's horizon only, and one who left the
    caseload (not listed) all come out as if each were read alone."""
    import dataclasses

    from tests.benchmarks.caseloads import NOW as BENCH_NOW
    from tests.benchmarks.caseloads import build as build_synthetic

    path = build_synthetic(tmp_path / "synth.db", 120, seed=3)
    with Caseload.open(path) as c:
        customers = c.customers()
        gone = customers[7]
        c.update_customer(dataclasses.replace(gone, left_on=BENCH_NOW.date()))
        c.add_customers([Customer("000A000000", "Ohne", "Kontakte", dt.date(1990, 5, 5), Status.ARBEITSLOS),
                         Customer("zzz", "Zuletzt", "Ohne", dt.date(1990, 5, 5), Status.ARBEITSLOS)])
        context = ctx(c, BENCH_NOW)
        numbers = [x.customer_no for x in c.customers()]
        assert gone.customer_no not in numbers
        whole = customer_overview(context)
        run = sorted(numbers)[10:60]  # a run of Kundennummern, as the desktop fills them in
        monkeypatch.setattr(survey, "FEW", 1)
        in_a_run = customer_overview(context, None, run)
        monkeypatch.setattr(survey, "FEW", 10**6)
        alone = customer_overview(context, None, numbers)
    assert [r.customer_no for r in whole] == numbers
    assert whole == alone
    assert in_a_run == [r for r in whole if r.customer_no in run]


def _former_search_key(customer) -> str:
    """``search_key`` before its quicker form: every part folded alike, the birth date by strftime."""
    parts = [customer.customer_no, f"{customer.last_name}, {customer.first_name}", f"{customer.first_name} {customer.last_name}"]
    if all(part.isascii() for part in parts):
        return " | ".join(dict.fromkeys([*(fold(part) for part in parts), f"{customer.birth_date:%d.%m.%Y}"]))
    variants: list[str] = []
    for part in parts:
        variants.extend(sorted(_variants(part)))
    variants.append(f"{customer.birth_date:%d.%m.%Y}")
    return " | ".join(dict.fromkeys(variants))


_NAMES = st.text(st.sampled_from("abzAZ äöüßÄÖÜéçİ,.-|\t"), max_size=8)


@given(_NAMES, _NAMES, _NAMES, st.dates())
def test_the_search_key_is_the_one_of_every_part_folded_alike(number, last, first, born):
    customer = Customer(number or "1", last, first, born, Status.ARBEITSLOS)
    assert search_key(customer) == _former_search_key(customer)
    assert day_text(born) == f"{born:%d.%m.%Y}"
