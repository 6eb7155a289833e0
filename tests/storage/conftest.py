import datetime as dt
import hashlib
import re

import pytest

from terminassistent.domain.model import (
    BERLIN,
    Absence,
    AbsenceKind,
    Address,
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    Caseworker,
    Channel,
    Contact,
    ContactKind,
    Customer,
    Deviation,
    Flag,
    Preferences,
    Profile,
    Salutation,
    Status,
    TimeRange,
)
from terminassistent.storage import Caseload


def berlin(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BERLIN)


CASEWORKER = Caseworker(
    name="Frau Sabine Krüger",
    office="Jobcenter Musterstadt, Beispielstraße 1, 12345 Musterstadt",
    room="2.14",
    phone="01234 5678-90",
    email="sabine.krueger@example.org",
    bundesland="NI",
    weekly_hours=25.0,
    full_time_hours=39.0,
    pattern={d: (TimeRange(dt.time(8), dt.time(13)),) for d in range(5)},
    policy_id="uelzen-2019",
)

JOERG = Customer(
    customer_no="123A456789",
    last_name="Weiß-Müller",
    first_name="Jörg",
    birth_date=dt.date(2002, 2, 28),
    status=Status.ARBEITSLOS,
    profile=Profile.AKTIVIERUNG,
    flags=frozenset({Flag.GESUNDHEIT, Flag.BESCHAEFTIGT}),
    salutation=Salutation.HERR,
    address=Address("Am Beispielbach 3", "12345", "Musterstadt"),
    preferences=Preferences(mornings_only=True, avoid_weekdays=frozenset({4})),
    notes="Bewerbungsunterlagen überarbeiten",
)

AYSE = Customer(
    customer_no="987B654321",
    last_name="Özdemir",
    first_name="Ayşe",
    birth_date=dt.date(1979, 11, 5),
    status=Status.NICHT_GESETZT,
    salutation=Salutation.FRAU,
)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "bestand.db"


@pytest.fixture
def caseload(db_path):
    with Caseload.create(db_path, CASEWORKER) as c:
        c.add_customers([JOERG, AYSE])
        yield c


def a_contact(customer=JOERG, at=None, channel=Channel.PERSOENLICH, kind=ContactKind.BERATUNG, **kw):
    return Contact(customer.customer_no, at or berlin(2026, 3, 2, 9, 30), channel, kind, **kw)


def an_appointment(customer=JOERG, start=None, minutes=45, **kw):
    start = start or berlin(2026, 12, 1, 9, 0)
    return Appointment(customer.customer_no, start, start + dt.timedelta(minutes=minutes), **kw)


__all__ = [
    "AbsenceKind", "Absence", "AppointmentKind", "AppointmentStatus", "Channel", "ContactKind", "Deviation",
]


# Words of SQLite's and Python's English error texts; none may reach a user.
ENGLISH = re.compile(
    r"\b(database|file is|not a|malformed|disk|locked|readonly|unable|attempt|error|invalid|isoformat|constraint"
    r"|failed|permission|denied|errno|no such|is not|string)\b",
    re.IGNORECASE,
)


def assert_german(message: str, *paths) -> None:
    """``message`` holds no English error text (the file's path, which may, is taken out first)."""
    for path in paths:
        message = message.replace(str(path), "PFAD")
    assert not ENGLISH.search(message), message
    assert message.rstrip().endswith((".", "?")), message


def snapshot(folder) -> dict[str, str]:
    """Every file in ``folder`` with the SHA-256 of its bytes."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}
