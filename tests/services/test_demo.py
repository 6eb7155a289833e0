"""The demo caseload: deterministic, every group present, a believable history, a bookable week."""

import datetime as dt
import json
import os
import re
import subprocess
import sys
from collections import Counter

import pytest
from dateutil.relativedelta import relativedelta

from terminassistent.domain.model import (
    BERLIN,
    AbsenceKind,
    AppointmentKind,
    AppointmentStatus,
    Channel,
    ContactKind,
    Flag,
    Profile,
    Purpose,
    Salutation,
    Status,
)
from terminassistent.domain.workweek import WorkWeek, default_pattern
from terminassistent.errors import InvalidInput, StoreError
from terminassistent.services.demo import build
from terminassistent.services.demo.build import DemoOptions, build_demo, create_demo, generate_demo
from terminassistent.storage import Caseload
from tests.cli.helpers import snapshot

TODAY = dt.date(2026, 11, 23)
OPTIONS = DemoOptions(today=TODAY)
UTC = dt.timezone.utc


def export(path):
    return json.dumps(snapshot(path), ensure_ascii=False, sort_keys=True)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    create_demo(path, OPTIONS)
    with Caseload.open(path) as caseload:
        yield caseload


# -- determinism ----------------------------------------------------------------------------------


def test_the_same_options_give_the_same_export_and_another_seed_another(tmp_path):
    first, second, other = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "c.db"
    create_demo(first, OPTIONS)
    create_demo(second, OPTIONS)
    create_demo(other, DemoOptions(today=TODAY, seed=2))
    assert export(first) == export(second)
    assert export(first) != export(other)


def test_determinism_does_not_depend_on_string_hashing(tmp_path):
    """Regression guard: iterating a set of strings would differ between processes."""
    code = (
        "import datetime, json, sys; from terminassistent.services.demo.build import DemoOptions, generate_demo; "
        "d = generate_demo(DemoOptions(today=datetime.date(2026, 11, 23), customers=40, seed=7)); "
        "print(json.dumps([repr(x) for x in (d.customers, d.contacts, d.appointments, d.absences)]))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code], env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True, text=True, check=True
        ).stdout
        for seed in ("0", "4711")
    }
    assert len(outputs) == 1


def test_records_are_inserted_in_time_order(demo):
    contacts, appointments = demo.contacts(), demo.appointments()
    assert [c.id for c in contacts] == sorted(c.id for c in contacts)
    assert [a.id for a in appointments] == sorted(a.id for a in appointments)


# -- the caseworker -------------------------------------------------------------------------------


def test_the_caseworker_is_fictitious_and_works_the_default_pattern(demo):
    cw = demo.caseworker()
    assert cw.name == "Frau Sabine Krüger"
    assert "Musterstadt" in cw.office and cw.email.endswith("@example.org")
    assert (cw.bundesland, cw.weekly_hours, cw.full_time_hours, cw.policy_id) == ("NW", 39.0, 39.0, "aa90-jba")
    assert cw.pattern == default_pattern(39)


# -- the customers --------------------------------------------------------------------------------


def test_every_status_profile_flag_and_age_group_is_present(demo):
    customers = demo.customers()
    assert len(customers) == 150
    assert {c.status for c in customers} == set(Status)
    assert {c.profile for c in customers} == set(Profile) | {None}
    assert set().union(*(c.flags for c in customers)) == set(Flag)
    assert {c.salutation for c in customers} == set(Salutation)
    ages = [c.age_on(TODAY) for c in customers]
    assert min(ages) >= 16 and max(ages) <= 64
    assert sum(a < 25 for a in ages) >= 20 and sum(a >= 25 for a in ages) >= 80
    soon_25 = [c for c in customers if c.age_on(TODAY) == 24 and c.age_on(TODAY + dt.timedelta(weeks=6)) == 25]
    assert len(soon_25) >= 3


def test_flags_fit_the_people(demo):
    for c in demo.customers():
        if Flag.SCHUELER in c.flags:
            assert c.age_on(TODAY) < 21
        if Flag.BESCHAEFTIGT in c.flags:
            assert c.status is Status.ARBEITSUCHEND


