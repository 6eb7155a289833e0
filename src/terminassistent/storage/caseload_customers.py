"""The Caseload's customers, the history of their groups, and their contacts (Beratungsvermerke
and other contacts): reading them, also a batch at a time for a large caseload, and adding and
changing them."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator, Sequence, Set
from dataclasses import replace
from typing import Any

from terminassistent.domain.groups import GroupChange
from terminassistent.domain.model import Channel, Contact, ContactKind, Customer, CustomerSummary
from terminassistent.errors import StoreError
from terminassistent.storage import rows
from terminassistent.storage.caseload_base import ORDERS, CaseloadBase


class CustomerRecords(CaseloadBase):
    """Customers and their contacts, part of ``Caseload``."""

    # -- customers -----------------------------------------------------------------------------

    def customers(self, *, departed: bool = False) -> list[Customer]:
        """The customers of the caseload; those who left it (Abgang) only with ``departed``."""
        where = "" if departed else " WHERE left_on IS NULL"
        return self._read("customers", self._all(f"SELECT * FROM customers{where} ORDER BY {ORDERS['customers']}"))

    def customer_summaries(self) -> list[CustomerSummary]:
        """``customers()`` as their identifying fields only: a quicker read of a large caseload."""
        fields = ", ".join(CustomerSummary._fields)
        found = self._all(f"SELECT {fields} FROM customers WHERE left_on IS NULL ORDER BY {ORDERS['customers']}")
        return self._summaries(found)

    def _summaries(self, found: Sequence[sqlite3.Row]) -> list[CustomerSummary]:
        try:
            return [rows.summary_from_row(r) for r in found]
        except (ValueError, TypeError, KeyError, IndexError):  # which record? (the whole one says)
            return [CustomerSummary.of(self._read_one("customers", self._one(
                "SELECT * FROM customers WHERE customer_no = ?", (r["customer_no"],)))) for r in found]

    def customers_by_number(self, span: tuple[str, str] | None = None, batch: int = 5_000, *,
                            summaries: bool = False) -> Iterator[Customer] | Iterator[CustomerSummary]:
        """``customers()`` in Kundennummer order, read a batch at a time (memory holds one batch);
        ``span``: those whose Kundennummer lies between these two (inclusive). ``summaries``: as
        their identifying fields only (``customer_summaries``), a quicker read."""
        within = " AND customer_no BETWEEN ? AND ?" if span else ""
        fields = ", ".join(CustomerSummary._fields) if summaries else "*"
        with self._mutex:
            cursor = self._execute(f"SELECT {fields} FROM customers WHERE left_on IS NULL{within} ORDER BY customer_no",
                                   span or ())
            while found := self._reading(lambda: cursor.fetchmany(batch)):
                yield from self._summaries(found) if summaries else self._read("customers", found)

    def customer_numbers(self, span: tuple[str, str] | None = None) -> list[str]:
        """The Kundennummern of ``customers()``, in the same order; ``span``: only those between
        these two (inclusive)."""
        within = " AND customer_no BETWEEN ? AND ?" if span else ""
        return [r[0] for r in self._all(
            f"SELECT customer_no FROM customers WHERE left_on IS NULL{within} ORDER BY {ORDERS['customers']}", span or ())]

    def customer_count(self) -> int:
        """Every customer record, those who left the caseload included."""
        return self._scalar("SELECT count(*) FROM customers")

    def find_customer(self, customer_no: str) -> Customer | None:
        row = self._one("SELECT * FROM customers WHERE customer_no = ?", (customer_no,), required=False)
        return None if row is None else self._read_one("customers", row)

    def customer_no_of(self, typed: str) -> str:
        """The stored Kundennummer that a person typed: as stored, else ignoring case (A–Z) and
        surrounding spaces; refused (naming the file) when none or several customers match."""
        text = typed.strip()
        if self._one("SELECT 1 FROM customers WHERE customer_no = ?", (text,), required=False):
            return text
        found = [row[0] for row in self._all(
            "SELECT customer_no FROM customers WHERE customer_no = ? COLLATE NOCASE ORDER BY customer_no", (text,))]
        if len(found) == 1:
            return found[0]
        if found:
            raise StoreError(f"Die Kundennummer »{text}« passt im Bestand »{self.path}« zu mehreren Kunden "
                             f"({', '.join(f'»{n}«' for n in found)}); bitte schreiben Sie sie genau so.")
        raise StoreError(f"Die Kundennummer »{text}« ist im Bestand »{self.path}« nicht vorhanden.")

    def customer(self, customer_no: str) -> Customer:
        found = self.find_customer(customer_no)
        if found is None:
            raise StoreError(f"Die Kundennummer »{customer_no}« ist in diesem Bestand nicht vorhanden.")
        return found

    def add_customer(self, customer: Customer) -> None:
        self.add_customers([customer])

    def existing_customers(self, numbers: Sequence[str]) -> set[str]:
        """Which of the Kundennummern ``numbers`` are in the caseload (one query for all)."""
        found = self._all("SELECT customer_no FROM customers WHERE customer_no IN (SELECT value FROM json_each(?))",
                          (json.dumps(list(numbers)),))
        return {r[0] for r in found}

    def add_customers(self, customers: Sequence[Customer]) -> None:
        """Add new customers; each one's groups are recorded as the first state of their history
        (it holds for every earlier day too: nothing earlier is known)."""
        with self.transaction():
            numbers = [c.customer_no for c in customers]
            there = self.existing_customers(numbers)
            for number in numbers:
                if number in there:
                    raise StoreError(f"Die Kundennummer »{number}« ist schon im Bestand.")
                there.add(number)  # twice in ``customers``
            self._insert_rows("customers", [rows.customer_to_row(c) for c in customers])
            self._insert_rows("customer_groups", [rows.group_change_to_row(c.customer_no, None, c) for c in customers])

    def update_customer(self, customer: Customer) -> None:
        """Store a changed customer; a change of status, Profillage or flags is added to the
        history of their groups, from the moment of the user action (or now)."""
        with self.transaction():
            before = self.customer(customer.customer_no)
            self._update_row("customers", customer.customer_no, rows.customer_to_row(customer))
            if (before.status, before.profile, before.flags) != (customer.status, customer.profile, customer.flags):
                since = self._action.at if self._action is not None else dt.datetime.now(dt.timezone.utc)
                self._insert_row("customer_groups", rows.group_change_to_row(customer.customer_no, since, customer))

    def group_changes(self, customer_no: str | None = None, *, changed_only: bool = False) -> list[GroupChange]:
        """The recorded history of customers' groups (of one customer, or of all in one query),
        each customer's first record first, then by moment. ``changed_only``: only the histories
        of customers whose groups changed since their first record (a lone record is the
        customer's current groups, which an assessment takes without it)."""
        order = "ORDER BY customer_no, since_utc IS NOT NULL, since_utc, id"
        where = "WHERE customer_no = ?" if customer_no is not None else ""
        if changed_only:
            where += (" AND" if where else "WHERE") + (
                " customer_no IN (SELECT customer_no FROM customer_groups WHERE since_utc IS NOT NULL)")
        params = (customer_no,) if customer_no is not None else ()
        return self._read("customer_groups", self._all(f"SELECT * FROM customer_groups {where} {order}", params))

    # -- contacts ------------------------------------------------------------------------------

    def contacts(self, customer_no: str | None = None) -> list[Contact]:
        if customer_no is None:
            found = self._all("SELECT * FROM contacts ORDER BY at_utc, id")
        else:
            found = self._all("SELECT * FROM contacts WHERE customer_no = ? ORDER BY at_utc, id", (customer_no,))
        return self._read("contacts", found)

    def recent_contacts(self, since: dt.datetime, kinds: Sequence[ContactKind], in_person: int = 1) -> list[Contact]:
        """Contacts of ``kinds`` from ``since`` on; before it, for each customer with fewer than
        ``in_person`` contacts in person since then, as many more of their newest ones in person
        (at least one) and everything after the oldest of them (with fewer: all). All a
        contact-density assessment needs, without reading years of history."""
        return self._read("contacts", self._all(*self._recent_query(since, kinds, in_person, "at_utc, id")))

    def recent_contacts_by_customer(self, since: dt.datetime, kinds: Sequence[ContactKind], in_person: int = 1,
                                    span: tuple[str, str] | None = None, batch: int = 5_000
                                    ) -> Iterator[tuple[str, list[Contact]]]:
        """``recent_contacts`` customer by customer (Kundennummer order, each in time order), read a
        batch at a time: memory holds one batch, not a large caseload's history. ``span``: only the
        customers whose Kundennummer lies between these two (inclusive)."""
        with self._mutex:
            cursor = self._execute(*self._recent_query(since, kinds, in_person, "customer_no, at_utc, id", span))
            number, history = None, []
            while found := self._reading(lambda: cursor.fetchmany(batch)):
                for contact in self._read("contacts", found):
                    if contact.customer_no != number:
                        if history:
                            yield number, history
                        number, history = contact.customer_no, []
                    history.append(contact)
            if history:
                yield number, history

    def _recent_query(self, since: dt.datetime, kinds: Sequence[ContactKind], in_person: int, order: str,
                      span: tuple[str, str] | None = None) -> tuple[str, list[Any]]:
        """One pass over the index (customer_no, at_utc), customer by customer: where each one's
        history to read begins (the ``back``-th newest contact in person before ``since``, or the
        oldest one when there are fewer; none: all of it), then their contacts from there on. No
        scan of the whole history, however many years it holds."""
        marks = ", ".join("?" for _ in kinds)
        values = [k.value for k in kinds]
        within = "WHERE customer_no BETWEEN ? AND ?" if span else ""
        cut, person = rows.to_utc_text(since), Channel.PERSOENLICH.value
        in_person = max(1, in_person)

        def newest(n: int) -> str:  # the n-th newest contact in person before the cut (n counted from 1)
            return (f"(SELECT at_utc FROM contacts x WHERE x.customer_no = s.customer_no AND x.kind IN ({marks}) "
                    f"AND x.channel = ? AND x.at_utc < ? ORDER BY x.at_utc DESC LIMIT 1 OFFSET {n - 1})")

        if in_person == 1:  # each customer's newest one
            back, back_values = "1", []
        else:  # fewer the more they had since the cut (at least one)
            back = (f"max(1, ? - (SELECT count(*) FROM contacts y WHERE y.customer_no = k.customer_no "
                    f"AND y.kind IN ({marks}) AND y.channel = ? AND y.at_utc >= ?))")
            back_values = [in_person, *values, person, cut]
        # The back-th newest, else (fewer of them) the oldest that there is; CASE and coalesce
        # evaluate only the look-ups they need.
        cases = " ".join(f"WHEN {n} THEN " + (f"coalesce({', '.join(newest(m) for m in range(n, 0, -1))})" if n > 1
                                               else newest(1)) for n in range(1, in_person + 1))
        case_values = [v for n in range(1, in_person + 1) for _ in range(n) for v in (*values, person, cut)]
        # Without a bound (no contact in person before the cut), all of the customer's history.
        reading = "SELECT c.* FROM b CROSS JOIN contacts c ON c.customer_no = b.customer_no {} WHERE c.kind IN (" + marks + ")"
        return (f"""WITH k AS (SELECT DISTINCT customer_no FROM contacts {within}),
                s AS (SELECT customer_no, {back} AS back FROM k),
                b AS (SELECT customer_no, CASE back {cases} END AS first FROM s)
                {reading.format("AND c.at_utc >= b.first")} AND b.first IS NOT NULL
                UNION ALL {reading.format("")} AND b.first IS NULL
                ORDER BY {order}""",
                [*(span or ()), *back_values, *case_values, *values, *values])

    def contacts_between(self, start: dt.datetime, end: dt.datetime) -> list[Contact]:
        """Contacts from ``start`` (inclusive) to ``end`` (exclusive), in time order."""
        found = self._all(
            "SELECT * FROM contacts WHERE at_utc >= ? AND at_utc < ? ORDER BY at_utc, id",
            (rows.to_utc_text(start), rows.to_utc_text(end)),
        )
        return self._read("contacts", found)

    def add_contact(self, contact: Contact) -> Contact:
        return self.add_contacts([contact])[0]

    def add_contacts(self, contacts: Sequence[Contact]) -> list[Contact]:
        """Add contacts of customers in the caseload; returns them with their ids."""
        with self.transaction():
            ids = self._insert_contacts(contacts)
            return [replace(c, id=i) for c, i in zip(contacts, ids)]

    def add_customers_with_contacts(self, customers: Sequence[Customer], contacts: Sequence[Contact]) -> None:
        """``add_customers`` and then ``add_contacts``, as one write (an import): the contacts of
        customers added here are not looked up again, and no Contact is built anew for its id."""
        with self.transaction():
            self.add_customers(customers)
            self._insert_contacts(contacts, added={c.customer_no for c in customers})

    def _insert_contacts(self, contacts: Sequence[Contact], added: Set[str] = frozenset()) -> list[int]:
        """Insert contacts (refused if one's customer is neither in the caseload nor ``added``)."""
        self._require_customers([c.customer_no for c in contacts if c.customer_no not in added])
        return self._insert_rows("contacts", [rows.contact_to_row(c) for c in contacts])

    def _require_customers(self, numbers: Sequence[str]) -> None:
        """Refuse (StoreError) if one of the Kundennummern is not in the caseload."""
        wanted = list(dict.fromkeys(numbers))
        there = self.existing_customers(wanted)
        for number in wanted:
            if number not in there:
                raise StoreError(f"Die Kundennummer »{number}« ist in diesem Bestand nicht vorhanden.")
