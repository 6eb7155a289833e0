"""The week: quota with holidays and absences, the planner, outcomes and the invitation chain,
and the monitoring reports, on the hand-built caseload in handmade.py."""

import datetime as dt

import pytest

from terminassistent.domain.model import AppointmentStatus, Channel
from terminassistent.domain.workweek import WorkWeek
from terminassistent.errors import UserError
from terminassistent.policy import load_policy
from terminassistent.services.monitoring import survey as monitoring
from terminassistent.services.conversation.outcomes import record_outcome, unexcused_misses
from terminassistent.services.planning.planner import apply_plan, plan_week
from terminassistent.services.planning.week_quota import week_quota
from terminassistent.storage import Caseload

from .handmade import CHAINED, LATER, MONDAY, NEVER, NOW, OVERDUE, PUPIL, SOON, at, build, held_and_missed
from tests.context import ctx
from tests.cli.helpers import exported

AA90 = load_policy("aa90-jba")


@pytest.fixture
def caseload(tmp_path):
    with build(tmp_path / "hand.db") as c:
        yield c


def test_week_target_is_reduced_for_the_training_day(caseload):
    q = week_quota(ctx(caseload), MONDAY, AA90)
    assert q.week == "2026-W49" and q.pro_rata_target == 20
    # One of five equal days is lost: 20 x 4/5 = 16.
    assert (q.planned_minutes, q.available_minutes) == (5 * 450, 4 * 450)
    assert q.target == 16
    assert q.statuses["booked"] == 1 and q.expected == 1


def test_a_holiday_week_and_part_time(tmp_path):
    with build(tmp_path / "teil.db", hours=19.5) as c:
        christmas = week_quota(ctx(c), dt.date(2026, 12, 21), AA90)  # 25.12. is a holiday (26.12. a Saturday)
        assert christmas.pro_rata_target == 10  # 20 x 19.5/39
        assert christmas.target == 8  # four of five days: 10 x 4/5


def test_the_plan_takes_the_neediest_first_and_never_double_books(caseload):
    plan = plan_week(ctx(caseload, NOW), MONDAY)
    names = [p.customer_no for p in plan.proposed]
    assert CHAINED.customer_no not in names, "already in the invitation chain"
    assert PUPIL.customer_no not in names, "no density prescribed"
    # LATER's window opens only in February: bringing him in now would be months too early.
    assert set(names) == {OVERDUE.customer_no, NEVER.customer_no, SOON.customer_no}
    assert plan.before == 1 and plan.after == 4 and plan.target == 16
    kinds = {p.customer_no: p.kind.value for p in plan.proposed}
    assert kinds[NEVER.customer_no] == "erstgespraech" and kinds[OVERDUE.customer_no] == "folgegespraech"
    week = WorkWeek.for_caseworker(caseload.caseworker(), caseload.absences())
    booked = caseload.appointments(statuses=[AppointmentStatus.BOOKED])
    for p in plan.proposed:
        assert week.conflict(p.start, p.end, booked, now=NOW) is None
        assert p.start.date().isocalendar()[1] == 49
    spans = sorted((p.start, p.end) for p in plan.proposed)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:]))
    reasons = {p.customer_no: p.reasons[0] for p in plan.proposed}
    assert reasons[OVERDUE.customer_no] == "überfällig seit 02.09.2026"
    assert reasons[NEVER.customer_no] == "noch kein anrechenbarer Kontakt"
    assert reasons[SOON.customer_no] == "spätestens bis 05.12.2026"


def test_a_plan_writes_nothing_until_applied(caseload):
    before = exported(caseload)
    plan = plan_week(ctx(caseload, NOW), MONDAY)
    assert exported(caseload) == before
    booked = apply_plan(ctx(caseload, NOW), plan).appointments
    assert len(booked) == len(plan.proposed)
    assert week_quota(ctx(caseload), MONDAY, AA90).expected == plan.after


def test_attendance_raises_the_number_booked(caseload):
    held_and_missed(caseload, held=15, missed=5)  # 75 % attendance
    plan = plan_week(ctx(caseload, NOW), MONDAY)
    assert plan.attendance == pytest.approx(0.75)
    assert "deshalb" in plan.notes[0]


