"""policies, policy-check, due and quota as a script uses them: JSON shape, exit codes, German, no traceback."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from terminassistent.cli import main
from tests.policy.support import BROKEN
from tests.cli.helpers import run

DUE_KEYS = {"policy", "rule", "group", "density", "earliest", "latest", "channels", "in_person_required", "state",
            "source", "warnings"}
QUOTA_KEYS = {"policy", "unit", "full_time_hours", "hours", "full_time_target", "target", "counts"}


def usage_error(capsys, *args) -> str:
    with pytest.raises(SystemExit) as exit_:
        main([str(a) for a in args])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


# --- policies -----------------------------------------------------------------------------------

def test_policies_json_lists_the_bundled_ones(capsys):
    code, out, err = run(capsys, "policies", "--json")
    assert code == 0 and err == ""
    document = json.loads(out)
    assert [p["id"] for p in document] == ["aa90-jba", "ba-2010", "moenchengladbach-2012", "uelzen-2019"]
    assert all(set(p) == {"id", "title", "issuer", "valid_from", "valid_until"} for p in document)
    uelzen = document[-1]
    assert (uelzen["valid_from"], uelzen["valid_until"]) == ("2019-01-01", "2023-12-31")
    assert document[1]["valid_from"] is None


def test_policies_in_german(capsys):
    code, out, _ = run(capsys, "policies")
    assert code == 0
    assert "uelzen-2019: Kundenkontaktdichte im Jobcenter Landkreis Uelzen" in out
    assert "gültig ab 01.01.2019 bis 31.12.2023" in out and "ohne Befristung" in out


# --- policy-check -------------------------------------------------------------------------------

def test_policy_check_accepts_the_shipped_files(capsys):
    from terminassistent.policy.loader import bundled_paths

    code, out, err = run(capsys, "policy-check", *bundled_paths())
    assert code == 0 and err == ""
    assert out.count("in Ordnung") == 4


def test_policy_check_lists_every_problem_with_file_line_and_key(capsys):
    path = BROKEN / "bad_vocabulary.toml"
    code, out, err = run(capsys, "policy-check", path)
    assert code == 1 and out == ""
    assert f"{path} ist ungültig (8 Probleme)" in err
    assert f"{path}, Zeile 29, Schlüssel »rule[1].when.status«: »arbeitlos« ist kein gültiger Wert" in err
    assert err.count("\n  - ") == 8


def test_policy_check_json(capsys):
    good = BROKEN.parents[2] / "policies" / "uelzen-2019.toml"
    code, out, err = run(capsys, "policy-check", good, BROKEN / "range_reversed.toml", "--json")
    assert code == 1
    document = json.loads(out)
    assert document["ok"] is False
    first, second = document["files"]
    assert (first["ok"], first["policy"], first["problems"]) == (True, "uelzen-2019", [])
    assert second["ok"] is False and second["policy"] is None
    assert second["problems"] == [{
        "file": str(BROKEN / "range_reversed.toml"), "line": 25, "key": "rule[1].density.min",
        "reason": "Der früheste Abstand (3 Monate) liegt nach dem spätesten (8 Wochen): "
                  "ein solches Zeitfenster gibt es nicht.",
    }]
    assert "1 von 2 Richtliniendateien sind ungültig" in err


def test_policy_check_of_a_missing_file(capsys):
    code, _, err = run(capsys, "policy-check", "gibt-es-nicht.toml")
    assert code == 1 and "gibt-es-nicht.toml: Die Datei gibt es nicht." in err


def test_policy_check_without_a_file_is_wrong_usage(capsys):
    assert "diese Angaben fehlen" in usage_error(capsys, "policy-check")


# --- due ------------------------------------------------------------------------------------------

AA90_U25 = ["due", "--policy", "aa90-jba", "--birth-date", "2001-06-15", "--status", "arbeitslos",
            "--last-contact", "2024-01-31", "--on", "2024-02-01"]


def test_due_json_has_exactly_the_contract_keys(capsys):
    code, out, err = run(capsys, "due", "--policy", "aa90-jba", "--birth-date", "2001-06-15", "--status", "arbeitslos",
                         "--contact", "2024-01-10:persoenlich", "--contact", "2024-01-31:telefonisch",
                         "--on", "2024-02-01", "--json")
    assert code == 0 and err == ""
    document = json.loads(out)
    assert set(document) == DUE_KEYS
    assert document["policy"] == "aa90-jba" and document["rule"] == "u25-arbeitslos"
    assert document["group"] == "U25, arbeitslos" and document["density"] == "monatlich"
    assert (document["earliest"], document["latest"]) == ("2024-02-21", "2024-02-29")
    assert document["channels"] == ["persoenlich"] and document["in_person_required"] is True
    assert document["state"] == "on_time"
    assert "Mindestens jeder 2. Kontakt hat persönlich zu erfolgen." in document["source"]
    assert document["warnings"] == []


def test_due_vocabulary_is_case_insensitive_and_flags_repeat(capsys):
    code, out, _ = run(capsys, "due", "--policy", "UELZEN-2019", "--birth-date", "1970-01-01", "--status", "Arbeitslos",
                       "--profile", "Foerder", "--flag", "beschaeftigt", "--flag", "GESUNDHEIT",
                       "--last-contact", "2022-11-30", "--last-channel", "telefonisch", "--on", "2022-12-01", "--json")
    assert code == 0
    document = json.loads(out)
    assert document["latest"] == "2023-02-28" and document["channels"] == ["persoenlich", "telefonisch"]


def test_due_with_no_density_gives_null_dates(capsys):
    code, out, _ = run(capsys, "due", "--policy", "aa90-jba", "--birth-date", "2009-05-01", "--status", "nicht-gesetzt",
                       "--flag", "schueler", "--last-contact", "2024-01-10", "--on", "2024-02-01", "--json")
    assert code == 0
    document = json.loads(out)
    assert (document["rule"], document["earliest"], document["latest"]) == ("u25-schueler", None, None)
    assert document["density"] == "keine Kontaktdichte vorgegeben"


def test_due_warns_outside_the_validity(capsys):
    code, out, _ = run(capsys, "due", "--policy", "uelzen-2019", "--birth-date", "1970-01-01", "--status", "arbeitslos",
                       "--last-contact", "2024-01-10", "--on", "2024-02-01", "--json")
    assert code == 0
    assert any("galt nur bis 31.12.2023" in w for w in json.loads(out)["warnings"])


def test_due_readable_german_summary(capsys):
    code, out, _ = run(capsys, *AA90_U25)
    assert code == 0
    assert "Gruppe: U25, arbeitslos\n" in out and "u25-arbeitslos" not in out  # the title, not the rule's id
    assert "Nächster Kontakt: empfohlen ab 21.02.2024, spätestens 29.02.2024" in out
    assert "Stand am 01.02.2024: fristgerecht" in out


def test_due_defaults_to_the_programs_today(capsys):
    from terminassistent.domain.model import BERLIN
    from terminassistent.services.context import fixed_clock

    args = ["due", "--policy", "aa90-jba", "--birth-date", "1970-01-01", "--status", "arbeitslos",
            "--last-contact", "2024-01-10", "--json"]
    code, out, _ = run(capsys, *args, clock=fixed_clock(dt.datetime(2024, 7, 10, 23, 30, tzinfo=BERLIN)))
    assert code == 0 and json.loads(out)["state"] == "due_soon"  # 10.07. in Berlin: the last day
    code, out, _ = run(capsys, *args, clock=fixed_clock(dt.datetime(2024, 7, 10, 22, 30, tzinfo=dt.timezone.utc)))
    assert code == 0 and json.loads(out)["state"] == "overdue"  # already 11.07. in Berlin


# --- issue 10, points 10 and 14 --------------------------------------------------------------------

AA90_U25_HISTORY = ["due", "--policy", "aa90-jba", "--birth-date", "2001-06-15", "--status", "arbeitslos",
                    "--contact", "2024-01-10:persoenlich", "--contact", "2024-02-10:telefonisch",
                    "--contact", "09.03.2024:telefonisch"]


def test_point_10_due_takes_a_short_history_and_the_second_call_in_a_row_does_not_count(capsys):
    code, out, err = run(capsys, *AA90_U25_HISTORY, "--on", "2024-03-20", "--json")
    assert code == 0 and err == ""
    document = json.loads(out)
    assert (document["latest"], document["state"]) == ("2024-03-10", "overdue")
    assert document["in_person_required"] is True and document["channels"] == ["persoenlich"]
    assert any("09.03.2024 zählt für diesen Kunden nicht" in w for w in document["warnings"])
    code, out, _ = run(capsys, *AA90_U25_HISTORY, "--on", "2024-03-10", "--json")
    assert json.loads(out)["state"] == "due_soon"  # overdue from 11.03. on
    code, out, _ = run(capsys, *AA90_U25_HISTORY, "--on", "2024-03-20")
    assert "Stand am 20.03.2024: überfällig" in out and "Es zählt: nur persönlich" in out


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (["--contact", "2024-01-10:fax"], "--contact »2024-01-10:fax«: »fax« ist kein gültiger Wert"),
        (["--contact", "2024-13-10"], "--contact »2024-13-10«: »2024-13-10« ist kein gültiges Datum"),
        (["--contact", "2024-01-10", "--contact", "2024-03-01"], "--contact »2024-03-01«: Der Kontakt am 2024-03-01 "
                                                                 "liegt nach dem Stichtag 2024-02-01"),
        (["--contact", "2000-01-10"], "--contact »2000-01-10«: Der Kontakt am 2000-01-10 liegt vor dem Geburtsdatum"),
    ],
)
def test_due_refuses_a_bad_contact_naming_it(capsys, args, phrase):
    base = ["due", "--policy", "aa90-jba", "--birth-date", "2001-06-15", "--status", "arbeitslos", "--on", "2024-02-01"]
    code, out, err = run(capsys, *base, *args, "--json")
    assert code == 1 and out == "" and phrase in err


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        ([], "diese Angaben fehlen: --last-contact oder --contact"),
        (["--contact", "2024-01-10", "--last-contact", "2024-01-10"], "schließen einander aus"),
        (["--contact", "2024-01-10", "--last-channel", "telefonisch"], "schließen einander aus"),
    ],
)
def test_due_needs_one_form_of_history(capsys, args, phrase):
    assert phrase in usage_error(capsys, "due", "--policy", "aa90-jba", "--birth-date", "2001-06-15", "--status",
                                 "arbeitslos", *args)


def test_point_14_due_json_carries_the_state_the_text_shows(capsys):
    uelzen = ["due", "--policy", "uelzen-2019", "--birth-date", "1970-01-01", "--status", "arbeitslos",
              "--profile", "foerder", "--last-contact", "2022-11-30"]
    for on, state, label in (("2022-12-01", "on_time", "fristgerecht"), ("2023-02-05", "due_soon", "bald fällig"),
                             ("2023-03-01", "overdue", "überfällig")):
        code, out, _ = run(capsys, *uelzen, "--on", on, "--json")
        assert json.loads(out)["state"] == state
        code, out, _ = run(capsys, *uelzen, "--on", on)
        assert f": {label}" in out
    code, out, _ = run(capsys, "due", "--policy", "aa90-jba", "--birth-date", "2001-06-15", "--status", "arbeitslos",
                       "--last-contact", "2024-01-10", "--last-channel", "telefonisch", "--on", "2024-02-01", "--json")
    assert json.loads(out)["state"] == "due_now"  # a lone call does not count under aa90 U25


def test_point_14_no_density_requires_no_channel_and_has_state_none(capsys):
    code, out, _ = run(capsys, "due", "--policy", "aa90-jba", "--birth-date", "2009-05-01", "--status", "nicht-gesetzt",
                       "--flag", "schueler", "--last-contact", "2024-01-10", "--on", "2024-02-01", "--json")
    document = json.loads(out)
    assert (document["state"], document["in_person_required"], document["latest"]) == ("none", False, None)


def test_point_14_the_earliest_date_is_shown_as_recommended(capsys):
    code, out, _ = run(capsys, *AA90_U25)
    assert "empfohlen ab 21.02.2024" in out and "frühestens" not in out


@pytest.mark.parametrize(
    ("option", "value", "phrase"),
    [
        ("--status", "arbeitlos", "--status: »arbeitlos« ist kein gültiger Wert"),
        ("--profile", "premium", "--profile: »premium« ist kein gültiger Wert"),
        ("--last-channel", "fax", "--last-channel: »fax« ist kein gültiger Wert"),
        ("--flag", "student", "--flag: »student« ist kein gültiger Wert"),
        ("--birth-date", "31.02.2001", "--birth-date: »31.02.2001« ist kein gültiges Datum"),
        ("--on", "morgen", "--on: »morgen« ist kein gültiges Datum"),
        ("--last-contact", "2024-03-01", "--last-contact: Der letzte Kontakt am 2024-03-01 liegt nach dem Stichtag"),
        ("--policy", "hamburg", "»hamburg« ist unbekannt (bekannt: aa90-jba, ba-2010"),
    ],
)
def test_due_refuses_a_bad_value_with_exit_1_and_a_german_sentence(capsys, option, value, phrase):
    args = list(AA90_U25)
    if option in args:
        args[args.index(option) + 1] = value
    else:
        args += [option, value]
    code, out, err = run(capsys, *args, "--json")
    assert code == 1 and out == ""
    assert phrase in err and err.startswith("terminassistent: ")


def test_due_without_a_required_option_is_wrong_usage(capsys):
    err = usage_error(capsys, "due", "--policy", "aa90-jba", "--status", "arbeitslos", "--last-contact", "2024-01-31")
    assert "diese Angaben fehlen: --birth-date" in err


def test_due_with_an_unknown_option_is_wrong_usage(capsys):
    assert "unbekannte Angaben: --gruppe" in usage_error(capsys, *AA90_U25, "--gruppe", "x")


# --- quota --------------------------------------------------------------------------------------

def test_quota_json_has_exactly_the_contract_keys(capsys):
    code, out, err = run(capsys, "quota", "--policy", "uelzen-2019", "--hours", "19,5", "--json")
    assert code == 0 and err == ""
    document = json.loads(out)
    assert set(document) == QUOTA_KEYS
    assert (document["unit"], document["full_time_hours"], document["hours"]) == ("appointments", 39, 19.5)
    assert (document["full_time_target"], document["target"]) == (24, 12)


@pytest.mark.parametrize(
    ("args", "unit", "target"),
    [
        (["--policy", "aa90-jba", "--hours", "30"], "conversations", 16),
        (["--policy", "aa90-jba", "--hours", "30", "--full-time-hours", "40"], "conversations", 15),
        (["--policy", "moenchengladbach-2012", "--hours", "25"], "minutes", 900),
        (["--policy", "ba-2010", "--hours", "25"], None, None),
    ],
)
def test_quota_values(capsys, args, unit, target):
    code, out, _ = run(capsys, "quota", *args, "--json")
    document = json.loads(out)
    assert code == 0 and (document["unit"], document["target"]) == (unit, target)
    if unit is None:
        assert document["full_time_target"] is None


def test_quota_readable_german_summary(capsys):
    code, out, _ = run(capsys, "quota", "--policy", "aa90-jba", "--hours", "30")
    assert code == 0
    assert "16 persönliche Beratungsgespräche bei 30 Wochenstunden" in out
    assert "Vollzeit (39 Stunden): 20" in out
    code, out, _ = run(capsys, "quota", "--policy", "ba-2010", "--hours", "30")
    assert code == 0 and "legt keine Wochenquote fest" in out


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (["--policy", "aa90-jba", "--hours", "0"], "--hours: »0« Stunden sind keine mögliche Wochenarbeitszeit"),
        (["--policy", "aa90-jba", "--hours", "viel"], "--hours: »viel« ist keine Stundenzahl"),
        (["--policy", "aa90-jba", "--hours", "30", "--full-time-hours", "x"], "--full-time-hours: »x«"),
        (["--policy", "nirgendwo", "--hours", "30"], "»nirgendwo« ist unbekannt"),
    ],
)
def test_quota_refuses_bad_values_with_exit_1(capsys, args, phrase):
    code, out, err = run(capsys, "quota", *args)
    assert code == 1 and out == "" and phrase in err


@pytest.mark.parametrize(("args", "missing"), [(["--hours", "30"], "--policy"), (["--policy", "aa90-jba"], "--hours")])
def test_quota_without_policy_or_hours_is_wrong_usage(capsys, args, missing):
    assert f"diese Angaben fehlen: {missing}" in usage_error(capsys, "quota", *args)