def test_names_addresses_and_numbers_are_german_and_clearly_fictitious(demo):
    customers = demo.customers()
    names = " ".join(f"{c.first_name} {c.last_name}" for c in customers)
    assert re.search("[äöü]", names) and re.search("[ÄÖÜ]", names) and "ß" in names
    for c in customers:
        assert c.address is not None  # letters need one
        assert re.search("Muster|Beispiel", c.address.street) and re.fullmatch(r"1234\d", c.address.postal_code)
        assert re.fullmatch(r"\d{3}[A-E]\d{6}", c.customer_no)
    assert len({c.customer_no for c in customers}) == len(customers)
    assert any(c.preferences.mornings_only for c in customers)
    assert any(4 in c.preferences.avoid_weekdays for c in customers)
    assert 3 <= sum(bool(c.notes) for c in customers) <= 40


# -- the history ----------------------------------------------------------------------------------


def test_the_history_spans_eighteen_months_before_today(demo):
    contacts = demo.contacts()
    first, last = contacts[0].date, contacts[-1].date
    assert TODAY - relativedelta(months=18) <= first <= TODAY - relativedelta(months=17)
    assert TODAY - dt.timedelta(days=7) <= last < TODAY


def test_contacts_of_both_kinds_and_channels(demo):
    kinds = Counter((c.kind, c.channel) for c in demo.contacts())
    for kind in ContactKind:
        for channel in Channel:
            assert kinds[kind, channel] >= 10
    assert kinds[ContactKind.BERATUNG, Channel.PERSOENLICH] > kinds[ContactKind.BERATUNG, Channel.TELEFONISCH]


def test_held_appointments_have_their_counselling_note_and_the_others_a_reason(demo):
    counselling = {(c.customer_no, c.at, c.channel) for c in demo.contacts() if c.kind is ContactKind.BERATUNG}
    past = [a for a in demo.appointments() if a.start.date() < TODAY]
    statuses = Counter(a.status for a in past)
    assert statuses[AppointmentStatus.BOOKED] == 0
    assert min(statuses[s] for s in (AppointmentStatus.MISSED, AppointmentStatus.EXCUSED, AppointmentStatus.CANCELLED)) >= 10
    assert statuses[AppointmentStatus.HELD] > 0.7 * len(past)
    for a in past:
        if a.status is AppointmentStatus.HELD:
            assert (a.customer_no, a.start, a.channel) in counselling
        else:
            assert a.reason
    assert any("Arbeitsunfähigkeitsbescheinigung" in a.reason for a in past if a.status is AppointmentStatus.EXCUSED)
    assert any(a.kind is AppointmentKind.ERSTGESPRAECH and a.minutes == 60 for a in past)


def test_some_customers_are_overdue_and_some_were_not_seen_for_long(demo):
    last_seen = {}
    for c in demo.contacts():
        if c.kind is ContactKind.BERATUNG:
            last_seen[c.customer_no] = c.date
    booked = {a.customer_no for a in demo.appointments(statuses=[AppointmentStatus.BOOKED])}
    stale = [no for no, day in last_seen.items() if day < TODAY - dt.timedelta(days=270) and no not in booked]
    never = [c for c in demo.customers() if c.customer_no not in last_seen]
    assert len(stale) >= 3 and len(never) >= 4


def test_rhythms_differ_by_group(demo):
    """U25 unemployed are seen far more often than customers in Profillage Z (loosely, not a policy)."""
    customers = {c.customer_no: c for c in demo.customers()}
    per_customer = Counter(c.customer_no for c in demo.contacts() if c.kind is ContactKind.BERATUNG)

    def average(pick):
        numbers = [per_customer[no] for no, c in customers.items() if pick(c) and per_customer[no]]
        return sum(numbers) / len(numbers)

    young = average(lambda c: c.age_on(TODAY) < 25 and c.status is Status.ARBEITSLOS and Flag.FALLMANAGEMENT not in c.flags)
    assert young > 2 * average(lambda c: c.profile is Profile.Z)


# -- the coming weeks -----------------------------------------------------------------------------


