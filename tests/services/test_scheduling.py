"""Propose, book and conclude against a real (demo) caseload and the shipped policies."""

import datetime as dt
import json
import re

import pytest

from terminassistent.cli import main
from terminassistent.domain.model import BERLIN, AppointmentStatus, ContactKind, Deviation
from terminassistent.domain.workweek import WorkWeek
from terminassistent.errors import UserError
from terminassistent.services.demo.build import DemoOptions, create_demo
from terminassistent.services.conversation.conclude import conclude_conversation
from terminassistent.services.scheduling.booking import book
from terminassistent.services.scheduling.proposals import propose_first, propose_next
from terminassistent.storage import Caseload
from tests.context import ctx
from tests.cli.helpers import exported

TODAY = dt.date(2026, 11, 23)
AT = dt.datetime(2026, 11, 23, 10, 0, tzinfo=BERLIN)


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    create_demo(path, DemoOptions(today=TODAY, seed=7))
    return path


@pytest.fixture
def caseload(demo_path, tmp_path):
    copy = tmp_path / "demo.db"
    copy.write_bytes(demo_path.read_bytes())
    with Caseload.open(copy) as c:
        yield c


def due_json(capsys, customer, policy, day):
    args = ["due", "--policy", policy, "--birth-date", customer.birth_date.isoformat(), "--status", customer.status.value,
            "--last-contact", day.isoformat(), "--on", day.isoformat(), "--json"]
    if customer.profile:
        args += ["--profile", customer.profile.value]
    for flag in sorted(customer.flags):
        args += ["--flag", flag.value]
    assert main(args) == 0
    return json.loads(capsys.readouterr().out)


def test_propose_and_due_agree_on_the_window_for_every_customer(caseload, capsys):
    policy = caseload.caseworker().policy_id
    for customer in caseload.customers():
        proposal = propose_next(ctx(caseload), customer.customer_no, AT, count=1)
        due = due_json(capsys, customer, policy, AT.date())
        assert (proposal.window.latest.isoformat() if proposal.window.latest else None) == due["latest"], customer
        if due["earliest"]:
            assert proposal.window.earliest.isoformat() == due["earliest"]
        assert proposal.rule == due["rule"]


def test_no_proposal_breaks_a_constraint(caseload):
    cw = caseload.caseworker()
    week = WorkWeek.for_caseworker(cw, caseload.absences())
    booked = caseload.appointments(statuses=[AppointmentStatus.BOOKED, AppointmentStatus.HELD])
    for customer in caseload.customers()[::3]:
        for at in (AT, AT + dt.timedelta(days=9, hours=3)):
            proposal = propose_next(ctx(caseload), customer.customer_no, at, count=5)
            for slot in proposal.slots:
                assert week.conflict(slot.start, slot.end, booked, now=at) is None, (customer, slot)
                if proposal.window.latest and proposal.window.latest >= at.date():
                    assert proposal.window.earliest <= slot.start.date() <= proposal.window.latest
                assert slot.end - slot.start == dt.timedelta(minutes=proposal.minutes)


def test_preferences_are_honoured(caseload):
    morning = next(c for c in caseload.customers() if c.preferences.mornings_only)
    slots = propose_next(ctx(caseload), morning.customer_no, AT).slots
    assert slots and all(s.end.astimezone(BERLIN).time() <= dt.time(12, 30) for s in slots)


def test_first_appointment_within_the_lead_time(caseload):
    caseload.save_caseworker(type(caseload.caseworker())(**{**caseload.caseworker().__dict__, "policy_id": "moenchengladbach-2012"}))
    customer = caseload.customers()[0]
    proposal = propose_first(ctx(caseload), customer.customer_no, AT, count=3)
    assert proposal.kind.value == "erstgespraech" and proposal.minutes == 60  # 45 + 15 preparation
    assert proposal.window.latest == dt.date(2026, 12, 7)  # 10 working days after Monday 23.11.
    assert all(s.start.date() <= proposal.window.latest for s in proposal.slots)


