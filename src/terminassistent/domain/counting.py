"""Which of a customer's contacts count under a policy ("Kontakt im Sinne des Konzepts").

A Beratungsvermerk in person always counts; an Allgemeiner Vermerk never does. A phone
conversation is judged, in time order, by the rule for the customer's age and groups at its
moment (the groups from the recorded history, domain.groups):

- ``in_person``: it does not count; ``phone``: it counts;
- ``conditional``: it counts when the groups at its moment match one of ``phone_if``, or, where the
  policy's list of cases is open (``phone_by_reason``), when the caseworker recorded why it counts;
- ``alternating`` (at least every n-th contact in person): it counts unless the n-1 contacts
  counted before it were all by phone, or nothing counted yet and the first must be in person.

Pure Python; cheap enough for a planner that judges thousands of customers.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable
from dataclasses import dataclass

from terminassistent.domain.groups import GroupChange, GroupTimeline
from terminassistent.domain.model import Channel, Contact, ContactKind, Customer, CustomerSummary
from terminassistent.domain.policy_model import AgeGroup, ChannelMode, Policy, Rule


@dataclass(frozen=True)
class Counting:
    qualifying: tuple[Contact, ...]  # the contacts that count, oldest first
    by_reason: tuple[Contact, ...]  # of those, phone conversations that count only by the caseworker's reason
    uncounted: tuple[tuple[Contact, str], ...]  # phone Beratungsvermerke that do not count, and why (German)


def phone_counts(rule: Rule, key: tuple) -> bool:
    """Whether a qualified phone conversation counts under ``rule`` for a customer of ``key``
    (age group, status, Profillage, flags), leaving the alternation aside."""
    mode = rule.channels.mode
    if mode is ChannelMode.CONDITIONAL:
        return any(selector.matches(*key) for selector in rule.channels.phone_if)
    return mode in (ChannelMode.PHONE, ChannelMode.ALTERNATING)


def trailing_phone(qualifying: Iterable[Contact]) -> int:
    """How many counted phone contacts follow the last counted one in person."""
    count = 0
    for contact in reversed(tuple(qualifying)):
        if contact.channel is Channel.PERSOENLICH:
            break
        count += 1
    return count


def _why_not(rule: Rule | None, key: tuple, contact: Contact, counted_before: int, phoned_in_a_row: int
             ) -> str | None:
    """None if the phone conversation counts, else why not (German, a clause)."""
    if rule is None:
        return "für seine Gruppe an diesem Tag enthält das Konzept keine Regel"
    channels = rule.channels
    if channels.mode is ChannelMode.ALTERNATING:
        if not counted_before and channels.first_in_person:
            return "der erste Kontakt muss persönlich sein"
        if phoned_in_a_row >= channels.in_person_every - 1:
            return f"mindestens jeder {channels.in_person_every}. Kontakt muss persönlich sein"
        return None
    if phone_counts(rule, key) or (channels.phone_by_reason and contact.phone_reason):
        return None
    if channels.mode is ChannelMode.CONDITIONAL:
        return "an diesem Tag galt für ihn keiner der Fälle, in denen ein Telefonat zählt"
    return "es zählt nur ein persönliches Gespräch"


def count_contacts(policy: Policy, customer: Customer | CustomerSummary, contacts: Iterable[Contact], on: dt.date,
                   groups: Iterable[GroupChange]) -> Counting:
    """The contacts up to ``on`` that count, each judged at its own moment."""
    timeline = None  # built at the first phone conversation: most histories have none to judge
    talks = sorted((c for c in contacts if c.kind is ContactKind.BERATUNG and c.date <= on), key=_AT)
    qualifying: list[Contact] = []
    by_reason: list[Contact] = []
    uncounted: list[tuple[Contact, str]] = []
    in_a_row = 0
    for contact in talks:
        if contact.channel is Channel.PERSOENLICH:
            qualifying.append(contact)
            in_a_row = 0
            continue
        timeline = timeline or GroupTimeline(customer, groups)
        key = (AgeGroup.of(customer.birth_date, contact.date), *timeline.at(contact.at))
        rule = policy.rule_for(*key)
        why = _why_not(rule, key, contact, len(qualifying), in_a_row)
        if why is not None:
            uncounted.append((contact, why))
            continue
        qualifying.append(contact)
        in_a_row += 1
        if not phone_counts(rule, key):
            by_reason.append(contact)
    return Counting(tuple(qualifying), tuple(by_reason), tuple(uncounted))


_AT = operator.attrgetter("at")