def assert_bookable_calendar(caseload, today):
    cw = caseload.caseworker()
    absences = caseload.absences()
    week = WorkWeek(cw.pattern, cw.bundesland, absences)
    appointments = caseload.appointments()
    for a in appointments:  # past ones too were made in working time
        assert week.is_working_time(a.start, a.end), a
        assert 30 <= a.minutes <= 60
    ordered = sorted(appointments, key=lambda a: a.start.astimezone(UTC))
    for earlier, later in zip(ordered, ordered[1:]):
        assert earlier.end.astimezone(UTC) <= later.start.astimezone(UTC), (earlier, later)
    booked = [a for a in appointments if a.status is AppointmentStatus.BOOKED]
    midnight = dt.datetime.combine(today, dt.time(0), tzinfo=BERLIN)
    for a in booked:
        assert midnight <= a.start < midnight + dt.timedelta(days=21)
        assert week.holiday_name(a.start.date()) is None
        assert not any(x.start < a.end and a.start < x.end for x in absences)
        assert week.conflict(a.start, a.end, [b for b in appointments if b is not a], now=midnight) is None
    assert not [a for a in appointments if a.start >= midnight and a.status is not AppointmentStatus.BOOKED]
    return cw, week, booked


def test_booked_appointments_respect_the_working_week(demo):
    cw, week, booked = assert_bookable_calendar(demo, TODAY)
    per_week = Counter(a.start.isocalendar()[1] for a in booked)
    assert len(per_week) == 3
    assert 10 <= per_week[TODAY.isocalendar()[1]] <= 20  # about 60-80 % of 22 in a full week
    assert sum(a.kind is AppointmentKind.ERSTGESPRAECH and a.minutes == 60 for a in booked) >= 3


def test_point_6_every_demo_appointment_carries_the_purposes_chosen_when_it_was_booked(demo):
    appointments = demo.appointments()
    assert all(a.purposes and Purpose.VERMITTLUNG in a.purposes for a in appointments)
    first = [a for a in appointments if a.kind is AppointmentKind.ERSTGESPRAECH]
    assert first and all(Purpose.LEISTUNGSVERFAHREN in a.purposes for a in first)
    assert 1 < len({a.purposes for a in appointments}) <= 3  # not everyone has the settings' default


def test_the_caseworker_is_away_now_and_then_in_the_coming_weeks(demo):
    ahead = demo.absences(start=dt.datetime.combine(TODAY, dt.time(0), tzinfo=BERLIN))
    kinds = {a.kind for a in ahead}
    assert {AbsenceKind.FORTBILDUNG, AbsenceKind.URLAUB} <= kinds
    assert any(a.end - a.start < dt.timedelta(hours=12) for a in ahead)  # a part day
    past = demo.absences(end=dt.datetime.combine(TODAY, dt.time(0), tzinfo=BERLIN))
    assert {AbsenceKind.URLAUB, AbsenceKind.FORTBILDUNG, AbsenceKind.KRANKHEIT} <= {a.kind for a in past}


@pytest.mark.parametrize(
    ("today", "bundesland", "hours"),
    [
        (dt.date(2026, 12, 14), "NW", 39.0),  # Christmas and New Year on Fridays in the window
        (dt.date(2026, 12, 28), "BY", 19.5),  # Heilige Drei Könige, mornings only
        (dt.date(2027, 3, 22), "NI", 30.0),  # the clocks change, Good Friday, four days a week
        (dt.date(2026, 10, 21), "ni", 25.0),  # the autumn change and Reformationstag (a Saturday)
    ],
)
def test_other_options_keep_the_calendar_sound(tmp_path, today, bundesland, hours):
    path = tmp_path / "demo.db"
    create_demo(path, DemoOptions(today=today, bundesland=bundesland, hours=hours, customers=80, seed=3))
    with Caseload.open(path) as caseload:
        cw, week, booked = assert_bookable_calendar(caseload, today)
        assert cw.bundesland == bundesland.upper() and cw.pattern == default_pattern(hours)
        assert booked and caseload.integrity_problems() == []
        holidays = week.holidays.between(today, today + dt.timedelta(days=21))
        assert holidays and not [a for a in booked if a.start.date() in holidays]


