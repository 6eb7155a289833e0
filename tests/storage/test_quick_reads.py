"""Reads that skip work give what the plain read gives: ``recent_contacts`` (the history an
assessment needs, read in one pass over the index) is the history its docstring describes, for
every history, cut and depth; ``appointment_outcomes`` counts and ``next_booked`` picks from what
``appointments`` lists."""

import datetime as dt
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collections import Counter

from terminassistent.domain.model import Appointment, AppointmentStatus, Channel, Contact, ContactKind, Customer, Status
from terminassistent.storage import Caseload

from .conftest import CASEWORKER, berlin

NUMBERS = ("100A000001", "100B000002", "200A000003")
START = berlin(2026, 1, 5, 8, 0)


def expected(contacts: list[Contact], since: dt.datetime, kinds: list[ContactKind], in_person: int,
             span: tuple[str, str] | None = None) -> list[Contact]:
    """The docstring, literally: contacts of ``kinds`` from ``since`` on; before it, each customer's
    newest ``in_person`` contacts in person, less those since ``since`` (at least one; fewer: all
    of them), and everything of theirs after the oldest of those."""
    kept = []
    for number in {c.customer_no for c in contacts}:
        if span and not span[0] <= number <= span[1]:
            continue
        theirs = [c for c in contacts if c.customer_no == number and c.kind in kinds]
        seen = sum(1 for c in theirs if c.channel is Channel.PERSOENLICH and c.at >= since)
        before = sorted((c.at for c in theirs if c.channel is Channel.PERSOENLICH and c.at < since), reverse=True)
        first = min(before[:max(1, in_person - seen)], default=None)
        kept += [c for c in theirs if c.at >= since or first is None or c.at >= first]
    return kept


a_contact = st.builds(
    lambda no, day, minutes, channel, kind: (no, START + dt.timedelta(days=day, minutes=minutes), channel, kind),
    st.sampled_from(NUMBERS), st.integers(0, 40), st.sampled_from([0, 0, 30, 90]), st.sampled_from(list(Channel)),
    st.sampled_from(list(ContactKind)),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    history=st.lists(a_contact, max_size=25),
    cut_day=st.integers(-2, 45),
    in_person=st.integers(0, 4),
    kinds=st.sampled_from([[ContactKind.BERATUNG], [ContactKind.ALLGEMEIN], list(ContactKind)]),
    span=st.sampled_from([None, ("100A000001", "100B000002"), ("200A000003", "200A000003"), ("3", "4")]),
)
def test_recent_contacts_are_the_described_history(tmp_path_factory, history, cut_day, in_person, kinds, span):
    path = tmp_path_factory.mktemp("recent") / "bestand.db"
    with Caseload.create(path, CASEWORKER) as caseload:
        caseload.add_customers([Customer(no, "Muster", "Max", dt.date(1990, 1, 1), Status.ARBEITSLOS) for no in NUMBERS])
        stored = caseload.add_contacts([Contact(no, at, channel, kind) for no, at, channel, kind in history])
        since = START + dt.timedelta(days=cut_day)
        want = expected(stored, since, kinds, in_person)
        assert caseload.recent_contacts(since, kinds, in_person) == sorted(want, key=lambda c: (c.at, c.id))
        by_customer = [(no, list(group)) for no, group in itertools.groupby(
            sorted(expected(stored, since, kinds, in_person, span), key=lambda c: (c.customer_no, c.at, c.id)),
            key=lambda c: c.customer_no)]
        assert list(caseload.recent_contacts_by_customer(since, kinds, in_person, span=span)) == by_customer


@settings(max_examples=60, deadline=None)
@given(
    booked=st.lists(st.tuples(st.integers(0, 30 * 24 * 4), st.sampled_from([15, 45, 24 * 60 - 15]),
                              st.sampled_from(list(Channel)), st.sampled_from(list(AppointmentStatus))), max_size=30),
    since=st.integers(0, 30 * 24 * 4),
    weeks=st.integers(0, 3),
    channel=st.sampled_from(list(Channel)),
)
def test_appointment_outcomes_count_the_listed_appointments(tmp_path_factory, booked, since, weeks, channel):
    path = tmp_path_factory.mktemp("outcomes") / "bestand.db"
    with Caseload.create(path, CASEWORKER) as caseload:
        caseload.add_customers([Customer(NUMBERS[0], "Muster", "Max", dt.date(1990, 1, 1), Status.ARBEITSLOS)])
        for quarter, minutes, on, status in booked:  # one by one: they may overlap
            begin = START + dt.timedelta(minutes=15 * quarter)
            caseload.add_appointment(Appointment(NUMBERS[0], begin, begin + dt.timedelta(minutes=minutes), channel=on,
                                                 status=status, reason="" if status is AppointmentStatus.BOOKED else "x"))
        start = START + dt.timedelta(minutes=15 * since)
        end = start + dt.timedelta(weeks=weeks, hours=7)
        listed = Counter(a.status for a in caseload.appointments(start=start, end=end)
                         if start <= a.start < end and a.channel is channel)
        assert caseload.appointment_outcomes(start, end, channel) == dict(listed)


@settings(max_examples=60, deadline=None)
@given(
    booked=st.lists(st.tuples(st.sampled_from(NUMBERS), st.integers(0, 10 * 24 * 4), st.sampled_from([15, 45, 24 * 60 - 15]),
                              st.sampled_from(list(AppointmentStatus))), max_size=30),
    since=st.integers(0, 10 * 24 * 4),
)
def test_next_booked_is_each_customers_first_listed_booking(tmp_path_factory, booked, since):
    path = tmp_path_factory.mktemp("booked") / "bestand.db"
    with Caseload.create(path, CASEWORKER) as caseload:
        caseload.add_customers([Customer(no, "Muster", "Max", dt.date(1990, 1, 1), Status.ARBEITSLOS) for no in NUMBERS])
        for no, quarter, minutes, status in booked:  # one by one: they may overlap
            begin = START + dt.timedelta(minutes=15 * quarter)
            caseload.add_appointment(Appointment(no, begin, begin + dt.timedelta(minutes=minutes), status=status,
                                                 reason="" if status is AppointmentStatus.BOOKED else "x"))
        start = START + dt.timedelta(minutes=15 * since)
        first: dict[str, dt.datetime] = {}
        for a in caseload.appointments(start=start, statuses=[AppointmentStatus.BOOKED]):
            first.setdefault(a.customer_no, a.start)
        assert caseload.next_booked(start) == first
