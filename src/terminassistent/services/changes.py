"""What a write touched, so that each view updates only that (Anki's ``OpChanges``).

Every writing service returns its result with a ``Changes`` value, built from the row changes the
caseload facade journaled for the action (storage/journal.py). The desktop's task runner emits it;
the customer table updates the rows of ``customers``, the calendar the days of ``appointments``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from terminassistent.storage.journal import RowChange


@dataclass(frozen=True)
class Changes:
    customers: frozenset[str] = frozenset()  # Kundennummern whose record, contacts or appointments changed
    appointments: frozenset[int] = frozenset()
    contacts: frozenset[int] = frozenset()
    absences: frozenset[int] = frozenset()
    settings: frozenset[str] = frozenset()  # setting keys; "caseworker" for the caseworker's own data
    everything: bool = False  # unknown extent (a new day, another program's write): reload all

    @classmethod
    def of(cls, rows: Iterable[RowChange]) -> "Changes":
        found: dict[str, set] = {"customers": set(), "appointments": set(), "contacts": set(), "absences": set(),
                                 "settings": set()}
        for r in rows:
            if r.customer_no is not None:
                found["customers"].add(r.customer_no)
            if r.table in ("appointments", "contacts", "absences"):
                found[r.table].add(r.key)
            elif r.table == "settings":
                found["settings"].add(r.key)
            elif r.table == "caseworker":
                found["settings"].add("caseworker")
        return cls(**{k: frozenset(v) for k, v in found.items()})

    @classmethod
    def all(cls) -> "Changes":
        return cls(everything=True)

    def __or__(self, other: "Changes") -> "Changes":
        return Changes(
            self.customers | other.customers, self.appointments | other.appointments, self.contacts | other.contacts,
            self.absences | other.absences, self.settings | other.settings, self.everything or other.everything,
        )

    def __bool__(self) -> bool:
        return self.everything or any((self.customers, self.appointments, self.contacts, self.absences, self.settings))

    @property
    def calendar(self) -> bool:
        """Whether the calendar (appointments, absences, working week) may look different."""
        return self.everything or bool(self.appointments or self.absences or self.settings)


NONE = Changes()
