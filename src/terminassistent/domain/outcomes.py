"""When an appointment's outcome may be recorded (pure; shared by outcome and conclude)."""

from __future__ import annotations

import datetime as dt

from terminassistent.domain.model import BERLIN, Appointment, AppointmentStatus

OUTCOMES = (AppointmentStatus.HELD, AppointmentStatus.MISSED, AppointmentStatus.EXCUSED, AppointmentStatus.CANCELLED)
NEEDS_REASON = (AppointmentStatus.MISSED, AppointmentStatus.EXCUSED, AppointmentStatus.CANCELLED)


def outcome_problem(current: Appointment, status: AppointmentStatus, reason: str, now: dt.datetime) -> str | None:
    """Why ``status`` cannot be recorded for ``current`` now, as a German sentence; None if it can.

    A recorded outcome is never overwritten (the count of unexcused misses decides the legal text
    of later invitations, and a held appointment has its contact); only a booked appointment in
    the past can be missed or excused, and one of today or earlier held (a customer may come
    early); every outcome but "held" needs a reason.
    """
    when = f"{current.start.astimezone(BERLIN):%d.%m.%Y %H:%M} Uhr"
    if status not in OUTCOMES:
        allowed = ", ".join(s.value for s in OUTCOMES)
        return f"»{status.value}« ist kein Ergebnis eines Termins (erlaubt: {allowed})."
    if current.status is not AppointmentStatus.BOOKED:
        return (f"Termin {current.id} ({when}) ist schon als »{current.status.label}« erfasst; "
                "ein festgehaltenes Ergebnis wird nicht überschrieben.")
    later_day = current.start.astimezone(BERLIN).date() > now.astimezone(BERLIN).date()
    if (status is AppointmentStatus.HELD and later_day) or (status in (AppointmentStatus.MISSED,
                                                                       AppointmentStatus.EXCUSED) and current.start > now):
        return f"Termin {current.id} ({when}) liegt in der Zukunft; er kann nur abgesagt werden."
    if status in NEEDS_REASON and not reason.strip():
        return f"Bitte geben Sie einen Grund an, warum Termin {current.id} ({when}) »{status.label}« ist."
    return None
