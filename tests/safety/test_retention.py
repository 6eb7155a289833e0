"""Abgang and erasure: nothing kept beyond the retention period, and the journal keeps only that an
erasure happened."""

import dataclasses
import datetime as dt
import sqlite3

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from terminassistent import settings as S
from terminassistent.domain.model import BERLIN, Appointment, AppointmentStatus, Channel, Contact, ContactKind
from terminassistent.errors import FieldProblems, UserError
from terminassistent.services.context import Context, fixed_clock
from terminassistent.services.journal.undo import undo
from terminassistent.services.retention.departure import record_departure
from terminassistent.services.retention.purge import EARLIEST, PurgePlan, erasure_reminder, purge, purge_plan
from terminassistent.storage import Caseload
from tests.services.handmade import CHAINED, LATER, MONDAY, NEVER, NOW, OVERDUE, PUPIL, SOON, at, caseworker

def years_later(ctx, years: int) -> Context:
    return Context(ctx.caseload, fixed_clock(NOW.replace(year=NOW.year + years)))


def file_bytes(path) -> bytes:
    return b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists())


def test_an_abgang_records_day_and_reason_cancels_future_bookings_and_leaves_the_caseload(ctx):
    booked = ctx.caseload.add_appointment(Appointment(SOON.customer_no, at(MONDAY, 9), at(MONDAY, 9, 45)))
    result = record_departure(ctx, SOON.customer_no, NOW.date(), "Arbeitsaufnahme")
    assert result.customer.left_on == NOW.date() and result.customer.leave_reason == "Arbeitsaufnahme"
    assert [a.id for a in result.cancelled] == [booked.id]
    assert ctx.caseload.appointment(booked.id).status is AppointmentStatus.CANCELLED
    assert SOON.customer_no not in {c.customer_no for c in ctx.caseload.customers()}
    assert SOON.customer_no in {c.customer_no for c in ctx.caseload.customers(departed=True)}
    assert undo(ctx).name == f"Abgang von {SOON.display_name} eintragen"
    assert ctx.caseload.customer(SOON.customer_no).left_on is None


def test_an_abgang_needs_a_reason_and_a_day_not_in_the_future(ctx):
    with pytest.raises(FieldProblems) as refused:
        record_departure(ctx, SOON.customer_no, NOW.date() + dt.timedelta(days=3), " ")
    assert set(refused.value.fields) == {"on", "reason"}
    assert ctx.caseload.customer(SOON.customer_no).left_on is None


def test_purge_lists_then_erases_what_is_past_the_period(ctx):
    record_departure(ctx, SOON.customer_no, NOW.date(), "Umzug")
    later = years_later(ctx, 3)
    plan = purge_plan(later)
    assert [c.customer_no for c in plan.customers] == [SOON.customer_no]
    assert plan.cutoff == dt.date(2027, 11, 27) and plan.months == 24
    result = purge(later)
    assert result.backup is not None and result.backup.path.exists()
    assert ctx.caseload.find_customer(SOON.customer_no) is None
    assert ctx.caseload.contacts(SOON.customer_no) == []
    assert not purge_plan(later), "nothing left to erase"
    # each remaining customer keeps the last Beratungsvermerk the due date is computed from
    assert ctx.caseload.contacts(LATER.customer_no)
    assert erasure_reminder(later) is None


def test_old_contacts_go_but_the_last_counselling_contact_stays(ctx):
    old = dt.datetime(2020, 5, 4, 9, tzinfo=BERLIN)
    ctx.caseload.add_contacts([Contact(OVERDUE.customer_no, old, Channel.PERSOENLICH, ContactKind.BERATUNG),
                               Contact(OVERDUE.customer_no, old, Channel.TELEFONISCH, ContactKind.ALLGEMEIN)])
    plan = purge_plan(ctx)
    assert len(plan.contacts) == 2 and "überschritten" not in plan.summary()
    assert "Bitte löschen Sie sie" in erasure_reminder(ctx)
    purge(ctx)
    assert [c.at.year for c in ctx.caseload.contacts(OVERDUE.customer_no)] == [2026]


def test_the_retention_period_is_a_setting(ctx):
    record_departure(ctx, SOON.customer_no, NOW.date(), "Umzug")
    S.put(ctx.caseload, S.RETENTION_MONTHS.key, 6)
    assert not purge_plan(Context(ctx.caseload, fixed_clock(NOW + dt.timedelta(days=150)))).customers
    assert purge_plan(Context(ctx.caseload, fixed_clock(NOW + dt.timedelta(days=200)))).customers