def test_held_records_the_conversation(caseload):
    [appointment] = caseload.appointments(customer_no=CHAINED.customer_no)
    outcome = record_outcome(ctx(caseload, appointment.end), appointment.id, AppointmentStatus.HELD, channel=Channel.TELEFONISCH)
    assert outcome.contact.at == appointment.start and outcome.contact.channel is Channel.TELEFONISCH
    assert outcome.appointment.sequence == 1 and outcome.next_proposal is None


def test_missed_continues_the_chain_at_once_and_counts(caseload):
    [appointment] = caseload.appointments(customer_no=CHAINED.customer_no)
    assert unexcused_misses(caseload, CHAINED.customer_no) == 0
    outcome = record_outcome(ctx(caseload, appointment.end), appointment.id, AppointmentStatus.MISSED, reason="nicht erschienen")
    assert outcome.unexcused_misses == 1
    slots = outcome.next_proposal.slots
    assert slots, "the chain continues"
    first_possible = appointment.end.date() + dt.timedelta(days=3)  # postal notice
    assert all(first_possible <= s.start.date() <= first_possible + dt.timedelta(days=14) for s in slots)


def test_outcomes_are_refused_when_they_make_no_sense(caseload):
    [appointment] = caseload.appointments(customer_no=CHAINED.customer_no)
    with pytest.raises(UserError, match="in der Zukunft"):
        record_outcome(ctx(caseload, NOW), appointment.id, AppointmentStatus.HELD)
    with pytest.raises(UserError, match="Grund"):
        record_outcome(ctx(caseload, NOW), appointment.id, AppointmentStatus.CANCELLED)
    record_outcome(ctx(caseload, NOW), appointment.id, AppointmentStatus.CANCELLED, reason="Kunde krank")
    with pytest.raises(UserError, match="nicht überschrieben"):
        record_outcome(ctx(caseload, NOW), appointment.id, AppointmentStatus.MISSED, reason="x")


def test_monitoring_reports(caseload):
    today = dt.date(2026, 11, 27)
    statuses = monitoring.survey(ctx(caseload), today)
    due = [s.customer.customer_no for s in monitoring.due_within(statuses, today, days=14)]
    assert due == [CHAINED.customer_no, OVERDUE.customer_no, NEVER.customer_no, SOON.customer_no]
    unseen = monitoring.not_seen_since(statuses, dt.date(2026, 5, 1))
    assert {s.customer.customer_no for items in unseen.values() for s in items} == {
        OVERDUE.customer_no, CHAINED.customer_no, NEVER.customer_no, PUPIL.customer_no}
    groups = {g.group: g for g in monitoring.compliance_by_group(statuses)}
    ue25 = groups["Ü25, arbeitslos"]
    # CHAINED and OVERDUE are past their latest date; NEVER has no qualifying contact: due now,
    # which is no more within the density than overdue.
    assert ue25.customers == 5 and ue25.by_state["overdue"] == 2 and ue25.by_state["due_now"] == 1
    assert ue25.compliant_share == pytest.approx(2 / 5)
    never = next(s for s in statuses if s.customer == NEVER)
    assert never.assessment.state.label == "sofort fällig" and never.assessment.latest == today
    chained = next(s for s in statuses if s.customer == CHAINED)
    assert chained.next_appointment == at(MONDAY + dt.timedelta(days=1), 9)


def test_the_trimmed_history_gives_the_same_assessment_as_the_whole(tmp_path):
    """The planner reads only the history that can matter; on a three-year caseload every
    customer's assessment must come out exactly as from their whole history."""
    from collections import defaultdict

    from terminassistent.domain.density import assess
    from terminassistent.services.monitoring.history import qualifying_history
    from tests.benchmarks.caseloads import TODAY
    from tests.benchmarks.caseloads import build as build_synthetic

    path = build_synthetic(tmp_path / "synth.db", 300, seed=5)
    with Caseload.open(path) as c:
        whole_history = {customer.customer_no: c.contacts(customer.customer_no) for customer in c.customers()}
        for policy_id in ("aa90-jba", "ba-2010", "uelzen-2019", "moenchengladbach-2012"):
            policy = load_policy(policy_id)
            for on in (TODAY, TODAY - dt.timedelta(days=200)):
                trimmed = defaultdict(list)
                for contact in qualifying_history(c, policy, on):
                    trimmed[contact.customer_no].append(contact)
                for customer in c.customers():
                    groups = c.group_changes(customer.customer_no)
                    whole = assess(policy, customer, whole_history[customer.customer_no], on, groups)
                    short = assess(policy, customer, trimmed[customer.customer_no], on, groups)
                    assert short.qualifying[-1:] == whole.qualifying[-1:], customer
                    assert (short.earliest, short.latest, short.state, short.in_person_required, short.count_reached,
                            short.warnings) == (whole.earliest, whole.latest, whole.state, whole.in_person_required,
                                                whole.count_reached, whole.warnings), customer