@pytest.mark.parametrize(
    "start, expected",
    [
        (dt.datetime(2026, 12, 25, 9, 0, tzinfo=BERLIN), "Feiertag (Erster Weihnachtstag)"),
        (dt.datetime(2026, 12, 2, 19, 0, tzinfo=BERLIN), "außerhalb der Arbeitszeit"),
        (dt.datetime(2026, 12, 10, 9, 0, tzinfo=BERLIN), "abwesend: Urlaub"),
        (dt.datetime(2026, 11, 20, 9, 0, tzinfo=BERLIN), "in der Vergangenheit"),
    ],
)
def test_booking_is_refused_with_what_is_in_the_way(caseload, start, expected):
    before = exported(caseload)
    with pytest.raises(UserError, match=re.escape(expected)):
        book(ctx(caseload, AT), caseload.customers()[0].customer_no, start)
    assert exported(caseload) == before


def test_an_overlap_is_refused(caseload):
    first, second = caseload.customers()[:2]
    start = dt.datetime(2026, 12, 14, 9, 0, tzinfo=BERLIN)
    book(ctx(caseload, AT), first.customer_no, start)
    with pytest.raises(UserError, match="schon ein Termin gebucht"):
        book(ctx(caseload, AT), second.customer_no, start + dt.timedelta(minutes=30))


def test_conclude_records_the_contact_and_books_in_one_go(caseload):
    customer = next(c for c in caseload.customers() if c.status.value == "arbeitslos")
    proposal = propose_next(ctx(caseload), customer.customer_no, AT, count=3)
    chosen = proposal.slots[0]
    result = conclude_conversation(ctx(caseload, AT), customer.customer_no, AT, next_start=chosen.start)
    assert result.appointment.start == chosen.start
    assert caseload.contacts(customer.customer_no)[-1].at == AT
    assert result.assessment.latest == proposal.window.latest


def test_a_failed_conclusion_leaves_nothing_half_written(caseload):
    customer = next(c for c in caseload.customers() if c.status.value == "arbeitslos")
    before = exported(caseload)
    with pytest.raises(UserError, match="abwesend"):  # the caseworker's leave, 9.–11.12.
        conclude_conversation(ctx(caseload, AT), customer.customer_no, AT, note="Bewerbungen besprochen",
                              next_start=dt.datetime(2026, 12, 10, 9, 0, tzinfo=BERLIN))
    assert exported(caseload) == before


def test_a_date_after_the_window_needs_a_justified_deviation(caseload):
    customer = next(c for c in caseload.customers() if c.status.value == "arbeitslos" and c.customer_no)
    latest = propose_next(ctx(caseload), customer.customer_no, AT).window.latest
    later = dt.datetime.combine(latest + dt.timedelta(days=21), dt.time(9), tzinfo=BERLIN)
    while later.weekday() >= 4:
        later += dt.timedelta(days=1)
    before = exported(caseload)
    with pytest.raises(UserError, match="begründete Abweichung"):
        conclude_conversation(ctx(caseload, AT), customer.customer_no, AT, next_start=later)
    assert exported(caseload) == before
    deviation = Deviation(later.date(), "Maßnahme beginnt, bis dahin kein Bedarf")
    result = conclude_conversation(ctx(caseload, AT), customer.customer_no, AT, deviation=deviation, next_start=later)
    assert result.appointment is not None
    assert any("Abweichung" in w for w in result.assessment.warnings)


def test_a_general_note_does_not_move_the_window(caseload):
    from terminassistent.domain.density import assess
    from terminassistent.policy import load_policy

    customer = next(c for c in caseload.customers() if c.status.value == "arbeitslos")
    policy = load_policy(caseload.caseworker().policy_id)
    before = assess(policy, customer, caseload.contacts(customer.customer_no), AT.date(),
                    caseload.group_changes(customer.customer_no))
    result = conclude_conversation(ctx(caseload, AT), customer.customer_no, AT, kind=ContactKind.ALLGEMEIN)
    assert result.assessment.latest == before.latest
    assert all(c.at != AT for c in result.assessment.qualifying)
