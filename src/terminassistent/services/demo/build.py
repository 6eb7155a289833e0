"""``terminassistent demo``: a realistic, deterministic demo caseload in a new file.

One ``random.Random(seed)`` decides everything (never the clock, never the global generator) and
records are inserted in time order, so the same options give a byte-identical export. The demo
is not a policy engine: the rhythm of contacts per group below is loose realism, not a rule.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from dateutil.relativedelta import relativedelta

from terminassistent.domain.model import (
    BERLIN, Absence, Appointment, AppointmentKind, AppointmentStatus, Caseworker, Channel, Contact,
    ContactKind, Customer, Flag, Profile, Purpose, Status, pattern_minutes,
)  # fmt: skip
from terminassistent.domain.workweek import UTC, WorkWeek, default_pattern, validate_bundesland
from terminassistent.errors import InvalidInput, StoreError
from terminassistent.services.demo import names as texts
from terminassistent.services.demo.names import make_absences, make_customers
from terminassistent.storage import Caseload, remove_database_files

FULL_TIME_HOURS = 39.0
QUOTA_FULL_TIME = 22  # appointments a full-time week holds when full (the policies ask 20-24)
HISTORY_MONTHS = 18
WINDOW_DAYS = 21  # bookings in the coming three weeks
_ALL_STATUSES = tuple(AppointmentStatus)
_REACH = 7  # days either side of the aimed day that an appointment may move
_NEAREST = [dt.timedelta(days=k * s) for k in range(_REACH + 1) for s in ((1,) if k == 0 else (1, -1))]  # aim, +1, -1, …
_OUTCOMES = (AppointmentStatus.HELD, AppointmentStatus.MISSED, AppointmentStatus.EXCUSED, AppointmentStatus.CANCELLED)
_OUTCOME_ODDS = tuple(itertools.accumulate((84, 6, 6, 4)))  # cumulative weights: the same draw, summed once


@dataclass(frozen=True)
class DemoOptions:
    today: dt.date
    policy_id: str = "aa90-jba"
    hours: float = 39.0
    bundesland: str = "NW"
    customers: int = 150
    seed: int = 1
    history_months: int = HISTORY_MONTHS  # the benchmark asks for three years

    def __post_init__(self) -> None:
        problems = []
        try:
            object.__setattr__(self, "bundesland", validate_bundesland(self.bundesland)[0])
        except InvalidInput as err:
            problems.append(str(err))
        if not 0 < self.hours <= 60:
            problems.append(f"{self.hours:g} Stunden sind keine mögliche Wochenarbeitszeit (über 0 bis 60).")
        if not 1 <= self.customers <= 50_000:
            problems.append(f"{self.customers} ist keine mögliche Zahl von Kunden (1 bis 50000).")
        if not 1 <= self.history_months <= 120:
            problems.append(f"{self.history_months} Monate Vorgeschichte sind nicht möglich (1 bis 120).")
        if problems:
            raise InvalidInput(problems[0] if len(problems) == 1 else "Die Angaben für den Demo-Bestand sind ungültig.",
                               problems if len(problems) > 1 else None)


@dataclass
class DemoData:
    """Everything the demo writes, in insertion order."""

    caseworker: Caseworker
    customers: list[Customer]
    absences: list[Absence] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    appointments: list[Appointment] = field(default_factory=list)


def demo_caseworker(options: DemoOptions) -> Caseworker:
    return Caseworker(
        name="Frau Sabine Krüger",
        office="Jobcenter Musterstadt, Beispielstraße 1, 12345 Musterstadt",
        room="2.14",
        phone="01234 5678-214",
        email="sabine.krueger@example.org",
        bundesland=options.bundesland,
        weekly_hours=options.hours,
        full_time_hours=FULL_TIME_HOURS,
        pattern=default_pattern(options.hours),
        policy_id=options.policy_id,
    )


def create_demo(path: str | Path, options: DemoOptions) -> None:
    """Write a new demo caseload to ``path`` (refuses an existing file); on any failure no file remains."""
    path = Path(path)
    caseload = Caseload.create(path)  # refuses an existing path without touching it
    try:
        build_demo(caseload, options)
    except BaseException:
        caseload.close()
        remove_database_files(path)
        raise
    caseload.close()


def build_demo(caseload: Caseload, options: DemoOptions) -> DemoData:
    """Fill an open, empty caseload with the demo in one transaction."""
    data = generate_demo(options)
    with caseload.transaction():
        if caseload.customer_count():
            raise StoreError(f"Der Bestand »{caseload.path}« ist nicht leer; ein Demo-Bestand braucht eine neue Datei.")
        caseload.save_caseworker(data.caseworker)
        caseload.add_customers(data.customers)
        for absence in data.absences:
            caseload.add_absence(absence)
        caseload.add_contacts(data.contacts)
        caseload.add_appointments(data.appointments)
    return data


def generate_demo(options: DemoOptions) -> DemoData:
    """The demo's records, computed without touching any file."""
    rng = random.Random(options.seed)
    cw = demo_caseworker(options)
    data = DemoData(cw, make_customers(rng, options.today, options.customers))
    data.absences = make_absences(rng, options.today, cw, options.history_months, WINDOW_DAYS)
    week = WorkWeek(cw.pattern, cw.bundesland, data.absences)
    diary = _Diary(week, rng)
    start = options.today - relativedelta(months=options.history_months)
    roles = _roles(rng, len(data.customers))
    due: list[tuple[dt.date, str, Customer]] = []
    new: list[Customer] = []
    for customer, role in zip(data.customers, roles):
        if role == "new":
            new.append(customer)
            _arrival_note(diary, data, customer, options.today)
            continue
        nxt = _history(diary, data, customer, role, start, options.today)
        if role == "regular":
            due.append((nxt, customer.customer_no, customer))
    _book_window(diary, sorted(due, key=lambda d: d[:2]), new, options, cw)
    data.contacts.sort(key=lambda c: (c.at.astimezone(UTC), c.customer_no, c.kind.value))
    data.appointments = sorted(diary.made, key=lambda a: (a.start.astimezone(UTC), a.customer_no))
    return data


