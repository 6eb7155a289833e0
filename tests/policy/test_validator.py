"""The validator's German messages for broken policy files: every problem at once, with file, line and key."""

from __future__ import annotations

import pytest

from terminassistent.errors import InvalidInput
from terminassistent.policy import check_file, load_file
from tests.policy.support import BROKEN, MINIMAL

# file -> every problem expected: (line or None, key path, a phrase of the German reason)
EXPECTED = {
    "unknown_keys.toml": [
        (None, "title", "Pflichtangabe fehlt: »title« muss ein Text sein"),
        (4, "titel", "Unbekannter Schlüssel »titel«; gemeint ist vielleicht »title«"),
        (7, "colour", "Unbekannter Schlüssel »colour«"),
        (23, "rule[1].density", "Pflichtangabe fehlt: »density« muss eine Tabelle sein"),
        (27, "rule[1].densty", "gemeint ist vielleicht »density«"),
    ],
    "wrong_types.toml": [
        (1, "schema_version", "Erwartet ist eine ganze Zahl, gefunden Text »1«"),
        (11, "window.opens_at_percent", "Erwartet ist eine ganze Zahl, gefunden Text »75«"),
        (20, "quota.full_time_target", "gefunden Zahl »20,5«"),
        (31, "rule[1].density.count", "gefunden Zahl »4,5«"),
    ],
    "overlap.toml": [
        (29, "rule[2]", "Die Regeln »arbeitslos« und »profillage-z« gelten beide für dieselben Kunden, "
                        "z. B. U25, arbeitslos, Profillage Z, ohne Merkmale (insgesamt 32 Kombinationen)"),
    ],
    "gap.toml": [
        (None, "rule", "Keine Regel gilt für U25, arbeitsuchend"),
        (None, "rule", "Keine Regel gilt für U25, Status nicht gesetzt"),
        (None, "rule", "Keine Regel gilt für Ü25, arbeitsuchend"),
        (None, "rule", "Keine Regel gilt für Ü25, Status nicht gesetzt, z. B. Ü25, Status nicht gesetzt, "
                       "ohne Profillage, ohne Merkmale (insgesamt 144 Kombinationen)"),
    ],
    "range_reversed.toml": [
        (25, "rule[1].density.min", "Der früheste Abstand (3 Monate) liegt nach dem spätesten (8 Wochen)"),
    ],
    "impossible_durations.toml": [
        (18, "durations.first_minutes", "Das Erstgespräch (45 + 30 Minuten Vorbereitung) dauert länger als die "
                                        "Höchstdauer eines Termins von 60 Minuten"),
        (20, "durations.follow_up_minutes", "Der Wert -10 ist unmöglich"),
        (25, "first_appointment.lead_working_days", "Die übliche Vorlaufzeit (12 Arbeitstage) ist länger als die "
                                                    "längste (10 Arbeitstage)"),
        (37, "rule[1].density.every.weeks", "Der Wert 0 ist unmöglich: erlaubt ist mindestens 1"),
    ],
    "bad_vocabulary.toml": [
        (14, "contact.channels.mode", "»fax« ist kein gültiger Wert für mode"),
        (18, "quota.unit", "»hours« ist kein gültiger Wert für unit"),
        (23, "quota.rounding", "»sometimes« ist kein gültiger Wert für rounding (erlaubt: up, down, nearest)"),
        (29, "rule[1].when.age", "»u30« ist keine Altersgruppe"),
        (29, "rule[1].when.status", "»arbeitlos« ist kein gültiger Wert"),
        (29, "rule[1].when.profile", "»marktprofil2« ist keine Profillage"),
        (29, "rule[1].when.flags", "»student« ist kein gültiger Wert"),
        (31, "rule[1].density.kind", "»weekly« ist kein gültiger Wert für kind"),
    ],
    "bad_dates.toml": [
        (9, "validity.until", "Das Ende der Gültigkeit (01.01.2019) liegt vor ihrem Beginn (31.12.2023)"),
    ],
    "bad_date_text.toml": [
        (8, "validity.from", "»2019-02-30« ist kein gültiges Datum"),
    ],
    "missing_keys.toml": [
        (None, "document", "Pflichtangabe fehlt: »document«"),
        (None, "window", "Pflichtangabe fehlt: »window« muss eine Tabelle sein"),
        (18, "rule[1].density", "Pflichtangabe fehlt"),
        (18, "rule[1].source", "Pflichtangabe fehlt"),
        (23, "rule[2].explanation", "Bei density.kind = »none« muss die Regel in einem deutschen Satz erklären"),
        (28, "rule[2].source.quote", "Pflichtangabe fehlt: »quote«"),
    ],
    "syntax_error.toml": [
        (9, "", "Die Datei ist kein gültiges TOML"),
    ],
    "quota_mismatch.toml": [
        (23, "quota.full_time_target", "Die angegebene Vollzeit-Quote (25) passt nicht zur Rechnung: 60 % von 39 "
                                       "Stunden ergeben 23,4 Termine, gerundet 24"),
    ],
    "channels_misused.toml": [
        (15, "contact.channels.phone_if", "nur bei mode = »conditional«"),
        (22, "groups.niemand", "Die Gruppe »niemand« wird von keiner Regel benutzt"),
        (31, "rule[1].channels.in_person_every", "Pflichtangabe fehlt"),
        (31, "rule[1].channels.first_in_person", "Pflichtangabe fehlt"),
        (35, "rule[2].id", "Die Regel-Kennung »alle« kommt doppelt vor (schon in rule[1])"),
        (36, "rule[2].group", "Die Gruppe »gibt-es-nicht« ist nicht definiert (definiert: niemand)"),
    ],
    "not_utf8.toml": [
        (3, "", "nicht in UTF-8 gespeichert"),
    ],
}


