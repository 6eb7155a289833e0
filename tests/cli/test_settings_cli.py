"""The caseworker's own data from the command line: settings and absences."""

import json
from pathlib import Path

import pytest

from terminassistent.paths import policies_dir
from terminassistent.services.caseload_io.importer import import_csv
from terminassistent.storage import Caseload
from tests.services.handmade import build
from tests.cli.helpers import run, snapshot

DATA_CSV = Path(__file__).parent.parent / "data" / "csv" / "good.csv"


@pytest.fixture
def db(tmp_path):
    build(tmp_path / "hand.db").close()
    return tmp_path / "hand.db"


def test_settings_change_data_pattern_and_a_setting_together(capsys, db):
    code, out, _ = run(capsys, "settings", "--db", db, "--name", "Herr Ömer Çelik", "--hours", "19,5",
                       "--pattern", "fr=", "--pattern", "mo=08:00-12:00", "--set", "scheduling.slot_minutes=30", "--json")
    document = json.loads(out)
    assert code == 0 and document["caseworker"]["name"] == "Herr Ömer Çelik"
    assert document["caseworker"]["weekly_hours"] == 19.5
    assert document["caseworker"]["pattern"]["mo"] == ["08:00-12:00"] and "fr" not in document["caseworker"]["pattern"]
    assert {s["key"]: s["value"] for s in document["settings"]}["scheduling.slot_minutes"] == 30
    assert document["notes"] and "Wochenarbeitszeit ist 19,5 Stunden" in document["notes"][0]


def test_settings_refuse_every_bad_value_at_once_and_change_nothing(capsys, db):
    before = snapshot(db)
    code, _, err = run(capsys, "settings", "--db", db, "--name", "Neu", "--bundesland", "XY", "--email", "kaputt",
                       "--pattern", "xx=1", "--set", "scheduling.slot_minutes=0")
    assert code == 1
    assert "»XY« ist kein Kürzel eines Bundeslandes" in err and "»kaputt« ist keine E-Mail-Adresse" in err
    assert "»xx=1« ist keine Arbeitszeit" in err
    assert snapshot(db) == before


def test_a_later_bad_setting_undoes_the_earlier_changes_of_the_same_call(capsys, db):
    before = snapshot(db)
    code, _, err = run(capsys, "settings", "--db", db, "--name", "Neu", "--set", "calendar.person=vollständig")
    assert code == 1 and "calendar.person" in err
    assert snapshot(db) == before


def test_an_own_policy_file_is_checked_before_it_is_used(capsys, db, tmp_path):
    broken = tmp_path / "eigen.toml"
    broken.write_text('schema_version = 1\nid = "eigen"\n', encoding="utf-8")
    code, _, err = run(capsys, "settings", "--db", db, "--set", f"policy.file={broken}")
    assert code == 1 and "eigen.toml" in err
    own = tmp_path / "eigen2.toml"
    own.write_text((policies_dir() / "uelzen-2019.toml").read_text(encoding="utf-8").replace('id = "uelzen-2019"', 'id = "eigen-2026"'), encoding="utf-8")
    code, _, _ = run(capsys, "settings", "--db", db, "--set", f"policy.file={own}")
    assert code == 0
    code, out, _ = run(capsys, "quota", "--db", db, "--week", "2026-W49", "--json")
    assert json.loads(out)["policy"] == "eigen-2026"


def test_absences_add_list_remove(capsys, db):
    code, out, err = run(capsys, "absence", "--db", db, "--add", "--from", "2026-12-01", "--until", "2026-12-02",
                         "--kind", "krankheit", "--json")
    document = json.loads(out)
    assert code == 0 and document["absence"]["kind"] == "krankheit"
    assert len(document["affected"]) == 1, "the booked appointment on 01.12. needs a new date"
    code, out, _ = run(capsys, "absence", "--db", db, "--list")
    assert "Krankheit vom 01.12.2026 bis 02.12.2026" in out
    number = document["absence"]["id"]
    assert run(capsys, "absence", "--db", db, "--remove", number)[0] == 0
    code, _, err = run(capsys, "absence", "--db", db, "--remove", number)
    assert code == 1 and f"»{number}« gibt es nicht" in err


def test_an_imported_caseload_can_be_planned_at_once(tmp_path, capsys):
    db = tmp_path / "neu.db"
    report = import_csv(db, DATA_CSV)
    assert "terminassistent settings" in report.summary()
    with Caseload.open(db) as c:
        assert sum(r.minutes for rs in c.caseworker().pattern.values() for r in rs) == 39 * 60
