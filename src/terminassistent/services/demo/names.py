"""The fictitious world of the demo caseload: its people, what was written about them, the caseworker's absences.

Every person, street, postcode and Kundennummer here is invented. Streets carry "Muster" or
"Beispiel" in their names and the towns do not exist; Kundennummern have the agency's shape
(three digits, a letter, six digits, e.g. ``123A456789``) but random values. Only the ``rng``
handed in decides anything (no clock, no global random), so a seed gives the same people.
"""

from __future__ import annotations

import datetime as dt
import random

from dateutil.relativedelta import relativedelta

from terminassistent.domain.model import (
    BERLIN, Absence, AbsenceKind, Address, AppointmentStatus, Caseworker, Channel, Customer, Flag, Preferences, Profile,
    Salutation, Status,
)  # fmt: skip
from terminassistent.domain.workweek import UTC, WorkWeek, whole_days

_F, _M = Salutation.FRAU, Salutation.HERR

FIRST_NAMES = {
    ("young", _F): ("Mia", "Lea", "Hannah", "Emilia", "Lina", "Zoë", "Aylin", "Jana", "Chiara", "Mila", "Zeynep",
                    "Lena", "Sophie", "Amira", "Jolina", "Maja", "Ronja", "Elif"),
    ("young", _M): ("Leon", "Lukas", "Finn", "Jonas", "Elias", "Noah", "Ben", "Yusuf", "Luca", "Milan", "Jannik",
                    "Timo", "Mert", "Kevin", "Dennis", "Björn", "Sören", "Jörn"),
    ("older", _F): ("Sabine", "Petra", "Monika", "Birgit", "Karin", "Ursula", "Kerstin", "Anja", "Özlem", "Ayşe",
                    "Swetlana", "Agnieszka", "Jutta", "Bärbel", "Doris", "Nicole", "Gülşen", "Renate", "Andrea"),
    ("older", _M): ("Jürgen", "Andreas", "Thomas", "Jörg", "Uwe", "Günter", "Dieter", "Stefan", "Michael", "Frank",
                    "Mehmet", "Ahmet", "Piotr", "Dmitri", "Rüdiger", "Björn", "Hans-Jürgen", "Matthias", "Hüseyin"),
}  # fmt: skip

LAST_NAMES = (
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
    "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
    "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Krause", "Lehmann", "Köhler",
    "Weiß", "Groß", "Jäger", "Böhm", "Günther", "Voß", "Strauß", "Meißner", "Löffler", "Bäcker",
    "Özdemir", "Yılmaz", "Kaya", "Demir", "Şahin", "Nowak", "Kowalski", "Wójcik", "Popescu", "Haddad",
    "Nguyen", "Iwanow", "Petrović", "Öztürk", "Fuß", "Kühn", "Möller", "Dürr", "Schütz", "Brückner",
)  # fmt: skip

STREETS = (
    "Musterweg", "Musterstraße", "Musterallee", "Am Musterpark", "Beispielstraße", "Beispielweg",
    "Am Beispielbach", "Beispielplatz", "Musterring", "Alte Musterchaussee", "Beispielgasse", "Hinter der Musterkirche",
)  # fmt: skip

TOWNS = (("12345", "Musterstadt"), ("12345", "Musterstadt"), ("12345", "Musterstadt"), ("12346", "Musterstadt-Süd"),
         ("12347", "Beispielhausen"), ("12348", "Musterdorf"), ("12349", "Neu-Musterstadt"))  # fmt: skip

NOTES = (
    "Bewerbungsunterlagen überarbeiten (Lebenslauf fehlt).",
    "Kinderbetreuung nur vormittags gesichert.",
    "Dolmetscher (Türkisch) zum Gespräch einplanen.",
    "Maßnahme »Aktiv in Arbeit« beginnt Anfang nächsten Monats.",
    "Gutachten des Ärztlichen Dienstes beauftragt, Ergebnis abwarten.",
    "Einstellungszusage zum Monatsersten liegt vor.",
    "Führerschein Klasse B wird gerade erworben.",
    "Sprachkurs B1 läuft bis zum Quartalsende.",
    "Pflege eines Angehörigen; Termine möglichst früh am Tag.",
    "Anerkennung des ausländischen Berufsabschlusses beantragt.",
)

