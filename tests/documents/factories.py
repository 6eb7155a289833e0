"""A small caseload for the invitation tests: one caseworker, customers of every salutation."""

import datetime as dt

from terminassistent.domain.model import (
    BERLIN, Address, Appointment, Caseworker, Customer, Flag, Profile, Salutation, Status, TimeRange,
)

TODAY = dt.date(2026, 11, 21)  # the letters' date, fixed so the golden file stays put
NOW = dt.datetime(2026, 11, 21, 9, 30, tzinfo=BERLIN)  # the program's clock on that day: the letters are written then

CASEWORKER = Caseworker(
    name="Frau Sabine Krüger",
    office="Jobcenter Musterstadt, Beispielstraße 1, 12345 Musterstadt",
    room="2.14",
    phone="01234 5678-90",
    email="sabine.krueger@example.org",
    bundesland="NI",
    pattern={d: (TimeRange(dt.time(8), dt.time(16)),) for d in range(5)},
)

JOERG = Customer(
    customer_no="123A456789", last_name="Weiß-Müller", first_name="Jörg", birth_date=dt.date(2002, 2, 28),
    status=Status.ARBEITSLOS, profile=Profile.AKTIVIERUNG, flags=frozenset({Flag.GESUNDHEIT}),
    salutation=Salutation.HERR, address=Address("Am Beispielbach 3", "12345", "Musterstadt"),
    notes="Bewerbungsunterlagen überarbeiten",
)
AYSE = Customer(
    customer_no="987B654321", last_name="Özdemir", first_name="Ayşe", birth_date=dt.date(1979, 11, 5),
    status=Status.NICHT_GESETZT, salutation=Salutation.FRAU,
    address=Address("Große Straße 12a", "12347", "Musterstadt-Süd"),
)
KIM = Customer(
    customer_no="555C000111", last_name="Schäfer", first_name="Kim", birth_date=dt.date(1990, 6, 1),
    status=Status.ARBEITSUCHEND, salutation=Salutation.DIVERS, address=Address("Fließweg 7", "12345", "Musterstadt"),
)
NOMAD = Customer(
    customer_no="000D999999", last_name="Ohneanschrift", first_name="Nora", birth_date=dt.date(1985, 1, 1),
    status=Status.ARBEITSLOS, salutation=Salutation.FRAU, address=None,
)


def berlin(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BERLIN)


def book(caseload, customer=JOERG, start=None, minutes=45, **kw) -> Appointment:
    start = start or berlin(2026, 12, 1, 9, 0)
    return caseload.add_appointment(
        Appointment(customer.customer_no, start, start + dt.timedelta(minutes=minutes), **kw)
    )



def bracket_depth(text: str) -> int:
    """How deep round brackets nest in ``text`` ("a (b) c" is 1, "a (b (c))" is 2)."""
    depth = deepest = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        deepest = max(deepest, depth)
    return deepest
