"""Values a person might type for an option, by the option's placeholder in ``--help`` (DATUM,
ZEITPUNKT, N, STUNDEN …): plausible ones, values at and beyond every edge, and plain noise.

Every generated text stays harmless as a file name: it never starts with ``/`` or ``~`` and never
contains ``..``, so a value taken as a path lands in the test's own folder.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from terminassistent import settings as settings_module
from terminassistent.domain.model import (
    AbsenceKind,
    AppointmentStatus,
    Channel,
    ContactKind,
    Flag,
    Profile,
    Purpose,
    Status,
)


def _harmless(text: str) -> str:
    text = text.replace("\x00", "").replace("..", ".")
    return text.lstrip("/~\\") if not text.startswith("-") else text


# Text as typed, with umlauts, control characters, and bytes a terminal passes as lone surrogates.
noise = st.one_of(
    st.text(max_size=30),
    st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12),
    st.binary(max_size=8).map(lambda b: b.decode("utf-8", "surrogateescape")),
    st.sampled_from(["", " ", "-", "--", "-1", "ä", "\t", "\n", "'", '"', "%s", "{}", "NULL", "1e309", "nan", "inf",
                     "-inf", "0x10", "٣", "①", "Ⅻ", "1_000", "+5", "  7  ", "１２"]),
).map(_harmless)

integers = st.one_of(
    st.integers(-3, 200),
    st.sampled_from([2**31, 2**53 + 1, 2**63 - 1, 2**63, 2**64, -(2**63), 10**30]),
    st.integers(),
).map(str)

numbers = st.one_of(
    integers,
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.floats(0, 80).map(lambda f: f"{f:.2f}".replace(".", ",")),
    st.sampled_from(["1e-300", "1e300", "0,5", "60", "60,01", "0,49", "39", "19,5", "-0", "0.0", "NaN"]),
)

_edge_days = st.sampled_from([dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(1899, 12, 31), dt.date(1900, 1, 1),
                              dt.date(2199, 12, 31), dt.date(2200, 1, 1), dt.date(2000, 2, 29), dt.date(1970, 1, 1)])
_near_days = st.dates(dt.date(2025, 1, 1), dt.date(2028, 12, 31))
days = st.one_of(_near_days, _edge_days, st.dates())


def _day_text(draw_day: dt.date, style: int) -> str:
    return (draw_day.isoformat(), f"{draw_day:%d.%m.%Y}", f"{draw_day.day}.{draw_day.month}.{draw_day.year}")[style]


dates = st.one_of(
    st.builds(_day_text, days, st.integers(0, 2)),
    st.sampled_from(["31.02.2026", "29.02.2027", "00.01.2026", "2026-13-01", "1.1.26", "2026-W49", "heute", "0000-01-01"]),
    noise,
)

_times = st.times().map(lambda t: t.replace(microsecond=0))
moments = st.one_of(
    st.builds(lambda d, t, h, m: f"{_day_text(d, 1)} {h}:{m:02d}", days, st.booleans(), st.integers(0, 25),
              st.integers(0, 61)),
    st.builds(lambda d, t: dt.datetime.combine(d, t).isoformat(), days, _times),
    st.builds(lambda d, t, off: f"{dt.datetime.combine(d, t).isoformat()}{off}", days, _times,
              st.sampled_from(["Z", "+00:00", "+01:00", "-12:00", "+14:00", "+23:59"])),
    dates,
)

weeks = st.one_of(
    st.builds(lambda y, w: f"{y:04d}-W{w:02d}", st.one_of(st.integers(2025, 2028), st.integers(0, 9999)),
              st.integers(0, 54)),
    st.sampled_from(["0001-W01", "9999-W52", "2026-W53", "2020-W53", "2026W49", "2026-w49", "2026-49"]),
    noise,
)


def vocabulary(*enums, extra=()) -> st.SearchStrategy[str]:
    words = [m.value for e in enums for m in e] + [m.label for e in enums for m in e] + list(extra)
    return st.one_of(st.sampled_from(words), st.sampled_from(words).map(str.upper), noise)


_day_keys = st.sampled_from(["mo", "di", "mi", "do", "fr", "sa", "so", "Mo", "xx", ""])
_ranges = st.builds(lambda a, b, c, d: f"{a:02d}:{b:02d}-{c:02d}:{d:02d}", st.integers(0, 25), st.integers(0, 60),
                    st.integers(0, 25), st.integers(0, 60))
patterns = st.one_of(
    st.builds(lambda k, r: f"{k}={','.join(r)}", _day_keys, st.lists(_ranges, max_size=3)),
    st.builds(lambda k, v: f"{k}={v}", _day_keys, noise),
    noise,
)

_keys = st.sampled_from([s.key for s in settings_module.SETTINGS] + ["gibt.es.nicht", "", "scheduling"])
_path_keys = {s.key for s in settings_module.SETTINGS if s.kind == "path"}


def setting_values(paths: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """``SCHLÜSSEL=WERT``: every known key with a number, a word, a path or noise."""
    def one(key: str, value: str) -> str:
        return f"{key}={value}"

    return st.one_of(
        _keys.flatmap(lambda k: st.builds(one, st.just(k), paths if k in _path_keys else st.one_of(integers, noise))),
        noise,
    )


contacts = st.one_of(st.builds(lambda d, k: f"{d}:{k}", dates, vocabulary(Channel)), noise)

# Placeholders of the options whose value names a customer, a record or a policy: the ids of the caseload
# under test come first, then numbers and noise.
KNOWN_POLICIES = ["aa90-jba", "ba-2010", "uelzen-2019", "moenchengladbach-2012"]


def by_placeholder(customers: list[str], records: list[str], paths: st.SearchStrategy[str]) -> dict:
    """The value strategy of every placeholder the command line uses (tests/fuzz/test_cli_options.py
    fails when a new placeholder appears without one)."""
    customer = st.one_of(st.sampled_from(customers), st.sampled_from(customers).map(str.lower), noise)
    record = st.one_of(st.sampled_from(records or ["1"]), integers, noise)
    return {
        "DATUM": dates, "ZEITPUNKT": moments, "DATUM[THH:MM]": moments, "JJJJ-Www": weeks,
        "N": integers, "M": integers, "TAGE": integers, "S": integers, "NR": st.one_of(customer, record),
        "STUNDEN": numbers, "ID": st.one_of(record, st.sampled_from(KNOWN_POLICIES), noise),
        "KUNDENNUMMER": customer, "TEXT": noise, "PFAD": paths, "DATEI": paths, "NAME": noise,
        "XX": vocabulary(extra=["NW", "BY", "be", "HH", "DE", "XX"]),
        "STATUS": vocabulary(Status), "PROFILLAGE": vocabulary(Profile), "MERKMAL": vocabulary(Flag),
        "KANAL": vocabulary(Channel), "ERGEBNIS": vocabulary(AppointmentStatus, extra=["erschienen", "versäumt"]),
        "ART": vocabulary(ContactKind, AbsenceKind), "ZWECK": vocabulary(Purpose, extra=["1", "5", "6"]),
        "DATUM:KANAL": contacts, "TAG=ZEITEN": patterns, "SCHLÜSSEL=WERT": setting_values(paths),
    }