# -- concluding a conversation: what the review of 21.11.2026 found --------------------------------

def test_a_recorded_outcome_is_not_overwritten_by_concluding(caseload):
    from terminassistent.services.conversation.conclude import conclude_conversation

    [appointment] = caseload.appointments(customer_no=CHAINED.customer_no)
    after = appointment.end + dt.timedelta(hours=1)
    record_outcome(ctx(caseload, after), appointment.id, AppointmentStatus.MISSED, reason="nicht erschienen")
    before = exported(caseload)
    with pytest.raises(UserError, match="schon als »versäumt« erfasst"):
        conclude_conversation(ctx(caseload, after), CHAINED.customer_no, after, held_appointment_id=appointment.id)
    assert exported(caseload) == before


def test_concluding_the_same_appointment_twice_counts_it_once(caseload):
    from terminassistent.services.conversation.conclude import conclude_conversation

    [appointment] = caseload.appointments(customer_no=CHAINED.customer_no)
    after = appointment.end
    conclude_conversation(ctx(caseload, after), CHAINED.customer_no, after, held_appointment_id=appointment.id)
    with pytest.raises(UserError, match="schon als »wahrgenommen« erfasst"):
        conclude_conversation(ctx(caseload, after), CHAINED.customer_no, after, held_appointment_id=appointment.id)
    assert len([c for c in caseload.contacts(CHAINED.customer_no) if c.at == after]) == 1


def test_concluding_without_naming_it_marks_the_appointment_of_that_day_held(caseload):
    from terminassistent.services.conversation.conclude import conclude_conversation

    [appointment] = caseload.appointments(customer_no=CHAINED.customer_no)
    early = appointment.start - dt.timedelta(hours=1)  # the customer came an hour early
    result = conclude_conversation(ctx(caseload, early + dt.timedelta(minutes=40)), CHAINED.customer_no, early)
    assert result.held is not None and result.held.id == appointment.id
    assert caseload.appointment(appointment.id).status is AppointmentStatus.HELD
    assert appointment.id in result.changes.appointments and CHAINED.customer_no in result.changes.customers


def test_a_later_booking_is_named_or_replaced_when_the_next_date_is_booked(caseload):
    from terminassistent.services.conversation.conclude import conclude_conversation

    [later] = caseload.appointments(customer_no=CHAINED.customer_no)  # Tuesday of the week, still booked
    nxt = at(MONDAY + dt.timedelta(days=2), 10)
    result = conclude_conversation(ctx(caseload, NOW), CHAINED.customer_no, NOW, next_start=nxt)
    assert result.held is None and caseload.appointment(later.id).status is AppointmentStatus.BOOKED
    assert "Der Termin am 01.12.2026 um 09:00 Uhr bleibt außerdem gebucht." in result.warnings

    other = conclude_conversation(ctx(caseload, NOW), OVERDUE.customer_no, NOW,
                                  next_start=at(MONDAY + dt.timedelta(days=2), 14))
    assert other.cancelled == ()
    replaced = conclude_conversation(ctx(caseload, NOW), OVERDUE.customer_no, NOW,
                                     next_start=at(MONDAY + dt.timedelta(days=4), 9), replace_booked=True)
    assert [a.id for a in replaced.cancelled] == [other.appointment.id]
    assert caseload.appointment(other.appointment.id).status is AppointmentStatus.CANCELLED
    assert caseload.appointment(other.appointment.id).reason == "durch einen neuen Termin ersetzt"


