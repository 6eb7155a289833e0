"""Synthetic caseloads for the benchmarks, of any size, that the program's own ``check`` accepts.

N customers of every group (status, Profillage, flags drawn at random), three years of counselling
history per customer (a conversation every 28 to 100 days, 80 % in person; Beratungsvermerke for
the held ones and an Allgemeiner Vermerk after 30 % of them), past appointments with outcomes, and
the coming three weeks booked nearly full.

One caseworker's calendar holds about ten 45-minute appointments a working day, and no two of
them may overlap (``check`` refuses that). So a past conversation gets an appointment in a free
slot of its day while the calendar has room, at a rate that spreads the slots evenly over the
caseload; the others are conversations without an appointment (a call, a walk-in), recorded as
Beratungsvermerke only. At 150 customers most conversations had an appointment; from about 500
customers on the calendar is full on every working day, and the contacts grow with the caseload
while the appointments cannot.

Customers are generated and written in chunks, so 100,000 customers fit in memory.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

from terminassistent.domain.model import (
    BERLIN, Address, Appointment, AppointmentStatus, Channel, Contact, ContactKind, Customer, Flag, Profile, Status,
)  # fmt: skip
from terminassistent.domain.workweek import WorkWeek, default_pattern
from terminassistent.services.demo.build import DemoOptions, demo_caseworker
from terminassistent.storage import Caseload

TODAY = dt.date(2026, 11, 23)
NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=BERLIN)
SLOT = dt.timedelta(minutes=45)
CHUNK = 2_000  # customers generated and written at a time
MEAN_GAP_DAYS = 64  # between two conversations of one customer (28 to 100)
OUTCOMES = tuple(AppointmentStatus)[1:]  # held, missed, excused, cancelled


class Calendar:
    """The caseworker's 45-minute slots per working day; each taken at most once."""

    def __init__(self, week: WorkWeek, rng: random.Random):
        self.week, self.rng = week, rng
        self._free: dict[dt.date, list[dt.datetime]] = {}
        self._working: set[dt.date] = set()

    def slots(self, day: dt.date) -> list[dt.datetime]:
        """The day's free slots, in random order (taken from the end)."""
        if day not in self._free:
            found = []
            for start, end in self.week.working_intervals(day):
                while start + SLOT <= end:
                    found.append(start)
                    start += SLOT
            self.rng.shuffle(found)
            self._free[day] = found
            if found:
                self._working.add(day)
        return self._free[day]

    def working_day(self, day: dt.date) -> dt.date:
        """``day`` or the next working day."""
        while not (self.slots(day) or day in self._working):
            day += dt.timedelta(days=1)
        return day

    def take(self, day: dt.date) -> dt.datetime | None:
        free = self.slots(day)
        return free.pop() if free else None


def build(path: Path, customers: int, seed: int = 1, years: int = 3, full_weeks: int = 3) -> Path:
    rng = random.Random(seed)
    cw = demo_caseworker(DemoOptions(today=TODAY))  # the caseworker does not depend on the size
    week = WorkWeek(default_pattern(cw.weekly_hours), cw.bundesland)
    calendar = Calendar(week, rng)
    slots_a_day = len(calendar.slots(dt.date(2026, 11, 18)))  # an ordinary Wednesday
    # Of the conversations on a working day (customers / mean gap, five days' worth of seven
    # calendar days), this share gets an appointment, so the slots spread over the whole caseload.
    per_day = customers / MEAN_GAP_DAYS * 7 / 5
    share = min(1.0, 0.9 * slots_a_day / per_day)
    numbers = []
    with Caseload.create(path, cw) as c, c.transaction():
        for first in range(0, customers, CHUNK):
            people, contacts, appointments = [], [], []
            for i in range(first, min(first + CHUNK, customers)):
                person = _customer(rng, i)
                people.append(person)
                numbers.append(person.customer_no)
                for item in _history(rng, calendar, person.customer_no, years, share):
                    (contacts if isinstance(item, Contact) else appointments).append(item)
            c.add_customers(people)
            c.add_contacts(contacts)
            c.add_appointments(appointments)
        c.add_appointments(_coming_weeks(rng, week, numbers, full_weeks))
    return path


def _customer(rng: random.Random, i: int) -> Customer:
    born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(45 * 365))
    status = rng.choice(list(Status))
    profile = rng.choice([None, *Profile])
    flags = frozenset(f for f in Flag if rng.random() < 0.08)
    no = f"{100 + i % 900}{'ABCDE'[i % 5]}{i:06d}"
    return Customer(no, f"Nachname{i}", f"Vorname{i}", born, status, profile, flags,
                    address=Address(f"Musterweg {i % 200 + 1}", "12345", "Musterstadt"))


def _history(rng: random.Random, calendar: Calendar, no: str, years: int, share: float) -> Iterator[Contact | Appointment]:
    day = TODAY - dt.timedelta(days=365 * years) + dt.timedelta(days=rng.randrange(60))
    while (day := calendar.working_day(day)) < TODAY:
        channel = Channel.PERSOENLICH if rng.random() < 0.8 else Channel.TELEFONISCH
        slot = calendar.take(day) if rng.random() < share else None
        if slot is None:  # a conversation without an appointment
            moment = dt.datetime.combine(day, dt.time(8 + rng.randrange(7), rng.choice((0, 15, 30, 45))), tzinfo=BERLIN)
            held = True
        else:
            moment = slot
            status = rng.choices(OUTCOMES, weights=(80, 8, 7, 5))[0]
            held = status is AppointmentStatus.HELD
            yield Appointment(no, slot, slot + SLOT, channel=channel, status=status, reason="" if held else "x")
        if held:
            yield Contact(no, moment, channel, ContactKind.BERATUNG)
        if rng.random() < 0.3:
            yield Contact(no, moment + dt.timedelta(days=3), channel, ContactKind.ALLGEMEIN)
        day += dt.timedelta(days=rng.randrange(28, 100))


def _coming_weeks(rng: random.Random, week: WorkWeek, numbers: list[str], full_weeks: int) -> list[Appointment]:
    """Every working interval of the coming weeks booked with 45-minute appointments back to
    back, until a random gap (85 % of the slots taken), each for another customer."""
    nos = iter(rng.sample(numbers, k=len(numbers)) * 50)
    booked = []
    for offset in range(7 * full_weeks):
        for start, end in week.working_intervals(TODAY + dt.timedelta(days=offset)):
            moment = start
            while moment + SLOT <= end and rng.random() < 0.85:
                booked.append(Appointment(next(nos), moment, moment + SLOT))
                moment += SLOT
    return booked
