"""The working week: patterns, holidays by German name, absences, appointments, clock changes."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from terminassistent.domain.model import (
    BERLIN,
    Absence,
    AbsenceKind,
    Appointment,
    AppointmentStatus,
    Caseworker,
    TimeRange,
    pattern_minutes,
)
from terminassistent.domain.workweek import (
    BUNDESLAENDER,
    HolidayCalendar,
    WorkWeek,
    default_pattern,
    describe_absence,
    validate_bundesland,
    whole_days,
)
from terminassistent.errors import InvalidInput

UTC = dt.timezone.utc


def berlin(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BERLIN)


def ranges(pattern, weekday):
    return [str(r) for r in pattern.get(weekday, ())]


def minutes(intervals):
    return sum(int((b - a).total_seconds()) // 60 for a, b in intervals)


FULL = default_pattern(39)
MONDAY = dt.date(2026, 11, 23)


# -- default_pattern ------------------------------------------------------------------------------


@given(st.integers(min_value=20, max_value=82).map(lambda n: n / 2))
def test_pattern_minutes_equal_the_weekly_hours(hours):
    assert pattern_minutes(default_pattern(hours)) == hours * 60


@given(st.floats(min_value=0.01, max_value=60, allow_nan=False))
def test_any_hours_round_to_the_whole_minute_and_stay_inside_the_day(hours):
    pattern = default_pattern(hours)
    assert pattern_minutes(pattern) == round(hours * 60)
    for weekday, spans in pattern.items():
        assert 0 <= weekday <= 4
        for earlier, later in zip(spans, spans[1:]):
            assert earlier.end < later.start  # a real break between the parts of a day
        if sum(r.minutes for r in spans) > 360:
            assert len(spans) == 2  # more than six hours: a break (§ 4 ArbZG)


def test_full_time_is_five_days_with_a_lunch_break_and_a_shorter_friday():
    assert ranges(FULL, 0) == ["07:30-12:00", "12:30-16:00"]
    assert ranges(FULL, 4) == ["07:30-12:00", "12:30-15:30"]
    assert 5 not in FULL and 6 not in FULL


def test_half_time_is_mornings_only():
    pattern = default_pattern(19.5)
    assert sorted(pattern) == [0, 1, 2, 3, 4]
    assert all(len(spans) == 1 and spans[0].end <= dt.time(12) for spans in pattern.values())
    assert ranges(pattern, 0) == ["07:30-11:30"] and ranges(pattern, 4) == ["07:30-11:00"]


def test_thirty_hours_are_four_days_and_twenty_five_five_mornings():
    assert sorted(default_pattern(30)) == [0, 1, 2, 3]
    assert ranges(default_pattern(25), 2) == ["07:30-12:30"]


@pytest.mark.parametrize("hours", [0, -3, 61])
def test_impossible_hours_are_refused_in_german(hours):
    with pytest.raises(InvalidInput, match="keine mögliche Wochenarbeitszeit"):
        default_pattern(hours)


# -- public holidays ------------------------------------------------------------------------------


def test_fronleichnam_in_nordrhein_westfalen_but_not_in_niedersachsen():
    corpus_christi = dt.date(2026, 6, 4)
    assert HolidayCalendar("NW").name(corpus_christi) == "Fronleichnam"
    assert HolidayCalendar("NI").name(corpus_christi) is None


def test_reformationstag_in_niedersachsen_and_names_in_german():
    ni = HolidayCalendar("NI")
    assert ni.name(dt.date(2027, 10, 31)) == "Reformationstag"
    assert ni.name(dt.date(2026, 10, 3)) == "Tag der Deutschen Einheit"
    assert ni.name(dt.date(2026, 12, 26)) == "Zweiter Weihnachtstag"
    assert HolidayCalendar("NW").name(dt.date(2027, 10, 31)) is None


def test_holidays_between_two_dates_across_a_year_end():
    found = HolidayCalendar("BY").between(dt.date(2026, 12, 20), dt.date(2027, 1, 10))
    assert found == {
        dt.date(2026, 12, 25): "Erster Weihnachtstag",
        dt.date(2026, 12, 26): "Zweiter Weihnachtstag",
        dt.date(2027, 1, 1): "Neujahr",
        dt.date(2027, 1, 6): "Heilige Drei Könige",
    }


def test_the_shared_holiday_calendars_answer_as_fresh_ones_from_many_threads():
    """Every HolidayCalendar of a Land shares one holidays object, which computes a year on its
    first look-up: threads looking up years nobody asked for yet get the same names as a fresh one."""
    from concurrent.futures import ThreadPoolExecutor

    import holidays

    days = [dt.date(1951, 1, 1) + dt.timedelta(days=n) for n in range(0, 40 * 366, 5)]
    fresh = holidays.country_holidays("DE", subdiv="SL", language="de")
    expected = [fresh.get(day) for day in days]
    assert any(expected)
    with ThreadPoolExecutor(8) as pool:
        found = list(pool.map(lambda day: HolidayCalendar("SL").name(day), days))
    assert found == expected
    assert HolidayCalendar("SL").between(days[0], days[-1]) == {d: n for d, n in zip(days, expected) if n} | {
        d: n for d, n in fresh.items() if days[0] <= d <= days[-1]}


def test_regional_days_are_selectable():
    assumption, peace = dt.date(2026, 8, 15), dt.date(2026, 8, 8)
    assert HolidayCalendar("BY").name(assumption) is None
    assert HolidayCalendar("BY", ["katholisch"]).name(assumption) == "Mariä Himmelfahrt"
    augsburg = HolidayCalendar("by", ["Augsburg"])
    assert augsburg.name(peace) == "Augsburger Hohes Friedensfest"
    assert augsburg.name(assumption) == "Mariä Himmelfahrt"
    assert augsburg.name(dt.date(2026, 6, 4)) == "Fronleichnam"  # and everything else of Bayern
    assert HolidayCalendar("SN").name(dt.date(2026, 6, 4)) is None
    assert HolidayCalendar("SN", ["katholisch"]).name(dt.date(2026, 6, 4)) == "Fronleichnam"


def test_bundesland_codes_are_normalised():
    assert validate_bundesland(" nw ") == ("NW", ())
    assert validate_bundesland("DE-BY", ["Augsburg"]) == ("BY", ("augsburg",))
    assert len(BUNDESLAENDER) == 16


def test_an_unknown_bundesland_is_refused_listing_all_sixteen_codes():
    with pytest.raises(InvalidInput) as err:
        HolidayCalendar("XX")
    message = str(err.value)
    assert "»XX« ist kein Kürzel eines Bundeslandes" in message
    for code, name in BUNDESLAENDER.items():
        assert f"{code} ({name})" in message


def test_every_problem_with_the_holiday_settings_is_reported():
    with pytest.raises(InvalidInput) as err:
        validate_bundesland("NW", ["augsburg", "evangelisch"])
    assert err.value.problems == [
        "Die regionale Feiertagsregel »augsburg« gilt nicht in Nordrhein-Westfalen.",
        "»evangelisch« ist keine wählbare regionale Feiertagsregel (erlaubt: katholisch, augsburg).",
    ]


# -- working intervals, absences, appointments ----------------------------------------------------


def test_an_ordinary_monday():
    week = WorkWeek(FULL, "NW")
    assert week.working_intervals(MONDAY) == [
        (berlin(2026, 11, 23, 7, 30), berlin(2026, 11, 23, 12)),
        (berlin(2026, 11, 23, 12, 30), berlin(2026, 11, 23, 16)),
    ]
    assert week.working_minutes(MONDAY) == 480
    assert week.working_intervals(dt.date(2026, 11, 28)) == []  # Saturday


def test_the_week_of_a_caseworker_with_regional_holidays():
    cw = Caseworker(bundesland="BY", pattern=default_pattern(39))
    assumption = dt.date(2028, 8, 15)  # a Tuesday
    assert WorkWeek.for_caseworker(cw).working_minutes(assumption) == 480
    assert WorkWeek.for_caseworker(cw, regional=["katholisch"]).working_intervals(assumption) == []


def test_a_holiday_has_no_working_time_and_a_name():
    week = WorkWeek(FULL, "NW")
    christmas = dt.date(2026, 12, 25)  # a Friday
    assert week.holiday_name(christmas) == "Erster Weihnachtstag"
    assert week.working_intervals(christmas) == []
    assert not week.is_working_day(christmas)
    assert week.holiday_name(MONDAY) is None


def test_a_whole_day_absence():
    leave = Absence(*whole_days(dt.date(2026, 11, 24), dt.date(2026, 11, 25)), AbsenceKind.URLAUB)
    week = WorkWeek(FULL, "NW", [leave])
    assert week.working_intervals(dt.date(2026, 11, 24)) == []
    assert week.working_intervals(dt.date(2026, 11, 25)) == []
    assert week.working_minutes(dt.date(2026, 11, 26)) == 450
    assert week.absences_on(dt.date(2026, 11, 25)) == [leave]
    assert describe_absence(leave) == "Urlaub vom 24.11.2026 bis 25.11.2026"


def test_a_half_day_absence_leaves_the_rest_of_the_day():
    training = Absence(berlin(2026, 11, 23, 8), berlin(2026, 11, 23, 13), AbsenceKind.FORTBILDUNG)
    week = WorkWeek(FULL, "NW", [training])
    assert week.working_intervals(MONDAY) == [
        (berlin(2026, 11, 23, 7, 30), berlin(2026, 11, 23, 8)),
        (berlin(2026, 11, 23, 13), berlin(2026, 11, 23, 16)),
    ]
    assert week.is_working_time(berlin(2026, 11, 23, 14), berlin(2026, 11, 23, 15))
    assert not week.is_working_time(berlin(2026, 11, 23, 9), berlin(2026, 11, 23, 10))
    assert describe_absence(training) == "Fortbildung am 23.11.2026, 08:00–13:00 Uhr"


def test_working_time_ends_at_the_break_and_at_closing():
    week = WorkWeek(FULL, "NW")
    assert week.is_working_time(berlin(2026, 11, 23, 11), berlin(2026, 11, 23, 12))
    assert not week.is_working_time(berlin(2026, 11, 23, 11, 30), berlin(2026, 11, 23, 12, 30))  # over the break
    assert not week.is_working_time(berlin(2026, 11, 23, 15, 30), berlin(2026, 11, 23, 16, 30))
    assert not week.is_working_time(berlin(2026, 11, 23, 10), berlin(2026, 11, 23, 10))
    assert week.is_working_time(dt.datetime(2026, 11, 23, 8, tzinfo=UTC), dt.datetime(2026, 11, 23, 9, tzinfo=UTC))


def booked(start, minutes=60, status=AppointmentStatus.BOOKED):
    return Appointment("123A456789", start, start + dt.timedelta(minutes=minutes), status=status)


def test_free_intervals_subtract_booked_and_held_appointments_only():
    week = WorkWeek(FULL, "NW")
    appointments = [
        booked(berlin(2026, 11, 23, 9)),
        booked(berlin(2026, 11, 23, 13), 30, AppointmentStatus.HELD),
        booked(berlin(2026, 11, 23, 14), 60, AppointmentStatus.CANCELLED),
        booked(berlin(2026, 11, 23, 15), 60, AppointmentStatus.EXCUSED),
    ]
    assert week.free_intervals(MONDAY, appointments) == [
        (berlin(2026, 11, 23, 7, 30), berlin(2026, 11, 23, 9)),
        (berlin(2026, 11, 23, 10), berlin(2026, 11, 23, 12)),
        (berlin(2026, 11, 23, 12, 30), berlin(2026, 11, 23, 13)),
        (berlin(2026, 11, 23, 13, 30), berlin(2026, 11, 23, 16)),
    ]
    every_status = week.free_intervals(MONDAY, appointments, statuses=AppointmentStatus)
    assert minutes(every_status) == 480 - 60 - 30 - 60 - 60


def test_a_buffer_keeps_room_around_appointments():
    week = WorkWeek(FULL, "NW")
    free = week.free_intervals(MONDAY, [booked(berlin(2026, 11, 23, 9))], buffer=dt.timedelta(minutes=15))
    assert free[:2] == [
        (berlin(2026, 11, 23, 7, 30), berlin(2026, 11, 23, 8, 45)),
        (berlin(2026, 11, 23, 10, 15), berlin(2026, 11, 23, 12)),
    ]


def test_conflict_names_what_is_in_the_way():
    leave = Absence(*whole_days(dt.date(2026, 11, 24), dt.date(2026, 11, 24)), AbsenceKind.URLAUB)
    week = WorkWeek(FULL, "NW", [leave])
    other = booked(berlin(2026, 11, 23, 9))
    now = berlin(2026, 11, 23, 8)
    assert week.conflict(berlin(2026, 11, 23, 10), berlin(2026, 11, 23, 11), [other], now) is None
    assert "Vergangenheit" in week.conflict(berlin(2026, 11, 23, 7, 30), berlin(2026, 11, 23, 7, 45), [], now)
    assert week.conflict(berlin(2026, 12, 25, 9), berlin(2026, 12, 25, 10)) == (
        "Der 25.12.2026 ist ein Feiertag (Erster Weihnachtstag)."
    )
    assert week.conflict(berlin(2026, 11, 24, 9), berlin(2026, 11, 24, 10)) == (
        "Sie sind zu dieser Zeit abwesend: Urlaub am 24.11.2026."
    )
    assert week.conflict(berlin(2026, 11, 27, 15), berlin(2026, 11, 27, 16)) == (
        "Freitag, 27.11.2026, 15:00–16:00 Uhr liegt außerhalb der Arbeitszeit (Freitag: 07:30–12:00, 12:30–15:30)."
    )
    assert week.conflict(berlin(2026, 11, 28, 9), berlin(2026, 11, 28, 10)).endswith("(Samstag: kein Arbeitstag).")
    assert week.conflict(berlin(2026, 11, 23, 9, 30), berlin(2026, 11, 23, 10, 30), [other]) == (
        "Zu dieser Zeit ist schon ein Termin gebucht (23.11.2026, 09:00–10:00 Uhr)."
    )


# -- the days the clocks change -------------------------------------------------------------------


def test_the_working_days_around_the_spring_change_keep_their_wall_times():
    week = WorkWeek(FULL, "NW")
    friday, monday = week.working_intervals(dt.date(2026, 3, 27)), week.working_intervals(dt.date(2026, 3, 30))
    assert friday[0][0].utcoffset() == dt.timedelta(hours=1)
    assert monday[0][0].utcoffset() == dt.timedelta(hours=2)
    assert friday[0][0].time() == monday[0][0].time() == dt.time(7, 30)
    assert minutes(monday) == 480


NIGHT = {6: (TimeRange(dt.time(1), dt.time(5)),)}  # a Sunday night shift, to work across the change


def test_the_spring_change_day_is_an_hour_shorter():
    week = WorkWeek(NIGHT, "NW")
    (start, end), = week.working_intervals(dt.date(2026, 3, 29))
    assert (start.hour, end.hour) == (1, 5)
    assert week.working_minutes(dt.date(2026, 3, 29)) == 180
    assert end.astimezone(UTC) - start.astimezone(UTC) == dt.timedelta(hours=3)


def test_the_autumn_change_day_is_an_hour_longer():
    week = WorkWeek(NIGHT, "NW")
    (start, end), = week.working_intervals(dt.date(2026, 10, 25))
    assert week.working_minutes(dt.date(2026, 10, 25)) == 300
    assert start.utcoffset() == dt.timedelta(hours=2) and end.utcoffset() == dt.timedelta(hours=1)
    # the repeated hour: 02:30 summer time and 02:30 winter time are both inside, an hour apart
    first = dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    second = dt.datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    assert first.astimezone(BERLIN).time() == second.astimezone(BERLIN).time() == dt.time(2, 30)
    assert week.is_working_time(first, second)
    absence = Absence(first, second)
    free = WorkWeek(NIGHT, "NW", [absence]).working_intervals(dt.date(2026, 10, 25))
    assert minutes(free) == 240


def test_a_time_skipped_in_spring_counts_as_summer_time():
    week = WorkWeek({6: (TimeRange(dt.time(2, 30), dt.time(4)),)}, "NW")
    (start, end), = week.working_intervals(dt.date(2026, 3, 29))
    assert start == dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 03:30 summer time
    assert week.working_minutes(dt.date(2026, 3, 29)) == 30


def test_an_absence_across_the_autumn_weekend():
    leave = Absence(*whole_days(dt.date(2026, 10, 23), dt.date(2026, 10, 26)), AbsenceKind.URLAUB)
    week = WorkWeek(FULL, "NW", [leave])
    assert leave.end - leave.start == dt.timedelta(days=4)  # wall time; really 97 hours
    assert not week.is_working_day(dt.date(2026, 10, 23)) and not week.is_working_day(dt.date(2026, 10, 26))
    assert week.working_minutes(dt.date(2026, 10, 27)) == 480


# -- property: free time never touches what blocks it ---------------------------------------------


@settings(max_examples=150, deadline=None)
@given(
    hours=st.integers(min_value=20, max_value=82).map(lambda n: n / 2),
    day=st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2027, 12, 31)),
    cuts=st.lists(st.tuples(st.integers(0, 24 * 60), st.integers(15, 600)), max_size=4),
    booked_at=st.lists(st.tuples(st.integers(6 * 60, 17 * 60), st.sampled_from([30, 45, 60])), max_size=6),
)
def test_free_time_lies_in_working_time_and_never_over_an_absence_or_appointment(hours, day, cuts, booked_at):
    midnight = dt.datetime.combine(day, dt.time(0), tzinfo=BERLIN).astimezone(UTC)
    absences = [Absence(midnight + dt.timedelta(minutes=a), midnight + dt.timedelta(minutes=a + n)) for a, n in cuts]
    appointments = [booked(midnight + dt.timedelta(minutes=a), n) for a, n in booked_at]
    week = WorkWeek(default_pattern(hours), "NW", absences)
    plain = WorkWeek(default_pattern(hours), "NW")
    working = week.working_intervals(day)
    assert minutes(working) <= minutes(plain.working_intervals(day))
    if week.holiday_name(day):
        assert working == []
    for start, end in week.free_intervals(day, appointments):
        assert start < end and week.is_working_time(start, end)
        assert any(a <= start and end <= b for a, b in working)
        for blocked in [*((x.start, x.end) for x in absences), *((x.start, x.end) for x in appointments)]:
            assert end <= blocked[0] or blocked[1] <= start
        assert week.conflict(start, end, appointments) is None
