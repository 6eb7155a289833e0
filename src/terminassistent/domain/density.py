"""Which rule applies to a customer, what counts as a contact, and when the next one is due.

Pure and cheap (a planner calls ``assess`` for thousands of customers): the policy's rule table is
precomputed, no file is read here. Every number comes from the loaded policy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Iterable

from terminassistent.domain.counting import Counting, count_contacts, phone_counts, trailing_phone
from terminassistent.domain.groups import GroupChange
from terminassistent.domain.model import BERLIN, Channel, Contact, ContactKind, Customer, CustomerSummary, Deviation
from terminassistent.domain.policy_model import AgeGroup, ChannelMode, Density, DensityKind, Policy, Rule

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
        """The JSON document of ``terminassistent due`` (../shared/CONTRACT.md); ``earliest`` is
        the day from which the next contact is recommended, not a ban on an earlier one."""
        return {
            "policy": self.policy_id,
            "rule": self.rule_id,
            "group": self.group,
            "density": self.density,
            "earliest": self.earliest.isoformat() if self.earliest else None,
            "latest": self.latest.isoformat() if self.latest else None,
            "channels": [c.value for c in self.channels],
            "in_person_required": self.in_person_required,
            "state": "none" if self.state is Compliance.NO_DENSITY else self.state.value,
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


def _in_person_required(rule: Rule, phone_ok: bool, qualifying: tuple[Contact, ...]) -> bool:
    """Whether only a contact in person can count next (never where the rule sets no density)."""
    if not rule.density.prescribes:
        return False
    if not phone_ok:
        return True
    if rule.channels.mode is not ChannelMode.ALTERNATING:
        return False
    if not qualifying:
        return rule.channels.first_in_person
    return trailing_phone(qualifying) >= rule.channels.in_person_every - 1


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
    if rule.channels.phone_by_reason:
        return ("Es zählt ein persönliches Gespräch; eine telefonische Beratung zählt, wenn Sie festhalten, "
                "warum sie in diesem Fall zählt.")
    return "Es zählt nur ein persönliches Gespräch."


def _uncovered(policy: Policy, customer: Customer | CustomerSummary, age: AgeGroup, warnings: list[str]) -> Assessment:
    profile = customer.profile.label if customer.profile else "ohne Profillage"
    warnings.append(
        f"Keine Regel des Konzepts »{policy.title}« gilt für diesen Kunden ({age.label}, "
        f"{customer.status.label}, {profile}); die Kontaktdichte ist im Einzelfall festzulegen."
    )
    return Assessment(
        policy_id=policy.id, rule=None, group="keine passende Gruppe",
        explanation="Das Konzept enthält für diesen Kunden keine Regel.", density="keine Regel",
        earliest=None, latest=None, rule_latest=None, channels=ANY_CHANNEL, in_person_required=False,
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


def _ends_before_warning(policy: Policy, on: dt.date, latest: dt.date | None) -> str | None:
    """The due date lies after the policy's end, though the reference date is still inside it."""
    until = policy.valid_until
    if until is None or latest is None or latest <= until or on > until:
        return None
    return (f"Der späteste Tag des nächsten Kontakts, der {german_date(latest)}, liegt nach dem Ende der Gültigkeit "
            f"des Kontaktdichtekonzepts »{policy.title}« am {german_date(until)}; ob es danach weiter gilt oder "
            "ein neues Konzept, ist zu klären.")


def _phone_warnings(counting: Counting, counted_since: dt.date | None, warnings: list[str]) -> None:
    """Say which phone conversation after the last counting contact did not count, and which ones
    count only by the caseworker's reason (as long as they matter: the last contact, or inside
    the period a count rule measures)."""
    last = counting.qualifying[-1] if counting.qualifying else None
    late = [(c, why) for c, why in counting.uncounted if last is None or c.at > last.at]
    if late:
        contact, why = late[-1]
        anchor = (f"maßgeblich ist der Kontakt vom {german_date(last.date)}" if last
                  else "es gibt keinen anrechenbaren Kontakt")
        warnings.append(f"Die telefonische Beratung vom {german_date(contact.date)} zählt für diesen Kunden nicht "
                        f"als Kontakt im Sinne des Konzepts ({why}); {anchor}.")
    for contact in counting.by_reason:
        if contact is last or (counted_since is not None and contact.date > counted_since):
            warnings.append(f"Die telefonische Beratung vom {german_date(contact.date)} zählt nach begründeter "
                            f"Entscheidung der Integrationsfachkraft als Kontakt (Grund: {contact.phone_reason}).")


