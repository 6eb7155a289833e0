"""Warnings the law calls for: repeated identical invitations, and the Kooperationsplan's review.

Thresholds, texts and sources are data (resources/notices/hinweise.toml, or the Jobcenter's own
file named in setting ``notices.file``).
"""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from dateutil.relativedelta import relativedelta

from terminassistent import settings as registry
from terminassistent.domain.model import BERLIN, Appointment, AppointmentStatus, Customer, Purpose
from terminassistent.errors import InvalidInput
from terminassistent.paths import resources_dir
from terminassistent.settings import SettingsSource



@dataclass(frozen=True)
class Notices:
    window_weeks: int
    warn_from: int
    repeat_source: str
    repeat_text: str
    review_months: int
    notice_days: int
    review_source: str
    review_due: str
    review_overdue: str


@functools.lru_cache(maxsize=8)
def _load(path: Path, stamp: float) -> Notices:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        r, c = data["repeated_invitations"], data["cooperation_plan"]
        return Notices(int(r["window_weeks"]), int(r["warn_from"]), r["source"], r["text"], int(c["review_months"]),
                       int(c["notice_days"]), c["source"], c["text_due"], c["text_overdue"])
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise InvalidInput(f"Die Hinweis-Datei »{path}« ist ungültig: {exc}.") from None


def notices(source: SettingsSource | None = None) -> Notices:
    own = registry.NOTICES_FILE.read(source)
    path = Path(own) if own else resources_dir() / "notices" / "hinweise.toml"
    try:
        stamp = path.stat().st_mtime
    except OSError:
        raise InvalidInput(f"Die Hinweis-Datei »{path}« (Einstellung »{registry.NOTICES_FILE.key}«) gibt es nicht.") from None
    return _load(path, stamp)


def effective_purposes(appointment: Appointment, default: Sequence[Purpose]) -> frozenset[Purpose]:
    return frozenset(appointment.purposes or default)


def default_purposes(source: SettingsSource | None) -> tuple[Purpose, ...]:
    return tuple(Purpose.parse(p) for p in registry.PURPOSES.read(source)) or (Purpose.VERMITTLUNG,)


def repeated_invitation(
    earlier: Iterable[Appointment], start: dt.datetime, purposes: Sequence[Purpose], default: Sequence[Purpose],
    n: Notices,
) -> str | None:
    """A warning if an invitation at ``start`` would be the ``warn_from``-th (or later) with the same
    purposes within the window; cancelled appointments do not count (no invitation stands)."""
    wanted = frozenset(purposes or default)
    since = start - dt.timedelta(weeks=n.window_weeks)
    same = [a for a in earlier if a.status is not AppointmentStatus.CANCELLED and since <= a.start < start
            and effective_purposes(a, default) == wanted]
    count = len(same) + 1
    if count < n.warn_from:
        return None
    labels = ", ".join(p.label for p in Purpose if p in wanted)
    return n.repeat_text.format(count=count, purposes=labels, weeks=n.window_weeks, source=n.repeat_source)


def cooperation_review(customer: Customer, today: dt.date, n: Notices) -> str | None:
    """A warning when the Kooperationsplan's review is due within the notice period, or overdue."""
    if customer.cooperation_plan is None:
        return None
    review = customer.cooperation_plan + relativedelta(months=n.review_months)
    values = {"plan": f"{customer.cooperation_plan:%d.%m.%Y}", "review": f"{review:%d.%m.%Y}", "source": n.review_source}
    if review < today:
        return n.review_overdue.format(**values)
    if review <= today + dt.timedelta(days=n.notice_days):
        return n.review_due.format(**values)
    return None


def booking_warnings(
    caseload, customer_no: str, start: dt.datetime, purposes: Sequence[Purpose] = (), *, today: dt.date | None = None
) -> list[str]:
    """What to tell the caseworker when booking ``start`` for a customer on ``today`` (default: now).
    The repetition is judged at the appointment's date, the Kooperationsplan's review at today's."""
    n = notices(caseload)
    warnings = []
    earlier = caseload.appointments(customer_no=customer_no, start=start - dt.timedelta(weeks=n.window_weeks), end=start)
    repeat = repeated_invitation(earlier, start, purposes, default_purposes(caseload), n)
    if repeat:
        warnings.append(repeat)
    today = today or dt.datetime.now(BERLIN).date()
    review = cooperation_review(caseload.customer(customer_no), today, n)
    if review:
        warnings.append(review)
    return warnings
