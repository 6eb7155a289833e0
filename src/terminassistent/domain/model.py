"""The caseload's vocabulary: frozen value objects and closed enumerations.

Pure Python (stdlib only). Enum values are the command line's lower-case vocabulary
(../shared/CONTRACT.md); the German labels are what a caseworker reads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")  # all wall times are Berlin time


class _Vocabulary(StrEnum):
    """A closed German vocabulary: parse case-insensitively, show a German label."""

    @classmethod
    def parse(cls, text: str):
        """The member whose value (or German label) is ``text``, ignoring case; ValueError otherwise."""
        wanted = str(text).strip().lower()
        for member in cls:
            if wanted in (member.value, member.label.lower()):
                return member
        allowed = ", ".join(m.value for m in cls)
        raise ValueError(f"»{text}« ist kein gültiger Wert (erlaubt: {allowed})")

    @property
    def label(self) -> str:
        return _LABELS[self]


class Status(_Vocabulary):
    ARBEITSLOS = "arbeitslos"
    ARBEITSUCHEND = "arbeitsuchend"
    NICHT_GESETZT = "nicht-gesetzt"


class Profile(_Vocabulary):
    """Profillage of the 4-Phasen-Modell."""

    MARKT = "markt"
    AKTIVIERUNG = "aktivierung"
    FOERDER = "foerder"
    ENTWICKLUNG = "entwicklung"
    STABILISIERUNG = "stabilisierung"
    UNTERSTUETZUNG = "unterstuetzung"
    I = "i"  # noqa: E741 - the official name is "Profillage I"
    Z = "z"


class Flag(_Vocabulary):
    SCHUELER = "schueler"  # pupil not in the final school year
    FALLMANAGEMENT = "fallmanagement"
    BESCHAEFTIGT = "beschaeftigt"  # employed, subject to social insurance
    GESUNDHEIT = "gesundheit"  # severe health restrictions


class Channel(_Vocabulary):
    PERSOENLICH = "persoenlich"
    TELEFONISCH = "telefonisch"


class ContactKind(_Vocabulary):
    BERATUNG = "beratung"  # Beratungsvermerk: may count
    ALLGEMEIN = "allgemein"  # Allgemeiner Vermerk: never counts


class AppointmentKind(_Vocabulary):
    ERSTGESPRAECH = "erstgespraech"
    FOLGEGESPRAECH = "folgegespraech"


class AppointmentStatus(_Vocabulary):
    BOOKED = "booked"
    HELD = "held"
    MISSED = "missed"  # stayed away without good reason
    EXCUSED = "excused"  # missed with a good reason
    CANCELLED = "cancelled"


class AbsenceKind(_Vocabulary):
    URLAUB = "urlaub"
    FORTBILDUNG = "fortbildung"
    KRANKHEIT = "krankheit"
    SONSTIGES = "sonstiges"


class Purpose(_Vocabulary):
    """The purposes an invitation may name: the closed list of § 309 Abs. 2 SGB III (several may apply)."""

    BERUFSBERATUNG = "berufsberatung"  # § 309 Abs. 2 Nr. 1
    VERMITTLUNG = "vermittlung"  # Nr. 2
    ARBEITSFOERDERUNG = "arbeitsfoerderung"  # Nr. 3
    LEISTUNGSVERFAHREN = "leistungsverfahren"  # Nr. 4
    ANSPRUCHSPRUEFUNG = "anspruchspruefung"  # Nr. 5

    @property
    def number(self) -> int:
        return list(Purpose).index(self) + 1

    @classmethod
    def parse(cls, text: str) -> "Purpose":
        """The purpose named by its value, its number (1–5) or its label, ignoring case."""
        wanted = str(text).strip().lower()
        for member in cls:
            if wanted in (member.value, str(member.number), member.label.lower()):
                return member
        allowed = ", ".join(m.value for m in cls)
        raise ValueError(f"»{text}« ist kein Meldezweck nach § 309 Abs. 2 SGB III (erlaubt: {allowed})")


class Salutation(_Vocabulary):
    FRAU = "frau"
    HERR = "herr"
    DIVERS = "divers"  # no gendered salutation: "Guten Tag Vorname Nachname"


_LABELS = {
    Status.ARBEITSLOS: "arbeitslos",
    Status.ARBEITSUCHEND: "arbeitsuchend",
    Status.NICHT_GESETZT: "Status nicht gesetzt",
    Profile.MARKT: "Marktprofil",
    Profile.AKTIVIERUNG: "Aktivierungsprofil",
    Profile.FOERDER: "Förderprofil",
    Profile.ENTWICKLUNG: "Entwicklungsprofil",
    Profile.STABILISIERUNG: "Stabilisierungsprofil",
    Profile.UNTERSTUETZUNG: "Unterstützungsprofil",
    Profile.I: "Profillage I",
    Profile.Z: "Profillage Z",
    Flag.SCHUELER: "Schüler/in (nicht im Abschlussjahr)",
    Flag.FALLMANAGEMENT: "Fallmanagement",
    Flag.BESCHAEFTIGT: "sozialversicherungspflichtig beschäftigt",
    Flag.GESUNDHEIT: "schwere gesundheitliche Einschränkungen",
    Channel.PERSOENLICH: "persönlich",
    Channel.TELEFONISCH: "telefonisch",
    ContactKind.BERATUNG: "Beratungsvermerk",
    ContactKind.ALLGEMEIN: "Allgemeiner Vermerk",
    AppointmentKind.ERSTGESPRAECH: "Erstgespräch",
    AppointmentKind.FOLGEGESPRAECH: "Folgegespräch",
    AppointmentStatus.BOOKED: "gebucht",
    AppointmentStatus.HELD: "wahrgenommen",
    AppointmentStatus.MISSED: "versäumt",
    AppointmentStatus.EXCUSED: "entschuldigt",
    AppointmentStatus.CANCELLED: "abgesagt",
    AbsenceKind.URLAUB: "Urlaub",
    AbsenceKind.FORTBILDUNG: "Fortbildung",
    AbsenceKind.KRANKHEIT: "Krankheit",
    AbsenceKind.SONSTIGES: "Sonstiges",
    Purpose.BERUFSBERATUNG: "Berufsberatung",
    Purpose.VERMITTLUNG: "Vermittlung in Ausbildung oder Arbeit",
    Purpose.ARBEITSFOERDERUNG: "Vorbereitung aktiver Arbeitsförderungsleistungen",
    Purpose.LEISTUNGSVERFAHREN: "Vorbereitung von Entscheidungen im Leistungsverfahren",
    Purpose.ANSPRUCHSPRUEFUNG: "Prüfung des Vorliegens der Voraussetzungen für den Leistungsanspruch",
    Salutation.FRAU: "Frau",
    Salutation.HERR: "Herr",
    Salutation.DIVERS: "divers",
}

WEEKDAYS_DE = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")


@dataclass(frozen=True)
class TimeRange:
    """A span of wall-clock time within one day, start inclusive, end exclusive."""

    start: dt.time
    end: dt.time

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError(f"Zeitspanne {self} endet nicht nach ihrem Beginn")

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"

    @classmethod
    def parse(cls, text: str) -> "TimeRange":
        """``"08:00-12:30"`` -> TimeRange."""
        try:
            a, b = (part.strip() for part in text.split("-"))
            return cls(dt.time.fromisoformat(a), dt.time.fromisoformat(b))
        except ValueError as exc:
            raise ValueError(f"»{text}« ist keine Zeitspanne der Form 08:00-12:30") from exc

    @property
    def minutes(self) -> int:
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)


# Working windows per weekday, Monday = 0 … Sunday = 6. A weekday missing from the mapping is free.
WorkPattern = dict[int, tuple[TimeRange, ...]]


def pattern_minutes(pattern: WorkPattern) -> int:
    return sum(r.minutes for ranges in pattern.values() for r in ranges)


@dataclass(frozen=True)
class Caseworker:
    """The one caseworker whose caseload this is, and their working week."""

    name: str = ""
    office: str = ""  # Jobcenter / Dienststelle incl. postal address lines
    room: str = ""
    phone: str = ""
    email: str = ""
    bundesland: str = "NW"  # ISO 3166-2 subdivision code without "DE-"
    weekly_hours: float = 39.0
    full_time_hours: float = 39.0
    pattern: WorkPattern = field(default_factory=dict)
    policy_id: str = "aa90-jba"


@dataclass(frozen=True)
class Address:
    street: str
    postal_code: str
    city: str

    def lines(self) -> tuple[str, str]:
        return (self.street, f"{self.postal_code} {self.city}")


@dataclass(frozen=True)
class Preferences:
    """What the customer said about possible dates."""

    mornings_only: bool = False
    afternoons_only: bool = False
    avoid_weekdays: frozenset[int] = frozenset()  # Monday = 0

    def describe(self) -> str:
        parts = []
        if self.mornings_only:
            parts.append("nur vormittags")
        if self.afternoons_only:
            parts.append("nur nachmittags")
        parts.extend(f"nicht {WEEKDAYS_DE[d].lower()}s" for d in sorted(self.avoid_weekdays))
        return ", ".join(parts)


@dataclass(frozen=True)
class Customer:
    customer_no: str  # Kundennummer, kept exactly as given
    last_name: str
    first_name: str
    birth_date: dt.date
    status: Status
    profile: Profile | None = None
    flags: frozenset[Flag] = frozenset()
    salutation: Salutation = Salutation.DIVERS
    address: Address | None = None
    preferences: Preferences = Preferences()
    notes: str = ""
    cooperation_plan: dt.date | None = None  # date of the current Kooperationsplan (formerly EinV)
    left_on: dt.date | None = None  # Abgang: the day the customer left the caseload
    leave_reason: str = ""

    @property
    def display_name(self) -> str:
        return f"{self.last_name}, {self.first_name}"

    def age_on(self, day: dt.date) -> int:
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years


class CustomerSummary(NamedTuple):
    """What a list of many customers shows of each (their identifying fields), cheap to build."""

    customer_no: str
    last_name: str
    first_name: str
    birth_date: dt.date
    status: Status
    profile: Profile | None
    flags: frozenset[Flag]

    display_name = Customer.display_name
    age_on = Customer.age_on

    @classmethod
    def of(cls, c: Customer) -> "CustomerSummary":
        return cls(c.customer_no, c.last_name, c.first_name, c.birth_date, c.status, c.profile, c.flags)


@dataclass(frozen=True)
class Deviation:
    """A justified individual deviation from the policy: another due date, with the reason."""

    due_date: dt.date
    reason: str


@dataclass(frozen=True)
class Contact:
    """One documented contact with a customer (Beratungsvermerk or Allgemeiner Vermerk)."""

    customer_no: str
    at: dt.datetime  # timezone-aware
    channel: Channel
    kind: ContactKind
    note: str = ""
    deviation: Deviation | None = None
    # A phone conversation the caseworker marks as counting although the policy's named cases do
    # not cover it (where the policy's list is open, Uelzen's "zum Beispiel"): why. Empty: not marked.
    phone_reason: str = ""
    id: int | None = None

    @property
    def date(self) -> dt.date:
        return self.at.date()


@dataclass(frozen=True)
class Finding:
    """The Jobcenter's decision on an appointment the customer missed: whether a Meldeversäumnis
    (stayed away from an invitation to report without good reason, § 32 SGB II) is established.

    Recording the outcome "missed" is not this decision: only an established finding counts as an
    earlier Meldeversäumnis in later invitations. ``established = False`` closes the matter (a good
    reason was shown after all); ``note`` holds the reason or the file reference.
    """

    decided_on: dt.date
    established: bool = True
    note: str = ""


@dataclass(frozen=True)
class Appointment:
    customer_no: str
    start: dt.datetime  # timezone-aware
    end: dt.datetime
    kind: AppointmentKind = AppointmentKind.FOLGEGESPRAECH
    channel: Channel = Channel.PERSOENLICH
    status: AppointmentStatus = AppointmentStatus.BOOKED
    reason: str = ""  # why it was missed, excused or cancelled
    sequence: int = 0  # raised on every change (iCalendar SEQUENCE)
    id: int | None = None
    purposes: tuple[Purpose, ...] = ()  # § 309 Abs. 2 SGB III; empty: the letter's default
    finding: Finding | None = None  # the Jobcenter's decision after a miss (None: none yet)

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("Termine brauchen Zeitangaben mit Zeitzone")
        if self.end <= self.start:
            raise ValueError(f"Der Termin endet ({self.end:%H:%M}) nicht nach seinem Beginn ({self.start:%H:%M})")

    @property
    def duty_to_report(self) -> bool:
        """Whether this is an invitation to report (§ 59 SGB II with § 309 Abs. 1 SGB III: to appear
        in person). A telephone appointment is not: missing it is never a Meldeversäumnis."""
        return self.channel is Channel.PERSOENLICH

    @property
    def minutes(self) -> int:
        # In UTC: two datetimes sharing a zoneinfo subtract by wall time, wrong across a DST change.
        utc = dt.timezone.utc
        return int((self.end.astimezone(utc) - self.start.astimezone(utc)).total_seconds() // 60)


@dataclass(frozen=True)
class Absence:
    """The caseworker is away from ``start`` to ``end`` (whole or part days)."""

    start: dt.datetime  # timezone-aware
    end: dt.datetime
    kind: AbsenceKind = AbsenceKind.URLAUB
    note: str = ""
    id: int | None = None

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError("Die Abwesenheit endet nicht nach ihrem Beginn")
