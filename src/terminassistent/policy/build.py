"""From a parsed TOML document to a ``Policy``, listing every problem (schema: SCHEMA.md beside this file)."""

from __future__ import annotations

import re

from terminassistent.domain.policy_model import DensityKind, Group, Policy, Rule
from terminassistent.policy import parts, sections
from terminassistent.policy.coverage import check_coverage
from terminassistent.policy.schema import Problems, Table

SCHEMA_VERSION = 1
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _check_id(table: Table, key: str, value: str | None) -> str | None:
    if value is not None and not _ID.match(value):
        table.problem(key, f"»{value}« ist kein gültiger Bezeichner (nur Kleinbuchstaben a-z, Ziffern und "
                           "Bindestriche, z. B. ue25-markt).")
        return None
    return value


def _groups(top: Table) -> dict[str, Group | None]:
    table = top.table("groups")
    result: dict[str, Group | None] = {}
    if table is None:
        return result
    for ident in list(table.data):
        group = table.table(ident)
        if group is None:
            result[ident] = None
            continue
        label = group.text("label")
        selector = parts.selector(group)
        group.done()
        ok = _check_id(table, ident, ident) and label and selector
        result[ident] = Group(ident, label, selector) if ok else None
    table.done()
    return result


def _rule(table: Table, groups: dict, default_channels, document: str, used: set[str]):
    """(rule or None, its selector or None)."""
    ident = _check_id(table, "id", table.text("id"))
    reference = table.get("group", str)
    when = table.table("when")
    group = None
    if reference is not None and when is not None:
        table.problem("when", "Eine Regel nennt ihre Gruppe entweder mit group oder mit when, nicht mit beidem.")
    elif reference is not None:
        used.add(reference)
        table.forbid(("label",), "die Bezeichnung kommt aus der Gruppe (groups).")
        if reference not in groups:
            known = ", ".join(sorted(groups)) or "keine"
            table.problem("group", f"Die Gruppe »{reference}« ist nicht definiert (definiert: {known}).")
        group = groups.get(reference)
    elif when is not None:
        label = table.text("label")
        selector = parts.selector(when)
        when.done()
        if label and selector:
            group = Group(ident or "", label, selector)
    else:
        table.problem(None, "Pflichtangabe fehlt: die Gruppe der Regel, als group = \"…\" oder als [rule.when].")
    density = parts.density(table)
    channels, channels_ok = parts.channels(table, "channels", required=False)
    explanation = table.text("explanation", required=False)
    if density and density.kind in (DensityKind.NONE, DensityKind.INDIVIDUAL) and not explanation:
        table.problem("explanation", f"Bei density.kind = »{density.kind.value}« muss die Regel in einem deutschen "
                                     "Satz erklären, was für diese Kunden gilt (explanation).")
    cited = parts.required_source(table, "source", document)
    decision = table.text("decision", required=False) or ""
    table.done()
    selector = group.selector if group else None
    channels = channels or default_channels
    if None in (ident, group, density, cited, channels) or not channels_ok:
        return None, selector
    return Rule(ident, group, density, channels, cited, explanation or "", decision), selector


def build_policy(data: dict, problems: Problems, path: str = "") -> Policy | None:
    """The policy, or None when ``problems`` holds at least one problem."""
    top = Table(problems, data)
    version = top.integer("schema_version", required=True, minimum=1)
    if version is not None and version != SCHEMA_VERSION:
        top.problem("schema_version", f"Version {version} ist unbekannt; dieses Programm liest Version {SCHEMA_VERSION}.")
    ident = _check_id(top, "id", top.text("id"))
    title, issuer, document = top.text("title"), top.text("issuer"), top.text("document")
    document = document or "?"
    valid_from, valid_until, validity_source, _ = sections.validity(top, document)

    window = top.table("window", required=True)
    opens = decision = None
    if window is not None:
        opens = window.integer("opens_at_percent", required=True, minimum=0, maximum=100)
        decision = window.text("decision", required=False) or ""
        window.done()

    contact = top.table("contact", required=True)
    default_channels = contact_source = None
    if contact is not None:
        default_channels, _ = parts.channels(contact, "channels", required=True)
        contact_source = parts.required_source(contact, "source", document)
        contact.text("decision", required=False)
        contact.done()

    durations = sections.durations(top, document)
    lead = sections.lead_time(top, document)
    quota = sections.quota(top, document)
    exceptions = sections.exceptions(top, document)
    notes = sections.notes(top, document)
    groups = _groups(top)

    used: set[str] = set()
    rules, selectors, ids, seen = [], [], [], {}
    for index, table in enumerate(top.tables("rule", required=True)):
        rule, selector = _rule(table, groups, default_channels, document, used)
        rules.append(rule)
        selectors.append(selector)
        rule_id = table.data.get("id")
        ids.append(rule_id if isinstance(rule_id, str) else f"rule[{index + 1}]")
        if isinstance(rule_id, str) and rule_id in seen:
            table.problem("id", f"Die Regel-Kennung »{rule_id}« kommt doppelt vor (schon in rule[{seen[rule_id] + 1}]).")
        elif isinstance(rule_id, str):
            seen[rule_id] = index
    for ident_ in groups:
        if ident_ not in used:
            problems.add(("groups", ident_), f"Die Gruppe »{ident_}« wird von keiner Regel benutzt.")
    top.done()

    whole = len(selectors) == len(data.get("rule") or []) if isinstance(data.get("rule"), list) else False
    if selectors and whole and all(s is not None for s in selectors):
        check_coverage(problems, list(zip(ids, selectors)))
    if problems:
        return None
    return Policy(
        id=ident, title=title, issuer=issuer, document=document, valid_from=valid_from, valid_until=valid_until,
        window_opens_percent=opens, rules=tuple(rules), default_channels=default_channels,
        contact_source=contact_source, groups=tuple(g for g in groups.values() if g),
        durations=durations, lead_time=lead, quota=quota, exceptions=exceptions, notes=notes,
        window_decision=decision, validity_source=validity_source, path=path,
    )
