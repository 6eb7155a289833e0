"""The caseload at a glance: one read-only row per customer, for the desktop's table.

Pure Python (no Qt): the desktop shows these rows, a later command line or report may print them.
Due dates and compliance come from the policy engine, through the same one-pass survey as the
Nachhaltung (services.monitoring.survey): this module only shapes its results for the table.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Collection
from dataclasses import dataclass

from terminassistent.domain.model import Channel, Customer, CustomerSummary, Flag, Profile, Status
from terminassistent.domain.density import Compliance
from terminassistent.services.monitoring.survey import CustomerStatus, next_appointments, surveyed
from terminassistent.services.context import Context

U25, UE25 = "U25", "Ü25"
YOUTH_AGE_LIMIT = 25  # U25: younger than 25 on the reference date (DOMAIN.md)

_FLAGS = tuple(Flag)  # in the vocabulary's order (iterating the Enum itself is slow)

# Short forms of the flags for narrow table cells; the full label is Flag.label.
FLAG_SHORT_LABELS = {
    Flag.SCHUELER: "Schüler/in",
    Flag.FALLMANAGEMENT: "Fallmanagement",
    Flag.BESCHAEFTIGT: "beschäftigt",
    Flag.GESUNDHEIT: "Gesundheit",
}


@dataclass(frozen=True, slots=True)  # slots: 100,000 of them, twice while the due states come in
class CustomerRow:
    """What the overview shows about one customer on the reference day ``today``."""

    customer_no: str
    display_name: str  # "Nachname, Vorname"
    birth_date: dt.date
    age: int
    age_group: str  # U25 or Ü25
    status: Status
    status_label: str
    profile: Profile | None
    profile_label: str  # "" when no Profillage is set
    flags: tuple[Flag, ...]  # in the vocabulary's order
    flag_labels: tuple[str, ...]  # full German labels, same order
    last_contact: dt.date | None  # last qualifying contact on or before today (as the policy counts)
    last_contact_channel: Channel | None
    next_appointment: dt.datetime | None  # earliest booked appointment starting today or later
    search_key: str  # folded text that search_matches() looks in
    # From the policy engine; due_latest None: the policy prescribes no density for this customer.
    due_earliest: dt.date | None = None
    due_latest: dt.date | None = None
    due_rule: str | None = None  # id of the policy rule that gave the due window
    due_state: Compliance | None = None
    due_density: str = ""  # "alle 6 Monate"
    due_warnings: tuple[str, ...] = ()
    # False: read without the policy engine yet (a large caseload's first look); the last contact
    # and the due fields are not known and follow (``customer_overview``).
    assessed: bool = True

    @property
    def flag_short_labels(self) -> tuple[str, ...]:
        return tuple(FLAG_SHORT_LABELS[f] for f in self.flags)


@dataclass(frozen=True)
class Overview:
    """Everything the main window shows, read in one go (in a worker thread)."""

    caseworker_name: str
    today: dt.date
    rows: tuple[CustomerRow, ...]


QUICK_FROM = 5_000  # customers: from here on the first look comes without the due states


def caseload_overview(ctx: Context, quick_from: int = QUICK_FROM) -> Overview:
    """Every customer's row. A caseload of ``quick_from`` customers or more is read without the
    policy engine first (rows not ``assessed``), so the list shows within seconds even at 100,000;
    the caller fills in the due states with ``customer_overview`` (``unassessed``)."""
    today = ctx.today()
    if ctx.caseload.customer_count() < quick_from:
        rows = customer_overview(ctx, today)
    else:
        upcoming = next_appointments(ctx.caseload, today)
        rows = [quick_row(c, today, upcoming.get(c.customer_no)) for c in ctx.caseload.customer_summaries()]
    return Overview(ctx.caseload.caseworker().name, today, tuple(rows))


def unassessed(rows: Collection[CustomerRow]) -> frozenset[str]:
    """The Kundennummern of the rows whose due states are still to come."""
    return frozenset(r.customer_no for r in rows if not r.assessed)


def customer_overview(ctx: Context, today: dt.date | None = None, customer_nos: Collection[str] | None = None
                      ) -> list[CustomerRow]:
    """One row per customer (or per customer of ``customer_nos``), in the store's order (last name,
    first name, Kundennummer)."""
    today = today or ctx.today()
    return surveyed(ctx, lambda status: customer_row(status, today), today, customer_nos, summaries=True)


def quick_row(customer: Customer | CustomerSummary, today: dt.date, next_appointment: dt.datetime | None) -> CustomerRow:
    """What the customer record and the calendar tell, without the history: no last contact, no due state."""
    age = customer.age_on(today)
    flags = tuple(f for f in _FLAGS if f in customer.flags) if customer.flags else ()
    return CustomerRow(
        customer.customer_no, customer.display_name, customer.birth_date, age, U25 if age < YOUTH_AGE_LIMIT else UE25,
        customer.status, customer.status.label, customer.profile, customer.profile.label if customer.profile else "",
        flags, tuple(f.label for f in flags), None, None, next_appointment, search_key(customer), assessed=False,
    )


def customer_row(status: CustomerStatus, today: dt.date) -> CustomerRow:
    customer, a = status.customer, status.assessment
    age = customer.age_on(today)
    flags = tuple(f for f in _FLAGS if f in customer.flags) if customer.flags else ()
    last = a.qualifying[-1] if a.qualifying else None
    return CustomerRow(
        customer_no=customer.customer_no,
        display_name=customer.display_name,
        birth_date=customer.birth_date,
        age=age,
        age_group=U25 if age < YOUTH_AGE_LIMIT else UE25,
        status=customer.status,
        status_label=customer.status.label,
        profile=customer.profile,
        profile_label=customer.profile.label if customer.profile else "",
        flags=flags,
        flag_labels=tuple(f.label for f in flags),
        last_contact=last.date if last else None,
        last_contact_channel=last.channel if last else None,
        next_appointment=status.next_appointment,
        search_key=search_key(customer),
        due_earliest=a.earliest,
        due_latest=a.latest,
        due_rule=a.rule_id,
        due_state=a.state,
        due_density=a.density,
        due_warnings=a.warnings,
    )


# -- searching ------------------------------------------------------------------------------------

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})


def fold(text: str) -> str:
    """Case-insensitive form of ``text`` (``ß`` -> ``ss`` by casefold)."""
    if text.isascii():  # NFC changes no ASCII text
        return " ".join(text.lower().split())
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _variants(text: str) -> set[str]:
    """``Müller`` -> {müller, mueller, muller}: a search for any of the three spellings finds it."""
    folded = fold(text)
    if folded.isascii():  # most names and every Kundennummer: one spelling only
        return {folded}
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(ch))
    return {folded, folded.translate(_UMLAUTS), plain}


def day_text(day: dt.date) -> str:
    """``f"{day:%d.%m.%Y}"``, without strftime for four-digit years (quicker, for 100,000 rows)."""
    return f"{day.day:02}.{day.month:02}.{day.year}" if day.year >= 1000 else f"{day:%d.%m.%Y}"


def search_key(customer: Customer | CustomerSummary) -> str:
    """The text a search looks in: Kundennummer, names in both orders, birth date (dd.mm.yyyy)."""
    number, name = customer.customer_no, f"{customer.last_name}, {customer.first_name}"
    turned, born = f"{customer.first_name} {customer.last_name}", day_text(customer.birth_date)
    if number.isascii() and name.isascii():  # one spelling each (``turned`` has the letters of ``name``)
        return " | ".join(dict.fromkeys((fold(number), fold(name), fold(turned), born)))
    variants: list[str] = []
    for part in (number, name, turned):
        variants.extend(sorted(_variants(part)))
    variants.append(born)
    return " | ".join(dict.fromkeys(variants))


def search_terms(query: str) -> tuple[frozenset[str], ...]:
    """The words of a query, each as its spelling variants; an empty tuple matches everything."""
    return tuple(frozenset(_variants(word)) for word in fold(query).replace(",", " ").split())


def search_matches(key: str, terms: tuple[frozenset[str], ...]) -> bool:
    """True when every word of the query occurs in ``key`` in one of its spellings (any order).

    ``Müller`` finds Müller and Mueller, ``Mueller`` finds both as well, ``Muller`` finds Müller.
    """
    return all(any(variant in key for variant in term) for term in terms)


def search_matcher(terms: tuple[frozenset[str], ...]) -> Callable[[str], bool]:
    """``search_matches`` with the terms bound: ``matcher(key)``, quicker for 100,000 keys (one
    spelling per word, the usual case, is a plain substring test)."""
    if all(len(term) == 1 for term in terms):
        words = tuple(next(iter(term)) for term in terms)
        if len(words) == 1:
            word = words[0]
            return lambda key: word in key
        return lambda key: all(word in key for word in words)
    return lambda key: search_matches(key, terms)
