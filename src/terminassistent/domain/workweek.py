"""The caseworker's real working time: weekly pattern, public holidays, absences -> free time.

Pure Python (stdlib, holidays). All interval arithmetic runs in UTC and results come back as
Europe/Berlin wall times, so the days on which the clocks change (last Sunday of March and of
October) have their true length: Python compares and subtracts two datetimes that share one
tzinfo by wall time, which is wrong across a clock change.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from collections.abc import Iterable, Sequence

import holidays

from terminassistent.domain.model import (
    BERLIN,
    WEEKDAYS_DE,
    Absence,
    Appointment,
    AppointmentStatus,
    Caseworker,
    TimeRange,
    WorkPattern,
)
from terminassistent.errors import InvalidInput

UTC = dt.timezone.utc
Interval = tuple[dt.datetime, dt.datetime]

# Appointments that occupy the caseworker's time (a cancelled or excused one frees its slot).
BLOCKING_STATUSES = frozenset({AppointmentStatus.BOOKED, AppointmentStatus.HELD})

BUNDESLAENDER = {
    "BB": "Brandenburg", "BE": "Berlin", "BW": "Baden-Württemberg", "BY": "Bayern", "HB": "Bremen",
    "HE": "Hessen", "HH": "Hamburg", "MV": "Mecklenburg-Vorpommern", "NI": "Niedersachsen",
    "NW": "Nordrhein-Westfalen", "RP": "Rheinland-Pfalz", "SH": "Schleswig-Holstein", "SL": "Saarland",
    "SN": "Sachsen", "ST": "Sachsen-Anhalt", "TH": "Thüringen",
}  # fmt: skip

# Regional holidays a caseworker may select: key -> (Länder where it applies, what it adds).
REGIONAL_HOLIDAYS = {
    "katholisch": (("BY", "SN", "TH"), "Mariä Himmelfahrt (BY) bzw. Fronleichnam (SN, TH) in überwiegend katholischen Gemeinden"),
    "augsburg": (("BY",), "Augsburger Hohes Friedensfest und Mariä Himmelfahrt in der Stadt Augsburg"),
}

# -- the weekly pattern ---------------------------------------------------------------------------

_START = dt.time(7, 30)
_MORNING_MINUTES = 270  # 07:30-12:00, then the lunch break


def default_pattern(hours: float, days: Iterable[int] | None = None) -> WorkPattern:
    """A realistic weekly pattern whose minutes equal ``hours`` (rounded to the whole minute).

    Below 28 h five mornings from 07:30 (19.5 h: Mo-Do 07:30-11:30, Fr 07:30-11:00); from 28 h to
    under 34 h four days, Monday to Thursday; from 34 h five days. Days longer than six hours
    break from 12:00 for 30 minutes (45 minutes beyond nine hours, § 4 ArbZG). The minutes are
    spread evenly in half hours, the earlier days taking the surplus, so Friday is the shortest.
    ``days`` (0 = Monday): the working days to spread the hours over instead.
    """
    if not 0 < hours <= 60:
        raise InvalidInput(f"{hours:g} Stunden sind keine mögliche Wochenarbeitszeit (über 0 bis 60).")
    total = round(hours * 60)
    weekdays = sorted(set(days)) if days is not None else list(range(4 if 28 <= hours < 34 else 5))
    if not weekdays or any(not 0 <= d <= 6 for d in weekdays):
        raise InvalidInput("Bitte wählen Sie mindestens einen Arbeitstag (Montag bis Sonntag).")
    if days is not None and total > len(weekdays) * 600:
        days_text = "einen Arbeitstag" if len(weekdays) == 1 else f"{len(weekdays)} Arbeitstage"
        raise InvalidInput(f"{hours:g} Stunden passen nicht in {days_text} (höchstens zehn Stunden am Tag).")
    base = (total // len(weekdays)) // 30 * 30
    surplus = total - base * len(weekdays)
    pattern: WorkPattern = {}
    for weekday in weekdays:
        extra = min(30, surplus)
        surplus -= extra
        minutes = base + extra
        if minutes:
            pattern[weekday] = _day_ranges(minutes)
    return pattern


def _day_ranges(minutes: int) -> tuple[TimeRange, ...]:
    def at(offset: int) -> dt.time:
        m = _START.hour * 60 + _START.minute + offset
        return dt.time(m // 60, m % 60)

    if minutes <= 360:
        return (TimeRange(_START, at(minutes)),)
    pause = 45 if minutes > 540 else 30
    return (TimeRange(_START, at(_MORNING_MINUTES)), TimeRange(at(_MORNING_MINUTES + pause), at(minutes + pause)))


# -- public holidays ------------------------------------------------------------------------------


def validate_bundesland(code: str, regional: Iterable[str] = ()) -> tuple[str, tuple[str, ...]]:
    """The normalised Land code and regional keys; InvalidInput listing every problem otherwise."""
    land = str(code).strip().upper().removeprefix("DE-")
    keys = tuple(sorted({str(k).strip().lower() for k in regional}))
    problems = []
    if land not in BUNDESLAENDER:
        listed = ", ".join(f"{k} ({v})" for k, v in BUNDESLAENDER.items())
        problems.append(f"»{code}« ist kein Kürzel eines Bundeslandes. Erlaubt sind: {listed}.")
    for key in keys:
        if key not in REGIONAL_HOLIDAYS:
            problems.append(f"»{key}« ist keine wählbare regionale Feiertagsregel (erlaubt: {', '.join(REGIONAL_HOLIDAYS)}).")
        elif land in BUNDESLAENDER and land not in REGIONAL_HOLIDAYS[key][0]:
            problems.append(f"Die regionale Feiertagsregel »{key}« gilt nicht in {BUNDESLAENDER[land]}.")
    if len(problems) == 1:
        raise InvalidInput(problems[0])
    if problems:
        raise InvalidInput("Die Feiertagsangaben sind ungültig.", problems)
    return land, keys


# The holidays library computes a year on its first look-up, in place and not thread-safe (a
# second thread may find the year marked as done before its days are in): every look-up into the
# shared calendars below holds this lock.
_HOLIDAYS_LOCK = threading.Lock()


@functools.lru_cache(maxsize=32)
def _public_holidays(subdiv: str, categories: tuple[str, ...]) -> holidays.HolidayBase:
    """The holidays of one Land and set of categories, built once per process (building them costs
    more than a whole proposal) and shared: each year is computed once, always to the same days
    and names, so sharing changes no answer."""
    return holidays.country_holidays("DE", subdiv=subdiv, categories=categories, language="de")


class HolidayCalendar:
    """Public holidays of one Bundesland, with German names, optionally with regional days."""

    def __init__(self, bundesland: str, regional: Iterable[str] = ()):
        self.bundesland, self.regional = validate_bundesland(bundesland, regional)
        subdiv = "Augsburg" if "augsburg" in self.regional else self.bundesland
        categories = ("public", "catholic") if "katholisch" in self.regional else ("public",)
        self._days = _public_holidays(subdiv, categories)

    def name(self, day: dt.date) -> str | None:
        """The German name of the holiday on ``day``, or None on an ordinary day."""
        with _HOLIDAYS_LOCK:
            return self._days.get(day)

    def between(self, first: dt.date, last: dt.date) -> dict[dt.date, str]:
        """Every holiday from ``first`` to ``last`` inclusive, by date."""
        with _HOLIDAYS_LOCK:
            for year in range(first.year, last.year + 1):
                self._days.get(dt.date(year, 1, 1))  # populates the year
            return {d: n for d, n in sorted(self._days.items()) if first <= d <= last}


# -- the working week -----------------------------------------------------------------------------


def _utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise ValueError("Zeitpunkt ohne Zeitzone")
    return moment.astimezone(UTC)


def _wall(day: dt.date, time: dt.time) -> dt.datetime:
    """``time`` on ``day`` in Berlin, as UTC; a time skipped in spring counts as the summer time after it."""
    return dt.datetime.combine(day, time, tzinfo=BERLIN).astimezone(UTC)


def _midnight(day: dt.date) -> dt.datetime:
    return _wall(day, dt.time(0))


def _subtract(intervals: list[Interval], cuts: Iterable[Interval]) -> list[Interval]:
    """``intervals`` minus every cut (all UTC); intervals stay sorted and disjoint."""
    result = intervals
    for cut_start, cut_end in cuts:
        kept: list[Interval] = []
        for a, b in result:
            if cut_end <= a or b <= cut_start:
                kept.append((a, b))
                continue
            if a < cut_start:
                kept.append((a, cut_start))
            if cut_end < b:
                kept.append((cut_end, b))
        result = kept
    return result


def _berlin(intervals: list[Interval]) -> list[Interval]:
    return [(a.astimezone(BERLIN), b.astimezone(BERLIN)) for a, b in intervals]


def whole_days(first: dt.date, last: dt.date) -> Interval:
    """Start and end of an absence covering ``first`` to ``last`` inclusive (Berlin midnights)."""
    return _midnight(first).astimezone(BERLIN), _midnight(last + dt.timedelta(days=1)).astimezone(BERLIN)


def describe_absence(absence: Absence) -> str:
    """``Urlaub vom 01.12.2026 bis 03.12.2026`` or ``Fortbildung am 02.12.2026, 13:00–16:00 Uhr``."""
    start, end = absence.start.astimezone(BERLIN), absence.end.astimezone(BERLIN)
    label = absence.kind.label
    if start.time() == dt.time(0) and end.time() == dt.time(0):
        last = end.date() - dt.timedelta(days=1)
        if last == start.date():
            return f"{label} am {start:%d.%m.%Y}"
        return f"{label} vom {start:%d.%m.%Y} bis {last:%d.%m.%Y}"
    if start.date() == end.date():
        return f"{label} am {start:%d.%m.%Y}, {start:%H:%M}–{end:%H:%M} Uhr"
    return f"{label} vom {start:%d.%m.%Y %H:%M} bis {end:%d.%m.%Y %H:%M} Uhr"


class WorkWeek:
    """When the caseworker works: the weekly pattern minus public holidays and absences."""

    def __init__(self, pattern: WorkPattern, holidays: HolidayCalendar | str, absences: Iterable[Absence] = ()):
        self.pattern = {d: tuple(sorted(r, key=lambda x: x.start)) for d, r in pattern.items() if r}
        self.holidays = holidays if isinstance(holidays, HolidayCalendar) else HolidayCalendar(holidays)
        self.absences = tuple(sorted(absences, key=lambda a: (_utc(a.start), _utc(a.end))))
        self._cuts = [(_utc(a.start), _utc(a.end)) for a in self.absences]

    @classmethod
    def for_caseworker(cls, caseworker: Caseworker, absences: Iterable[Absence] = (), regional: Iterable[str] = ()) -> "WorkWeek":
        return cls(caseworker.pattern, HolidayCalendar(caseworker.bundesland, regional), absences)

    def holiday_name(self, day: dt.date) -> str | None:
        return self.holidays.name(day)

    def absences_on(self, day: dt.date) -> list[Absence]:
        lo, hi = _midnight(day), _midnight(day + dt.timedelta(days=1))
        return [a for a, (s, e) in zip(self.absences, self._cuts) if s < hi and lo < e]

    def working_intervals(self, day: dt.date) -> list[Interval]:
        """The caseworker's working time on ``day`` (Berlin wall times), without holidays and absences."""
        return _berlin(self._working_utc(day))

    def _working_utc(self, day: dt.date) -> list[Interval]:
        ranges = self.pattern.get(day.weekday(), ())
        if not ranges or self.holidays.name(day):
            return []
        base = [(_wall(day, r.start), _wall(day, r.end)) for r in ranges]
        lo, hi = base[0][0], base[-1][1]
        return _subtract(base, [(s, e) for s, e in self._cuts if s < hi and lo < e])

    def working_minutes(self, day: dt.date) -> int:
        return sum(int((b - a).total_seconds()) // 60 for a, b in self._working_utc(day))

    def is_working_day(self, day: dt.date) -> bool:
        return bool(self._working_utc(day))

    def is_working_time(self, start: dt.datetime, end: dt.datetime) -> bool:
        """True if ``start``..``end`` lies wholly inside one working interval."""
        s, e = _utc(start), _utc(end)
        if e <= s:
            return False
        return any(a <= s and e <= b for a, b in self._working_utc(start.astimezone(BERLIN).date()))

    def free_intervals(
        self,
        day: dt.date,
        appointments: Iterable[Appointment] = (),
        *,
        statuses: Iterable[AppointmentStatus] = BLOCKING_STATUSES,
        buffer: dt.timedelta = dt.timedelta(0),
    ) -> list[Interval]:
        """Working time on ``day`` not taken by an appointment of one of ``statuses`` (plus ``buffer`` either side)."""
        wanted = frozenset(statuses)
        cuts = [(_utc(a.start) - buffer, _utc(a.end) + buffer) for a in appointments if a.status in wanted]
        return _berlin(_subtract(self._working_utc(day), cuts))

    def conflict(
        self,
        start: dt.datetime,
        end: dt.datetime,
        appointments: Sequence[Appointment] = (),
        now: dt.datetime | None = None,
    ) -> str | None:
        """What stands in the way of an appointment from ``start`` to ``end``, as a German sentence; None if nothing."""
        s, e = _utc(start), _utc(end)
        local_start, local_end = start.astimezone(BERLIN), end.astimezone(BERLIN)
        day = local_start.date()
        when = f"{WEEKDAYS_DE[day.weekday()]}, {day:%d.%m.%Y}, {local_start:%H:%M}–{local_end:%H:%M} Uhr"
        if e <= s:
            return f"Der Termin ({when}) endet nicht nach seinem Beginn."
        if now is not None and s < _utc(now):
            return f"Der Termin ({when}) liegt in der Vergangenheit."
        name = self.holidays.name(day)
        if name:
            return f"Der {day:%d.%m.%Y} ist ein Feiertag ({name})."
        for absence, (a, b) in zip(self.absences, self._cuts):
            if a < e and s < b:
                return f"Sie sind zu dieser Zeit abwesend: {describe_absence(absence)}."
        if not self.is_working_time(start, end):
            hours = ", ".join(str(r).replace("-", "–") for r in self.pattern.get(day.weekday(), ())) or "kein Arbeitstag"
            return f"{when} liegt außerhalb der Arbeitszeit ({WEEKDAYS_DE[day.weekday()]}: {hours})."
        for other in appointments:
            if other.status in BLOCKING_STATUSES and _utc(other.start) < e and s < _utc(other.end):
                o_start, o_end = other.start.astimezone(BERLIN), other.end.astimezone(BERLIN)
                return f"Zu dieser Zeit ist schon ein Termin gebucht ({o_start:%d.%m.%Y}, {o_start:%H:%M}–{o_end:%H:%M} Uhr)."
        return None
