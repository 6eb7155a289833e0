"""Which rule applies to a customer, what counts as a contact, and when the next one is due.

Pure and cheap (a planner calls ``assess`` for thousands of customers): the policy's rule table is
precomputed, no file is read here. Every number comes from the loaded policy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Iterable

from terminassistent.domain.model import BERLIN, Channel, Contact, ContactKind, Customer, Deviation
from terminassistent.domain.policy_model import AgeGroup, ChannelMode, DensityKind, Policy, Rule

IN_PERSON_ONLY = (Channel.PERSOENLICH,)
ANY_CHANNEL = (Channel.PERSOENLICH, Channel.TELEFONISCH)


class Compliance(StrEnum):
    ON_TIME = "on_time"  # the window has not opened yet
    DUE_SOON = "due_soon"  # the window is open and its latest day not passed
    OVERDUE = "overdue"  # the latest day has passed
    DUE_NOW = "due_now"  # no qualifying contact at all: the first one is due at once
    NO_DENSITY = "no_density"  # the policy prescribes no density for this customer

    @property
    def compliant(self) -> bool | None:
        """Whether the customer is within the policy's density (None: the policy prescribes none)."""
        if self is Compliance.NO_DENSITY:
            return None
        return self in (Compliance.ON_TIME, Compliance.DUE_SOON)

    @property
    def label(self) -> str:
        return {
            "on_time": "fristgerecht",
            "due_soon": "bald fällig",
            "overdue": "überfällig",
            "due_now": "sofort fällig",
            "no_density": "keine Vorgabe",
        }[self.value]


@dataclass(frozen=True)
class Assessment:
    """Everything a caseworker needs to know about one customer's next contact."""

    policy_id: str
    rule: Rule | None
    group: str  # German label of the group
    explanation: str  # German: group, density, source
    density: str  # German: "alle 6 Wochen", "zwischen 2 und 3 Monaten", "4 Kontakte im Halbjahr"
    earliest: dt.date | None
    latest: dt.date | None  # None: no density prescribed
    rule_latest: dt.date | None  # the latest date by the rule alone (differs when a deviation is in force)
    channels: tuple[Channel, ...]  # channels that may count for the next contact
    in_person_required: bool
    qualifying: tuple[Contact, ...]  # past contacts that count, oldest first
    state: Compliance
    count_reached: int | None = None  # count rules: qualifying contacts in the current period
    count_target: int | None = None
    deviation: Deviation | None = None  # in force, taken from the last qualifying contact
    due_now: bool = False  # no qualifying contact at all
    source: str | None = None
    decision: str = ""
    warnings: tuple[str, ...] = ()

    @property
    def rule_id(self) -> str | None:
        return self.rule.id if self.rule else None

    @property
    def overdue_since(self) -> dt.date | None:
        """The first day on which the contact is overdue: the day after the latest one."""
        return self.latest + dt.timedelta(days=1) if self.latest else None

    @property
    def overdue_text(self) -> str:
        """How every command and view states an overdue contact: »überfällig seit 06.03.2026«."""
        return f"überfällig seit {german_date(self.overdue_since)}"

    def as_dict(self) -> dict:
        """The JSON document of ``terminassistent due`` (../shared/CONTRACT.md)."""
        return {
            "policy": self.policy_id,
            "rule": self.rule_id,
            "group": self.group,
            "density": self.density,
            "earliest": self.earliest.isoformat() if self.earliest else None,
            "latest": self.latest.isoformat() if self.latest else None,
            "channels": [c.value for c in self.channels],
            "in_person_required": self.in_person_required,
            "source": self.source,
            "warnings": list(self.warnings),
        }


def german_date(day: dt.date) -> str:
    return f"{day:%d.%m.%Y}"


def twenty_fifth_birthday(birth_date: dt.date) -> dt.date:
    """The first day the customer counts as Ü25 (born 29 Feb: 1 March in a common year)."""
    try:
        return birth_date.replace(year=birth_date.year + 25)
    except ValueError:
        return dt.date(birth_date.year + 25, 3, 1)