def _roles(rng: random.Random, count: int) -> list[str]:
    roles = ["new"] * round(count * 0.03) + ["overdue"] * round(count * 0.06) + ["unseen"] * round(count * 0.025)
    roles += ["regular"] * (count - len(roles))
    rng.shuffle(roles)
    return roles[:count]


def _rhythm(c: Customer, today: dt.date) -> tuple[int, int]:
    """Loose days between counselling conversations for the customer's group (realism, not policy)."""
    if Flag.FALLMANAGEMENT in c.flags:
        return 21, 42
    if Flag.SCHUELER in c.flags:
        return 120, 240
    if c.age_on(today) < 25:
        return (24, 38) if c.status is Status.ARBEITSLOS else (42, 90)
    if c.profile in (Profile.I, Profile.Z) or c.status is Status.NICHT_GESETZT:
        return 150, 330
    if c.status is Status.ARBEITSUCHEND:
        return 60, 150
    if c.profile in (Profile.MARKT, Profile.AKTIVIERUNG):
        return 35, 56
    return (56, 91) if c.profile in (Profile.FOERDER, Profile.ENTWICKLUNG) else (91, 182)


def _phone_share(c: Customer) -> float:
    if Flag.BESCHAEFTIGT in c.flags:
        return 0.6
    if c.status is Status.NICHT_GESETZT or Flag.GESUNDHEIT in c.flags:
        return 0.4
    return 0.3 if c.profile is Profile.MARKT else 0.15


def _history(diary: "_Diary", data: DemoData, c: Customer, role: str, start: dt.date, today: dt.date) -> dt.date:
    """Past appointments and contacts of one customer; returns when the next conversation is due."""
    rng = diary.rng
    low, high = _rhythm(c, today)
    phone_share = _phone_share(c)
    end = today
    if role == "overdue":
        end = today - dt.timedelta(days=rng.randint(high + 20, 2 * high + 40))
    elif role == "unseen":
        end = today - dt.timedelta(days=rng.randint(270, 420))
    entry = min(today - dt.timedelta(days=rng.randint(40, 1500)), end - dt.timedelta(days=60))
    t = entry if entry >= start else start + dt.timedelta(days=rng.randint(0, high))
    kind = AppointmentKind.ERSTGESPRAECH if entry >= start else AppointmentKind.FOLGEGESPRAECH
    while t < end:
        outcome = rng.choices(_OUTCOMES, cum_weights=_OUTCOME_ODDS)[0]
        phone = kind is AppointmentKind.FOLGEGESPRAECH and rng.random() < phone_share
        channel = Channel.TELEFONISCH if phone else Channel.PERSOENLICH
        minutes = 60 if kind is AppointmentKind.ERSTGESPRAECH else 30 if phone else rng.choice((30, 45, 45, 60))
        appt = diary.place(c, t, start, min(end, today), minutes, kind, channel, outcome)
        if appt is None:
            t += dt.timedelta(days=7)
            continue
        day = appt.start.astimezone(BERLIN).date()
        if outcome is AppointmentStatus.HELD:
            note = texts.FIRST_TALK if kind is AppointmentKind.ERSTGESPRAECH else rng.choice(texts.COUNSELLING)
            data.contacts.append(Contact(c.customer_no, appt.start, channel, ContactKind.BERATUNG, note))
            kind = AppointmentKind.FOLGEGESPRAECH
            t = day + dt.timedelta(days=rng.randint(low, high))
            if rng.random() < 0.3:
                note, note_channel = rng.choice(texts.GENERAL)
                _general(diary, data, c, day + dt.timedelta(days=rng.randint(2, 20)), today, note, note_channel)
        else:
            t = day + dt.timedelta(days=rng.randint(5, 14))
            if outcome is AppointmentStatus.EXCUSED:
                _general(diary, data, c, day + dt.timedelta(days=1), today, texts.SICK_NOTE, Channel.PERSOENLICH)
    return t


