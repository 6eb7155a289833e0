"""A strict iTIP (RFC 5546) check of a calendar file, on top of the strict RFC 5545 reader.

It applies the presence rules of RFC 5546 section 3.2 to every VEVENT for the methods PUBLISH,
REQUEST and CANCEL (the rows of libical's design-data/restrictions.csv agree): which properties
must occur exactly once, which must not occur at all, at least one ATTENDEE where an invitation is
sent (REQUEST) or withdrawn (CANCEL, which must carry all attendees when the whole event is
cancelled), the same UID for every component of a REQUEST or CANCEL (one scheduling object per
message), a SEQUENCE in a CANCEL, the STATUS values each method allows, and a SEQUENCE whenever
it would be above zero. ``read`` returns the parsed calendar or raises ``rfc5545.StrictError``
listing every problem.
"""

from __future__ import annotations

from . import rfc5545

# method -> (exactly once, at least once, never, allowed STATUS values)
RULES = {
    "PUBLISH": ({"DTSTAMP", "DTSTART", "ORGANIZER", "SUMMARY", "UID"}, set(), {"ATTENDEE", "REQUEST-STATUS"},
                {"TENTATIVE", "CONFIRMED", "CANCELLED"}),
    "REQUEST": ({"DTSTAMP", "DTSTART", "ORGANIZER", "SUMMARY", "UID"}, {"ATTENDEE"}, set(),
                {"TENTATIVE", "CONFIRMED"}),
    "CANCEL": ({"DTSTAMP", "ORGANIZER", "SEQUENCE", "UID"}, {"ATTENDEE"}, {"REQUEST-STATUS"}, {"CANCELLED"}),
}
SAME_UID = {"REQUEST", "CANCEL"}


def problems(calendar: rfc5545.Component) -> list[str]:
    found = []
    methods = [p.value for p in calendar.props if p.name == "METHOD"]
    if len(methods) != 1:
        return [f"VCALENDAR: {len(methods)} METHOD properties (an iTIP object has exactly one)"]
    method = methods[0]
    if method not in RULES:
        return [f"METHOD:{method} is not checked here (PUBLISH, REQUEST, CANCEL)"]
    once, some, never, statuses = RULES[method]
    events = calendar.all("VEVENT")
    if not events:
        found.append(f"METHOD:{method}: no VEVENT")
    for n, event in enumerate(events, 1):
        names = [p.name for p in event.props]
        where = f"VEVENT {n} (METHOD:{method})"
        found += [f"{where}: {name} must occur exactly once, found {names.count(name)}"
                  for name in sorted(once) if names.count(name) != 1]
        found += [f"{where}: needs at least one {name}" for name in sorted(some) if name not in names]
        found += [f"{where}: {name} must not occur" for name in sorted(never) if name in names]
        found += [f"{where}: STATUS:{p.value} is not allowed" for p in event.props
                  if p.name == "STATUS" and p.value not in statuses]
        sequence = [p.value for p in event.props if p.name == "SEQUENCE"]
        if len(sequence) > 1:
            found.append(f"{where}: SEQUENCE occurs {len(sequence)} times")
    if method in SAME_UID and len({e.value("UID") for e in events if any(p.name == "UID" for p in e.props)}) > 1:
        found.append(f"METHOD:{method}: the components carry different UIDs (RFC 5546 allows one per message)")
    return found


def read(data: bytes) -> rfc5545.Component:
    calendar = rfc5545.read(data)
    found = problems(calendar)
    if found:
        raise rfc5545.StrictError([f"RFC 5546: {p}" for p in found])
    return calendar