def _rule_latest(density: Density, qualifying: tuple[Contact, ...]) -> dt.date:
    """The latest day of the next contact by the rule alone.

    A count per period (BA: "Mindestkontaktdichte im Halbjahreszeitraum") is what is measured; the
    even spacing (the period's days / count after the last contact) is a booking aid. So the latest
    day is the later of the two: the spacing, and the day the count of the period would fall short
    (the period after the count-th newest contact). While the count of the period ending on a day is
    met, that day is never past the latest day; when neither holds, it is.
    """
    latest = density.latest_after(qualifying[-1].date)
    if density.kind is DensityKind.COUNT and len(qualifying) >= density.count:
        latest = max(latest, density.per.after(qualifying[-density.count].date))
    return latest


def assess(policy: Policy, customer: Customer | CustomerSummary, contacts: Iterable[Contact], on: dt.date,
           groups: Iterable[GroupChange]) -> Assessment:
    """The applied rule, the due window of the next contact and the compliance state on ``on``.

    ``contacts`` is the customer's history in any order; contacts after ``on`` are ignored.
    ``groups`` is the recorded history of the customer's groups (any order; empty: the current
    groups held on every day): each contact is judged by the groups at its moment, the next one by
    today's. The ``due`` command and the appointment proposals both call this, so they always agree.
    """
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
    counting = count_contacts(policy, customer, contacts, on, groups)
    qualifying = counting.qualifying
    required = _in_person_required(rule, phone_ok, qualifying)
    density = rule.density
    count_reached = count_target = counted_since = None
    if density.kind is DensityKind.COUNT:
        counted_since = density.per.before(on)
        count_reached = sum(1 for c in qualifying if c.date > counted_since)
        count_target = density.count
    _phone_warnings(counting, counted_since, warnings)
    last = qualifying[-1] if qualifying else None
    earliest = latest = rule_latest = None
    due_now = False
    if density.prescribes:
        if last is None:
            earliest = latest = rule_latest = on
            due_now = True
            warnings.append("Es gibt keinen anrechenbaren Kontakt: der nächste Kontakt ist sofort fällig.")
        else:
            rule_latest = latest = _rule_latest(density, qualifying)
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
    ends = _ends_before_warning(policy, on, latest)
    if ends:
        warnings.append(ends)

    text, described, cited = _texts(rule, phone_ok, required)
    return Assessment(
        policy_id=policy.id, rule=rule, group=rule.group.label, explanation=text, density=described,
        earliest=earliest, latest=latest, rule_latest=rule_latest,
        channels=IN_PERSON_ONLY if required else ANY_CHANNEL, in_person_required=required,
        qualifying=qualifying, state=Compliance.DUE_NOW if due_now else _state(on, earliest, latest),
        count_reached=count_reached, count_target=count_target, deviation=deviation, due_now=due_now,
        source=cited, decision=rule.decision, warnings=tuple(warnings),
    )


_TEXTS: dict[tuple[int, bool, bool], tuple[Rule, tuple[str, str, str]]] = {}


def _texts(rule: Rule, phone_ok: bool, required: bool) -> tuple[str, str, str]:
    """The explanation, the density and the source of ``rule`` in German: the same for every
    customer it applies to, so written once (keyed by the rule object itself: hashing a rule
    would cost more than writing them)."""
    key = (id(rule), phone_ok, required)
    found = _TEXTS.get(key)
    if found is not None and found[0] is rule:
        return found[1]
    density = rule.density
    text = (
        f"Für die Gruppe »{rule.group.label}« gilt: {density.describe()}. "
        f"{rule.explanation + ' ' if rule.explanation else ''}{_channel_sentence(rule, phone_ok, required)} "
        f"Quelle: {rule.source.cite()}"
    )
    texts = (text, density.describe(), rule.source.cite())
    if len(_TEXTS) > 4096:  # rules of policies read again and again (an edited file): start afresh
        _TEXTS.clear()
    _TEXTS[key] = (rule, texts)
    return texts


def contact_history(customer_no: str, contacts: Iterable[tuple[dt.date, Channel]]) -> tuple[Contact, ...]:
    """Beratungsvermerke on the given days (what ``due --contact`` and ``--last-contact`` describe),
    at noon Berlin time, one minute apart in the given order so that two on one day keep it."""
    return tuple(
        Contact(customer_no, dt.datetime.combine(day, dt.time(12, 0), tzinfo=BERLIN) + dt.timedelta(minutes=i),
                channel, ContactKind.BERATUNG)
        for i, (day, channel) in enumerate(contacts)
    )