def _general(diary: "_Diary", data: DemoData, c: Customer, day: dt.date, before: dt.date, note: str, channel: Channel) -> None:
    """An Allgemeiner Vermerk (never counts) at a working moment on or after ``day``, if before ``before``."""
    at = diary.moment(day, before)
    if at is not None:
        data.contacts.append(Contact(c.customer_no, at, channel, ContactKind.ALLGEMEIN, note))


def _arrival_note(diary: "_Diary", data: DemoData, c: Customer, today: dt.date) -> None:
    day = today - dt.timedelta(days=diary.rng.randint(1, 10))
    _general(diary, data, c, day, today, texts.ARRIVAL, Channel.PERSOENLICH)


def _book_window(diary: "_Diary", due: list, new: list[Customer], options: DemoOptions, cw: Caseworker) -> None:
    """Booked appointments from today for three weeks: first conversations, then the earliest due."""
    rng, today = diary.rng, options.today
    last = today + dt.timedelta(days=WINDOW_DAYS)
    for c in new:
        day = today + dt.timedelta(days=rng.randint(2, 8))
        diary.place(c, day, today, last, 60, AppointmentKind.ERSTGESPRAECH, Channel.PERSOENLICH, AppointmentStatus.BOOKED)
    full = pattern_minutes(cw.pattern) or 1
    day = today
    while day < last:
        monday = day - dt.timedelta(days=day.weekday())
        seg_end = min(monday + dt.timedelta(days=7), last)
        days = [day + dt.timedelta(days=i) for i in range((seg_end - day).days)]
        available = sum(diary.week.working_minutes(d) for d in days)
        target = round(QUOTA_FULL_TIME * cw.weekly_hours / FULL_TIME_HOURS * rng.uniform(0.6, 0.8) * available / full)
        booked = sum(len(diary.booked[d]) for d in days)
        while booked < target and due:
            next_due, _, c = due.pop(0)
            aim = min(max(next_due, day), seg_end - dt.timedelta(days=1))
            phone = rng.random() < _phone_share(c)
            minutes = 30 if phone else rng.choice((30, 45, 45, 60))
            channel = Channel.TELEFONISCH if phone else Channel.PERSOENLICH
            if diary.place(c, aim, day, seg_end, minutes, AppointmentKind.FOLGEGESPRAECH, channel, AppointmentStatus.BOOKED):
                booked += 1
        day = seg_end


def _purposes(c: Customer, kind: AppointmentKind) -> tuple[Purpose, ...]:
    """What the demo caseworker chose when booking (§ 309 Abs. 2 SGB III): a first conversation also
    clears the claim; every fourth customer is also offered a measure. Drawn without the random
    generator, so the rest of the demo stays as it was."""
    if kind is AppointmentKind.ERSTGESPRAECH:
        return (Purpose.VERMITTLUNG, Purpose.LEISTUNGSVERFAHREN)
    if int(c.customer_no[-3:]) % 4 == 0:
        return (Purpose.VERMITTLUNG, Purpose.ARBEITSFOERDERUNG)
    return (Purpose.VERMITTLUNG,)


