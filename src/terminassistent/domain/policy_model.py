"""A loaded Kontaktdichtekonzept as frozen values (built by terminassistent.policy from TOML).

Pure Python (stdlib and dateutil). Nothing here knows a concrete policy: every density, channel
rule, duration, quota and exception is data. German texts are what a caseworker reads.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Iterator

from dateutil.relativedelta import relativedelta

from terminassistent.domain.model import Flag, Profile, Status

NO_PROFILE = "keine"  # the selector value for "no Profillage set"


class AgeGroup(StrEnum):
    U25 = "u25"  # under 25 on the reference date
    UE25 = "ue25"  # 25 and older

    @property
    def label(self) -> str:
        return "U25" if self is AgeGroup.U25 else "Ü25"

    @classmethod
    def parse(cls, text: str) -> "AgeGroup":
        wanted = str(text).strip().lower().replace("ü", "ue")
        for member in cls:
            if wanted == member.value:
                return member
        raise ValueError(f"»{text}« ist keine Altersgruppe (erlaubt: u25, ue25)")

    @classmethod
    def of(cls, birth_date: dt.date, on: dt.date) -> "AgeGroup":
        years = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
        return cls.U25 if years < 25 else cls.UE25


class PeriodUnit(StrEnum):
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"
    YEARS = "years"


# German nouns: (singular, plural accusative, plural dative, "every one" adverb)
_NOUNS = {
    PeriodUnit.DAYS: ("Tag", "Tage", "Tagen", "täglich"),
    PeriodUnit.WEEKS: ("Woche", "Wochen", "Wochen", "wöchentlich"),
    PeriodUnit.MONTHS: ("Monat", "Monate", "Monaten", "monatlich"),
    PeriodUnit.YEARS: ("Jahr", "Jahre", "Jahren", "jährlich"),
}


@dataclass(frozen=True)
class Period:
    """A calendar length: months and years follow the calendar (31 Jan + 1 month = 28/29 Feb)."""

    amount: int
    unit: PeriodUnit

    @functools.cached_property
    def _delta(self) -> relativedelta:  # built once: a planner adds it for thousands of customers
        return relativedelta(**{self.unit.value: self.amount})

    @functools.lru_cache(maxsize=4096)  # a caseload-wide assessment asks for the same days again and again
    def after(self, day: dt.date) -> dt.date:
        return day + self._delta

    @functools.lru_cache(maxsize=4096)
    def before(self, day: dt.date) -> dt.date:
        return day - self._delta

    def noun(self) -> str:
        """'1 Monat', '6 Wochen'."""
        singular, plural, _, _ = _NOUNS[self.unit]
        return f"{self.amount} {singular if self.amount == 1 else plural}"

    def dative(self) -> str:
        singular, _, dative, _ = _NOUNS[self.unit]
        return f"{self.amount} {singular if self.amount == 1 else dative}"

    def every(self) -> str:
        """'monatlich', 'alle 6 Wochen'."""
        return _NOUNS[self.unit][3] if self.amount == 1 else f"alle {self.noun()}"

    def per(self) -> str:
        """'im Halbjahr', 'im Jahr', 'in 3 Monaten'."""
        months = {PeriodUnit.MONTHS: self.amount, PeriodUnit.YEARS: 12 * self.amount}.get(self.unit)
        named = {6: "im Halbjahr", 12: "im Jahr", 1: "im Monat", 3: "im Quartal"}
        if months in named:
            return named[months]
        if self.unit is PeriodUnit.WEEKS and self.amount == 1:
            return "in der Woche"
        return f"in {self.dative()}"


class DensityKind(StrEnum):
    INTERVAL = "interval"  # at the latest after `every`
    RANGE = "range"  # between `minimum` and `maximum` after the last contact
    COUNT = "count"  # `count` contacts per `per` (for example 4 per half-year)
    NONE = "none"  # the policy prescribes no density for this group
    INDIVIDUAL = "individual"  # the caseworker decides case by case


@dataclass(frozen=True)
class Density:
    kind: DensityKind
    every: Period | None = None
    minimum: Period | None = None
    maximum: Period | None = None
    count: int | None = None
    per: Period | None = None

    @property
    def prescribes(self) -> bool:
        return self.kind in (DensityKind.INTERVAL, DensityKind.RANGE, DensityKind.COUNT)

    def describe(self) -> str:
        """The density in German, as a caseworker would say it."""
        if self.kind is DensityKind.INTERVAL:
            return self.every.every()
        if self.kind is DensityKind.RANGE:
            lo, hi = self.minimum, self.maximum
            if lo.unit is hi.unit:
                return f"zwischen {lo.amount} und {hi.dative()}"
            return f"zwischen {lo.dative()} und {hi.dative()}"
        if self.kind is DensityKind.COUNT:
            word = "Kontakt" if self.count == 1 else "Kontakte"
            return f"{self.count} {word} {self.per.per()}"
        if self.kind is DensityKind.NONE:
            return "keine Kontaktdichte vorgegeben"
        return "individuell im Einzelfall festzulegen"

    def latest_after(self, last: dt.date) -> dt.date | None:
        """The latest date of the next contact after a qualifying contact on ``last``."""
        if self.kind is DensityKind.INTERVAL:
            return self.every.after(last)
        if self.kind is DensityKind.RANGE:
            return self.maximum.after(last)
        if self.kind is DensityKind.COUNT:
            # The period's days from the last contact, split evenly, rounded down (see the files).
            days = (self.per.after(last) - last).days
            return last + dt.timedelta(days=max(1, days // self.count))
        return None


@dataclass(frozen=True)
class Selector:
    """Which customers a group holds. An empty dimension means 'any'."""

    ages: frozenset[AgeGroup] = frozenset()
    statuses: frozenset[Status] = frozenset()
    profiles: frozenset[Profile | None] = frozenset()  # None stands for "no Profillage"
    flags: frozenset[Flag] = frozenset()  # all of these must be set
    without_flags: frozenset[Flag] = frozenset()  # none of these may be set

    def matches(self, age: AgeGroup, status: Status, profile: Profile | None, flags: frozenset[Flag]) -> bool:
        return (
            (not self.ages or age in self.ages)
            and (not self.statuses or status in self.statuses)
            and (not self.profiles or profile in self.profiles)
            and self.flags <= flags
            and not (self.without_flags & flags)
        )


@dataclass(frozen=True)
class Source:
    document: str
    section: str
    quote: str

    def cite(self) -> str:
        return f"{self.document}, {self.section}: »{self.quote}«"


class ChannelMode(StrEnum):
    IN_PERSON = "in_person"  # only a contact in person counts
    PHONE = "phone"  # a qualified phone conversation counts as well
    CONDITIONAL = "conditional"  # in person; phone counts for customers matching `phone_if`
    ALTERNATING = "alternating"  # phone counts, but at least every n-th contact in person


@dataclass(frozen=True)
class ChannelRule:
    mode: ChannelMode
    phone_if: tuple[Selector, ...] = ()
    in_person_every: int = 2  # ALTERNATING: at least every n-th contact in person
    first_in_person: bool = True  # ALTERNATING: with no qualifying contact yet, the next one is in person
    # IN_PERSON, CONDITIONAL: the named cases are examples, so a phone conversation in another case
    # counts too when the caseworker records why (Contact.phone_reason).
    phone_by_reason: bool = False


@dataclass(frozen=True)
class Group:
    id: str
    label: str  # German, e.g. "U25, arbeitslos"
    selector: Selector


@dataclass(frozen=True)
class Rule:
    id: str
    group: Group
    density: Density
    channels: ChannelRule
    source: Source
    explanation: str = ""  # German: why (required for "none" and "individual")
    decision: str = ""  # German: where the document is silent, what was decided and why


@dataclass(frozen=True)
class Durations:
    """Minutes; None where the document sets nothing."""

    first: int | None = None
    first_preparation: int | None = None
    follow_up: int | None = None
    follow_up_preparation: int | None = None
    maximum: int | None = None  # longest appointment incl. preparation
    source: Source | None = None
    decision: str = ""


@dataclass(frozen=True)
class LeadTime:
    """Working days until the first appointment: as a rule, and at most."""

    working_days: int | None = None
    max_working_days: int | None = None
    source: Source | None = None
    decision: str = ""


class QuotaUnit(StrEnum):
    APPOINTMENTS = "appointments"
    CONVERSATIONS = "conversations"
    MINUTES = "minutes"


class QuotaBasis(StrEnum):
    COUNT = "count"  # a number per full-time week, pro rata
    SHARE = "share"  # a share of the working time


class Rounding(StrEnum):
    UP = "up"
    DOWN = "down"
    NEAREST = "nearest"  # half up


@dataclass(frozen=True)
class Quota:
    unit: QuotaUnit | None  # None: the policy sets no weekly quota
    counts: str  # German: what counts toward it
    basis: QuotaBasis | None = None
    full_time_hours: float | None = None
    full_time_target: float | None = None  # basis COUNT (for SHARE the figure the document states, if any)
    share: float | None = None
    minutes_per_appointment: int | None = None
    pro_rata: bool = True
    rounding: Rounding | None = None
    rounding_reason: str = ""
    source: Source | None = None
    decision: str = ""


@dataclass(frozen=True)
class PolicyException:
    """A documented reason to deviate (allowed) or an explicit 'this is no reason' (not allowed)."""

    id: str
    label: str
    allowed: bool
    source: Source
    decision: str = ""


@dataclass(frozen=True)
class Note:
    text: str
    source: Source | None = None


def customer_space() -> Iterator[tuple[AgeGroup, Status, Profile | None, frozenset[Flag]]]:
    """Every distinguishable customer: 2 age groups x 3 statuses x 9 profiles x 16 flag sets."""
    flag_sets = [
        frozenset(c) for n in range(len(Flag) + 1) for c in itertools.combinations(list(Flag), n)
    ]
    profiles: list[Profile | None] = [None, *Profile]
    for age, status, profile, flags in itertools.product(AgeGroup, Status, profiles, flag_sets):
        yield age, status, profile, flags


@dataclass(frozen=True)
class Policy:
    id: str
    title: str
    issuer: str
    document: str  # the source document, as cited
    valid_from: dt.date | None
    valid_until: dt.date | None
    window_opens_percent: int  # an interval/count window opens after this share of the longest gap
    rules: tuple[Rule, ...]
    default_channels: ChannelRule
    contact_source: Source
    groups: tuple[Group, ...] = ()
    durations: Durations = Durations()
    lead_time: LeadTime = LeadTime()
    quota: Quota = Quota(unit=None, counts="")
    exceptions: tuple[PolicyException, ...] = ()
    notes: tuple[Note, ...] = ()
    window_decision: str = ""
    validity_source: Source | None = None
    path: str = ""
    _table: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        table = self._table
        for key in customer_space():
            for rule in self.rules:
                if rule.group.selector.matches(*key):
                    table[key] = rule
                    break

    def rule_for(
        self, age: AgeGroup, status: Status, profile: Profile | None, flags: frozenset[Flag]
    ) -> Rule | None:
        """The rule for this kind of customer (precomputed: one dictionary lookup)."""
        return self._table.get((age, status, profile, frozenset(flags)))

    def history_horizon(self, on: dt.date) -> dt.date:
        """The earliest day from which a contact can matter on ``on`` beyond being a customer's
        last one (per channel). A window after an interval or range is measured from the last
        contact alone; a count looks back over its period, and alternating channels over their
        interval (whether a phone contact came since the last one in person). Before it, only a
        customer's newest ``history_depth`` contacts in person and what followed them can matter."""
        periods = [r.density.per for r in self.rules if r.density.per is not None]
        periods += [p for r in self.rules if r.channels.mode is ChannelMode.ALTERNATING
                    for p in (r.density.every, r.density.maximum) if p is not None]
        return min((p.before(on) for p in periods), default=on) - dt.timedelta(days=1)

    @property
    def history_depth(self) -> int:
        """How many of a customer's newest contacts in person an assessment may need, however old:
        the last one (the chain of phone contacts after it), or for a count rule the count (the
        day its oldest leaves the period)."""
        return max((r.density.count for r in self.rules if r.density.kind is DensityKind.COUNT), default=1)

