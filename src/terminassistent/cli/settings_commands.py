"""Commands on the caseworker's own data: settings (data, working week, policy) and absences."""

from __future__ import annotations

import argparse
import datetime as dt

from terminassistent.cli._convert import add_db_option, existing_db, parse_date, parse_datetime, parse_hours, parse_int, parse_vocab
from terminassistent.cli._output import emit_json, fail, say
from terminassistent.domain.model import BERLIN, AbsenceKind

_FIELDS = (("name", "--name", "Name mit Anrede, z. B. »Frau Sabine Krüger«"),
           ("office", "--office", "Dienststelle mit Anschrift, z. B. »Jobcenter Musterstadt, Beispielstraße 1, 12345 Musterstadt«"),
           ("room", "--room", "Zimmer"), ("phone", "--phone", "Telefon"), ("email", "--email", "E-Mail"))


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("settings", help="Ihre Angaben, Arbeitszeiten und Einstellungen",
                            description="Ohne Änderung werden alle Angaben und Einstellungen gezeigt.")
    add_db_option(p)
    for _, option, title in _FIELDS:
        p.add_argument(option, metavar="TEXT", help=title)
    p.add_argument("--bundesland", metavar="XX", help="Bundesland für die Feiertage, z. B. NW")
    p.add_argument("--hours", metavar="STUNDEN", help="eigene Wochenarbeitszeit")
    p.add_argument("--full-time-hours", metavar="STUNDEN", help="Vollzeit-Wochenstunden")
    p.add_argument("--policy", metavar="ID", help="mitgeliefertes Kontaktdichtekonzept (terminassistent policies)")
    p.add_argument("--pattern", action="append", default=[], metavar="TAG=ZEITEN",
                   help="Arbeitszeit eines Tages, z. B. mo=07:30-12:00,12:30-16:00 (mehrfach; »fr=« = frei)")
    p.add_argument("--default-pattern", action="store_true", help="Arbeitszeiten aus der Wochenarbeitszeit vorschlagen")
    p.add_argument("--set", action="append", default=[], metavar="SCHLÜSSEL=WERT",
                   help="eine Einstellung, z. B. scheduling.slot_minutes=30 (Liste: terminassistent settings --db …)")
    p.add_argument("--json", action="store_true", help="Ergebnis als JSON")
    p.set_defaults(func=_settings)

    p = commands.add_parser("absence", help="Ihre Abwesenheiten (Urlaub, Fortbildung …)")
    add_db_option(p)
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--list", action="store_true", help="alle Abwesenheiten zeigen")
    what.add_argument("--add", action="store_true", help="eine Abwesenheit eintragen (mit --from, --until)")
    what.add_argument("--remove", metavar="NR", help="die Abwesenheit mit dieser Nummer löschen")
    p.add_argument("--from", dest="start", metavar="DATUM[THH:MM]", help="Beginn: ein Tag (ganztägig) oder ein Zeitpunkt")
    p.add_argument("--until", metavar="DATUM[THH:MM]", help="Ende: der letzte Tag (einschließlich) oder ein Zeitpunkt")
    p.add_argument("--kind", default="urlaub", metavar="ART", help="urlaub, fortbildung, krankheit oder sonstiges")
    p.add_argument("--note", default="", metavar="TEXT", help="Vermerk")
    p.add_argument("--json", action="store_true", help="Ergebnis als JSON")
    p.set_defaults(func=_absence)