class _Diary:
    """The caseworker's calendar while the demo is written: every appointment made keeps its slot."""

    def __init__(self, week: WorkWeek, rng: random.Random):
        self.week, self.rng = week, rng
        self.made: list[Appointment] = []
        self.busy: dict[dt.date, list[Appointment]] = defaultdict(list)
        self.booked: dict[dt.date, list[Appointment]] = defaultdict(list)
        # Per day, computed once (a day is tried many times when the calendar is full):
        self._capacity: dict[dt.date, int] = {}  # appointments a day holds at most
        self._free: dict[dt.date, dict] = {}  # starts found, by length and preferences, until the next booking that day
        # Days known to hold no more appointment of a length (by day ordinal, from ``_base``): a day
        # only fills up, so once it has no room it never has again. A large caseload's history
        # tries hundreds of thousands of weeks that are full; they are refused here at once.
        self._dead: dict[int, bytearray] = {}
        self._base: int | None = None

    def place(self, c, aim, lo, hi, minutes, kind, channel, status) -> Appointment | None:
        """Book ``c`` on the day nearest ``aim`` in [lo, hi) with room; preferences first, then without."""
        first = max(lo.toordinal(), aim.toordinal() - _REACH)  # the window of days tried, as ordinals
        end = min(hi.toordinal(), aim.toordinal() + _REACH + 1)
        if self._no_room(first, end, minutes):
            return None  # what the search below would find, without drawing from the generator either
        days = [day for day in (aim + offset for offset in _NEAREST) if lo <= day < hi and not self._full(day)]
        for honour in (True, False):
            for day in days:
                starts = self._starts(day, minutes, c.preferences if honour else None)
                if starts:
                    start = self.rng.choice(starts)
                    reason = texts.reason(self.rng, status)
                    appt = Appointment(c.customer_no, start, start + dt.timedelta(minutes=minutes), kind, channel, status, reason,
                                       purposes=_purposes(c, kind))
                    self.made.append(appt)
                    self.busy[day].append(appt)
                    self._free.pop(day, None)
                    if status is AppointmentStatus.BOOKED:
                        self.booked[day].append(appt)
                    return appt
        self._no_more(first, end, minutes)  # every day of the window was full or had no start, even without preferences
        return None

    def _no_room(self, first: int, end: int, minutes: int) -> bool:
        """Whether every day with ordinal in [first, end) is known to hold no appointment of ``minutes``."""
        dead = self._dead.get(minutes)
        i, j = self._indices(first, end)
        return i >= j or (dead is not None and 0 <= i and j <= len(dead) and dead.find(0, i, j) == -1)

    def _indices(self, first: int, end: int) -> tuple[int, int]:
        if self._base is None:  # the first window tried; a history reaches ten years before it at most
            self._base = first - 4000
        return first - self._base, end - self._base

    def _no_more(self, first: int, end: int, minutes: int) -> None:
        """Remember the days [first, end) as holding no appointment of ``minutes`` or longer."""
        i, j = self._indices(first, end)
        if i < 0 or i >= j:
            return
        for length in {*self._dead, minutes}:
            if length >= minutes:
                dead = self._dead.setdefault(length, bytearray())
                if len(dead) < j:
                    dead.extend(bytes(j - len(dead)))
                dead[i:j] = b"\x01" * (j - i)

    def _full(self, day: dt.date) -> bool:
        if day not in self._capacity:
            self._capacity[day] = max(1, self.week.working_minutes(day) // 80)
        return len(self.busy[day]) >= self._capacity[day]

    def _starts(self, day: dt.date, minutes: int, prefs) -> list[dt.datetime]:
        """Where on ``day`` (not full) an appointment of ``minutes`` fits, on the quarter hours."""
        if prefs is not None and day.weekday() in prefs.avoid_weekdays:
            return []
        key = (minutes, None) if prefs is None else (minutes, prefs.mornings_only, prefs.afternoons_only)
        known = self._free.setdefault(day, {})
        if key not in known:
            known[key] = self._find_starts(day, minutes, prefs)
        return known[key]

    def _find_starts(self, day: dt.date, minutes: int, prefs) -> list[dt.datetime]:
        found = []
        step, length = dt.timedelta(minutes=15), dt.timedelta(minutes=minutes)
        for a, b in self.week.free_intervals(day, self.busy[day], statuses=_ALL_STATUSES):
            t = a.astimezone(UTC)
            t += dt.timedelta(minutes=-t.minute % 15)
            while t + length <= b:
                local = t.astimezone(BERLIN)
                end = (t + length).astimezone(BERLIN)
                if prefs is None or not (
                    (prefs.mornings_only and end.time() > dt.time(12, 30)) or (prefs.afternoons_only and local.hour < 12)
                ):
                    found.append(local)
                t += step
        return found

    def moment(self, day: dt.date, before: dt.date) -> dt.datetime | None:
        """A quarter hour of working time on the first working day from ``day``, if before ``before``."""
        for k in range(14):
            d = day + dt.timedelta(days=k)
            if d >= before:
                return None
            spans = self.week.working_intervals(d)
            if spans:
                a, b = self.rng.choice(spans)
                quarters = int((b - a).total_seconds() // 900)
                if quarters < 1:
                    continue
                return (a.astimezone(UTC) + dt.timedelta(minutes=15 * self.rng.randrange(quarters))).astimezone(BERLIN)
        return None