# (weight, youngest, oldest, status, profiles to draw from; None = no Profillage)
_GROUPS = (
    (16, 18, 24, Status.ARBEITSLOS, (Profile.MARKT, Profile.AKTIVIERUNG, Profile.AKTIVIERUNG, Profile.FOERDER,
                                     Profile.ENTWICKLUNG, Profile.STABILISIERUNG)),
    (7, 16, 20, Status.NICHT_GESETZT, (None,)),  # pupils, see _flags
    (6, 18, 24, Status.ARBEITSUCHEND, (Profile.AKTIVIERUNG, Profile.FOERDER, Profile.I)),
    (36, 25, 64, Status.ARBEITSLOS, (Profile.MARKT, Profile.AKTIVIERUNG, Profile.FOERDER, Profile.FOERDER,
                                     Profile.ENTWICKLUNG, Profile.ENTWICKLUNG, Profile.STABILISIERUNG,
                                     Profile.UNTERSTUETZUNG)),
    (20, 25, 64, Status.ARBEITSUCHEND, (Profile.MARKT, Profile.AKTIVIERUNG, Profile.FOERDER, Profile.I, Profile.I)),
    (11, 25, 64, Status.NICHT_GESETZT, (Profile.Z, Profile.Z, None, Profile.UNTERSTUETZUNG, Profile.STABILISIERUNG)),
)  # fmt: skip

_COMPLEX = (Profile.ENTWICKLUNG, Profile.STABILISIERUNG, Profile.UNTERSTUETZUNG)

# Customers every demo starts with, so each status, Profillage, flag and age group is present:
# (youngest, oldest, status, profile, flags). Age None: turns 25 within the coming six weeks.
_REQUIRED = (
    (30, 55, Status.ARBEITSLOS, Profile.MARKT, ()),
    (19, 23, Status.ARBEITSLOS, Profile.AKTIVIERUNG, ()),
    (35, 60, Status.ARBEITSLOS, Profile.FOERDER, (Flag.GESUNDHEIT,)),
    (28, 50, Status.ARBEITSLOS, Profile.ENTWICKLUNG, (Flag.FALLMANAGEMENT,)),
    (40, 63, Status.ARBEITSLOS, Profile.STABILISIERUNG, (Flag.GESUNDHEIT,)),
    (30, 58, Status.ARBEITSLOS, Profile.UNTERSTUETZUNG, (Flag.FALLMANAGEMENT, Flag.GESUNDHEIT)),
    (27, 55, Status.ARBEITSUCHEND, Profile.I, (Flag.BESCHAEFTIGT,)),
    (26, 45, Status.NICHT_GESETZT, Profile.Z, ()),
    (16, 17, Status.NICHT_GESETZT, None, (Flag.SCHUELER,)),
    (25, 64, Status.NICHT_GESETZT, None, ()),
    (None, None, Status.ARBEITSLOS, Profile.AKTIVIERUNG, ()),
    (None, None, Status.ARBEITSLOS, Profile.MARKT, ()),
    (None, None, Status.ARBEITSUCHEND, Profile.FOERDER, ()),
)


def make_customers(rng: random.Random, today: dt.date, count: int) -> list[Customer]:
    """``count`` fictitious customers; the first ones cover every group (see _REQUIRED)."""
    taken: set[str] = set()
    people = []
    for i in range(count):
        if i < len(_REQUIRED):
            youngest, oldest, status, profile, flags = _REQUIRED[i]
            birth = _birth_date(rng, today, youngest, oldest)
            flags = frozenset(flags)
        else:
            _, youngest, oldest, status, profiles = rng.choices(_GROUPS, weights=[g[0] for g in _GROUPS])[0]
            profile = rng.choice(profiles)
            birth = _birth_date(rng, today, youngest, oldest)
            flags = _flags(rng, status, profile, youngest < 25 and status is Status.NICHT_GESETZT)
        people.append(_person(rng, today, taken, birth, status, profile, flags))
    return people


def _birth_date(rng: random.Random, today: dt.date, youngest: int | None, oldest: int | None) -> dt.date:
    if youngest is None:  # the 25th birthday falls within the coming six weeks
        return today + dt.timedelta(days=rng.randint(3, 42)) - relativedelta(years=25)
    age = rng.randint(youngest, oldest)
    latest = today - relativedelta(years=age)
    earliest = today - relativedelta(years=age + 1) + dt.timedelta(days=1)
    return earliest + dt.timedelta(days=rng.randint(0, (latest - earliest).days))


def _flags(rng: random.Random, status: Status, profile: Profile | None, pupil: bool) -> frozenset[Flag]:
    flags = []
    if pupil:
        flags.append(Flag.SCHUELER)
    if status is Status.ARBEITSUCHEND and (profile is Profile.I or rng.random() < 0.4):
        flags.append(Flag.BESCHAEFTIGT)
    if profile in _COMPLEX and rng.random() < 0.3:
        flags.append(Flag.FALLMANAGEMENT)
    if rng.random() < (0.35 if profile in _COMPLEX else 0.3 if profile is Profile.Z else 0.05):
        flags.append(Flag.GESUNDHEIT)
    return frozenset(flags)


