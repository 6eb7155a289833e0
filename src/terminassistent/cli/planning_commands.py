"""Commands for the calendar: propose, book (and plan-week, outcome with the quota work)."""

from __future__ import annotations

import argparse

from terminassistent.cli._convert import add_db_option, existing_db, parse_datetime, parse_int, parse_vocab
from terminassistent.cli._output import count_de, due_text, emit_json, fail, say
from terminassistent.domain.model import BERLIN, WEEKDAYS_DE, Channel


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("propose", help="Termine für das nächste Gespräch vorschlagen",
                            description="Schlägt Termine vor, als ende das Gespräch des Kunden zum Zeitpunkt --at.")
    add_db_option(p)
    p.add_argument("--customer", required=True, metavar="KUNDENNUMMER", help="Kundennummer")
    p.add_argument("--at", metavar="ZEITPUNKT", help="Ende des Gesprächs (Standard: jetzt)")
    p.add_argument("--count", default="5", metavar="N", help="Zahl der Vorschläge (Standard: 5)")
    p.add_argument("--first", action="store_true", help="Erstgespräch eines neuen Kunden (Vorlaufzeit des Konzepts)")
    p.add_argument("--post", action="store_true", help="Einladung geht per Post (Mindestvorlauf beachten)")
    p.add_argument("--json", action="store_true", help="Ergebnis als JSON")
    p.set_defaults(func=_propose)

    p = commands.add_parser("book", help="einen Termin buchen")
    add_db_option(p)
    p.add_argument("--customer", required=True, metavar="KUNDENNUMMER", help="Kundennummer")
    p.add_argument("--start", required=True, metavar="ZEITPUNKT", help="Beginn, z. B. 03.12.2026 09:00 (Berliner Zeit) oder 2026-12-03T09:00:00+01:00")
    p.add_argument("--minutes", metavar="M", help="Dauer (Standard: nach Kontaktdichtekonzept und Einstellungen)")
    p.add_argument("--channel", default="persoenlich", metavar="KANAL", help="persönlich oder telefonisch")
    p.add_argument("--purpose", "--zweck", dest="purposes", action="append", default=[], metavar="ZWECK",
                   help="Meldezweck nach § 309 Abs. 2 SGB III (mehrfach möglich; Standard: Einstellung letter.purposes)")
    p.add_argument("--json", action="store_true", help="Ergebnis als JSON")
    p.set_defaults(func=_book)
    register_conclude(commands)
    register_week(commands)


def _when(moment) -> str:
    local = moment.astimezone(BERLIN)
    return f"{WEEKDAYS_DE[local.weekday()][:2]} {local:%d.%m.%Y %H:%M}"


def _propose(args: argparse.Namespace) -> int:
    from terminassistent.services.context import open_context
    from terminassistent.services.scheduling.proposals import propose_first, propose_next

    at = parse_datetime(args.at, "--at") if args.at else None
    count = parse_int(args.count, "--count", minimum=1, maximum=20)
    with open_context(existing_db(args.db), args.clock) as ctx:
        if args.first:
            proposal = propose_first(ctx.at(at), args.customer.strip(), at, count, postal=args.post)
        else:
            proposal = propose_next(ctx.at(at), args.customer.strip(), at, count, postal=args.post)
    if args.json:
        emit_json(proposal.as_dict())
        return 0
    w, a = proposal.window, proposal.assessment
    latest = f"{w.latest:%d.%m.%Y}" if w.latest else "keine Vorgabe"
    say(f"{proposal.customer.display_name} ({proposal.customer.customer_no}): nächster Kontakt "
        f"empfohlen ab {w.earliest:%d.%m.%Y}, spätestens: {latest}" + (f" ({a.group}: {a.density})" if a and a.rule else ""))
    for note in proposal.notes:
        say(f"  Hinweis: {note}")
    for number, slot in enumerate(proposal.slots, start=1):
        say(f"  {number}. {_when(slot.start)}–{slot.end.astimezone(BERLIN):%H:%M}  ({'; '.join(slot.reasons)})")
    if not proposal.slots:
        say("  Kein freier Termin gefunden.")
    return 0