def test_erasure_leaves_no_trace_of_the_customer_in_the_journal_or_the_file(ctx):
    ctx.caseload.update_customer(dataclasses.replace(ctx.caseload.customer(SOON.customer_no), notes="Zauberwort4711"))
    with ctx.caseload.action(f"Kunde {SOON.display_name} bearbeiten", at=NOW):
        ctx.caseload.update_customer(dataclasses.replace(ctx.caseload.customer(SOON.customer_no), notes="Geheimnis0815"))
    record_departure(ctx, SOON.customer_no, dt.date(2026, 1, 2), "Umzug")  # recorded late
    S.put(ctx.caseload, S.RETENTION_MONTHS.key, 6)
    later = Context(ctx.caseload, fixed_clock(NOW + dt.timedelta(days=1)))  # the journal entries are younger
    purge(later)
    conn = sqlite3.connect(ctx.caseload.path)
    journal = conn.execute("SELECT action, customers, changes FROM journal").fetchall()
    conn.close()
    assert len(journal) == 3 and all(SOON.customer_no not in str(e) and SOON.last_name not in str(e) for e in journal)
    assert any(action.startswith("Abgelaufene Daten gelöscht: 1 Kunden") for action, _, _ in journal)
    data = file_bytes(ctx.caseload.path)
    for secret in (b"Zauberwort4711", b"Geheimnis0815", SOON.customer_no.encode()):
        assert secret not in data
    with pytest.raises(UserError, match="kann nicht rückgängig gemacht werden"):
        undo(later)


def _reference_plan(ctx) -> PurgePlan:
    """``purge_plan`` as it was before ``Caseload.expired``: every record read whole, then sorted out."""
    caseload = ctx.caseload
    months = S.RETENTION_MONTHS.read(caseload)
    cutoff = ctx.today() - relativedelta(months=months)
    cut = dt.datetime.combine(cutoff, dt.time(), BERLIN)
    leaving = tuple(c for c in caseload.customers(departed=True) if c.left_on is not None and c.left_on < cutoff)
    gone = {c.customer_no for c in leaving}
    old = [c for c in caseload.contacts_between(EARLIEST, cut) if c.customer_no not in gone]
    recent = caseload.recent_contacts(cut, [ContactKind.BERATUNG])
    newer = {(c.customer_no, c.channel) for c in recent if c.at >= cut}
    needed = {c.id for c in recent if c.at < cut and (c.customer_no, c.channel) not in newer}
    contacts = tuple(c.id for c in old if c.id not in needed)
    appointments = tuple(a.id for a in caseload.appointments(end=cut) if a.customer_no not in gone and a.end <= cut)
    return PurgePlan(cutoff, months, leaving, contacts, appointments)


_PEOPLE = (OVERDUE, SOON, LATER, CHAINED, NEVER, PUPIL)
_CUT = dt.datetime(2024, 11, 27, tzinfo=BERLIN)  # NOW less the 24 months of the default period


@settings(max_examples=60, deadline=None)
@given(
    contacts=st.lists(st.tuples(st.integers(0, 5), st.integers(-40, 40), st.integers(0, 23),
                                st.sampled_from(list(Channel)), st.sampled_from(list(ContactKind))), max_size=30),
    appointments=st.lists(st.tuples(st.integers(0, 5), st.integers(-40, 40), st.sampled_from([0, 9, 23])),
                          max_size=8, unique_by=lambda a: (a[1], a[2])),
    departed=st.dictionaries(st.integers(0, 5), st.integers(-3, 3), max_size=3),
)
def test_the_plan_read_as_ids_is_the_plan_read_as_records(tmp_path_factory, contacts, appointments, departed):
    """Around the cut-off (records at its very moment too), in every kind and channel, with and
    without Abgang: the ids ``Caseload.expired`` selects in SQL are those the records gave."""
    people = [dataclasses.replace(p, left_on=_CUT.date() + dt.timedelta(days=departed[n]) if n in departed else None)
              for n, p in enumerate(_PEOPLE)]
    caseload = Caseload.create(tmp_path_factory.mktemp("plan") / "bestand.db", caseworker())
    try:
        with caseload.transaction():
            caseload.add_customers(people)
            caseload.add_contacts([Contact(people[n].customer_no, _CUT + dt.timedelta(days=d, hours=h), channel, kind)
                                   for n, d, h, channel, kind in contacts])
            for n, d, h in appointments:
                start = _CUT + dt.timedelta(days=d, hours=h)
                caseload.add_appointment(Appointment(people[n].customer_no, start, start + dt.timedelta(minutes=45)))
        ctx = Context(caseload, fixed_clock(NOW))
        plan = _reference_plan(ctx)
        assert purge_plan(ctx) == plan
        assert erasure_reminder(ctx) == (f"{plan.summary()} Bitte löschen Sie sie (»terminassistent purge --db "
                                         f"{caseload.path} --apply«)." if plan else None)
    finally:
        caseload.close()