def _person(rng, today, taken, birth, status, profile, flags) -> Customer:
    age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
    generation = "young" if age < 30 else "older"
    salutation = _F if rng.random() < 0.5 else _M
    first_name = rng.choice(FIRST_NAMES[generation, salutation])
    if rng.random() < 0.03:
        salutation = Salutation.DIVERS
    last_name = rng.choice(LAST_NAMES)
    if rng.random() < 0.05:
        last_name = f"{last_name}-{rng.choice(LAST_NAMES)}"
    return Customer(
        customer_no=_customer_no(rng, taken),
        last_name=last_name,
        first_name=first_name,
        birth_date=birth,
        status=status,
        profile=profile,
        flags=flags,
        salutation=salutation,
        address=_address(rng),
        preferences=_preferences(rng, profile, flags),
        notes=rng.choice(NOTES) if rng.random() < 0.12 and age >= 18 else "",
        cooperation_plan=_cooperation_plan(rng, today, status, flags),
    )


def _cooperation_plan(rng: random.Random, today: dt.date, status: Status, flags: frozenset[Flag]) -> dt.date | None:
    """Most unemployed and job-seeking customers have a Kooperationsplan from the last seven months,
    so a few reviews fall due in the coming weeks and a few are late."""
    if status is Status.NICHT_GESETZT or Flag.SCHUELER in flags or rng.random() < 0.15:
        return None
    return today - dt.timedelta(days=rng.randint(10, 215))


def _customer_no(rng: random.Random, taken: set[str]) -> str:
    while True:
        number = f"{rng.randint(100, 999)}{rng.choice('ABCDE')}{rng.randint(0, 999_999):06d}"
        if number not in taken:
            taken.add(number)
            return number


def _address(rng: random.Random) -> Address:
    number = str(rng.randint(1, 140)) + (rng.choice("abc") if rng.random() < 0.1 else "")
    postal_code, city = rng.choice(TOWNS)
    return Address(f"{rng.choice(STREETS)} {number}", postal_code, city)


def _preferences(rng: random.Random, profile: Profile | None, flags: frozenset[Flag]) -> Preferences:
    mornings = rng.random() < (0.5 if profile is Profile.Z else 0.12)
    afternoons = not mornings and rng.random() < (0.3 if Flag.BESCHAEFTIGT in flags else 0.04)
    avoid = []
    if rng.random() < 0.03:
        avoid.append(0)
    if rng.random() < 0.1:
        avoid.append(4)
    return Preferences(mornings_only=mornings, afternoons_only=afternoons, avoid_weekdays=frozenset(avoid))


# -- what the caseworker wrote down ---------------------------------------------------------------

FIRST_TALK = "Erstgespräch: Standortbestimmung, Profiling, Kooperationsplan erstellt."
COUNSELLING = (
    "Bewerbungsaktivitäten besprochen; zwei Vermittlungsvorschläge ausgehändigt.",
    "Kooperationsplan fortgeschrieben.",
    "Teilnahme an einer Maßnahme besprochen.",
    "Qualifizierungsmöglichkeiten erörtert; Bildungsgutschein geprüft.",
    "Gesundheitliche Situation und nächste Schritte besprochen.",
    "Stellensuche im Umkreis von 30 km vereinbart.",
    "Stand der Kinderbetreuung und mögliche Arbeitszeiten geklärt.",
    "Praktikum zur Erprobung vereinbart.",
)
GENERAL = (
    ("Unterlagen zum Weiterbewilligungsantrag abgegeben.", Channel.PERSOENLICH),
    ("Bewerbungsnachweise eingereicht.", Channel.PERSOENLICH),
    ("Termin telefonisch bestätigt.", Channel.TELEFONISCH),
    ("Adressänderung mitgeteilt.", Channel.TELEFONISCH),
    ("Rückfrage zum Bescheid; an die Leistungsabteilung verwiesen.", Channel.TELEFONISCH),
    ("Kopie des Arbeitsvertrags abgegeben.", Channel.PERSOENLICH),
    ("Teilnahmebescheinigung der Maßnahme eingereicht.", Channel.PERSOENLICH),
)
SICK_NOTE = "Arbeitsunfähigkeitsbescheinigung im Eingang abgegeben."
ARRIVAL = "Antrag abgegeben; Einladung zum Erstgespräch ausgehändigt."
TRAININGS = ("Fortbildung »Gesprächsführung«", "Fortbildung »Rechtsfolgenbelehrung aktuell«",
             "Schulung Fachverfahren", "Fortbildung »Kooperationsplan«")  # fmt: skip
