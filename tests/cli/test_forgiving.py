"""A command line that forgives (issue 14): what a caseworker types the way they write it is
understood; every refusal still names the value; the output stays as the contract says."""

import argparse
import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from terminassistent.cli import build_parser
from terminassistent.cli._convert import parse_datetime, parse_vocab
from terminassistent.domain.model import BERLIN, AppointmentStatus, Channel
from terminassistent.errors import InvalidInput
from terminassistent.services.context import fixed_clock
from terminassistent.storage import Caseload
from tests.cli.helpers import run, snapshot
from tests.services.handmade import CHAINED, LATER, MONDAY, NOW, OVERDUE, at, build, customer

TUESDAY = MONDAY + dt.timedelta(days=1)


@pytest.fixture
def db(tmp_path):
    build(tmp_path / "hand.db").close()
    return tmp_path / "hand.db"


@pytest.fixture
def clock():
    return fixed_clock(NOW)


def booked(db):
    return [a for a in snapshot(db)["appointments"] if a["status"] == "booked"]


# -- date-times in German form, everywhere a date-time is taken ---------------------------------

@pytest.mark.parametrize("text", ["03.12.2026 09:00", "3.12.2026 9:00", "03.12.2026, 09:00 Uhr", " 3.12.2026  9:00 ",
                                  "2026-12-03T09:00", "2026-12-03 09:00", "2026-12-03T09:00:00+01:00",
                                  "2026-12-03T08:00:00Z"])
def test_every_written_form_of_a_time_means_the_same_moment(text):
    assert parse_datetime(text, "--start") == dt.datetime(2026, 12, 3, 9, 0, tzinfo=BERLIN)


def test_a_time_without_offset_is_berlin_time_in_summer_too():
    assert parse_datetime("1.7.2026 9:00", "--at").utcoffset() == dt.timedelta(hours=2)


@given(st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 12, 31)))
def test_the_german_form_of_any_wall_time_reads_back_as_that_wall_time(moment):
    moment = moment.replace(second=0, microsecond=0)
    for text in (f"{moment:%d.%m.%Y %H:%M}", f"{moment.day}.{moment.month}.{moment.year} {moment.hour}:{moment:%M}"):
        assert parse_datetime(text, "--at").replace(tzinfo=None) == moment or _in_spring_gap(moment)


def _in_spring_gap(moment: dt.datetime) -> bool:
    """A wall time that does not exist (the hour skipped when summer time begins) moves by an hour."""
    aware = moment.replace(tzinfo=BERLIN)
    return aware.astimezone(dt.timezone.utc).astimezone(BERLIN).replace(tzinfo=None) != moment


@pytest.mark.parametrize("text", ["31.11.2026 09:00", "3.12.2026 24:00", "3.12.26 9:00", "morgen früh", "9:00"])
def test_a_time_that_is_no_time_is_refused_naming_option_and_value(text):
    with pytest.raises(InvalidInput) as refused:
        parse_datetime(text, "--start")
    assert str(refused.value).startswith(f"--start: »{text}« ist kein gültiger Zeitpunkt (erwartet z. B. 03.12.2026 09:00")


# Every option that takes a date-time, with the German form given and what the command did with it.
GERMAN_TIMES = {
    ("propose", "--at"), ("book", "--start"), ("conclude", "--at"), ("conclude", "--next"), ("outcome", "--at"),
    ("plan-week", "--at"), ("absence", "--from"), ("absence", "--until"),
}


def test_the_list_of_date_time_options_is_complete():
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    taking_times = {(name, a.option_strings[0]) for name, sub in commands.items() for a in sub._actions
                    if a.metavar in ("ZEITPUNKT", "DATUM[THH:MM]")}
    assert taking_times == GERMAN_TIMES


def test_book_and_propose_take_german_times(capsys, db, clock):
    code, out, err = run(capsys, "book", "--db", db, "--customer", LATER.customer_no, "--start", "1.12.2026 10:00",
                         "--json", clock=clock)
    assert code == 0, err
    assert json.loads(out)["start"] == "2026-12-01T10:00:00+01:00"
    german = run(capsys, "propose", "--db", db, "--customer", LATER.customer_no, "--at", "27.11.2026 12:00", "--json")
    iso = run(capsys, "propose", "--db", db, "--customer", LATER.customer_no, "--at", NOW.isoformat(), "--json")
    assert german == iso and german[0] == 0


