"""What goes into the caseload comes out the same, after closing and reopening the file."""

import datetime as dt
import os
import stat
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from terminassistent.domain.model import (
    Absence,
    AbsenceKind,
    Address,
    CustomerSummary,
    AppointmentKind,
    AppointmentStatus,
    Channel,
    ContactKind,
    Customer,
    Deviation,
    Flag,
    Preferences,
    Profile,
    Salutation,
    Status,
)
from terminassistent.storage import Caseload

from .conftest import AYSE, CASEWORKER, JOERG, a_contact, an_appointment, berlin


def test_caseworker_settings_survive_reopening(caseload, db_path):
    caseload.close()
    with Caseload.open(db_path) as again:
        assert again.caseworker() == CASEWORKER


def test_customers_keep_every_field_and_umlauts(caseload, db_path):
    caseload.close()
    with Caseload.open(db_path) as again:
        assert again.customer("123A456789") == JOERG
        assert again.customer("987B654321") == AYSE
        assert [c.last_name for c in again.customers()] == ["Weiß-Müller", "Özdemir"]  # SQLite sorts by code point
        assert again.customer_summaries() == [CustomerSummary.of(c) for c in again.customers()]
        assert again.customer_summaries()[0].display_name == "Weiß-Müller, Jörg"


def test_contacts_keep_time_channel_kind_and_deviation(caseload, db_path):
    deviation = Deviation(dt.date(2026, 9, 1), "Maßnahme beginnt am 1.9., bis dahin kein Bedarf")
    first = caseload.add_contact(a_contact(at=berlin(2026, 3, 29, 10, 15), deviation=deviation))  # DST day
    second = caseload.add_contact(
        a_contact(at=berlin(2026, 1, 5, 14, 0), channel=Channel.TELEFONISCH, kind=ContactKind.ALLGEMEIN, note="Unterlagen abgegeben")
    )
    caseload.close()
    with Caseload.open(db_path) as again:
        stored = again.contacts(JOERG.customer_no)
    assert stored == [second, first]  # in time order
    assert stored[1].at == berlin(2026, 3, 29, 10, 15) and stored[1].at.utcoffset() == dt.timedelta(hours=2)


def test_appointment_changes_raise_the_sequence(caseload):
    booked = caseload.add_appointment(an_appointment(kind=AppointmentKind.ERSTGESPRAECH))
    assert booked.id is not None and booked.sequence == 0
    missed = caseload.update_appointment(replace(booked, status=AppointmentStatus.MISSED, reason="nicht erschienen"))
    assert missed.sequence == 1
    assert caseload.appointment(booked.id) == missed


def test_appointments_in_a_time_range(caseload):
    early = caseload.add_appointment(an_appointment(start=berlin(2026, 12, 1, 9, 0)))
    late = caseload.add_appointment(an_appointment(AYSE, start=berlin(2026, 12, 3, 11, 0)))
    assert caseload.appointments(start=berlin(2026, 12, 2), end=berlin(2026, 12, 4)) == [late]
    assert caseload.appointments(customer_no=JOERG.customer_no) == [early]
    assert caseload.appointments(statuses=[AppointmentStatus.CANCELLED]) == []


def test_absences_whole_and_part_days(caseload):
    leave = caseload.add_absence(Absence(berlin(2026, 12, 21), berlin(2027, 1, 2), AbsenceKind.URLAUB, "Jahresurlaub"))
    training = caseload.add_absence(Absence(berlin(2026, 12, 9, 12), berlin(2026, 12, 9, 16), AbsenceKind.FORTBILDUNG))
    assert caseload.absences() == [training, leave]
    caseload.remove_absence(training.id)
    assert caseload.absences() == [leave]


def test_settings_round_trip(caseload):
    caseload.set_setting("slot_minutes", 15)
    caseload.set_setting("slot_minutes", 30)
    assert caseload.setting("slot_minutes") == 30
    assert caseload.setting("unknown", "fallback") == "fallback"


def test_database_is_readable_by_its_owner_only(caseload, db_path):
    caseload.add_contact(a_contact())
    for path in [db_path, *db_path.parent.glob("bestand.db-*")]:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path


names = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30)
customers = st.builds(
    Customer,
    customer_no=names,
    last_name=names,
    first_name=names,
    birth_date=st.dates(dt.date(1940, 1, 1), dt.date(2012, 12, 31)),
    status=st.sampled_from(Status),
    profile=st.none() | st.sampled_from(Profile),
    flags=st.frozensets(st.sampled_from(Flag)),
    salutation=st.sampled_from(Salutation),
    address=st.none() | st.builds(Address, names, st.from_regex(r"\d{5}", fullmatch=True), names),
    preferences=st.builds(Preferences, st.booleans(), st.booleans(), st.frozensets(st.integers(0, 6))),
    notes=st.text(max_size=200),
    cooperation_plan=st.none() | st.dates(dt.date(2015, 1, 1), dt.date(2030, 12, 31)),
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(customer=customers)
def test_any_customer_round_trips(tmp_path_factory, customer):
    path = tmp_path_factory.mktemp("rt") / "x.db"
    with Caseload.create(path) as c:
        c.add_customer(customer)
    with Caseload.open(path) as c:
        assert c.customers() == [customer]
