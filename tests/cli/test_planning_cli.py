"""The calendar commands as an administrator's script uses them: JSON shapes, exit codes, nothing
written on refusal or without --apply."""

import datetime as dt
import json

import pytest

from terminassistent.cli import main
from terminassistent.services.context import fixed_clock
from tests.services.handmade import CHAINED, LATER, MONDAY, NOW, OVERDUE, at, build
from tests.cli.helpers import run, snapshot


@pytest.fixture
def db(tmp_path):
    build(tmp_path / "hand.db").close()
    return tmp_path / "hand.db"


@pytest.fixture
def clock():
    """The program's "now" is the fixture's NOW (the real clock may be days before it)."""
    return fixed_clock(NOW)


def test_propose_json_has_the_contract_keys(capsys, db):
    code, out, _ = run(capsys, "propose", "--db", db, "--customer", LATER.customer_no, "--at", NOW.isoformat(),
                       "--count", 3, "--json")
    document = json.loads(out)
    assert code == 0 and document["customer"] == LATER.customer_no
    assert set(document["window"]) >= {"earliest", "latest", "rule"} and len(document["slots"]) == 3
    assert all(set(s) >= {"start", "end", "reasons"} for s in document["slots"])


def test_propose_refuses_a_bad_count_with_exit_1(capsys, db):
    code, _, err = run(capsys, "propose", "--db", db, "--customer", LATER.customer_no, "--count", "viele")
    assert code == 1 and "--count: »viele« ist keine ganze Zahl" in err


def test_plan_week_writes_nothing_without_apply(capsys, db):
    before = snapshot(db)
    code, out, _ = run(capsys, "plan-week", "--db", db, "--week", "2026-W49", "--at", NOW.isoformat(), "--json")
    plan = json.loads(out)
    assert code == 0 and set(plan) >= {"week", "unit", "target", "before", "proposed", "after"}
    assert plan["proposed"] and plan["applied"] is False
    assert snapshot(db) == before


def test_plan_week_apply_books_the_plan(capsys, db):
    code, out, _ = run(capsys, "plan-week", "--db", db, "--week", "2026-W49", "--at", NOW.isoformat(), "--apply", "--json")
    plan = json.loads(out)
    booked = {(a["customer"], a["start"]) for a in snapshot(db)["appointments"] if a["status"] == "booked"}
    assert code == 0 and {(p["customer"], p["start"]) for p in plan["proposed"]} <= booked


def test_plan_week_refuses_a_bad_week(capsys, db):
    code, _, err = run(capsys, "plan-week", "--db", db, "--week", "2026-49")
    assert code == 1 and "»2026-49« ist keine Kalenderwoche" in err


def test_quota_for_a_real_week(capsys, db):
    code, out, _ = run(capsys, "quota", "--db", db, "--week", "2026-W49", "--json")
    q = json.loads(out)
    assert code == 0 and set(q) >= {"policy", "unit", "full_time_hours", "hours", "full_time_target", "target", "counts"}
    assert (q["full_time_target"], q["target"], q["expected"]) == (20, 16, 1)


def test_quota_db_form_needs_the_week(capsys, db):
    with pytest.raises(SystemExit) as exit_:
        main(["quota", "--db", str(db)])
    assert exit_.value.code == 2 and "--week" in capsys.readouterr().err


def test_conclude_books_and_records_in_one_go(capsys, db, clock):
    start = at(MONDAY + dt.timedelta(days=14), 9)
    code, out, _ = run(capsys, "conclude", "--db", db, "--customer", OVERDUE.customer_no, "--at", NOW.isoformat(),
                       "--next", start.isoformat(), "--note", "Stellenangebote besprochen", "--json", clock=clock)
    document = json.loads(out)
    assert code == 0 and document["appointment"]["start"] == start.isoformat()
    assert document["contact"]["note"] == "Stellenangebote besprochen"


def test_a_refused_conclusion_writes_nothing(capsys, db, clock):
    before = snapshot(db)
    holiday = at(MONDAY + dt.timedelta(days=25), 9)  # 25.12.2026
    code, _, err = run(capsys, "conclude", "--db", db, "--customer", OVERDUE.customer_no, "--at", NOW.isoformat(),
                       "--next", holiday.isoformat(), clock=clock)
    assert code == 1 and "Feiertag" in err
    assert snapshot(db) == before


def test_outcome_missed_continues_the_chain(capsys, db):
    [appointment] = snapshot(db)["appointments"]
    code, out, _ = run(capsys, "outcome", "--db", db, "--appointment", appointment["id"], "--status", "missed",
                       "--reason", "nicht erschienen", "--at", "2026-12-01T18:00:00+01:00", "--json")
    document = json.loads(out)
    assert code == 0 and document["customer"] == CHAINED.customer_no and document["unexcused_misses"] == 1
    assert document["next"]["slots"]


def test_outcome_without_a_reason_is_refused(capsys, db):
    [appointment] = snapshot(db)["appointments"]
    code, _, err = run(capsys, "outcome", "--db", db, "--appointment", appointment["id"], "--status", "missed",
                       "--at", "2026-12-01T18:00:00+01:00")
    assert code == 1 and "Bitte geben Sie einen Grund an" in err


def test_monitor_json(capsys, db):
    code, out, _ = run(capsys, "monitor", "--db", db, "--on", "2026-11-27", "--within", 14, "--json")
    report = json.loads(out)
    assert code == 0 and [d["customer"] for d in report["due"]][:2] == [CHAINED.customer_no, OVERDUE.customer_no]
    assert {g["group"] for g in report["groups"]} >= {"Ü25, arbeitslos"}


def test_a_conversation_in_the_future_is_refused(capsys, db, clock):
    before = snapshot(db)
    code, _, err = run(capsys, "conclude", "--db", db, "--customer", OVERDUE.customer_no,
                       "--at", (NOW + dt.timedelta(days=1)).isoformat(), clock=clock)
    assert code == 1 and "liegt in der Zukunft" in err
    assert snapshot(db) == before