def _book(args: argparse.Namespace) -> int:
    from terminassistent.domain.model import Purpose
    from terminassistent.services.caseload_io.export import appointment_document
    from terminassistent.services.context import open_context
    from terminassistent.services.scheduling.booking import book_with_warnings

    start = parse_datetime(args.start, "--start")
    minutes = parse_int(args.minutes, "--minutes", minimum=5, maximum=480) if args.minutes else None
    channel = parse_vocab(Channel, args.channel, "--channel")
    purposes = [parse_vocab(Purpose, p, "--purpose") for p in args.purposes]
    with open_context(existing_db(args.db), args.clock) as ctx:
        booking = book_with_warnings(ctx, args.customer.strip(), start, minutes=minutes, channel=channel,
                                     purposes=purposes)
    appointment, warnings = booking.appointment, list(booking.warnings)
    # The contract's keys first ("appointment" is the id), then the appointment as export shows it.
    document = {"appointment": appointment.id} | {
        k: v for k, v in appointment_document(appointment).items() if k != "id"
    } | {"warnings": warnings}
    for warning in warnings:
        fail(f"Hinweis: {warning}")
    if args.json:
        emit_json(document)
    else:
        say(f"Termin {appointment.id} gebucht: {_when(appointment.start)}–{appointment.end.astimezone(BERLIN):%H:%M} Uhr.")
    return 0


