"""Warnings the law calls for: repeated identical invitations, the Kooperationsplan's review, and an
invitation by post that arrives too late.

Thresholds, texts and sources are data (resources/notices/hinweise.toml, or the Jobcenter's own
file named in setting ``notices.file``). Only invitations to report count as invitations: a
telephone appointment is none (domain.model.Appointment.duty_to_report).
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
from terminassistent.domain.model import BERLIN, Appointment, AppointmentStatus, Channel, Customer, Purpose
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
    postal_source: str
    postal_text: str


@functools.lru_cache(maxsize=8)
def _load(path: Path, stamp: float) -> Notices:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        r, c, p = data["repeated_invitations"], data["cooperation_plan"], data["postal_delivery"]
        return Notices(int(r["window_weeks"]), int(r["warn_from"]), r["source"], r["text"], int(c["review_months"]),
                       int(c["notice_days"]), c["source"], c["text_due"], c["text_overdue"], p["source"], p["text"])
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
    """The preset purposes (setting ``letter.purposes``), in the statute's order; refused by name if one
    is not a purpose of § 309 Abs. 2 SGB III."""
    try:
        chosen = {Purpose.parse(p) for p in registry.PURPOSES.read(source)}
    except ValueError as exc:
        raise InvalidInput(f"Die Einstellung »{registry.PURPOSES.key}«: {exc}.") from None
    return tuple(p for p in Purpose if p in chosen) or (Purpose.VERMITTLUNG,)


def repeated_invitation(
    earlier: Iterable[Appointment], start: dt.datetime, purposes: Sequence[Purpose], default: Sequence[Purpose],
    n: Notices,
) -> str | None:
    """A warning if an invitation at ``start`` would be the ``warn_from``-th (or later) with the same
    purposes within the window; cancelled appointments do not count (no invitation stands), nor do
    telephone appointments (no invitation to report)."""
    wanted = frozenset(purposes or default)
    since = start - dt.timedelta(weeks=n.window_weeks)
    same = [a for a in earlier if a.status is not AppointmentStatus.CANCELLED and a.duty_to_report
            and since <= a.start < start and effective_purposes(a, default) == wanted]
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
    caseload, customer_no: str, start: dt.datetime, purposes: Sequence[Purpose] = (), *, today: dt.date | None = None,
    channel: Channel = Channel.PERSOENLICH,
) -> list[str]:
    """What to tell the caseworker when booking ``start`` (on ``channel``) for a customer on ``today``
    (default: now). The repetition is judged at the appointment's date, the Kooperationsplan's review at
    today's; a telephone appointment is no invitation to report and never repeats one."""
    n = notices(caseload)
    warnings = []
    if channel is Channel.PERSOENLICH:
        earlier = caseload.appointments(customer_no=customer_no, start=start - dt.timedelta(weeks=n.window_weeks),
                                        end=start)
        repeat = repeated_invitation(earlier, start, purposes, default_purposes(caseload), n)
        if repeat:
            warnings.append(repeat)
    today = today or dt.datetime.now(BERLIN).date()
    review = cooperation_review(caseload.customer(customer_no), today, n)
    if review:
        warnings.append(review)
    return warnings


def postal_warning(appointment: Appointment, posted: dt.date, days: int, n: Notices) -> str | None:
    """A warning when ``appointment`` does not lie after the day its invitation, posted on ``posted``,
    is deemed received (``days`` later, setting ``scheduling.postal_notice_days``)."""
    received = posted + dt.timedelta(days=days)
    day = appointment.start.astimezone(BERLIN).date()
    if days == 0 or day > received:
        return None
    return n.postal_text.format(appointment=appointment.id, day=f"{day:%d.%m.%Y}", posted=f"{posted:%d.%m.%Y}",
                                received=f"{received:%d.%m.%Y}", source=n.postal_source,
                                earliest=f"{received + dt.timedelta(days=1):%d.%m.%Y}")
