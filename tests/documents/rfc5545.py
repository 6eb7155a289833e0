"""A small, strict RFC 5545 reader for the tests: independent of the icalendar library.

It checks what a picky calendar client relies on (CRLF line ends, lines of at most 75 octets,
folding, the content-line grammar, BEGIN/END nesting, required and single-use properties, value
formats of DATE-TIME, UTC-OFFSET, INTEGER and TEXT, TZIDs that name a VTIMEZONE of the file, the
iTIP rule that CANCEL carries STATUS:CANCELLED) and returns the parsed tree, or raises
``StrictError`` listing every problem found.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

NAME = r"[A-Za-z0-9-]+"
PARAM = rf'{NAME}=(?:"[^"\x00-\x08\x0a-\x1f\x7f]*"|[^";:,\x00-\x08\x0a-\x1f\x7f]*)(?:,(?:"[^"\x00-\x08\x0a-\x1f\x7f]*"|[^";:,\x00-\x08\x0a-\x1f\x7f]*))*'
CONTENT_LINE = re.compile(rf"^(?P<name>{NAME})(?P<params>(?:;{PARAM})*):(?P<value>[^\x00-\x08\x0a-\x1f\x7f]*)$")
PARAM_RE = re.compile(rf";({NAME})=((?:\"[^\"]*\"|[^\";:,]*)(?:,(?:\"[^\"]*\"|[^\";:,]*))*)")
DATE_TIME = re.compile(r"^\d{8}T\d{6}Z?$")
UTC_OFFSET = re.compile(r"^[+-]\d{4}(\d{2})?$")
TEXT_PROPS = {"SUMMARY", "LOCATION", "DESCRIPTION", "COMMENT", "TZNAME"}
TEXT_ESCAPES = re.compile(r"\\(?![\\;,nN])")

SINGLE = {
    "VCALENDAR": {"PRODID", "VERSION", "CALSCALE", "METHOD"},
    "VEVENT": {"UID", "DTSTAMP", "DTSTART", "DTEND", "DURATION", "SEQUENCE", "SUMMARY", "LOCATION",
               "DESCRIPTION", "STATUS", "CLASS", "TRANSP", "ORGANIZER", "CREATED", "LAST-MODIFIED"},
    "VTIMEZONE": {"TZID", "LAST-MODIFIED", "TZURL"},
    "STANDARD": {"DTSTART", "TZOFFSETFROM", "TZOFFSETTO"},
    "DAYLIGHT": {"DTSTART", "TZOFFSETFROM", "TZOFFSETTO"},
}
REQUIRED = {
    "VCALENDAR": {"PRODID", "VERSION"},
    "VEVENT": {"UID", "DTSTAMP", "DTSTART"},
    "VTIMEZONE": {"TZID"},
    "STANDARD": {"DTSTART", "TZOFFSETFROM", "TZOFFSETTO"},
    "DAYLIGHT": {"DTSTART", "TZOFFSETFROM", "TZOFFSETTO"},
}
ENUMS = {
    ("VEVENT", "STATUS"): {"TENTATIVE", "CONFIRMED", "CANCELLED"},
    ("VEVENT", "CLASS"): {"PUBLIC", "PRIVATE", "CONFIDENTIAL"},
    ("VEVENT", "TRANSP"): {"OPAQUE", "TRANSPARENT"},
    ("VCALENDAR", "METHOD"): {"PUBLISH", "REQUEST", "REPLY", "ADD", "CANCEL", "REFRESH", "COUNTER", "DECLINECOUNTER"},
    ("VCALENDAR", "VERSION"): {"2.0"},
}


class StrictError(AssertionError):
    def __init__(self, problems: list[str]):
        super().__init__("RFC 5545:\n" + "\n".join(problems))
        self.problems = problems


@dataclass
class Prop:
    name: str
    params: dict[str, str]
    value: str


@dataclass
class Component:
    name: str
    props: list[Prop] = field(default_factory=list)
    children: list["Component"] = field(default_factory=list)

    def one(self, name: str) -> Prop:
        found = [p for p in self.props if p.name == name]
        assert len(found) == 1, f"{self.name} has {len(found)} {name}"
        return found[0]

    def value(self, name: str) -> str:
        return self.one(name).value

    def all(self, name: str) -> list["Component"]:
        return [c for c in self.children if c.name == name]


def unescape(text: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], text)


def parse_date_time(value: str, tzinfo=None) -> dt.datetime:
    moment = dt.datetime.strptime(value.rstrip("Z"), "%Y%m%dT%H%M%S")
    return moment.replace(tzinfo=dt.timezone.utc) if value.endswith("Z") else moment.replace(tzinfo=tzinfo)


def read(data: bytes) -> Component:
    problems: list[str] = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StrictError([f"not UTF-8: {exc}"]) from None
    if not text.endswith("\r\n"):
        problems.append("the last line does not end with CRLF")
    physical = text.split("\r\n")[:-1]
    for n, line in enumerate(physical, 1):
        if "\r" in line or "\n" in line:
            problems.append(f"line {n}: bare CR or LF")
        if len(line.encode("utf-8")) > 75:
            problems.append(f"line {n}: {len(line.encode('utf-8'))} octets (more than 75)")
    logical: list[tuple[int, str]] = []
    for n, line in enumerate(physical, 1):
        if line[:1] in (" ", "\t"):
            if not logical:
                problems.append(f"line {n}: continuation without a line to continue")
                continue
            logical[-1] = (logical[-1][0], logical[-1][1] + line[1:])
        else:
            logical.append((n, line))
    stack: list[Component] = []
    root: Component | None = None
    for n, line in logical:
        m = CONTENT_LINE.match(line)
        if not m:
            problems.append(f"line {n}: not a content line: {line[:40]!r}")
            continue
        name, value = m["name"].upper(), m["value"]
        params = {k.upper(): v.strip('"') for k, v in PARAM_RE.findall(m["params"])}
        if name == "BEGIN":
            comp = Component(value.upper())
            if stack:
                stack[-1].children.append(comp)
            elif root is None:
                root = comp
            else:
                problems.append(f"line {n}: a second top-level component")
            stack.append(comp)
        elif name == "END":
            if not stack or stack[-1].name != value.upper():
                problems.append(f"line {n}: END:{value} does not close {stack[-1].name if stack else 'anything'}")
            else:
                stack.pop()
        elif not stack:
            problems.append(f"line {n}: property outside any component")
        else:
            stack[-1].props.append(Prop(name, params, value))
    if stack:
        problems.append(f"unclosed components: {[c.name for c in stack]}")
    if root is None or root.name != "VCALENDAR":
        raise StrictError(problems + ["no VCALENDAR"])
    tzids = {tz.value("TZID") for tz in root.all("VTIMEZONE") if any(p.name == "TZID" for p in tz.props)}
    _check(root, root, tzids, problems)
    if problems:
        raise StrictError(problems)
    return root


def _check(comp: Component, root: Component, tzids: set[str], problems: list[str]) -> None:
    names = [p.name for p in comp.props]
    for required in REQUIRED.get(comp.name, ()):
        if required not in names:
            problems.append(f"{comp.name}: {required} is missing")
    for single in SINGLE.get(comp.name, ()):
        if names.count(single) > 1:
            problems.append(f"{comp.name}: {single} occurs {names.count(single)} times")
    for prop in comp.props:
        where = f"{comp.name} {prop.name}"
        allowed = ENUMS.get((comp.name, prop.name))
        if allowed and prop.value not in allowed:
            problems.append(f"{where}: {prop.value!r} is not one of {sorted(allowed)}")
        if prop.name in ("DTSTAMP", "DTSTART", "DTEND", "CREATED", "LAST-MODIFIED", "RDATE"):
            for value in prop.value.split(","):
                if not DATE_TIME.match(value):
                    problems.append(f"{where}: {value!r} is not a DATE-TIME")
            if prop.name in ("DTSTAMP", "CREATED", "LAST-MODIFIED") and not prop.value.endswith("Z"):
                problems.append(f"{where}: must be UTC (…Z)")
            if "TZID" in prop.params:
                if prop.params["TZID"] not in tzids:
                    problems.append(f"{where}: TZID {prop.params['TZID']!r} has no VTIMEZONE")
                if prop.value.endswith("Z"):
                    problems.append(f"{where}: a UTC value must not carry TZID")
        if prop.name in ("TZOFFSETFROM", "TZOFFSETTO") and not UTC_OFFSET.match(prop.value):
            problems.append(f"{where}: {prop.value!r} is not a UTC-OFFSET")
        if prop.name == "SEQUENCE" and not re.fullmatch(r"\d+", prop.value):
            problems.append(f"{where}: {prop.value!r} is not a non-negative INTEGER")
        if prop.name in TEXT_PROPS:
            unescaped = re.sub(r"\\[\\;,nN]", "", prop.value)
            if TEXT_ESCAPES.search(prop.value) or re.search(r"[;,]", unescaped):
                problems.append(f"{where}: TEXT with an unescaped ';', ',' or '\\': {prop.value[:40]!r}")
    if comp.name == "VEVENT":
        if "DTEND" in names and "DURATION" in names:
            problems.append("VEVENT: both DTEND and DURATION")
        if "DTEND" in names and "DTSTART" in names:
            start, end = comp.one("DTSTART"), comp.one("DTEND")
            if start.params.get("TZID") == end.params.get("TZID") and end.value <= start.value:
                problems.append("VEVENT: DTEND is not after DTSTART")
        method = [p.value for p in root.props if p.name == "METHOD"]
        if method == ["CANCEL"] and [p.value for p in comp.props if p.name == "STATUS"] != ["CANCELLED"]:
            problems.append("VEVENT: METHOD:CANCEL needs STATUS:CANCELLED (RFC 5546)")
        if method == ["REQUEST"] and "ORGANIZER" not in names:
            problems.append("VEVENT: METHOD:REQUEST needs an ORGANIZER (RFC 5546)")
    if comp.name == "VTIMEZONE" and not (comp.all("STANDARD") or comp.all("DAYLIGHT")):
        problems.append("VTIMEZONE: neither STANDARD nor DAYLIGHT")
    for child in comp.children:
        _check(child, root, tzids, problems)