def register_week(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("plan-week", help="eine Woche bis zur Quote auffüllen (Vorschlag; mit --apply buchen)")
    add_db_option(p)
    p.add_argument("--week", required=True, metavar="JJJJ-Www", help="Kalenderwoche, z. B. 2026-W49")
    p.add_argument("--apply", action="store_true", help="den Plan buchen (alles oder nichts)")
    p.add_argument("--at", metavar="ZEITPUNKT", help="Planungszeitpunkt (Standard: jetzt)")
    p.add_argument("--json", action="store_true", help="Ergebnis als JSON")
    p.set_defaults(func=_plan_week)

    p = commands.add_parser("outcome", help="das Ergebnis eines Termins festhalten")
    add_db_option(p)
    p.add_argument("--appointment", required=True, metavar="ID", help="Nummer des Termins")
    p.add_argument("--status", required=True, metavar="ERGEBNIS",
                   help="held (erschienen), missed (versäumt), excused (entschuldigt) oder cancelled (abgesagt)")
    p.add_argument("--reason", default="", metavar="TEXT", help="Grund (Pflicht bei missed, excused, cancelled)")
    p.add_argument("--channel", metavar="KANAL", help="wie das Gespräch geführt wurde (persönlich, telefonisch)")
    p.add_argument("--at", metavar="ZEITPUNKT", help="Zeitpunkt der Erfassung (Standard: jetzt)")
    p.add_argument("--json", action="store_true", help="Ergebnis als JSON")
    p.set_defaults(func=_outcome)

    p = commands.add_parser("monitor", help="Nachhaltung: Fälligkeiten, Kontaktlücken, Einhaltung je Gruppe")
    add_db_option(p)
    p.add_argument("--on", metavar="DATUM", help="Stichtag (Standard: heute)")
    p.add_argument("--within", default="14", metavar="TAGE", help="fällig innerhalb von … Tagen (Standard: 14)")
    p.add_argument("--since", metavar="DATUM", help="kein Kontakt seit … (Standard: vor 6 Monaten)")
    p.add_argument("--weeks", default="13", metavar="N", help="Quote der letzten N Wochen (Standard: 13)")
    p.add_argument("--json", action="store_true", help="Ergebnis als JSON")
    p.set_defaults(func=_monitor)


def _plan_week(args: argparse.Namespace) -> int:
    from terminassistent.cli._convert import parse_week
    from terminassistent.services.context import open_context
    from terminassistent.services.planning.planner import apply_plan, plan_week

    monday = parse_week(args.week, "--week")
    at = parse_datetime(args.at, "--at") if args.at else None
    with open_context(existing_db(args.db), args.clock) as ctx:
        plan = plan_week(ctx.at(at), monday)
        if args.apply:
            apply_plan(ctx.at(at), plan)
    if args.json:
        emit_json(plan.as_dict() | {"applied": bool(args.apply)})
        return 0
    target = "keine Quote" if plan.target is None else f"Ziel {plan.target}"
    say(f"Woche {plan.week}: {target}, bisher {plan.before}, mit dem Plan {plan.after}.")
    for note in plan.notes:
        say(f"  Hinweis: {note}")
    for p in plan.proposed:
        say(f"  {_when(p.start)}–{p.end.astimezone(BERLIN):%H:%M}  {p.name} ({p.customer_no}): {'; '.join(p.reasons)}")
    say("Gebucht." if args.apply else "Nichts gebucht (zum Buchen: --apply).")
    return 0


def _outcome(args: argparse.Namespace) -> int:
    from terminassistent.domain.model import AppointmentStatus
    from terminassistent.services.context import open_context
    from terminassistent.services.conversation.outcomes import record_outcome

    appointment_id = parse_int(args.appointment, "--appointment", minimum=1)
    status = parse_vocab(AppointmentStatus, args.status, "--status")
    channel = parse_vocab(Channel, args.channel, "--channel") if args.channel else None
    at = parse_datetime(args.at, "--at") if args.at else None
    with open_context(existing_db(args.db), args.clock) as ctx:
        outcome = record_outcome(ctx.at(at), appointment_id, status, reason=args.reason, channel=channel)
    document = {
        "appointment": outcome.appointment.id,
        "customer": outcome.appointment.customer_no,
        "status": outcome.appointment.status.value,
        "unexcused_misses": outcome.unexcused_misses,
        "awaiting_finding": outcome.awaiting_finding,
        "next": outcome.next_proposal.as_dict() if outcome.next_proposal else None,
    }
    if args.json:
        emit_json(document)
        return 0
    say(f"Termin {outcome.appointment.id}: {outcome.appointment.status.label}.")
    if outcome.awaiting_finding:
        say("Ob es ein Meldeversäumnis war, entscheidet das Jobcenter nach der Anhörung; die Entscheidung halten Sie "
            f"fest mit: terminassistent finding --db PFAD --appointment {outcome.appointment.id}")
    if outcome.next_proposal:
        say("Die Einladungskette geht weiter; Vorschläge für die nächste Einladung:")
        for number, slot in enumerate(outcome.next_proposal.slots, start=1):
            say(f"  {number}. {_when(slot.start)}–{slot.end.astimezone(BERLIN):%H:%M}")
    return 0


def _monitor(args: argparse.Namespace) -> int:
    from terminassistent.cli._convert import parse_date
    from terminassistent.services.context import open_context
    from terminassistent.services.monitoring.report import monitoring_report

    today = parse_date(args.on, "--on") if args.on else args.clock().date()
    within = parse_int(args.within, "--within", minimum=0, maximum=365)
    weeks = parse_int(args.weeks, "--weeks", minimum=0, maximum=104)
    since = parse_date(args.since, "--since") if args.since else None
    with open_context(existing_db(args.db), args.clock) as ctx:
        report = monitoring_report(ctx, today, within=within, weeks=weeks, since=since)
    policy_id, since = report.policy_id, report.since
    due, unseen, groups, history = report.due, report.not_seen, report.groups, report.quota
    reviews, awaiting = report.reviews, report.awaiting
    if args.json:
        emit_json({
            "on": today, "policy": policy_id, "due_within_days": within, "due": [s.as_dict() for s in due],
            "not_seen_since": since, "not_seen": {g: [s.as_dict() for s in items] for g, items in unseen.items()},
            "groups": [g.as_dict() for g in groups], "quota": history,
            "cooperation_reviews": [s.as_dict() | {"cooperation_plan": s.customer.cooperation_plan, "warning": w}
                                    for s, w in reviews],
            "awaiting_finding": [m.as_dict() for m in awaiting],
        })
        return 0
    say(f"Nachhaltung am {today:%d.%m.%Y} nach »{report.policy_title}«: {count_de(len(due), 'Kunde', 'Kunden')} "
        f"überfällig oder in {count_de(within, 'Tag', 'Tagen')} fällig.")
    for s in due:
        nxt = f", nächster Termin {s.next_appointment:%d.%m.%Y}" if s.next_appointment else ", kein Termin"
        say(f"  {due_text(s.assessment):<28} {s.customer.display_name} ({s.customer.customer_no}){nxt}")
    say(f"Kein anrechenbarer Kontakt seit {since:%d.%m.%Y}: {count_de(sum(len(v) for v in unseen.values()), 'Kunde', 'Kunden')}.")
    for group, items in unseen.items():
        say(f"  {group}: {len(items)}")
    say(f"Kooperationsplan zu überprüfen: {count_de(len(reviews), 'Kunde', 'Kunden')}.")
    for s, warning in reviews:
        say(f"  {s.customer.display_name} ({s.customer.customer_no}): {warning}")
    say(f"Versäumte Termine ohne Feststellung des Jobcenters: {count_de(len(awaiting), 'Termin', 'Termine')}.")
    for m in awaiting:
        say(f"  {_when(m.appointment.start)} {m.customer.display_name} ({m.customer.customer_no}), Termin "
            f"{m.appointment.id}, vor {count_de(m.days, 'Tag', 'Tagen')}")
    say("Einhaltung je Gruppe:")
    for g in groups:
        share = "–" if g.compliant_share is None else f"{round(g.compliant_share * 100)} %"
        say(f"  {g.group}: {count_de(g.customers, 'Kunde', 'Kunden')}, fristgerecht {share}")
    return 0


def register_conclude(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("conclude", help="ein Gespräch festhalten und den nächsten Termin buchen (eine Transaktion)",
                            description="Hält das Gespräch als Kontakt fest und bucht den gewählten nächsten Termin; "
                            "scheitert die Buchung, wird auch der Kontakt nicht gespeichert.")
    add_db_option(p)
    p.add_argument("--customer", required=True, metavar="KUNDENNUMMER", help="Kundennummer")
    p.add_argument("--at", metavar="ZEITPUNKT", help="Zeitpunkt des Gesprächs (Standard: jetzt)")
    p.add_argument("--channel", default="persoenlich", metavar="KANAL", help="persönlich oder telefonisch")
    p.add_argument("--kind", default="beratung", metavar="ART", help="beratung (Beratungsvermerk) oder allgemein")
    p.add_argument("--note", default="", metavar="TEXT", help="Vermerk")
    p.add_argument("--appointment", metavar="ID", help="der Termin, der damit wahrgenommen wurde")
    p.add_argument("--next", metavar="ZEITPUNKT", help="Beginn des nächsten Termins (z. B. ein Vorschlag von propose)")
    p.add_argument("--next-minutes", metavar="M", help="Dauer des nächsten Termins")
    p.add_argument("--next-channel", default="persoenlich", metavar="KANAL", help="Kanal des nächsten Termins: persönlich oder telefonisch")
    p.add_argument("--purpose", dest="purposes", action="append", default=[], metavar="ZWECK",
                   help="Meldezweck des nächsten Termins (mehrfach möglich)")
    p.add_argument("--replace", action="store_true",
                   help="später schon gebuchte Termine des Kunden absagen (der neue Termin ersetzt sie)")
    p.add_argument("--deviation-date", metavar="DATUM", help="begründete Abweichung: spätester nächster Kontakt")
    p.add_argument("--deviation-reason", metavar="TEXT", help="begründete Abweichung: der Grund (Pflicht mit Datum)")
    p.add_argument("--phone-reason", default="", metavar="TEXT",
                   help="eine telefonische Beratung zählt in diesem Fall, mit Grund (nur wo das Konzept die Fälle "
                        "offen lässt, z. B. Uelzen: »zum Beispiel«)")
    p.add_argument("--json", action="store_true", help="Ergebnis als JSON")
    p.set_defaults(func=_conclude)


def _conclude(args: argparse.Namespace) -> int:
    from terminassistent.cli._convert import parse_date
    from terminassistent.domain.model import ContactKind, Deviation, Purpose
    from terminassistent.errors import InvalidInput
    from terminassistent.services.caseload_io.export import appointment_document, contact_document
    from terminassistent.services.context import open_context
    from terminassistent.services.conversation.conclude import conclude_conversation

    at = parse_datetime(args.at, "--at") if args.at else None
    deviation = None
    if args.deviation_date or args.deviation_reason:
        if not args.deviation_date:
            raise InvalidInput("Eine begründete Abweichung braucht ein Datum (--deviation-date).")
        deviation = Deviation(parse_date(args.deviation_date, "--deviation-date"), (args.deviation_reason or "").strip())
    with open_context(existing_db(args.db), args.clock) as ctx:
        result = conclude_conversation(
            ctx, args.customer.strip(), at,
            channel=parse_vocab(Channel, args.channel, "--channel"),
            kind=parse_vocab(ContactKind, args.kind, "--kind"),
            note=args.note, deviation=deviation, phone_reason=args.phone_reason,
            held_appointment_id=parse_int(args.appointment, "--appointment", minimum=1) if args.appointment else None,
            next_start=parse_datetime(args.next, "--next") if args.next else None,
            next_minutes=parse_int(args.next_minutes, "--next-minutes", minimum=5, maximum=480) if args.next_minutes else None,
            next_channel=parse_vocab(Channel, args.next_channel, "--next-channel"),
            next_purposes=[parse_vocab(Purpose, p, "--purpose") for p in args.purposes],
            replace_booked=args.replace,
        )
    a = result.assessment
    document = {
        "contact": contact_document(result.contact),
        "due": a.as_dict(),
        "appointment": appointment_document(result.appointment) if result.appointment else None,
        "held": result.held.id if result.held else None,
        "warnings": list(result.warnings),
    }
    if args.json:
        emit_json(document)
        return 0
    latest = f"{a.latest:%d.%m.%Y}" if a.latest else "keine Vorgabe"
    say(f"Kontakt festgehalten. Nächster Kontakt spätestens: {latest} ({a.density}).")
    for warning in (*a.warnings, *result.warnings):
        say(f"  Hinweis: {warning}")
    if result.appointment:
        appt = result.appointment
        say(f"Termin {appt.id} gebucht: {_when(appt.start)}–{appt.end.astimezone(BERLIN):%H:%M} Uhr.")
    return 0
