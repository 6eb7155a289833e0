"""A small caseload built by hand: every fact a test asserts on is visible here."""

import datetime as dt

from terminassistent.domain.model import (
    BERLIN,
    Absence,
    AbsenceKind,
    Address,
    Appointment,
    AppointmentStatus,
    Caseworker,
    Channel,
    Contact,
    ContactKind,
    Customer,
    Flag,
    Profile,
    Status,
    TimeRange,
)
from terminassistent.storage import Caseload

MONDAY = dt.date(2026, 11, 30)  # ISO week 2026-W49
NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=BERLIN)  # Friday before


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=BERLIN)


def caseworker(policy_id="aa90-jba", hours=39.0) -> Caseworker:
    full_day = (TimeRange(dt.time(8), dt.time(12)), TimeRange(dt.time(12, 30), dt.time(16)))
    pattern = {d: full_day for d in range(5)}  # 5 x 7.5 h = 37.5 h of pattern
    return Caseworker(name="Frau Test", office="Jobcenter Musterstadt, Beispielstraße 1, 12345 Musterstadt", room="1.01",
                      phone="0123 4567", email="test@example.org", bundesland="NW",
                      weekly_hours=hours, full_time_hours=39.0, pattern=pattern, policy_id=policy_id)


def customer(no: str, birth: dt.date, status=Status.ARBEITSLOS, profile=Profile.MARKT, **kw) -> Customer:
    return Customer(no, f"Kunde{no}", "Test", birth, status, profile, address=Address("Musterweg 1", "12345", "Musterstadt"), **kw)


# Ü25 unemployed under aa90-jba: every 6 months.
OVERDUE = customer("A-overdue", dt.date(1980, 1, 1))  # last seen 01.03.2026 -> latest 01.09.2026
SOON = customer("B-soon", dt.date(1981, 1, 1))  # last seen 05.06.2026 -> latest 05.12.2026
LATER = customer("C-later", dt.date(1982, 1, 1))  # last seen 01.10.2026 -> latest 01.04.2027
CHAINED = customer("D-chained", dt.date(1983, 1, 1))  # overdue, but already booked for 01.12.
NEVER = customer("E-never", dt.date(1984, 1, 1))  # no qualifying contact at all (only a general note)
PUPIL = customer("F-pupil", dt.date(2011, 1, 1), Status.NICHT_GESETZT, None, flags=frozenset({Flag.SCHUELER}))


def build(path, policy_id="aa90-jba", hours=39.0) -> Caseload:
    c = Caseload.create(path, caseworker(policy_id, hours))
    with c.transaction():
        c.add_customers([OVERDUE, SOON, LATER, CHAINED, NEVER, PUPIL])
        seen = {OVERDUE: dt.date(2026, 3, 1), SOON: dt.date(2026, 6, 5), LATER: dt.date(2026, 10, 1),
                CHAINED: dt.date(2026, 2, 1), PUPIL: dt.date(2026, 1, 10)}
        c.add_contacts([Contact(x.customer_no, at(d, 9), Channel.PERSOENLICH, ContactKind.BERATUNG) for x, d in seen.items()])
        c.add_contact(Contact(NEVER.customer_no, at(dt.date(2026, 11, 2), 9), Channel.PERSOENLICH, ContactKind.ALLGEMEIN))
        c.add_appointment(Appointment(CHAINED.customer_no, at(MONDAY + dt.timedelta(days=1), 9), at(MONDAY + dt.timedelta(days=1), 9, 45)))
        # Thursday of the week: a training day.
        c.add_absence(Absence(at(MONDAY + dt.timedelta(days=3), 0), at(MONDAY + dt.timedelta(days=4), 0), AbsenceKind.FORTBILDUNG))
    return c


def held_and_missed(c: Caseload, held: int, missed: int, excused: int = 0) -> None:
    """Past in-person appointments of LATER with the given outcomes (for the attendance rate)."""
    day = dt.date(2026, 6, 1)
    with c.transaction():
        for status, n in ((AppointmentStatus.HELD, held), (AppointmentStatus.MISSED, missed), (AppointmentStatus.EXCUSED, excused)):
            for _ in range(n):
                while day.weekday() >= 5:
                    day += dt.timedelta(days=1)
                c.add_appointment(Appointment(LATER.customer_no, at(day, 8), at(day, 8, 30), status=status, reason="x"))
                day += dt.timedelta(days=1)
