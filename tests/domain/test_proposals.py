"""The ranking core: every proposal lies in free time inside the window, preferences and load count."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from terminassistent.domain.model import BERLIN, Preferences
from terminassistent.domain import proposals
from terminassistent.domain.proposals import Request, SchedulingRules, Window, propose


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=BERLIN)


class Book:
    """Mon–Fri 08:00–12:00 and 12:30–16:00, minus the given busy spans."""

    def __init__(self, busy=(), closed_days=()):
        self.busy = sorted(busy)
        self.closed = set(closed_days)

    def free_intervals(self, day):
        if day.weekday() >= 5 or day in self.closed:
            return []
        free = []
        for a, b in ((at(day, 8), at(day, 12)), (at(day, 12, 30), at(day, 16))):
            cursor = a
            for s, e in self.busy:
                if e <= cursor or s >= b:
                    continue
                if s > cursor:
                    free.append((cursor, s))
                cursor = max(cursor, e)
            if cursor < b:
                free.append((cursor, b))
        return free

    def day_load(self, day):
        return sum(1 for s, _ in self.busy if s.date() == day)

    def week_load(self, day):
        monday = day - dt.timedelta(days=day.weekday())
        return sum(1 for s, _ in self.busy if monday <= s.date() < monday + dt.timedelta(days=7))


MONDAY = dt.date(2026, 11, 23)
RULES = SchedulingRules()


def test_proposals_aim_before_the_latest_date_and_spread_over_days():
    request = Request(Window(MONDAY + dt.timedelta(days=1), MONDAY + dt.timedelta(days=42)), at(MONDAY, 10), 45)
    slots = propose(request, Book(), RULES, count=5)
    assert len(slots) == 5
    days = [s.start.date() for s in slots]
    assert len(set(days)) == 5, "one proposal per day"
    latest = MONDAY + dt.timedelta(days=42)
    assert all(latest - dt.timedelta(days=20) <= d <= latest - dt.timedelta(days=RULES.safety_margin_days) + dt.timedelta(days=3) for d in days), days
    assert any("Reserve für einen Ersatztermin" in r for r in slots[0].reasons)


def test_a_fuller_day_is_proposed_later_than_an_empty_one():
    target_day = MONDAY + dt.timedelta(days=42 - RULES.safety_margin_days)  # latest less the margin
    busy = [(at(target_day, h), at(target_day, h, 45)) for h in (8, 9, 10, 11, 13, 14)]
    request = Request(Window(MONDAY, MONDAY + dt.timedelta(days=42)), at(MONDAY, 10), 45)
    first = propose(request, Book(busy), RULES, count=1)[0]
    assert first.start.date() != target_day
    assert propose(request, Book(), RULES, count=1)[0].start.date() == target_day


def test_a_day_at_its_limit_is_never_proposed():
    rules = SchedulingRules(max_per_day=2)
    window = Window(MONDAY, MONDAY + dt.timedelta(days=4))
    busy = [(at(d, 8), at(d, 8, 30)) for d in (MONDAY + dt.timedelta(days=i) for i in range(4)) for _ in range(2)]
    slots = propose(Request(window, at(MONDAY, 7), 30), Book(busy), rules, count=5)
    assert [s.start.date() for s in slots] == [MONDAY + dt.timedelta(days=4)]


def test_mornings_only_and_not_on_fridays():
    prefs = Preferences(mornings_only=True, avoid_weekdays=frozenset({4}))
    request = Request(Window(MONDAY, MONDAY + dt.timedelta(days=21)), at(MONDAY, 7), 60, prefs)
    slots = propose(request, Book(), RULES, count=5)
    assert slots and all(s.end.time() <= dt.time(12, 30) and s.start.weekday() != 4 for s in slots)
    assert all("nur vormittags" in " ".join(s.reasons) for s in slots)


def test_an_unfulfillable_wish_is_said_not_hidden():
    prefs = Preferences(avoid_weekdays=frozenset(range(5)))
    request = Request(Window(MONDAY, MONDAY + dt.timedelta(days=7)), at(MONDAY, 7), 30, prefs)
    slots = propose(request, Book(), RULES, count=3)
    assert slots and all("nicht erfüllbar" in s.reasons[-1] for s in slots)


def test_overdue_customer_gets_the_earliest_dates():
    request = Request(Window(MONDAY - dt.timedelta(days=60), MONDAY - dt.timedelta(days=3)), at(MONDAY, 10, 7), 30)
    slots = propose(request, Book(), RULES, count=3)
    assert slots[0].start == at(MONDAY, 10, 15)  # the next whole quarter hour today
    assert "Frist bereits überschritten" in slots[0].reasons[0]


def test_usual_time_of_day_is_preferred():
    request = Request(Window(MONDAY, MONDAY + dt.timedelta(days=30)), at(MONDAY, 7), 30, usual_time=dt.time(14, 0))
    slots = propose(request, Book(), RULES, count=3)
    assert all(s.start.time() == dt.time(14, 0) for s in slots)


busy_spans = st.lists(
    st.tuples(st.integers(0, 27), st.integers(8 * 4, 15 * 4), st.integers(1, 4)).map(
        lambda t: (
            at(MONDAY + dt.timedelta(days=t[0]), t[1] // 4, (t[1] % 4) * 15),
            at(MONDAY + dt.timedelta(days=t[0]), t[1] // 4, (t[1] % 4) * 15) + dt.timedelta(minutes=15 * t[2]),
        )
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(
    busy=busy_spans,
    earliest=st.integers(-10, 20),
    length=st.integers(0, 40),
    now_offset=st.integers(0, 10 * 24 * 4),
    minutes=st.sampled_from([15, 30, 45, 60, 90]),
    mornings=st.booleans(),
    avoid=st.frozensets(st.integers(0, 6), max_size=3),
)
def test_no_proposal_ever_breaks_a_constraint(busy, earliest, length, now_offset, minutes, mornings, avoid):
    book = Book(busy)
    window = Window(MONDAY + dt.timedelta(days=earliest), MONDAY + dt.timedelta(days=earliest + length))
    now = at(MONDAY, 0) + dt.timedelta(minutes=15 * now_offset)
    slots = propose(Request(window, now, minutes, Preferences(mornings_only=mornings, avoid_weekdays=avoid)), book, RULES, 5)
    assert len({s.start.date() for s in slots}) == len(slots) <= 5
    for s in slots:
        assert s.start >= now, "never in the past"
        assert s.end - s.start == dt.timedelta(minutes=minutes)
        assert any(a <= s.start and s.end <= b for a, b in book.free_intervals(s.start.date())), "only in free time"
        assert all(s.end <= b or s.start >= e for b, e in busy), "never over another appointment"
        if window.latest >= max(window.earliest, now.date()):
            assert window.earliest <= s.start.date() <= window.latest, "inside the window"


def ranked_the_long_way(request, book, rules, count=5):
    """The ranking as it was first written: every candidate slot scored with its reasons."""
    first_day, last_day, target, situation = proposals._search_range(request, rules)
    length = dt.timedelta(minutes=request.minutes)
    best, fallback, day = [], [], first_day
    while day <= last_day:
        if book.day_load(day) < rules.max_per_day and book.week_load(day) < rules.max_per_week:
            slots = [proposals.Slot(s, s + length, 0.0) for s in proposals._day_starts(day, request, book, rules)]
            scored = [proposals._score(s, request, book, rules, target) for s in slots]
            liked = [x for s, x in zip(slots, scored) if proposals._fits_preferences(s.start, s.end, request.preferences)]
            if liked:
                best.append(min(liked, key=proposals._order))
            elif scored:
                fallback.append(min(scored, key=proposals._order))
        day += dt.timedelta(days=1)
    chosen = sorted(best, key=proposals._order)[:count]
    if not chosen and fallback:
        note = f"Wunsch »{request.preferences.describe()}« ist im Zeitfenster nicht erfüllbar"
        chosen = [proposals._with_reason(s, note) for s in sorted(fallback, key=proposals._order)[:count]]
    return [proposals._with_reason(s, situation, first=True) if situation else s for s in chosen]


@settings(max_examples=400, deadline=None)
@given(
    busy=busy_spans,
    earliest=st.integers(-10, 20),
    length=st.one_of(st.integers(0, 40), st.none()),
    now_offset=st.integers(0, 10 * 24 * 4),
    minutes=st.sampled_from([15, 30, 45, 60, 90]),
    mornings=st.booleans(),
    afternoons=st.booleans(),
    avoid=st.frozensets(st.integers(0, 6), max_size=3),
    usual=st.one_of(st.none(), st.times(dt.time(7), dt.time(17)).map(lambda t: t.replace(second=0, microsecond=0))),
    count=st.sampled_from([5, 5, 1, 2, 0]),
    target=st.one_of(st.none(), st.integers(-5, 30)),
)
def test_scoring_only_the_best_slot_of_each_day_ranks_as_scoring_every_slot(
        busy, earliest, length, now_offset, minutes, mornings, afternoons, avoid, usual, count, target):
    """Also: searching the days nearest the target first and stopping once no day further away can
    beat the best ``count`` found gives the same slots as scoring every day of the window."""
    start = MONDAY + dt.timedelta(days=earliest)
    window = Window(start, None if length is None else start + dt.timedelta(days=length))
    now = at(MONDAY, 0) + dt.timedelta(minutes=15 * now_offset)
    prefs = Preferences(mornings_only=mornings, afternoons_only=afternoons and not mornings, avoid_weekdays=avoid)
    aim = None if target is None else MONDAY + dt.timedelta(days=target)
    request = Request(window, now, minutes, prefs, usual, aim)
    rules = SchedulingRules(max_per_day=4, max_per_week=12, buffer_minutes=5)
    assert propose(request, Book(busy), rules, count) == ranked_the_long_way(request, Book(busy), rules, count)
