"""Candidate appointment slots inside a due window, ranked, each with German reasons.

Pure domain code. The caller supplies a ``DayBook``: for each day the free intervals of the
caseworker (working time minus holidays, absences and booked appointments with their buffer) and
how many appointments the day and its week already hold. Ranking is deterministic:

- aim at the window's latest date less a safety margin, so a missed appointment can still be
  made good inside the window; later than that costs more than earlier;
- weigh each day by how full it already is (as Anki's load balancer weighs due days), never
  proposing into a day or week at its limit;
- honour the customer's preferences (mornings only, not on Fridays) and usual time of day;
- at most one proposal per day, so the choices spread over several days.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from terminassistent.domain.model import BERLIN, WEEKDAYS_DE, Preferences

NOON = dt.time(12, 0)
MORNING_END = dt.time(12, 30)  # "mornings only": the appointment ends by 12:30


@dataclass(frozen=True)
class SchedulingRules:
    """The caseworker's scheduling settings (declared with German titles in services/settings.py)."""

    slot_minutes: int = 15  # granularity of start times
    buffer_minutes: int = 0  # free time kept after each appointment
    max_per_day: int = 7
    max_per_week: int = 30
    safety_margin_days: int = 10  # aim this many days before the window's latest date
    postal_notice_days: int = 4  # a posted invitation is deemed received that many days later (§ 37 Abs. 2 SGB X)
    horizon_days: int = 42  # how far ahead to look when the policy sets no latest date
    overdue_horizon_days: int = 14  # how far to look for an overdue customer


class DayBook(Protocol):
    def free_intervals(self, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]: ...

    def day_load(self, day: dt.date) -> int: ...

    def week_load(self, day: dt.date) -> int: ...


@dataclass(frozen=True)
class Window:
    earliest: dt.date
    latest: dt.date | None  # None: the policy prescribes no density


@dataclass(frozen=True)
class Request:
    window: Window
    not_before: dt.datetime  # nothing may start earlier (now, plus the postal notice)
    minutes: int
    preferences: Preferences = Preferences()
    usual_time: dt.time | None = None  # the customer's usual time of day, if any
    target: dt.date | None = None  # aim here instead of the latest date less the safety margin


@dataclass(frozen=True)
class Slot:
    start: dt.datetime
    end: dt.datetime
    score: float
    reasons: tuple[str, ...] = field(default=())


def de_date(day: dt.date) -> str:
    return f"{day:%d.%m.%Y}"


def propose(request: Request, book: DayBook, rules: SchedulingRules, count: int = 5) -> list[Slot]:
    """The best ``count`` slots, best first, at most one per day.

    Days are looked at nearest the target first. A day's own points (distance and load) are a
    lower bound of every score on it, so once ``count`` slots that suit the customer are found, a
    day whose points alone are worse cannot be among the best and is not searched, and the days
    beyond it, further from the target, neither: the same slots as searching every day."""
    first_day, last_day, target, situation = _search_range(request, rules)
    length = dt.timedelta(minutes=request.minutes)
    best_per_day: list[Slot] = []
    fallback: list[Slot] = []
    bound: float | None = None  # the count-th best rounded score among best_per_day, once there are count
    days = [first_day + dt.timedelta(days=n) for n in range((last_day - first_day).days + 1)]
    for day in sorted(days, key=lambda d: (_distance_points(d, target), d)):
        if bound is not None and round(_distance_points(day, target), 6) > bound:
            break  # this day and every one after it, further from the target, score worse
        if book.day_load(day) < rules.max_per_day and book.week_load(day) < rules.max_per_week:
            base = _day_points(day, book, rules, target)
            if bound is not None and round(base, 6) > bound:
                continue
            starts = list(_day_starts(day, request, book, rules))
            liked = [s for s in starts if _fits_preferences(s, s + length, request.preferences)]
            pool, chosen_for = (liked, best_per_day) if liked else (starts, fallback)
            if pool:
                # the day's best start by its score alone; the reasons are written for it only
                best = min(pool, key=lambda s: (round(base + _time_points(s, request), 6), s))
                chosen_for.append(_score(Slot(best, best + length, 0.0), request, book, rules, target))
                if liked and 0 < count <= len(best_per_day):
                    bound = sorted(_order(s) for s in best_per_day)[count - 1][0]
    chosen = sorted(best_per_day, key=_order)[:count]
    if not chosen and fallback:
        note = f"Wunsch »{request.preferences.describe()}« ist im Zeitfenster nicht erfüllbar"
        chosen = [_with_reason(s, note) for s in sorted(fallback, key=_order)[:count]]
    return [_with_reason(s, situation, first=True) if situation else s for s in chosen]


def _order(slot: Slot) -> tuple[float, dt.datetime]:
    return (round(slot.score, 6), slot.start)


def _with_reason(slot: Slot, reason: str, first: bool = False) -> Slot:
    reasons = (reason, *slot.reasons) if first else (*slot.reasons, reason)
    return Slot(slot.start, slot.end, slot.score, reasons)


