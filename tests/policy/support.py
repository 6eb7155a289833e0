"""Shared helpers for the policy, density and quota tests: customers and contacts as a caseworker writes them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from terminassistent.domain.groups import GroupChange
from terminassistent.domain.model import (
    BERLIN,
    Channel,
    Contact,
    ContactKind,
    Customer,
    Deviation,
    Flag,
    Profile,
    Status,
)

ROOT = Path(__file__).resolve().parents[2]
BROKEN = ROOT / "tests" / "data" / "policies_broken"
SEEDS = ROOT / "tests" / "data" / "seeds"  # copies of the source documents the policies quote
SEED_OF = {
    "ba-2010": "004_32f662ebcf4784c4.txt",
    "uelzen-2019": "000_11737b36632e9c39.txt",
    "moenchengladbach-2012": "003_7c7d6a7886b21a66.txt",
    "aa90-jba": "001_126f0e3dbf1effa2.txt",
}


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def customer(birth: str, status: str, profile: str | None = None, flags: tuple[str, ...] = (), no: str = "K-1") -> Customer:
    return Customer(
        customer_no=no,
        last_name="Muster",
        first_name="Alex",
        birth_date=d(birth),
        status=Status.parse(status),
        profile=Profile.parse(profile) if profile else None,
        flags=frozenset(Flag.parse(f) for f in flags),
    )


def talk(day: str, channel: str = "persoenlich", kind: str = "beratung", deviation: tuple[str, str] | None = None,
         no: str = "K-1", phone_reason: str = "") -> Contact:
    """One documented contact at 10:00 Berlin time; ``deviation`` = (due date, reason)."""
    at = dt.datetime.combine(d(day), dt.time(10, 0), tzinfo=BERLIN)
    dev = Deviation(d(deviation[0]), deviation[1]) if deviation else None
    return Contact(no, at, Channel.parse(channel), ContactKind.parse(kind), deviation=dev, phone_reason=phone_reason)


def change(since: str | None, status: str, profile: str | None = None, flags: tuple[str, ...] = (),
           no: str = "K-1") -> GroupChange:
    """A recorded change of the customer's groups at 08:00 Berlin time on ``since`` (None: the first record)."""
    moment = None if since is None else dt.datetime.combine(d(since), dt.time(8, 0), tzinfo=BERLIN)
    return GroupChange(no, moment, Status.parse(status), Profile.parse(profile) if profile else None,
                       frozenset(Flag.parse(f) for f in flags))


def normalise(text: str) -> str:
    """Seed text without layout: HTML tags, bullets and line breaks removed, spaces collapsed."""
    text = re.sub(r"<[^>]*>", " ", text)
    text = re.sub(r"[▪•�]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def quote_in(quote: str, text: str) -> bool:
    """Whether every part of ``quote`` (parts separated by "…") occurs in ``text``, in order."""
    position = 0
    for part in (normalise(p) for p in quote.split("…")):
        if not part:
            continue
        found = text.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


MINIMAL = """\
schema_version = 1
id = "mini"
title = "Minimal"
issuer = "Test"
document = "Testdokument"

[validity]
from = 2020-01-01

[window]
opens_at_percent = 75

[contact]
channels = { mode = "in_person" }
source = { section = "1", quote = "Kontakt ist persönlich." }

[quota]
unit = "none"
counts = "keine Quote"

[[rule]]
id = "alle"
when = {}
label = "alle Kunden"
density = { kind = "interval", every = { months = 3 } }
source = { section = "2", quote = "Alle drei Monate." }
"""
