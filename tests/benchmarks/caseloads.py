"""Synthetic caseloads for the benchmarks: N customers, three years of contact history, past
appointments with outcomes, and a calendar booked full for the coming weeks."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from terminassistent.domain.model import (
    BERLIN,
    Address,
    Appointment,
    AppointmentStatus,
    Channel,
    Contact,
    ContactKind,
    Customer,
    Flag,
    Profile,
    Status,
)
from terminassistent.domain.workweek import WorkWeek, default_pattern
from terminassistent.services.demo.build import DemoOptions, demo_caseworker
from terminassistent.storage import Caseload

TODAY = dt.date(2026, 11, 23)
NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=BERLIN)


def build(path: Path, customers: int, seed: int = 1, years: int = 3, full_weeks: int = 3) -> Path:
    rng = random.Random(seed)
    cw = demo_caseworker(DemoOptions(today=TODAY, customers=customers))
    week = WorkWeek(default_pattern(cw.weekly_hours), cw.bundesland)
    with Caseload.create(path, cw) as c, c.transaction():
        people, contacts, appointments = [], [], []
        for i in range(customers):
            born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(45 * 365))
            status = rng.choice(list(Status))
            profile = rng.choice([None, *Profile])
            flags = frozenset(f for f in Flag if rng.random() < 0.08)
            no = f"{100 + i % 900}{'ABCDE'[i % 5]}{i:06d}"
            people.append(Customer(no, f"Nachname{i}", f"Vorname{i}", born, status, profile, flags,
                                   address=Address(f"Musterweg {i % 200 + 1}", "12345", "Musterstadt")))
            day = TODAY - dt.timedelta(days=365 * years) + dt.timedelta(days=rng.randrange(60))
            while day < TODAY - dt.timedelta(days=1):
                moment = dt.datetime.combine(day, dt.time(8 + rng.randrange(7), rng.choice((0, 15, 30, 45))), tzinfo=BERLIN)
                channel = Channel.PERSOENLICH if rng.random() < 0.8 else Channel.TELEFONISCH
                status_ = rng.choices(list(AppointmentStatus)[1:], weights=(80, 8, 7, 5))[0]
                appointments.append(Appointment(no, moment, moment + dt.timedelta(minutes=45), channel=channel,
                                                status=status_, reason="" if status_ is AppointmentStatus.HELD else "x"))
                if status_ is AppointmentStatus.HELD:
                    contacts.append(Contact(no, moment, channel, ContactKind.BERATUNG))
                if rng.random() < 0.3:
                    contacts.append(Contact(no, moment + dt.timedelta(days=3), channel, ContactKind.ALLGEMEIN))
                day += dt.timedelta(days=rng.randrange(28, 100))
        c.add_customers(people)
        c.add_contacts(contacts)
        # The coming weeks booked full: every working interval, 45-minute appointments back to back.
        nos = iter(rng.sample([p.customer_no for p in people], k=len(people)) * 50)
        for offset in range(7 * full_weeks):
            day = TODAY + dt.timedelta(days=offset)
            for start, end in week.working_intervals(day):
                moment = start
                while moment + dt.timedelta(minutes=45) <= end and rng.random() < 0.85:
                    appointments.append(Appointment(next(nos), moment, moment + dt.timedelta(minutes=45)))
                    moment += dt.timedelta(minutes=45)
        c.add_appointments(appointments)
    return path