def phone_counts(rule: Rule, key: tuple) -> bool:
    """Whether a qualified phone conversation counts for this customer under ``rule``."""
    mode = rule.channels.mode
    if mode is ChannelMode.CONDITIONAL:
        return any(selector.matches(*key) for selector in rule.channels.phone_if)
    return mode in (ChannelMode.PHONE, ChannelMode.ALTERNATING)


def qualifies(contact: Contact, phone_ok: bool) -> bool:
    """A Beratungsvermerk counts; an Allgemeiner Vermerk never does; phone only where allowed."""
    return contact.kind is ContactKind.BERATUNG and (contact.channel is Channel.PERSOENLICH or phone_ok)


def _in_person_required(rule: Rule, phone_ok: bool, qualifying: tuple[Contact, ...]) -> bool:
    if not phone_ok:
        return True
    if rule.channels.mode is not ChannelMode.ALTERNATING:
        return False
    # At least every n-th contact in person: required once n-1 phone contacts follow the last one in person.
    if not qualifying:
        return rule.channels.first_in_person
    trailing_phone = 0
    for contact in reversed(qualifying):
        if contact.channel is Channel.PERSOENLICH:
            break
        trailing_phone += 1
    return trailing_phone >= rule.channels.in_person_every - 1


def _opening(policy: Policy, last: dt.date, latest: dt.date) -> dt.date:
    """Interval and count windows open after the policy's share of the longest gap."""
    gap = (latest - last).days
    opens = last + dt.timedelta(days=max(1, gap * policy.window_opens_percent // 100))
    return min(opens, latest)


def _state(on: dt.date, earliest: dt.date | None, latest: dt.date | None) -> Compliance:
    if latest is None:
        return Compliance.NO_DENSITY
    if on > latest:
        return Compliance.OVERDUE
    if earliest is None or on >= earliest:
        return Compliance.DUE_SOON
    return Compliance.ON_TIME


def _channel_sentence(rule: Rule, phone_ok: bool, required: bool) -> str:
    if rule.channels.mode is ChannelMode.ALTERNATING:
        n = rule.channels.in_person_every
        tail = " Der nächste Kontakt muss persönlich sein." if required else ""
        return f"Telefonische und persönliche Kontakte dürfen wechseln, mindestens jeder {n}. persönlich.{tail}"
    if phone_ok:
        return "Auch eine telefonische Beratung zählt."
    return "Es zählt nur ein persönliches Gespräch."


def _uncovered(policy: Policy, customer: Customer, age: AgeGroup, warnings: list[str]) -> Assessment:
    profile = customer.profile.label if customer.profile else "ohne Profillage"
    warnings.append(
        f"Keine Regel des Konzepts »{policy.title}« gilt für diesen Kunden ({age.label}, "
        f"{customer.status.label}, {profile}); die Kontaktdichte ist im Einzelfall festzulegen."
    )
    return Assessment(
        policy_id=policy.id, rule=None, group="keine passende Gruppe",
        explanation="Das Konzept enthält für diesen Kunden keine Regel.", density="keine Regel",
        earliest=None, latest=None, rule_latest=None, channels=IN_PERSON_ONLY, in_person_required=True,
        qualifying=(), state=Compliance.NO_DENSITY, warnings=tuple(warnings),
    )


def _validity_warning(policy: Policy, on: dt.date) -> str | None:
    if policy.valid_from and on < policy.valid_from:
        return (f"Das Kontaktdichtekonzept »{policy.title}« gilt erst ab {german_date(policy.valid_from)}; "
                f"am Stichtag {german_date(on)} ist es noch nicht in Kraft.")
    if policy.valid_until and on > policy.valid_until:
        return (f"Das Kontaktdichtekonzept »{policy.title}« galt nur bis {german_date(policy.valid_until)}; "
                f"am Stichtag {german_date(on)} ist es nicht mehr gültig.")
    return None


def _warn_uncounted_phone(contacts: Iterable[Contact], qualifying: tuple[Contact, ...], on: dt.date,
                          warnings: list[str]) -> None:
    """A phone conversation newer than the last counting contact: say that it did not count."""
    since = qualifying[-1].at if qualifying else None
    phoned = [c for c in contacts if c.kind is ContactKind.BERATUNG and c.channel is Channel.TELEFONISCH
              and c.date <= on and (since is None or c.at > since)]
    if phoned:
        newest = max(phoned, key=lambda c: c.at)
        warnings.append(f"Die telefonische Beratung vom {german_date(newest.date)} zählt für diesen Kunden nicht "
                        "als Kontakt im Sinne des Konzepts; maßgeblich ist das letzte persönliche Gespräch.")


def assess(policy: Policy, customer: Customer, contacts: Iterable[Contact], on: dt.date) -> Assessment:
    """The applied rule, the due window of the next contact and the compliance state on ``on``.

    ``contacts`` is the customer's history in any order; contacts after ``on`` are ignored. The
    ``due`` command and the appointment proposals both call this, so they always agree.
    """
    contacts = tuple(contacts)  # read twice below; a generator would be empty the second time
    warnings: list[str] = []
    validity = _validity_warning(policy, on)
    if validity:
        warnings.append(validity)
    age = AgeGroup.of(customer.birth_date, on)
    key = (age, customer.status, customer.profile, customer.flags)
    rule = policy.rule_for(*key)
    if rule is None:
        return _uncovered(policy, customer, age, warnings)

    phone_ok = phone_counts(rule, key)
    qualifying = tuple(sorted((c for c in contacts if c.date <= on and qualifies(c, phone_ok)), key=lambda c: c.at))
    required = _in_person_required(rule, phone_ok, qualifying)
    if not phone_ok:
        _warn_uncounted_phone(contacts, qualifying, on, warnings)
    density = rule.density
    last = qualifying[-1] if qualifying else None
    earliest = latest = rule_latest = None
    due_now = False
    if density.prescribes:
        if last is None:
            earliest = latest = rule_latest = on
            due_now = True
            warnings.append("Es gibt keinen anrechenbaren Kontakt: der nächste Kontakt ist sofort fällig.")
        else:
            rule_latest = latest = density.latest_after(last.date)
            if density.kind is DensityKind.RANGE:
                earliest = density.minimum.after(last.date)
            else:
                earliest = _opening(policy, last.date, latest)

    deviation = last.deviation if last else None
    if deviation is not None:
        latest = deviation.due_date
        earliest = _opening(policy, last.date, latest) if latest > last.date else latest
        instead = f" statt {german_date(rule_latest)}" if rule_latest else ""
        warnings.append(
            f"Eine begründete Abweichung ist in Kraft: nächster Kontakt bis {german_date(latest)}{instead} "
            f"(Grund: {deviation.reason})."
        )

    if age is AgeGroup.U25 and latest is not None:
        birthday = twenty_fifth_birthday(customer.birth_date)
        if birthday <= latest:
            warnings.append(
                f"25. Geburtstag am {german_date(birthday)}: ab dann gilt die Regel für Ü25, die anders sein kann."
            )

    count_reached = count_target = None
    if density.kind is DensityKind.COUNT:
        since = density.per.before(on)
        count_reached = sum(1 for c in qualifying if c.date > since)
        count_target = density.count

    text = (
        f"Für die Gruppe »{rule.group.label}« gilt: {density.describe()}. "
        f"{rule.explanation + ' ' if rule.explanation else ''}{_channel_sentence(rule, phone_ok, required)} "
        f"Quelle: {rule.source.cite()}"
    )
    return Assessment(
        policy_id=policy.id, rule=rule, group=rule.group.label, explanation=text, density=density.describe(),
        earliest=earliest, latest=latest, rule_latest=rule_latest,
        channels=IN_PERSON_ONLY if required else ANY_CHANNEL, in_person_required=required,
        qualifying=qualifying, state=Compliance.DUE_NOW if due_now else _state(on, earliest, latest), count_reached=count_reached,
        count_target=count_target, deviation=deviation, due_now=due_now, source=rule.source.cite(),
        decision=rule.decision, warnings=tuple(warnings),
    )


def last_contact_history(
    customer_no: str, day: dt.date, channel: Channel = Channel.PERSOENLICH, deviation: Deviation | None = None
) -> tuple[Contact, ...]:
    """A history of one Beratungsvermerk (what ``due --last-contact`` describes)."""
    at = dt.datetime.combine(day, dt.time(12, 0), tzinfo=BERLIN)
    return (Contact(customer_no, at, channel, ContactKind.BERATUNG, deviation=deviation),)