def test_the_integrity_check_finds_nothing(demo):
    assert demo.integrity_problems() == []


def test_a_caseload_larger_than_the_calendar_fills_days_without_double_booking():
    """With 1,200 customers most days are full, and the diary answers from what it remembers of
    each day: still no two appointments overlap and no day holds more than its room."""
    data = generate_demo(DemoOptions(today=TODAY, customers=1200, seed=5))
    week = WorkWeek(data.caseworker.pattern, data.caseworker.bundesland, data.absences)
    by_day: dict[dt.date, list] = {}
    for a in data.appointments:
        by_day.setdefault(a.start.astimezone(BERLIN).date(), []).append(a)
    full = 0
    for day, appointments in by_day.items():
        room = max(1, week.working_minutes(day) // 80)
        assert len(appointments) <= room, day
        full += len(appointments) == room
        ordered = sorted(appointments, key=lambda a: a.start.astimezone(UTC))
        assert all(a.end.astimezone(UTC) <= b.start.astimezone(UTC) for a, b in zip(ordered, ordered[1:])), day
        assert all(week.is_working_time(a.start, a.end) for a in appointments), day
    assert full > len(by_day) / 2


@pytest.mark.parametrize("customers, seed, months", [(40, 7, 18), (900, 3, 9)])
def test_the_diary_refuses_full_weeks_at_once_with_the_same_result(monkeypatch, customers, seed, months):
    """The diary remembers the days with no more room and refuses a week of them without trying
    each day: the demo is the same as when every day is tried (the generator is drawn alike)."""
    options = DemoOptions(today=TODAY, customers=customers, seed=seed, history_months=months)

    def records(data):
        return [repr(x) for x in (data.customers, data.absences, data.contacts, data.appointments)]

    quick = records(generate_demo(options))
    monkeypatch.setattr(build._Diary, "_no_room", lambda self, first, end, minutes: first >= end)
    assert records(generate_demo(options)) == quick


# -- refusals and failures ------------------------------------------------------------------------


def leftovers(path):
    return [p for p in path.parent.iterdir() if p.name.startswith(path.name)]


def test_a_failure_midway_leaves_no_file(tmp_path, monkeypatch):
    path = tmp_path / "demo.db"

    def broken(self, appointments):
        raise RuntimeError("Festplatte voll")

    monkeypatch.setattr(Caseload, "add_appointments", broken)
    with pytest.raises(RuntimeError):
        create_demo(path, OPTIONS)
    assert leftovers(path) == []


def test_an_existing_file_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "demo.db"
    path.write_bytes(b"meine Daten")
    with pytest.raises(StoreError, match="gibt es schon"):
        create_demo(path, OPTIONS)
    assert path.read_bytes() == b"meine Daten" and leftovers(path) == [path]


def test_invalid_options_are_refused_before_any_file_exists(tmp_path):
    with pytest.raises(InvalidInput) as err:
        DemoOptions(today=TODAY, bundesland="XY", hours=0, customers=0)
    assert len(err.value.problems) == 3 and "BB (Brandenburg)" in str(err.value)
    assert DemoOptions(today=TODAY, bundesland="by").bundesland == "BY"


def test_build_demo_refuses_a_caseload_with_customers(demo, tmp_path):
    path = tmp_path / "full.db"
    with Caseload.create(path) as caseload:
        build_demo(caseload, DemoOptions(today=TODAY, customers=5))
        with pytest.raises(StoreError, match="nicht leer"):
            build_demo(caseload, DemoOptions(today=TODAY, customers=5))
        assert caseload.customer_count() == 5


def test_a_tiny_demo_still_works(tmp_path):
    data = generate_demo(DemoOptions(today=TODAY, customers=1))
    assert len(data.customers) == 1


def test_build_time_for_150_customers(benchmark):
    """Measured, not asserted (pytest-benchmark; disabled by default, then it runs once)."""
    data = benchmark(generate_demo, OPTIONS)
    assert len(data.customers) == 150