def test_conclude_and_outcome_take_german_times(capsys, db, clock):
    code, out, err = run(capsys, "conclude", "--db", db, "--customer", OVERDUE.customer_no, "--at", "27.11.2026 11:00",
                         "--next", "14.12.2026 9:00", "--json", clock=clock)
    document = json.loads(out)
    assert code == 0, err
    assert (document["contact"]["at"], document["appointment"]["start"]) == (
        "2026-11-27T11:00:00+01:00", "2026-12-14T09:00:00+01:00")
    chained = next(a for a in booked(db) if a["customer"] == CHAINED.customer_no)
    code, out, err = run(capsys, "outcome", "--db", db, "--appointment", chained["id"], "--status", "erschienen",
                         "--at", "1.12.2026 18:00", "--json")
    assert code == 0, err
    assert json.loads(out)["status"] == "held"


def test_plan_week_and_absence_take_german_times(capsys, db):
    german = run(capsys, "plan-week", "--db", db, "--week", "2026-W49", "--at", "27.11.2026 12:00", "--json")
    iso = run(capsys, "plan-week", "--db", db, "--week", "2026-W49", "--at", NOW.isoformat(), "--json")
    assert german == iso and german[0] == 0
    code, out, err = run(capsys, "absence", "--db", db, "--add", "--from", "2.12.2026 13:00", "--until",
                         "02.12.2026 16:00 Uhr", "--kind", "fortbildung", "--json")
    absence = json.loads(out)["absence"]
    assert code == 0, err
    assert (absence["start"], absence["end"]) == ("2026-12-02T13:00:00+01:00", "2026-12-02T16:00:00+01:00")


def test_a_wrong_german_time_is_refused_and_nothing_is_booked(capsys, db, clock):
    before = snapshot(db)
    code, _, err = run(capsys, "book", "--db", db, "--customer", LATER.customer_no, "--start", "31.11.2026 10:00",
                       clock=clock)
    assert code == 1 and "--start: »31.11.2026 10:00« ist kein gültiger Zeitpunkt" in err
    assert snapshot(db) == before


# -- Kundennummern ignoring case and surrounding spaces -------------------------------------------

@pytest.mark.parametrize("typed", ["c-later", " C-LATER ", "C-later\t"])
def test_a_kundennummer_is_found_however_it_is_typed(capsys, db, clock, typed):
    code, out, err = run(capsys, "book", "--db", db, "--customer", typed, "--start", at(TUESDAY, 10).isoformat(),
                         "--json", clock=clock)
    assert code == 0, err
    assert json.loads(out)["customer"] == LATER.customer_no  # stored as it was entered
    proposal = json.loads(run(capsys, "propose", "--db", db, "--customer", typed, "--at", NOW.isoformat(), "--json")[1])
    assert proposal["customer"] == LATER.customer_no


def test_conclude_finds_the_customer_too_and_files_the_contact_under_the_stored_number(capsys, db, clock):
    code, out, err = run(capsys, "conclude", "--db", db, "--customer", "a-OVERDUE ", "--at", NOW.isoformat(),
                         "--json", clock=clock)
    assert code == 0, err
    assert json.loads(out)["contact"]["customer"] == OVERDUE.customer_no
    assert [c for c in snapshot(db)["contacts"] if c["customer"] == OVERDUE.customer_no][-1]["date"] == "2026-11-27"


def test_two_numbers_that_differ_only_in_case_are_not_guessed(capsys, db, clock):
    with Caseload.open(db) as c:
        c.add_customers([customer("ab-1", dt.date(1980, 5, 5)), customer("AB-1", dt.date(1981, 5, 5))])
    before = snapshot(db)
    code, _, err = run(capsys, "book", "--db", db, "--customer", "Ab-1", "--start", at(TUESDAY, 10).isoformat(),
                       clock=clock)
    assert code == 1 and "»Ab-1« passt" in err and "»AB-1«" in err and "»ab-1«" in err and str(db) in err
    assert snapshot(db) == before
    code, out, _ = run(capsys, "book", "--db", db, "--customer", "ab-1", "--start", at(TUESDAY, 10).isoformat(),
                       "--json", clock=clock)
    assert code == 0 and json.loads(out)["customer"] == "ab-1"


def test_an_unknown_kundennummer_is_refused_naming_number_and_file(capsys, db, clock):
    code, _, err = run(capsys, "propose", "--db", db, "--customer", "X-999", clock=clock)
    assert code == 1 and f"Die Kundennummer »X-999« ist im Bestand »{db}« nicht vorhanden." in err