def search_days(request: Request, rules: SchedulingRules) -> tuple[dt.date, dt.date]:
    """The first and last day ``propose`` looks at (to load the calendar for exactly those)."""
    first, last, _, _ = _search_range(request, rules)
    return first, last


def _search_range(request: Request, rules: SchedulingRules) -> tuple[dt.date, dt.date, dt.date, str]:
    """First and last day to search, the target day, and a German note on the situation."""
    now_day = request.not_before.astimezone(BERLIN).date()
    window = request.window
    start = max(window.earliest, now_day)
    if window.latest is None:
        end = start + dt.timedelta(days=rules.horizon_days)
        return start, end, start + dt.timedelta(days=min(28, rules.horizon_days)), "keine Mindestkontaktdichte vorgegeben"
    if window.latest < start:
        end = start + dt.timedelta(days=rules.overdue_horizon_days)
        return start, end, start, f"Frist bereits überschritten (spätestens {de_date(window.latest)}): so bald wie möglich"
    span = (window.latest - start).days
    margin = min(rules.safety_margin_days, span // 3)
    target = request.target or window.latest - dt.timedelta(days=margin)
    return start, window.latest, target, ""


def _day_starts(day: dt.date, request: Request, book: DayBook, rules: SchedulingRules) -> Iterable[dt.datetime]:
    """Every start on ``day`` where the appointment (and its buffer) fits the free time."""
    needed = dt.timedelta(minutes=request.minutes + rules.buffer_minutes)
    step = dt.timedelta(minutes=rules.slot_minutes)
    for free_start, free_end in book.free_intervals(day):
        start = _align(max(free_start, request.not_before), rules.slot_minutes)
        while start + needed <= free_end:
            yield start
            start += step


def _align(moment: dt.datetime, slot_minutes: int) -> dt.datetime:
    """Round up to the next whole slot of wall-clock time (09:07 -> 09:15 for 15-minute slots)."""
    local = moment.astimezone(BERLIN)
    minutes = local.hour * 60 + local.minute + (1 if local.second or local.microsecond else 0)
    rounded = math.ceil(minutes / slot_minutes) * slot_minutes
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return (midnight + dt.timedelta(minutes=rounded)).replace(tzinfo=BERLIN)


def _fits_preferences(start: dt.datetime, end: dt.datetime, prefs: Preferences) -> bool:
    start, end = start.astimezone(BERLIN), end.astimezone(BERLIN)
    if start.weekday() in prefs.avoid_weekdays:
        return False
    if prefs.mornings_only and end.time() > MORNING_END:
        return False
    if prefs.afternoons_only and start.time() < NOON:
        return False
    return True


def _distance_points(day: dt.date, target: dt.date) -> float:
    """The part of a day's points its distance from the target decides: later than the target eats
    the reserve, so it costs more."""
    offset = (day - target).days
    return offset * 3.0 if offset > 0 else -offset * 1.0


def _day_points(day: dt.date, book: DayBook, rules: SchedulingRules, target: dt.date) -> float:
    """The part of a slot's score (lower is better) that its day decides."""
    # Load: a fuller day or week weighs more (quadratic, as Anki's load balancer).
    return _distance_points(day, target) + (20.0 * (book.day_load(day) / rules.max_per_day) ** 2 + 8.0 * (book.week_load(day) / rules.max_per_week) ** 2)


def _time_points(start: dt.datetime, request: Request) -> float:
    """The part the time of day decides: the distance from the customer's usual time."""
    if request.usual_time is None:
        return 0.0
    start = start.astimezone(BERLIN)
    usual = request.usual_time.hour * 60 + request.usual_time.minute
    return 0.75 * (abs(start.hour * 60 + start.minute - usual) / 60)


def _score(slot: Slot, request: Request, book: DayBook, rules: SchedulingRules, target: dt.date) -> Slot:
    """The slot with its score and the German reasons for it."""
    start = slot.start.astimezone(BERLIN)
    day = start.date()
    reasons: list[str] = []
    latest = request.window.latest
    if latest is not None and day <= latest:
        reserve = (latest - day).days
        reasons.append(
            f"im Zeitfenster bis {de_date(latest)}, {reserve} {'Tag' if reserve == 1 else 'Tage'} Reserve für einen Ersatztermin"
            if reserve
            else f"letzter Tag des Zeitfensters ({de_date(latest)})"
        )
    reasons.append(f"{WEEKDAYS_DE[day.weekday()]} mit {book.day_load(day)} von {rules.max_per_day} Terminen belegt")
    prefs = request.preferences
    if prefs.describe() and _fits_preferences(slot.start, slot.end, prefs):
        reasons.append(f"entspricht dem Wunsch: {prefs.describe()}")
    if request.usual_time is not None:
        usual = request.usual_time.hour * 60 + request.usual_time.minute
        if abs(start.hour * 60 + start.minute - usual) / 60 <= 0.5:
            reasons.append(f"zur gewohnten Uhrzeit (etwa {request.usual_time:%H:%M} Uhr)")
    score = _day_points(day, book, rules, target) + _time_points(slot.start, request)
    return Slot(slot.start, slot.end, score, tuple(reasons))
