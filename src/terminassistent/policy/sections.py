"""Building the policy's sections beside the rules: validity, durations, lead time, quota, exceptions."""

from __future__ import annotations

import datetime as dt

from terminassistent.domain.policy_model import (
    Durations,
    LeadTime,
    Note,
    PolicyException,
    Quota,
    QuotaBasis,
    QuotaUnit,
    Rounding,
    Source,
)
from terminassistent.domain.quota import UNIT_WORDS, german_number, raw_target, round_quota
from terminassistent.policy.parts import enum_parser, required_source, source
from terminassistent.policy.schema import Table

parse_unit = enum_parser(QuotaUnit, "unit")
parse_basis = enum_parser(QuotaBasis, "basis")
parse_rounding = enum_parser(Rounding, "rounding")


def validity(top: Table, document: str) -> tuple[dt.date | None, dt.date | None, Source | None, bool]:
    table = top.table("validity", required=True)
    if table is None:
        return None, None, None, False
    start, end = table.date("from"), table.date("until")
    cited = source(table.table("source"), document)
    table.text("decision", required=False)
    table.done()
    if start and end and end < start:
        table.problem("until", f"Das Ende der Gültigkeit ({end:%d.%m.%Y}) liegt vor ihrem Beginn ({start:%d.%m.%Y}).")
        return start, end, cited, False
    return start, end, cited, True


def durations(top: Table, document: str) -> Durations | None:
    table = top.table("durations")
    if table is None:
        return Durations() if not top.has("durations") else None
    first = table.integer("first_minutes", minimum=1, maximum=480)
    first_prep = table.integer("first_preparation_minutes", minimum=0, maximum=240)
    follow = table.integer("follow_up_minutes", minimum=1, maximum=480)
    follow_prep = table.integer("follow_up_preparation_minutes", minimum=0, maximum=240)
    longest = table.integer("max_minutes", minimum=1, maximum=480)
    cited = required_source(table, "source", document)
    decision = table.text("decision", required=False) or ""
    table.done()
    if longest is not None:
        for name, talk, prep in (("first_minutes", first, first_prep), ("follow_up_minutes", follow, follow_prep)):
            if talk is not None and talk + (prep or 0) > longest:
                which = "Das Erstgespräch" if name == "first_minutes" else "Das Folgegespräch"
                table.problem(name, f"{which} ({talk} + {prep or 0} Minuten Vorbereitung) dauert länger als "
                                    f"die Höchstdauer eines Termins von {longest} Minuten (max_minutes).")
                return None
    return Durations(first, first_prep, follow, follow_prep, longest, cited, decision)


def lead_time(top: Table, document: str) -> LeadTime | None:
    table = top.table("first_appointment")
    if table is None:
        return LeadTime() if not top.has("first_appointment") else None
    usual = table.integer("lead_working_days", minimum=0, maximum=60)
    most = table.integer("max_lead_working_days", minimum=0, maximum=60)
    cited = required_source(table, "source", document)
    decision = table.text("decision", required=False) or ""
    table.done()
    if usual is not None and most is not None and usual > most:
        table.problem("lead_working_days", f"Die übliche Vorlaufzeit ({usual} Arbeitstage) ist länger als die "
                                           f"längste ({most} Arbeitstage).")
        return None
    return LeadTime(usual, most, cited, decision)


_QUOTA_KEYS = ("basis", "full_time_hours", "full_time_target", "share", "minutes_per_appointment", "pro_rata",
               "rounding", "rounding_reason")


def quota(top: Table, document: str) -> Quota | None:
    table = top.table("quota", required=True)
    if table is None:
        return None
    unit_text = table.get("unit", str, required=True)
    counts = table.text("counts")
    decision = table.text("decision", required=False) or ""
    if unit_text is not None and unit_text.strip().lower() == "none":
        table.forbid(_QUOTA_KEYS, "unit = »none« legt keine Wochenquote fest.")
        cited = source(table.table("source"), document)
        table.done()
        return Quota(None, counts or "", source=cited, decision=decision)
    unit = None
    if unit_text is not None:
        try:
            unit = parse_unit(unit_text)
        except ValueError as exc:
            table.problem("unit", f"{exc}, oder none.")
    cited = required_source(table, "source", document)
    basis = table.choice("basis", parse_basis)
    hours = table.number("full_time_hours", required=basis is QuotaBasis.COUNT, maximum=60)
    pro_rata = table.boolean("pro_rata", True)
    rounding = table.choice("rounding", parse_rounding)
    reason = table.text("rounding_reason")
    share = per_appointment = target = None
    if basis is QuotaBasis.COUNT:
        target = table.integer("full_time_target", required=True, minimum=1, maximum=1000)
        table.forbid(("share", "minutes_per_appointment"), "nur bei basis = »share«.")
    elif basis is QuotaBasis.SHARE:
        share = table.number("share", required=True, maximum=1)
        table.forbid(("pro_rata",), "ein Anteil der Arbeitszeit ist stets anteilig.")
        if unit is QuotaUnit.MINUTES:
            table.forbid(("minutes_per_appointment",), "die Quote wird in Minuten gezählt.")
        else:
            per_appointment = table.integer("minutes_per_appointment", required=True, minimum=1, maximum=480)
        target = table.integer("full_time_target", minimum=1, maximum=100_000)
    table.done()
    if None in (unit, counts, cited, basis, rounding, reason) or (basis is QuotaBasis.COUNT and target is None):
        return None
    if basis is QuotaBasis.SHARE and (share is None or (unit is not QuotaUnit.MINUTES and per_appointment is None)):
        return None
    result = Quota(unit, counts, basis, hours, target, share, per_appointment, pro_rata, rounding, reason,
                   cited, decision)
    if basis is QuotaBasis.SHARE and target is not None and hours is not None:
        raw = raw_target(result, hours, hours)
        if round_quota(raw, rounding) != target:
            table.problem("full_time_target", f"Die angegebene Vollzeit-Quote ({target}) passt nicht zur Rechnung: "
                                              f"{german_number(share * 100)} % von {german_number(hours)} Stunden "
                                              f"ergeben {german_number(raw)} {UNIT_WORDS[unit]}, gerundet "
                                              f"{round_quota(raw, rounding)}.")
            return None
    return result


def exceptions(top: Table, document: str) -> tuple[PolicyException, ...] | None:
    result, ok = [], True
    for table in top.tables("exception"):
        ident, label = table.text("id"), table.text("label")
        allowed = table.boolean("allowed", True)
        cited = required_source(table, "source", document)
        decision = table.text("decision", required=False) or ""
        table.done()
        if None in (ident, label, cited):
            ok = False
            continue
        result.append(PolicyException(ident, label, allowed, cited, decision))
    return tuple(result) if ok else None


def notes(top: Table, document: str) -> tuple[Note, ...] | None:
    result, ok = [], True
    for table in top.tables("note"):
        text = table.text("text")
        cited = source(table.table("source"), document)
        table.done()
        if text is None:
            ok = False
            continue
        result.append(Note(text, cited))
    return tuple(result) if ok else None
