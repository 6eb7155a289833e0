"""German dates without the operating system's locale."""

import datetime as dt
import locale

from hypothesis import given, strategies as st

from terminassistent.documents.german import MONTHS_DE, clock, long_date, long_datetime, numeric_date
from terminassistent.documents.purposes import Purpose, normalise
from terminassistent.domain.model import BERLIN, WEEKDAYS_DE


def test_the_examples_of_the_issue():
    assert long_datetime(dt.datetime(2026, 12, 1, 9, 0, tzinfo=BERLIN)) == "Dienstag, 1. Dezember 2026, 9:00 Uhr"
    assert long_date(dt.date(2026, 3, 5)) == "Donnerstag, 5. März 2026"
    assert clock(dt.time(14, 5)) == "14:05 Uhr" and numeric_date(dt.date(2026, 7, 1)) == "01.07.2026"


def test_berlin_wall_time_is_printed_whatever_the_offset_given():
    utc = dt.datetime(2026, 7, 1, 6, 30, tzinfo=dt.timezone.utc)
    assert long_datetime(utc) == "Mittwoch, 1. Juli 2026, 8:30 Uhr"


def test_the_locale_does_not_matter():
    try:
        locale.setlocale(locale.LC_TIME, "C")
        assert long_date(dt.date(2026, 12, 1)).startswith("Dienstag")
    finally:
        locale.setlocale(locale.LC_TIME, "")


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_every_day_reads_back(day):
    weekday, rest = long_date(day).split(", ")
    number, month, year = rest.split(" ")
    assert WEEKDAYS_DE.index(weekday) == day.weekday()
    assert (int(number.rstrip(".")), MONTHS_DE.index(month) + 1, int(year)) == (day.day, day.month, day.year)


def test_purposes_are_the_closed_list_of_the_statute():
    assert [p.label for p in Purpose][1] == "Vermittlung in Ausbildung oder Arbeit"
    assert normalise(["5", "Berufsberatung", "vermittlung", "berufsberatung"]) == (
        Purpose.BERUFSBERATUNG, Purpose.VERMITTLUNG, Purpose.ANSPRUCHSPRUEFUNG)