def _settings(args: argparse.Namespace) -> int:
    from terminassistent import settings as registry
    from terminassistent.domain.quota import german_number
    from terminassistent.errors import InvalidInput
    from terminassistent.services.settings import caseworker as service
    from terminassistent.services.caseload_io.export import caseworker_document
    from terminassistent.services.context import open_context

    changes = {field: getattr(args, field).strip() for field, _, _ in _FIELDS if getattr(args, field) is not None}
    if args.bundesland is not None:
        changes["bundesland"] = args.bundesland
    if args.hours is not None:
        changes["weekly_hours"] = parse_hours(args.hours, "--hours")
    if args.full_time_hours is not None:
        changes["full_time_hours"] = parse_hours(args.full_time_hours, "--full-time-hours")
    if args.policy is not None:
        changes["policy_id"] = args.policy.strip().lower()
    pairs = []
    for item in args.set:
        key, sep, value = item.partition("=")
        if not sep:
            raise InvalidInput(f"--set: »{item}« hat nicht die Form SCHLÜSSEL=WERT.")
        pairs.append((key.strip(), value))
    with open_context(existing_db(args.db), args.clock) as ctx:
        caseload = ctx.caseload
        if changes or args.pattern or args.default_pattern or pairs:  # all changes of one call, or none
            service.change_settings(ctx, changes, args.pattern, use_default_pattern=args.default_pattern,
                                    settings=pairs)
        cw = caseload.caseworker()
        values = [(s, registry.get(caseload, s.key)) for s in registry.SETTINGS]
        policy = _policy_name(ctx)
        path = caseload.path
    note = service.pattern_note(cw)
    if args.json:
        emit_json({"caseworker": caseworker_document(cw),
                   "settings": [{"key": s.key, "title": s.title, "value": list(v) if isinstance(v, tuple) else v,
                                 "default": list(s.default) if isinstance(s.default, tuple) else s.default}
                                for s, v in values],
                   "notes": [note] if note else []})
        return 0
    say(f"Ihre Angaben im Bestand »{path}«:")
    say(f"  Name: {cw.name or '–'}; Dienststelle: {cw.office or '–'}; Zimmer {cw.room or '–'}")
    say(f"  Telefon {cw.phone or '–'}, E-Mail {cw.email or '–'}; Bundesland {cw.bundesland}; "
        f"{german_number(cw.weekly_hours)} von {german_number(cw.full_time_hours)} Stunden; "
        f"Kontaktdichtekonzept {policy}")
    for line in service.describe_pattern(cw):
        say(f"  {line}")
    if note:
        fail(f"Hinweis: {note}")
    say("Einstellungen:")
    for s, v in values:
        shown = ", ".join(v) if isinstance(v, tuple) else ("–" if v in ("", None) else v)
        say(f"  {s.key} = {shown}    ({s.title})")
    return 0


def _policy_name(ctx) -> str:
    """»Title« (id) of the policy in force; the id alone when its file cannot be read (settings fix that)."""
    from terminassistent.errors import UserError

    try:
        policy = ctx.policy()
    except UserError:
        return ctx.caseload.caseworker().policy_id
    return f"»{policy.title}« ({policy.id})"


def _moment(text: str, option: str, end: bool) -> dt.datetime:
    """A day (whole day: from its start, or until the end of it) or a date and time."""
    if "T" in text or " " in text.strip():
        return parse_datetime(text, option)
    day = parse_date(text, option) + dt.timedelta(days=1 if end else 0)
    return dt.datetime.combine(day, dt.time(0), tzinfo=BERLIN)


def _absence(args: argparse.Namespace) -> int:
    from terminassistent.errors import InvalidInput
    from terminassistent.services.settings import caseworker as service
    from terminassistent.services.caseload_io.export import absence_document, appointment_document
    from terminassistent.services.context import open_context

    with open_context(existing_db(args.db), args.clock) as ctx:
        caseload = ctx.caseload
        if args.list:
            absences = caseload.absences()
            if args.json:
                emit_json([absence_document(a) for a in absences])
            else:
                say("\n".join(service.absence_text(a) for a in absences) or "Keine Abwesenheiten eingetragen.")
            return 0
        if args.remove:
            number = parse_int(args.remove, "--remove", minimum=1)
            if number not in {a.id for a in caseload.absences()}:
                raise InvalidInput(f"--remove: Eine Abwesenheit mit der Nummer »{number}« gibt es nicht.")
            service.remove_absence(ctx, number)
            say(f"Abwesenheit {number} gelöscht.")
            return 0
        if not (args.start and args.until):
            raise InvalidInput("Für eine neue Abwesenheit braucht es --from und --until.")
        start, end = _moment(args.start, "--from", end=False), _moment(args.until, "--until", end=True)
        kind = parse_vocab(AbsenceKind, args.kind, "--kind")
        added = service.add_absence(ctx, start, end, kind, args.note.strip())
        absence, affected = added.absence, added.affected
    if args.json:
        emit_json({"absence": absence_document(absence), "affected": [appointment_document(a) for a in affected]})
        return 0
    say(f"Eingetragen: {service.absence_text(absence)}")
    if affected:
        fail(f"Hinweis: {len(affected)} gebuchte Termine liegen in dieser Zeit und brauchen einen neuen Termin "
             f"(Nummern {', '.join(str(a.id) for a in affected)}).")
    return 0