# -- German outcome and channel values -------------------------------------------------------------

@pytest.mark.parametrize("typed, stored", [("erschienen", "held"), ("versäumt", "missed"), ("Versaeumt", "missed"),
                                           ("entschuldigt", "excused"), ("abgesagt", "cancelled"),
                                           ("held", "held")])
def test_an_outcome_in_german_is_stored_and_shown_as_the_contract_says(capsys, db, typed, stored):
    chained = booked(db)[0]
    code, out, err = run(capsys, "outcome", "--db", db, "--appointment", chained["id"], "--status", typed,
                         "--reason", "telefonisch abgemeldet", "--at", "2026-12-01T18:00:00+01:00", "--json")
    assert code == 0, err
    assert json.loads(out)["status"] == stored
    assert next(a for a in snapshot(db)["appointments"] if a["id"] == chained["id"])["status"] == stored


@pytest.mark.parametrize("typed", ["persönlich", "Persönlich", "persoenlich", "telefonisch", "Telefon"])
def test_a_channel_in_german_is_stored_as_the_contract_says(capsys, db, clock, typed):
    code, out, err = run(capsys, "book", "--db", db, "--customer", LATER.customer_no, "--start",
                         at(TUESDAY, 10).isoformat(), "--channel", typed, "--json", clock=clock)
    assert code == 0, err
    assert json.loads(out)["channel"] == ("telefonisch" if typed.lower().startswith("tele") else "persoenlich")


def test_a_wrong_outcome_is_refused_listing_the_german_words_too(capsys, db):
    before = snapshot(db)
    code, _, err = run(capsys, "outcome", "--db", db, "--appointment", booked(db)[0]["id"], "--status", "weg")
    assert code == 1
    assert "--status: »weg« ist kein gültiger Wert (erlaubt: booked (gebucht), held (wahrgenommen, erschienen), " \
           "missed (versäumt, nicht erschienen), excused (entschuldigt), cancelled (abgesagt))." in err
    assert snapshot(db) == before


def test_german_words_never_leak_into_other_vocabularies():
    assert parse_vocab(AppointmentStatus, "Nicht  erschienen", "--status") is AppointmentStatus.MISSED
    assert parse_vocab(Channel, "TELEFON", "--channel") is Channel.TELEFONISCH
    with pytest.raises(InvalidInput, match="»erschienen« ist kein gültiger Wert"):
        parse_vocab(Channel, "erschienen", "--channel")


# -- --db optional: the file the window opens ------------------------------------------------------

