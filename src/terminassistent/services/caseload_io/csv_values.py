"""The value converters of the caseload CSV import (``csv_import``): each one turns one cell's text,
already stripped and not empty, into its domain value or raises ``ValueError`` with the German
clause the report quotes. Here are the dates and contact moments, the word lists (Anrede, Status,
Profillage, Merkmale, Kanal), the postal code, the preferences and ``CONVERTERS``, which names the
converter of each column (a column not in it stays text); ``_fold`` and ``header_key`` are the matching
that ignores case, spacing and umlaut spelling, for words and for header names alike.
"""

from __future__ import annotations

import datetime as dt
import re

from terminassistent.domain.model import (
    BERLIN, WEEKDAYS_DE, Channel, Flag, Preferences, Profile, Salutation, Status,
)

CONTACT_TIME = dt.time(9, 0)  # a "Letzter Kontakt" without time is taken as 09:00 Berlin time


def _fold(text: str) -> str:
    """Lower case, umlauts spelled out, runs of spaces/hyphens/underscores as one space."""
    text = text.strip().lower()
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, spelled)
    return re.sub(r"[\s_-]+", " ", text)


def header_key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", _fold(header))


def _vocabulary(members, shown: str, extra: dict[str, object] | None = None):
    """A converter: value, German label or an extra alias (folded) -> member."""
    table = {_fold(m.value): m for m in members} | {_fold(m.label): m for m in members}
    table |= {_fold(k): v for k, v in (extra or {}).items()}

    def convert(raw: str):
        try:
            return table[_fold(raw)]
        except KeyError:
            raise ValueError(f"»{raw}« ist kein erlaubter Wert (erlaubt: {shown})") from None

    return convert


_salutation = _vocabulary(Salutation, "Frau, Herr, divers", {"Fr.": Salutation.FRAU, "Hr.": Salutation.HERR})
_status = _vocabulary(
    Status, "arbeitslos, arbeitsuchend, Status nicht gesetzt",
    {"arbeitssuchend": Status.ARBEITSUCHEND, "nicht gesetzt": Status.NICHT_GESETZT},
)
_profile = _vocabulary(Profile, ", ".join(p.label for p in Profile))
_flag = _vocabulary(
    Flag, "Schüler, Fallmanagement, beschäftigt, Gesundheit",
    {"Schülerin": Flag.SCHUELER, "Schüler/in": Flag.SCHUELER, "Schüler/-in": Flag.SCHUELER},
)
_channel = _vocabulary(Channel, "persönlich, telefonisch", {"Telefon": Channel.TELEFONISCH})

_DATE_DE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d+)")
_DATE_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MOMENT = re.compile(r"([^\sT]+)(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?(?:\s*Uhr)?", re.IGNORECASE)


def _date(raw: str, expected: str = "TT.MM.JJJJ") -> dt.date:
    """``TT.MM.JJJJ``, ``T.M.JJJJ`` or ``JJJJ-MM-TT``; ValueError naming ``raw`` otherwise."""
    # Most files write every date as 14.03.1987 or 1987-03-14: read by slicing, else by the patterns.
    if len(raw) == 10 and raw[2] == raw[5] == "." and raw[:2].isdecimal() and raw[3:5].isdecimal() and raw[6:].isdecimal():
        try:
            return dt.date(int(raw[6:]), int(raw[3:5]), int(raw[:2]))
        except ValueError:
            pass  # the message comes from below
    elif len(raw) == 10 and raw[4] == raw[7] == "-" and raw[:4].isdecimal() and raw[5:7].isdecimal() and raw[8:].isdecimal():
        try:
            return dt.date(int(raw[:4]), int(raw[5:7]), int(raw[8:]))
        except ValueError:
            pass
    return _matched_date(raw, expected)


def _matched_date(raw: str, expected: str) -> dt.date:
    german, iso = _DATE_DE.fullmatch(raw), _DATE_ISO.fullmatch(raw)
    if german and len(german[3]) == 2:
        raise ValueError(f"»{raw}« hat eine zweistellige Jahreszahl (erwartet {expected} mit vierstelligem Jahr)")
    try:
        if german and len(german[3]) == 4:
            return dt.date(int(german[3]), int(german[2]), int(german[1]))
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
    except ValueError:
        pass
    raise ValueError(f"»{raw}« ist kein gültiges Datum (erwartet {expected})")


