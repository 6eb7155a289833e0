"""After an absence, the new date lies near the old one, even when the appointment had been booked
before the customer's due window opens (the demo's Karin Günther was proposed 02.08.2027 for an
appointment of 24.11.2026 before this was fixed)."""

import datetime as dt

from terminassistent.domain.model import BERLIN, AbsenceKind, AppointmentStatus
from terminassistent.services.context import Context, fixed_clock
from terminassistent.services.demo.build import DemoOptions, create_demo
from terminassistent.services.scheduling.rebooking import propose_rebookings
from terminassistent.services.settings.caseworker import add_absence
from terminassistent.storage import Caseload


def test_rebooked_appointments_stay_within_two_weeks_of_their_old_day(tmp_path):
    now = dt.datetime(2026, 11, 23, 10, 0, tzinfo=BERLIN)
    create_demo(tmp_path / "demo.db", DemoOptions(today=now.date(), seed=1))
    with Caseload.open(tmp_path / "demo.db") as c:
        ctx = Context(c, fixed_clock(now))
        ill = add_absence(ctx, now + dt.timedelta(days=1, hours=-3), now + dt.timedelta(days=1, hours=8),
                          AbsenceKind.KRANKHEIT)
        hit = [a for a in ill.affected if a.status is AppointmentStatus.BOOKED]
        assert hit, "the demo has appointments on the day after"
        found = propose_rebookings(ctx, hit)
    assert all(r.start is not None for r in found)
    for r in found:
        assert dt.timedelta(0) < r.start - r.appointment.start <= dt.timedelta(days=14), (r.name, r.start)