_REASONS = {
    AppointmentStatus.MISSED: ("Ohne Angabe von Gründen nicht erschienen.", "Nicht erschienen; telefonisch nicht erreichbar."),
    AppointmentStatus.EXCUSED: ("Arbeitsunfähigkeitsbescheinigung vorgelegt.", "Vorstellungsgespräch zur selben Zeit nachgewiesen.",
                                "Erkrankung des Kindes; ärztliche Bescheinigung liegt vor."),
    AppointmentStatus.CANCELLED: ("Vom Kunden rechtzeitig abgesagt (Probearbeit).", "Auf Wunsch des Kunden verlegt (Arzttermin).",
                                  "Abgesagt: Maßnahmetermin am selben Tag."),
}  # fmt: skip


def reason(rng: random.Random, status: AppointmentStatus) -> str:
    """Why an appointment was missed, excused or cancelled; empty for booked and held ones."""
    choices = _REASONS.get(status)
    return rng.choice(choices) if choices else ""


# -- the caseworker's absences -------------------------------------------------------------------


def make_absences(rng: random.Random, today: dt.date, cw: Caseworker, months: int, window_days: int) -> list[Absence]:
    """Leave, training and sick days in the past ``months``, and a few one-off absences in the coming ``window_days``."""
    week = WorkWeek(cw.pattern, cw.bundesland)
    start = today - relativedelta(months=months)
    spans: list[tuple[dt.date, dt.date, AbsenceKind, str]] = []
    for year in range(start.year, today.year + 1):
        summer = _monday(dt.date(year, 7, 1) + dt.timedelta(days=rng.randint(0, 40)))
        spans.append((summer, summer + dt.timedelta(days=11), AbsenceKind.URLAUB, "Sommerurlaub"))
        autumn = _monday(dt.date(year, 10, 1) + dt.timedelta(days=rng.randint(0, 20)))
        spans.append((autumn, autumn + dt.timedelta(days=4), AbsenceKind.URLAUB, "Herbsturlaub"))
        spans.append((dt.date(year, 12, 24), dt.date(year, 12, 31), AbsenceKind.URLAUB, "Weihnachtsurlaub"))
    for kind in (AbsenceKind.FORTBILDUNG, AbsenceKind.KRANKHEIT) * 3:
        day = _working_day(week, start + dt.timedelta(days=rng.randrange((today - start).days)))
        if kind is AbsenceKind.FORTBILDUNG:
            spans.append((day, day, kind, rng.choice(TRAININGS)))
        else:
            spans.append((day, day + dt.timedelta(days=rng.randint(0, 2)), kind, ""))
    past: list[tuple[dt.date, dt.date, AbsenceKind, str]] = []
    for a, b, k, n in spans:  # planned leave first; a sick or training day inside it is dropped
        if start <= a and b < today and week.is_working_day(a) and all(b2 < a or b < a2 for a2, b2, *_ in past):
            past.append((a, b, k, n))
    ahead = [d for d in (today + dt.timedelta(days=i) for i in range(1, window_days)) if week.is_working_day(d)]
    result = [Absence(*whole_days(a, b), kind=k, note=n) for a, b, k, n in past]
    if len(ahead) >= 6:
        meeting = ahead[rng.randint(0, 2)]
        at = dt.datetime.combine(meeting, dt.time(9), tzinfo=BERLIN)
        result.append(Absence(at, at + dt.timedelta(hours=2), AbsenceKind.SONSTIGES, "Dienstbesprechung"))
        training = ahead[rng.randint(len(ahead) // 3, len(ahead) // 2)]
        result.append(Absence(*whole_days(training, training), AbsenceKind.FORTBILDUNG, rng.choice(TRAININGS)))
        first = rng.randint(len(ahead) * 2 // 3, len(ahead) - 3)
        leave = whole_days(ahead[first], ahead[first + rng.randint(1, 2)])
        result.append(Absence(*leave, AbsenceKind.URLAUB, "Urlaub"))
    return sorted(result, key=lambda a: a.start.astimezone(UTC))


def _working_day(week: WorkWeek, day: dt.date) -> dt.date:
    for k in range(14):
        if week.is_working_day(day + dt.timedelta(days=k)):
            return day + dt.timedelta(days=k)
    return day


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())