_MOMENT_EXPECTED = "TT.MM.JJJJ oder TT.MM.JJJJ HH:MM"


def _moment(raw: str) -> dt.datetime:
    """``TT.MM.JJJJ[ HH:MM[:SS]]`` or ISO -> Berlin wall time (09:00 when no time is given)."""
    # The common ``14.03.2025 09:30`` by slicing; anything else (or a value refused) by the pattern.
    if len(raw) == 16 and raw[10] == " " and raw[13] == ":" and raw[11:13].isdecimal() and raw[14:].isdecimal():
        day = raw[:10]
        if day[2] == day[5] == "." and day[:2].isdecimal() and day[3:5].isdecimal() and day[6:].isdecimal():
            try:
                return dt.datetime(int(day[6:]), int(day[3:5]), int(day[:2]), int(raw[11:13]), int(raw[14:]),
                                   tzinfo=BERLIN)
            except ValueError:
                pass
    return _matched_moment(raw)


def _matched_moment(raw: str) -> dt.datetime:
    expected = _MOMENT_EXPECTED
    m = _MOMENT.fullmatch(raw)
    if not m:
        raise ValueError(f"»{raw}« ist kein gültiges Datum (erwartet {expected})")
    day = _date(m[1], expected)
    try:
        time = dt.time(int(m[2]), int(m[3]), int(m[4] or 0)) if m[2] else CONTACT_TIME
    except ValueError:
        raise ValueError(f"»{raw}« enthält keine gültige Uhrzeit (erwartet {expected})") from None
    return dt.datetime.combine(day, time, tzinfo=BERLIN)


def _postal_code(raw: str) -> str:
    if re.fullmatch(r"\d{4}", raw):  # Excel drops the leading zero of 01067
        raw = "0" + raw
    if not re.fullmatch(r"\d{5}", raw):
        raise ValueError(f"»{raw}« ist keine gültige Postleitzahl (erwartet fünf Ziffern)")
    return raw


def _items(raw: str) -> list[str]:
    return [item.strip() for item in re.split(r"[,|]", raw) if item.strip()]


_WEEKDAY_KEYS = {_fold(name): i for i, name in enumerate(WEEKDAYS_DE)} | {
    _fold(name[:2]): i for i, name in enumerate(WEEKDAYS_DE)
}


def _preferences(raw: str) -> Preferences:
    mornings = afternoons = False
    avoid: set[int] = set()
    for item in _items(raw):
        text = _fold(item).removeprefix("nur ")
        day = re.fullmatch(r"(?:nicht|kein|keine|nie) (?:am |an )?([a-z]+?)(?:s|\.)?", text)
        if text in ("vormittags", "vormittag"):
            mornings = True
        elif text in ("nachmittags", "nachmittag"):
            afternoons = True
        elif day and day[1] in _WEEKDAY_KEYS:
            avoid.add(_WEEKDAY_KEYS[day[1]])
        else:
            raise ValueError(
                f"»{item}« ist keine bekannte Vorliebe (erlaubt: nur vormittags, nur nachmittags, nicht <Wochentag>)"
            )
    if mornings and afternoons:
        raise ValueError(f"»{raw}« widerspricht sich (nur vormittags und nur nachmittags)")
    return Preferences(mornings_only=mornings, afternoons_only=afternoons, avoid_weekdays=frozenset(avoid))


def _remembered(convert):
    """``convert`` keeping its results for the texts it has seen: a file repeats a few words in
    every row (Status, Profillage, …). For converters whose results cannot change (immutable) and
    are never None."""
    known: dict[str, object] = {}

    def remembered(raw: str):
        value = known.get(raw)  # no converter gives None
        if value is None:
            value = convert(raw)  # a refused text raises here and is not kept
            if len(known) < 4096:
                known[raw] = value
        return value

    return remembered


CONVERTERS = {
    "Anrede": _remembered(_salutation), "Geburtsdatum": _date, "PLZ": _remembered(_postal_code),
    "Status": _remembered(_status), "Profillage": _remembered(_profile),
    "Merkmale": _remembered(lambda raw: frozenset(_flag(i) for i in _items(raw))),
    "Vorlieben": _remembered(_preferences), "Kanal": _remembered(_channel),
    # Many customers share the day (and hour) of their last contact or of their Kooperationsplan;
    # their birthdays are spread too thin to be worth remembering.
    "Letzter Kontakt": _remembered(_moment), "Kooperationsplan": _remembered(_date),
}
