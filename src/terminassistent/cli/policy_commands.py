"""Commands on the Kontaktdichtekonzepte: policies, policy-check, due, quota."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from terminassistent.cli._convert import add_db_option, parse_date, parse_hours, parse_vocab
from terminassistent.cli._output import due_text, emit_json, fail, say
from terminassistent.domain.model import BERLIN, Channel, Customer, Flag, Profile, Status
from terminassistent.errors import InvalidInput


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("policies", help="die mitgelieferten Kontaktdichtekonzepte auflisten")
    p.add_argument("--json", action="store_true", help="als JSON")
    p.set_defaults(func=_policies)

    p = commands.add_parser("policy-check", help="Richtliniendateien prüfen",
                            description="Prüft Kontaktdichtekonzepte (TOML) und nennt jedes gefundene Problem.")
    p.add_argument("files", nargs="+", metavar="DATEI", help="eine oder mehrere Richtliniendateien")
    p.add_argument("--json", action="store_true", help="Ergebnis als JSON")
    p.set_defaults(func=_policy_check)

    p = commands.add_parser("due", help="wann ist der nächste Kontakt fällig?",
                            description="Sagt, wann der nächste Kontakt nach dem letzten Beratungsgespräch fällig ist. "
                                        "Den letzten Kontakt nennt --last-contact, eine kurze Folge von Kontakten "
                                        "--contact (mehrfach, ältester zuerst).")
    p.add_argument("--policy", required=True, metavar="ID", help="Kontaktdichtekonzept, z. B. aa90-jba")
    p.add_argument("--birth-date", required=True, metavar="DATUM", help="Geburtsdatum des Kunden")
    p.add_argument("--status", required=True, metavar="STATUS", help="arbeitslos, arbeitsuchend oder nicht-gesetzt")
    p.add_argument("--profile", metavar="PROFILLAGE", help="markt, aktivierung, foerder, entwicklung, "
                   "stabilisierung, unterstuetzung, i, z (weglassen: keine Profillage)")
    p.add_argument("--last-contact", metavar="DATUM", help="Tag des letzten Beratungsgesprächs")
    p.add_argument("--last-channel", metavar="KANAL", help="mit --last-contact: persoenlich (Standard) oder telefonisch")
    p.add_argument("--contact", action="append", default=[], metavar="DATUM:KANAL",
                   help="ein Beratungsgespräch, z. B. 2024-02-10:telefonisch (mehrfach, ältester zuerst; "
                        "ohne Kanal: persönlich); statt --last-contact")
    p.add_argument("--flag", action="append", default=[], metavar="MERKMAL",
                   help="schueler, fallmanagement, beschaeftigt, gesundheit (mehrfach möglich)")
    p.add_argument("--on", metavar="DATUM", help="Stichtag für Alter und Gültigkeit (Standard: heute)")
    p.add_argument("--json", action="store_true", help="als JSON")
    p.set_defaults(func=_due, due_parser=p)

    p = commands.add_parser("quota", help="die Wochenquote (anteilig bei Teilzeit)")
    p.add_argument("--policy", metavar="ID", help="Kontaktdichtekonzept, z. B. uelzen-2019")
    p.add_argument("--hours", metavar="STUNDEN", help="eigene Wochenarbeitszeit, z. B. 19,5")
    p.add_argument("--full-time-hours", metavar="STUNDEN", help="Vollzeit-Wochenstunden (Standard: laut Konzept)")
    add_db_option(p, "mit --week statt --policy/--hours: Ihre Woche in dieser Bestandsdatei")
    p.add_argument("--week", metavar="JJJJ-Www", help="mit --db: die Kalenderwoche, z. B. 2026-W49")
    p.add_argument("--json", action="store_true", help="als JSON")
    p.set_defaults(func=_quota, quota_parser=p)


def _german(day: dt.date | None) -> str:
    return f"{day:%d.%m.%Y}" if day else "–"


def _policies(args: argparse.Namespace) -> int:
    from terminassistent.policy import load_bundled

    policies = load_bundled()
    if args.json:
        emit_json([{"id": p.id, "title": p.title, "issuer": p.issuer, "valid_from": p.valid_from,
                    "valid_until": p.valid_until} for p in policies])
        return 0
    for p in policies:
        parts = [f"ab {_german(p.valid_from)}" if p.valid_from else "", f"bis {_german(p.valid_until)}" if p.valid_until else ""]
        validity = "gültig " + " ".join(x for x in parts if x) if any(parts) else "ohne Befristung"
        say(f"{p.id}: {p.title} ({p.issuer}; {validity})")
    return 0


def _policy_check(args: argparse.Namespace) -> int:
    from terminassistent.policy import check_file

    results = []
    for name in args.files:
        policy, problems = check_file(name)
        results.append((name, policy, problems))
    bad = [r for r in results if r[2] or r[1] is None]
    if args.json:
        emit_json({"ok": not bad, "files": [
            {"file": name, "ok": not problems and policy is not None, "policy": policy.id if policy else None,
             "problems": [p.as_dict() for p in problems]}
            for name, policy, problems in results]})
    else:
        for name, policy, problems in results:
            if policy is not None and not problems:
                say(f"{name}: in Ordnung (»{policy.title}«, {len(policy.rules)} Regeln).")
            else:
                count = "1 Problem" if len(problems) == 1 else f"{len(problems)} Probleme"
                fail(f"{name} ist ungültig ({count}):")
                for problem in problems:
                    print(f"  - {problem}", file=sys.stderr)
    if bad:
        if args.json:
            fail(f"{len(bad)} von {len(results)} Richtliniendateien sind ungültig.")
        return 1
    return 0


def _profile(value: str | None) -> Profile | None:
    if value is None or value.strip().lower() in ("", "keine"):
        return None
    return parse_vocab(Profile, value, "--profile")


def _contacts(args: argparse.Namespace) -> list[tuple[str, dt.date, Channel]]:
    """The history the options describe: (option, day, channel), oldest first as given."""
    if args.contact and (args.last_contact or args.last_channel):
        args.due_parser.error("--contact und --last-contact/--last-channel schließen einander aus")
    if not args.contact and not args.last_contact:
        args.due_parser.error("diese Angaben fehlen: --last-contact oder --contact")
    if args.last_channel and not args.last_contact:
        args.due_parser.error("--last-channel gilt nur mit --last-contact")
    if args.last_contact:
        channel = parse_vocab(Channel, args.last_channel or "persoenlich", "--last-channel")
        return [("--last-contact", parse_date(args.last_contact, "--last-contact"), channel)]
    found = []
    for value in args.contact:
        day, _, channel = value.rpartition(":") if ":" in value else (value, ":", "persoenlich")
        option = f"--contact »{value}«"
        found.append((option, parse_date(day, option), parse_vocab(Channel, channel or "persoenlich", option)))
    return found


def _due(args: argparse.Namespace) -> int:
    from terminassistent.domain.density import assess, contact_history
    from terminassistent.policy import load_policy

    policy = load_policy(args.policy)
    birth = parse_date(args.birth_date, "--birth-date")
    status = parse_vocab(Status, args.status, "--status")
    profile = _profile(args.profile)
    flags = frozenset(parse_vocab(Flag, f, "--flag") for f in args.flag)
    contacts = _contacts(args)
    on = parse_date(args.on, "--on") if args.on else args.clock().astimezone(BERLIN).date()
    if birth > on:
        raise InvalidInput(f"--birth-date: Das Geburtsdatum {birth.isoformat()} liegt nach dem Stichtag {on.isoformat()}.")
    for option, day, _ in contacts:
        noun = "Der letzte Kontakt" if option == "--last-contact" else "Der Kontakt"
        if day > on:
            raise InvalidInput(f"{option}: {noun} am {day.isoformat()} liegt nach dem Stichtag {on.isoformat()} (--on).")
        if day < birth:
            raise InvalidInput(f"{option}: {noun} am {day.isoformat()} liegt vor dem Geburtsdatum {birth.isoformat()}.")
    customer = Customer("due", "", "", birth, status, profile, flags)
    history = contact_history("due", [(day, channel) for _, day, channel in contacts])
    result = assess(policy, customer, history, on, groups=())  # a customer without a recorded history
    if args.json:
        emit_json(result.as_dict())
        return 0
    say(f"Kontaktdichtekonzept: {policy.title} ({policy.id})")
    say(f"Gruppe: {result.group}")
    say(f"Kontaktdichte: {result.density}")
    if result.latest is None:
        say("Nächster Kontakt: keine Frist – das Konzept gibt für diese Gruppe keine Kontaktdichte vor.")
    else:
        say(f"Nächster Kontakt: empfohlen ab {_german(result.earliest)}, spätestens {_german(result.latest)}")
    ways = "nur persönlich" if result.in_person_required else "persönlich oder telefonisch"
    say(f"Es zählt: {ways}")
    if result.count_target is not None:
        say(f"Erreicht: {result.count_reached} von {result.count_target} ({result.density})")
    say(f"Stand am {_german(on)}: {due_text(result)}")
    say(f"Begründung: {result.explanation}")
    for warning in result.warnings:
        say(f"Hinweis: {warning}")
    return 0


def _quota(args: argparse.Namespace) -> int:
    from terminassistent.domain.quota import UNIT_WORDS, german_number, weekly_target
    from terminassistent.policy import load_policy

    if args.db is not None or args.week is not None:
        return _week_quota(args)
    missing = [name for name, value in (("--policy", args.policy), ("--hours", args.hours)) if value is None]
    if missing:  # optional in argparse so that the "--db PATH --week" form can do without them
        args.quota_parser.error(f"diese Angaben fehlen: {', '.join(missing)}")
    policy = load_policy(args.policy)
    hours = parse_hours(args.hours, "--hours")
    full = parse_hours(args.full_time_hours, "--full-time-hours") if args.full_time_hours else None
    result = weekly_target(policy, hours, full)
    if args.json:
        emit_json(result.as_dict())
        return 0
    if result.unit is None:
        say(f"»{policy.title}« ({policy.id}) legt keine Wochenquote fest. {result.counts}")
        return 0
    unit = UNIT_WORDS[result.unit]
    target = result.target if result.target is not None else "nicht berechenbar"
    say(f"Wochenquote nach »{policy.title}« ({policy.id}): {target} {unit} bei {german_number(hours)} "
        "Wochenstunden.")
    if result.full_time_target is not None:
        say(f"Vollzeit ({german_number(result.full_time_hours)} Stunden): {result.full_time_target} {unit}.")
    say(f"Berechnung: {result.explanation}")
    say(f"Es zählen: {result.counts}")
    return 0


def _week_quota(args: argparse.Namespace) -> int:
    """``quota --db PATH --week YYYY-Www``: the caseworker's real week, with holidays and absences."""
    from terminassistent.cli._convert import existing_db, parse_week
    from terminassistent.domain.quota import UNIT_WORDS, weekly_target
    from terminassistent.policy import load_policy
    from terminassistent.services.context import open_context
    from terminassistent.services.planning.week_quota import week_quota

    if args.week is None:
        args.quota_parser.error("diese Angaben fehlen: --week (oder --policy und --hours statt --db)")
    if args.hours is not None:
        args.quota_parser.error("--hours gilt nicht mit --db (die Stunden stehen im Bestand)")
    monday = parse_week(args.week, "--week")
    with open_context(existing_db(args.db), args.clock) as ctx:
        cw = ctx.caseload.caseworker()
        policy = load_policy(args.policy) if args.policy else ctx.policy()
        week = week_quota(ctx, monday, policy)
    base = weekly_target(policy, cw.weekly_hours, cw.full_time_hours)
    if args.json:
        emit_json(base.as_dict() | week.as_dict())
        return 0
    if week.unit is None:
        say(f"»{policy.title}« ({policy.id}) legt keine Wochenquote fest.")
        return 0
    unit = UNIT_WORDS[week.unit]
    say(f"Woche {week.week} nach »{policy.title}«: Ziel {week.target} {unit}, erreicht {week.achieved}, "
        f"mit den gebuchten Terminen {week.expected}; es fehlen {week.missing}.")
    say(f"Berechnung: {week.explanation}")
    from terminassistent.domain.model import AppointmentStatus

    states = ", ".join(f"{n} {AppointmentStatus(s).label}" for s, n in week.statuses.items() if n)
    say(f"Termine der Woche: {states or 'keine'}; freie Arbeitszeit: {week.free_minutes // 60} Std. "
        f"{week.free_minutes % 60} Min.")
    say(f"Es zählen: {week.counts}")
    return 0