@pytest.fixture
def default_db(tmp_path, monkeypatch):
    """The window's default file, in a private data folder of this test."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    from terminassistent.paths import default_database

    path = default_database()
    path.parent.mkdir(parents=True)
    return path


def test_without_db_a_command_works_on_the_windows_file(capsys, default_db, clock):
    build(default_db).close()
    code, out, err = run(capsys, "export", "--json")
    assert code == 0, err
    assert {c["customer_no"] for c in json.loads(out)["customers"]} >= {LATER.customer_no}
    code, out, err = run(capsys, "book", "--customer", LATER.customer_no, "--start", at(TUESDAY, 10).isoformat(),
                         "--json", clock=clock)
    assert code == 0, err
    assert booked(default_db)[-1]["id"] == json.loads(out)["appointment"]
    assert run(capsys, "quota", "--week", "2026-W49", "--json")[0] == 0
    assert run(capsys, "settings")[1].startswith(f"Ihre Angaben im Bestand »{default_db}«:")


def test_db_may_stand_before_the_command(capsys, db):
    code, out, _ = run(capsys, "--db", db, "export", "--json")
    assert code == 0 and json.loads(out)["customers"]


def test_without_db_and_without_the_windows_file_the_message_names_it(capsys, default_db):
    code, _, err = run(capsys, "monitor")
    assert code == 1 and f"Es gibt noch keinen Bestand in »{default_db}«" in err and "--db PFAD" in err
    assert not default_db.exists()


def test_a_refusal_about_the_caseload_names_the_windows_file(capsys, default_db, clock):
    build(default_db).close()
    code, _, err = run(capsys, "invite", "--appointment", 999, "--pdf", default_db.parent / "e.pdf", clock=clock)
    assert code == 1 and f"Einen Termin mit der Nummer »999« gibt es in dem Bestand »{default_db}« nicht." in err


def test_import_without_db_fills_the_windows_file(capsys, default_db):
    from pathlib import Path

    good = Path(__file__).parents[1] / "data" / "csv" / "good.csv"
    code, out, err = run(capsys, "import", good)
    assert code == 0, err
    assert str(default_db) in out
    assert snapshot(default_db)["customers"]


def test_every_command_on_a_caseload_may_leave_out_db_except_demo():
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    required = {name for name, sub in commands.items() for a in sub._actions if "--db" in a.option_strings and a.required}
    assert required == {"demo"}  # a demo never goes into the window's own file by accident


# -- "Sie", titles instead of internal ids ---------------------------------------------------------

def test_the_user_is_addressed_as_sie_not_in_the_third_person(capsys, db, clock):
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    texts = [c.help for c in commands._choices_actions] + [a.help or "" for sub in commands.choices.values()
                                                           for a in sub._actions]
    assert not [t for t in texts if "der Integrationsfachkraft" in t or "Die Integrationsfachkraft" in t]
    thursday = MONDAY + dt.timedelta(days=3)  # a training day in the handmade caseload
    code, _, err = run(capsys, "book", "--db", db, "--customer", LATER.customer_no, "--start", at(thursday, 10).isoformat(),
                       clock=clock)
    assert code == 1 and "Sie sind zu dieser Zeit abwesend: Fortbildung" in err and "Integrationsfachkraft" not in err


def test_text_output_names_rules_by_their_group_and_json_keeps_the_ids(capsys, db):
    code, out, _ = run(capsys, "propose", "--db", db, "--customer", LATER.customer_no, "--at", NOW.isoformat())
    assert code == 0 and "(Ü25, arbeitslos: alle 6 Monate)" in out and "ue25-arbeitslos" not in out
    document = json.loads(run(capsys, "propose", "--db", db, "--customer", LATER.customer_no, "--at", NOW.isoformat(),
                              "--json")[1])
    assert document["window"]["rule"] == "ue25-arbeitslos"
    due = ["due", "--policy", "aa90-jba", "--birth-date", "1980-01-01", "--status", "arbeitslos", "--last-contact",
           "2026-06-01", "--on", "2026-11-27"]
    text, as_json = run(capsys, *due)[1], json.loads(run(capsys, *due, "--json")[1])
    assert "ue25-arbeitslos" not in text and as_json["rule"] == "ue25-arbeitslos"


def test_monitor_and_week_quota_name_the_policy_by_its_title(capsys, db):
    for args in (("monitor", "--on", "2026-11-27"), ("quota", "--week", "2026-W49")):
        code, out, _ = run(capsys, *args, "--db", db)
        assert code == 0 and "»Arbeitsanleitung Nr. 90 Kundenkontaktdichtekonzept«" in out


# -- the overdue day, stated the same by every command ---------------------------------------------

def test_every_command_states_the_overdue_day_alike(capsys, db, clock):
    """Regression: plan-week said »überfällig seit 06.03.2026«, monitor »05.03.2026 überfällig«."""
    said = "überfällig seit 02.09.2026"  # OVERDUE's latest day is 01.09.2026
    plan = run(capsys, "plan-week", "--db", db, "--week", "2026-W49", "--at", NOW.isoformat())[1]
    monitor = run(capsys, "monitor", "--db", db, "--on", "2026-11-27")[1]
    [planned] = [line for line in plan.splitlines() if OVERDUE.customer_no in line]
    [monitored] = [line for line in monitor.splitlines() if OVERDUE.customer_no in line and "Kooperationsplan" not in line]
    assert said in planned and said in monitored
    due = run(capsys, "due", "--policy", "aa90-jba", "--birth-date", "1980-01-01", "--status", "arbeitslos",
              "--last-contact", "01.03.2026", "--on", "27.11.2026")[1]  # OVERDUE's own history
    assert f"Stand am 27.11.2026: {said}" in due
    code, out, err = run(capsys, "conclude", "--db", db, "--customer", OVERDUE.customer_no, "--at", NOW.isoformat(),
                         "--kind", "allgemein", "--next", at(MONDAY + dt.timedelta(days=7), 9).isoformat(), clock=clock)
    assert code == 0, err
    assert "Der Kontakt ist seit 02.09.2026 überfällig" in out
    assert "01.09.2026 überfällig" not in plan + monitor + out + err
