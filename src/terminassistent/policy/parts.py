"""Building the small pieces of a policy: sources, periods, selectors, densities, channel rules."""

from __future__ import annotations

import datetime as dt

from terminassistent.domain.model import Flag, Profile, Status
from terminassistent.domain.policy_model import (
    NO_PROFILE,
    AgeGroup,
    ChannelMode,
    ChannelRule,
    Density,
    DensityKind,
    Period,
    PeriodUnit,
    Selector,
    Source,
)
from terminassistent.policy.schema import Table

_UNITS = tuple(u.value for u in PeriodUnit)
_UNIT_MAX = {PeriodUnit.DAYS: 3660, PeriodUnit.WEEKS: 520, PeriodUnit.MONTHS: 120, PeriodUnit.YEARS: 10}
# Reference days on which two calendar periods are compared (month ends and a leap day included).
_PROBE_DAYS = (dt.date(2023, 1, 31), dt.date(2024, 1, 31), dt.date(2024, 2, 29), dt.date(2023, 6, 15))


def enum_parser(enum_cls, what: str):
    def parse(text: str):
        wanted = text.strip().lower()
        for member in enum_cls:
            if wanted == member.value:
                return member
        allowed = ", ".join(m.value for m in enum_cls)
        raise ValueError(f"»{text}« ist kein gültiger Wert für {what} (erlaubt: {allowed})")

    return parse


parse_channel_mode = enum_parser(ChannelMode, "mode")
parse_density_kind = enum_parser(DensityKind, "kind")


def parse_profile(text: str) -> Profile | None:
    if text.strip().lower() == NO_PROFILE:
        return None
    try:
        return Profile.parse(text)
    except ValueError:
        allowed = ", ".join([*(p.value for p in Profile), NO_PROFILE])
        raise ValueError(f"»{text}« ist keine Profillage (erlaubt: {allowed})") from None


def source(table: Table | None, document: str) -> Source | None:
    if table is None:
        return None
    section = table.text("section")
    quote = table.text("quote")
    table.done()
    if section is None or quote is None:
        return None
    return Source(document, section, quote)


def required_source(parent: Table, key: str, document: str) -> Source | None:
    return source(parent.table(key, required=True), document)


def period(parent: Table, key: str, required: bool = True) -> Period | None:
    table = parent.table(key, required)
    if table is None:
        return None
    present = [u for u in _UNITS if table.has(u)]
    found = None
    for unit in _UNITS:
        amount = table.integer(unit, minimum=1, maximum=_UNIT_MAX[PeriodUnit(unit)])
        if amount is not None and found is None:
            found = Period(amount, PeriodUnit(unit))
    table.done()
    if len(present) != 1:
        table.problem(None, "Ein Zeitraum braucht genau eine Angabe: days, weeks, months oder years "
                            f"(gefunden: {', '.join(present) or 'keine'}).")
        return None
    return found


def _compare_range(table: Table, lo: Period, hi: Period) -> None:
    if any(lo.after(day) > hi.after(day) for day in _PROBE_DAYS):
        table.problem("min", f"Der früheste Abstand ({lo.noun()}) liegt nach dem spätesten ({hi.noun()}): "
                             "ein solches Zeitfenster gibt es nicht.")


def density(parent: Table) -> Density | None:
    table = parent.table("density", required=True)
    if table is None:
        return None
    kind = table.choice("kind", parse_density_kind)
    others = {
        DensityKind.INTERVAL: ("min", "max", "count", "per"),
        DensityKind.RANGE: ("every", "count", "per"),
        DensityKind.COUNT: ("every", "min", "max"),
        DensityKind.NONE: ("every", "min", "max", "count", "per"),
        DensityKind.INDIVIDUAL: ("every", "min", "max", "count", "per"),
    }
    result = None
    if kind is not None:
        table.forbid(others[kind], f"gehört nicht zu kind = »{kind.value}«.")
    if kind is DensityKind.INTERVAL:
        every = period(table, "every")
        result = Density(kind, every=every) if every else None
    elif kind is DensityKind.RANGE:
        lo, hi = period(table, "min"), period(table, "max")
        if lo and hi:
            _compare_range(table, lo, hi)
            result = Density(kind, minimum=lo, maximum=hi)
    elif kind is DensityKind.COUNT:
        count = table.integer("count", required=True, minimum=1)
        per = period(table, "per")
        if count and per:
            shortest = min((per.after(day) - day).days for day in _PROBE_DAYS)
            if count > shortest:
                table.problem("count", f"{count} Kontakte in {per.dative()} sind mehr als ein Kontakt pro Tag.")
            else:
                result = Density(kind, count=count, per=per)
    elif kind is not None:
        result = Density(kind)
    table.done()
    return result


def selector(table: Table) -> Selector | None:
    """The selector keys of a group or rule: age, status, profile, flags, without_flags."""
    ages = table.choices("age", AgeGroup.parse)
    statuses = table.choices("status", Status.parse)
    profiles = table.choices("profile", parse_profile)
    flags = table.choices("flags", Flag.parse)
    without = table.choices("without_flags", Flag.parse)
    broken = any(
        table.has(key) and value is None
        for key, value in (("age", ages), ("status", statuses), ("profile", profiles),
                           ("flags", flags), ("without_flags", without))
    )
    if broken:
        return None
    both = set(flags or ()) & set(without or ())
    if both:
        names = ", ".join(sorted(f.value for f in both))
        table.problem("without_flags", f"Ein Merkmal kann nicht zugleich gefordert und ausgeschlossen sein ({names}).")
        return None
    return Selector(frozenset(ages or ()), frozenset(statuses or ()), frozenset(profiles or ()),
                    frozenset(flags or ()), frozenset(without or ()))


def channels(parent: Table, key: str, required: bool) -> tuple[ChannelRule | None, bool]:
    """(the rule, whether the table was there and sound)."""
    table = parent.table(key, required)
    if table is None:
        return None, not parent.has(key)
    mode = table.choice("mode", parse_channel_mode)
    result, ok = None, mode is not None
    by_reason = table.boolean("phone_by_reason", False)
    if mode is ChannelMode.CONDITIONAL:
        items = table.tables("phone_if", required=True)
        selectors = [selector(item) for item in items]
        for item in items:
            item.done()
        ok = bool(selectors) and all(s is not None for s in selectors)
        result = ChannelRule(mode, phone_if=tuple(selectors), phone_by_reason=by_reason) if ok else None
    elif mode is ChannelMode.ALTERNATING:
        every = table.integer("in_person_every", required=True, minimum=2, maximum=12)
        first = table.get("first_in_person", bool, required=True)
        ok = every is not None and first is not None
        result = ChannelRule(mode, in_person_every=every, first_in_person=first) if ok else None
    elif mode is not None:
        result = ChannelRule(mode, phone_by_reason=by_reason)
    if mode is not ChannelMode.CONDITIONAL:
        table.forbid(("phone_if",), "nur bei mode = »conditional«.")
    if mode in (ChannelMode.PHONE, ChannelMode.ALTERNATING):
        table.forbid(("phone_by_reason",), "nur bei mode = »in_person« oder »conditional«.")
    if mode is not ChannelMode.ALTERNATING:
        table.forbid(("in_person_every", "first_in_person"), "nur bei mode = »alternating«.")
    table.done()
    return result, ok