def test_an_overdue_customer_can_be_booked_after_a_conversation_that_does_not_count(caseload):
    from terminassistent.domain.model import ContactKind
    from terminassistent.services.conversation.conclude import conclude_conversation

    nxt = at(MONDAY + dt.timedelta(days=2), 9)  # within the overdue horizon, after the latest day
    result = conclude_conversation(ctx(caseload, NOW), OVERDUE.customer_no, NOW, kind=ContactKind.ALLGEMEIN,
                                   next_start=nxt)
    assert result.appointment.start == nxt
    assert result.warnings[0].startswith("Der Kontakt ist seit 02.09.2026 überfällig")
    too_late = at(MONDAY + dt.timedelta(days=30), 9)
    with pytest.raises(UserError, match="bitte wählen Sie einen Termin bis"):
        conclude_conversation(ctx(caseload, NOW + dt.timedelta(days=9)), SOON.customer_no, NOW + dt.timedelta(days=9), kind=ContactKind.ALLGEMEIN,
                              next_start=too_late)


@pytest.mark.parametrize("kind, due, reason, message", [
    ("allgemein", dt.date(2027, 3, 1), "Maßnahme", "nur mit einem Kontakt festgehalten werden, der nach dem"),
    ("beratung", dt.date(2026, 11, 1), "Maßnahme", "muss nach dem Gespräch liegen"),
    ("beratung", dt.date(2027, 3, 1), "  ", "braucht einen Grund"),
])
def test_a_deviation_must_be_justified_dated_and_on_a_counting_contact(caseload, kind, due, reason, message):
    from terminassistent.domain.model import ContactKind, Deviation
    from terminassistent.services.conversation.conclude import conclude_conversation

    before = exported(caseload)
    with pytest.raises(UserError, match=message):
        conclude_conversation(ctx(caseload, NOW), LATER.customer_no, NOW, kind=ContactKind(kind),
                              deviation=Deviation(due, reason))
    assert exported(caseload) == before


def test_excused_proposes_a_new_date_and_does_not_count_as_a_miss(caseload):
    [appointment] = caseload.appointments(customer_no=CHAINED.customer_no)
    outcome = record_outcome(ctx(caseload, appointment.end), appointment.id, AppointmentStatus.EXCUSED, reason="Arbeitsunfähigkeit")
    assert outcome.unexcused_misses == 0 and outcome.next_proposal.slots


def test_a_planned_week_respects_the_postal_notice(caseload):
    # planned on the Wednesday before: posted then, deemed received on Sunday (§ 37 Abs. 2 SGB X)
    wednesday = at(MONDAY - dt.timedelta(days=5), 9)
    plan = plan_week(ctx(caseload, wednesday), MONDAY)
    assert plan.proposed and all(MONDAY <= p.start.date() < MONDAY + dt.timedelta(days=5) for p in plan.proposed)
    # planned on Friday, a letter is deemed received on Tuesday: nothing before Wednesday
    friday = at(MONDAY - dt.timedelta(days=3), 9)
    plan = plan_week(ctx(caseload, friday), MONDAY)
    assert plan.proposed and all(p.start.date() >= MONDAY + dt.timedelta(days=2) for p in plan.proposed)
    # planned on the Monday itself, nothing in that week can be reached by post, and the plan says why
    plan = plan_week(ctx(caseload, at(MONDAY, 7)), MONDAY)
    assert plan.proposed == () and any("in dieser Woche ist danach kein Platz" in n for n in plan.notes)


def test_a_plan_that_no_longer_fits_is_not_applied_at_all(caseload):
    plan = plan_week(ctx(caseload, NOW), MONDAY)
    first, last = plan.proposed[0], plan.proposed[-1]
    from terminassistent.services.scheduling.booking import book

    book(ctx(caseload, NOW), LATER.customer_no if last.customer_no != LATER.customer_no else SOON.customer_no,
         last.start)  # someone takes the last planned slot meanwhile
    before = exported(caseload)
    with pytest.raises(UserError, match="Der Plan wurde nicht übernommen"):
        apply_plan(ctx(caseload, NOW), plan)
    assert exported(caseload) == before
    assert first.start < last.start


def test_attendance_is_not_guessed_from_fewer_than_20_appointments(caseload):
    held_and_missed(caseload, held=10, missed=5)
    assert plan_week(ctx(caseload, NOW), MONDAY).attendance is None


def test_quota_history_of_the_last_weeks(caseload):
    history = monitoring.quota_history(ctx(caseload), dt.date(2026, 12, 7), weeks=2)
    assert [h["week"] for h in history] == ["2026-W48", "2026-W49"]
    assert history[1]["target"] == 16 and history[1]["reached"] is False