def test_every_broken_fixture_is_listed():
    assert {p.name for p in BROKEN.glob("*.toml")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_problem_is_listed_with_file_line_key_and_german_reason(name):
    path = BROKEN / name
    policy, problems = check_file(path)
    assert policy is None
    found = [(p.line, p.key, p.reason) for p in problems]
    assert len(found) == len(EXPECTED[name]), "\n".join(str(p) for p in problems)
    for line, key, phrase in EXPECTED[name]:
        assert any(l == line and k == key and phrase in r for l, k, r in found), (
            f"fehlt: Zeile {line}, {key}: {phrase}\n" + "\n".join(str(p) for p in problems))
    for problem in problems:
        text = str(problem)
        assert text.startswith(str(path))
        if problem.line:
            assert f"Zeile {problem.line}" in text
        if problem.key:
            assert f"Schlüssel »{problem.key}«" in text


def test_problems_come_in_file_order():
    _, problems = check_file(BROKEN / "channels_misused.toml")
    lines = [p.line or 0 for p in problems]
    assert lines == sorted(lines)


def test_an_invalid_file_is_refused_whole_with_every_problem():
    with pytest.raises(InvalidInput) as err:
        load_file(BROKEN / "bad_vocabulary.toml")
    assert len(err.value.problems) == 8
    assert "(8 Probleme)" in str(err.value)
    assert "bad_vocabulary.toml, Zeile 29, Schlüssel »rule[1].when.status«" in str(err.value)


def test_a_missing_file_is_one_problem():
    policy, problems = check_file(BROKEN / "gibt-es-nicht.toml")
    assert policy is None and [p.reason for p in problems] == ["Die Datei gibt es nicht."]


@pytest.mark.parametrize(
    ("change", "phrase"),
    [
        (('id = "mini"', 'id = "Mini Policy"'), "kein gültiger Bezeichner"),
        (("opens_at_percent = 75", "opens_at_percent = 150"), "Der Wert 150 ist unmöglich"),
        (("schema_version = 1", "schema_version = 2"), "Version 2 ist unbekannt"),
        (('when = {}', 'when = { flags = ["schueler"], without_flags = ["schueler"] }'),
         "nicht zugleich gefordert und ausgeschlossen"),
        (('when = {}', 'when = { status = [] }'), "Die Liste ist leer"),
        (("every = { months = 3 }", "every = { months = 3, weeks = 2 }"), "genau eine Angabe"),
        (('kind = "interval", every = { months = 3 }', 'kind = "count", count = 400, per = { years = 1 }'),
         "mehr als ein Kontakt pro Tag"),
        (('kind = "interval", every = { months = 3 }', 'kind = "interval", every = { months = 3 }, max = { months = 4 }'),
         "»max« passt nicht hierher: gehört nicht zu kind = »interval«"),
        (('unit = "none"', 'unit = "none"\nrounding = "up"'), "unit = »none« legt keine Wochenquote fest"),
        (('label = "alle Kunden"', 'label = "alle Kunden"\ngroup = "x"'), "entweder mit group oder mit when"),
        (('quote = "Alle drei Monate."', 'quote = ""'), "Der Text ist leer"),
    ],
)
def test_single_mistakes_in_an_otherwise_valid_file(tmp_path, change, phrase):
    path = tmp_path / "eigen.toml"
    assert change[0] in MINIMAL
    path.write_text(MINIMAL.replace(*change), encoding="utf-8")
    policy, problems = check_file(path)
    assert policy is None
    assert any(phrase in p.reason for p in problems), [str(p) for p in problems]


def test_the_minimal_file_itself_is_valid(tmp_path):
    path = tmp_path / "mini.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    policy, problems = check_file(path)
    assert problems == [] and policy.id == "mini"
