"""A stored value this version cannot read (written by another tool, or by hand) is reported as a
German sentence naming the record, the column and the value, never as a Python exception."""

import datetime as dt
import json
import sqlite3

import pytest

from terminassistent.cli import main
from terminassistent.errors import StoreError
from terminassistent.storage import Caseload, rows

from .conftest import AYSE, CASEWORKER, JOERG, a_contact, an_appointment, assert_german, berlin

STATUS_ALLOWED = "erlaubt: arbeitslos, arbeitsuchend, nicht-gesetzt"


@pytest.fixture
def filled(db_path):
    """A closed caseload with one record in every table."""
    from terminassistent.domain.model import Absence

    with Caseload.create(db_path, CASEWORKER) as c:
        c.add_customers([JOERG, AYSE])
        contact = c.add_contact(a_contact())
        appointment = c.add_appointment(an_appointment())
        absence = c.add_absence(Absence(berlin(2026, 12, 21), berlin(2027, 1, 2)))
        c.set_setting("slot_minutes", 15)
    return {"contact": contact.id, "appointment": appointment.id, "absence": absence.id}


def tamper(path, sql, *params):
    conn = sqlite3.connect(path)
    conn.execute(sql, params)
    conn.commit()
    conn.close()


def refused(call) -> str:
    with pytest.raises(StoreError) as err:
        call()
    return str(err.value)


# -- the facade: every reading method ---------------------------------------------------------------


def test_a_bad_birth_date_names_customer_column_value_and_the_check(filled, db_path):
    tamper(db_path, "UPDATE customers SET birth_date = '1.2.1990' WHERE customer_no = ?", JOERG.customer_no)
    with Caseload.open(db_path) as c:
        for call in (c.customers, c.customer_summaries, lambda: c.customer(JOERG.customer_no),
                     lambda: c.find_customer(JOERG.customer_no), lambda: list(c.customers_by_number(summaries=True))):
            message = refused(call)
            assert (
                f"Kunde »{JOERG.customer_no}«: Spalte »birth_date« hat den ungültigen Wert »1.2.1990« "
                "(erwartet JJJJ-MM-TT)."
            ) in message
            assert f"»{db_path}«" in message and f"terminassistent check --db {db_path}" in message
            assert_german(message, db_path)
        assert c.customer(AYSE.customer_no) == AYSE  # the sound records still read


def test_an_unknown_status_lists_the_allowed_values(filled, db_path):
    tamper(db_path, "UPDATE customers SET status = 'verschollen' WHERE customer_no = ?", AYSE.customer_no)
    with Caseload.open(db_path) as c:
        message = refused(c.customers)
        assert refused(c.customer_summaries) == message
        assert refused(lambda: list(c.customers_by_number(summaries=True))) == message
    assert f"Kunde »{AYSE.customer_no}«: Spalte »status« hat den ungültigen Wert »verschollen« ({STATUS_ALLOWED})." in message
    assert_german(message, db_path)


@pytest.mark.parametrize(
    "sql, column, value",
    [
        ("UPDATE contacts SET at_utc = 'gestern'", "at_utc", "gestern"),
        ("UPDATE contacts SET at_utc = '2026-03-02T09:30:00+01:00'", "at_utc", "2026-03-02T09:30:00+01:00"),
        ("UPDATE contacts SET channel = 'brieftaube'", "channel", "brieftaube"),
        ("UPDATE contacts SET deviation_date = '31.02.2026'", "deviation_date", "31.02.2026"),
    ],
)
def test_a_bad_contact_names_its_id_and_customer(filled, db_path, sql, column, value):
    tamper(db_path, sql)
    with Caseload.open(db_path) as c:
        calls = [
            c.contacts,
            lambda: c.contacts(JOERG.customer_no),
            lambda: c.contacts_between(berlin(2026, 1, 1), berlin(2027, 1, 1)),
            lambda: c.recent_contacts(berlin(2026, 1, 1), list(type(a_contact().kind))),
        ]
        if value == "gestern":  # sorts after every date: outside the time ranges asked for
            calls = calls[:2]
        for call in calls:
            message = refused(call)
            assert f"Kontakt {filled['contact']} (Kunde »{JOERG.customer_no}«): Spalte »{column}«" in message
            assert f"»{value}«" in message
            assert_german(message, db_path)


@pytest.mark.parametrize(
    "sql, column",
    [
        ("UPDATE appointments SET status = 'verschoben'", "status"),
        ("UPDATE appointments SET purposes = 'Vermittlung'", "purposes"),
        ("UPDATE appointments SET purposes = '[\"kaffee\"]'", "purposes"),
        ("UPDATE appointments SET sequence = 'zwei'", "sequence"),
        ("UPDATE appointments SET start_utc = '2026-12-01T08:45:00+00:00'", "end_utc"),  # end not after start
    ],
)
def test_a_bad_appointment_names_its_id_and_customer(filled, db_path, sql, column):
    tamper(db_path, sql)
    with Caseload.open(db_path) as c:
        for call in (c.appointments, lambda: c.appointment(filled["appointment"])):
            message = refused(call)
            assert f"Termin {filled['appointment']} (Kunde »{JOERG.customer_no}«): Spalte »{column}«" in message
            assert_german(message, db_path)


def test_a_bad_absence_is_named(filled, db_path):
    tamper(db_path, "UPDATE absences SET kind = 'kur'")
    with Caseload.open(db_path) as c:
        message = refused(c.absences)
    assert f"Abwesenheit {filled['absence']}: Spalte »kind« hat den ungültigen Wert »kur« (erlaubt: urlaub," in message
    assert_german(message, db_path)


@pytest.mark.parametrize(
    "value", ['{"0": ["8 bis 12"]}', '["08:00-12:00"]', '{"9": ["08:00-12:00"]}', "kein json"]
)
def test_a_bad_working_pattern_is_named(filled, db_path, value):
    tamper(db_path, "UPDATE caseworker SET pattern = ?", value)
    with Caseload.open(db_path) as c:
        message = refused(c.caseworker)
    assert "Die Einstellungen der Integrationsfachkraft: Spalte »pattern« hat den ungültigen Wert" in message
    assert_german(message, db_path)


def test_a_bad_setting_is_named(filled, db_path):
    tamper(db_path, "UPDATE settings SET value = 'fünfzehn' WHERE key = 'slot_minutes'")
    with Caseload.open(db_path) as c:
        message = refused(lambda: c.setting("slot_minutes"))
    assert "Einstellung »slot_minutes«: Spalte »value« hat den ungültigen Wert »fünfzehn«" in message
    assert_german(message, db_path)


def test_a_damaged_record_is_a_refusal_not_an_internal_error(filled, db_path, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    tamper(db_path, "UPDATE customers SET birth_date = '1.2.1990' WHERE customer_no = ?", JOERG.customer_no)
    code = main(["export", "--db", str(db_path), "--json"])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert "Spalte »birth_date«" in err and "»1.2.1990«" in err and "terminassistent check" in err
    assert "Traceback" not in err
    assert_german(err.removeprefix("terminassistent: "), db_path)
    log = tmp_path / "data" / "terminassistent" / "terminassistent.log"
    assert not log.exists() or "isoformat" not in log.read_text(encoding="utf-8")


# -- the integrity check ------------------------------------------------------------------------------


def test_the_check_names_column_and_value_in_german(filled, db_path):
    tamper(db_path, "UPDATE customers SET birth_date = '1.2.1990', status = 'verschollen' WHERE customer_no = ?",
           JOERG.customer_no)
    tamper(db_path, "UPDATE contacts SET kind = 'plausch'")
    tamper(db_path, "UPDATE settings SET value = '{' WHERE key = 'slot_minutes'")
    with Caseload.open(db_path) as c:
        problems = c.integrity_problems()
    assert problems == [
        f"Kunde »{JOERG.customer_no}«: Spalte »birth_date« hat den ungültigen Wert »1.2.1990« (erwartet JJJJ-MM-TT).",
        f"Kunde »{JOERG.customer_no}«: Spalte »status« hat den ungültigen Wert »verschollen« ({STATUS_ALLOWED}).",
        f"Kontakt {filled['contact']} (Kunde »{JOERG.customer_no}«): Spalte »kind« hat den ungültigen Wert »plausch« "
        "(erlaubt: beratung, allgemein).",
        "Die Einstellung »slot_minutes«: Spalte »value« hat den ungültigen Wert »{« (erwartet einen JSON-Wert).",
    ]
    for problem in problems:
        assert_german(problem, db_path)


def test_the_check_names_a_contact_of_a_missing_customer(filled, db_path):
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO contacts (customer_no, at_utc, channel, kind) VALUES ('000X000', '2026-01-01T09:00:00Z', "
                 "'persoenlich', 'beratung')")
    conn.commit()
    conn.close()
    with Caseload.open(db_path) as c:
        problems = c.integrity_problems()
    assert len(problems) == 1 and "(Kunde »000X000«) verweist auf die Kundennummer »000X000«" in problems[0]


def test_the_check_of_a_sound_caseload_finds_nothing(filled, db_path):
    with Caseload.open(db_path) as c:
        assert c.integrity_problems() == []


# -- rows: every column is read by a helper that names it ---------------------------------------------


def sound_rows():
    from terminassistent.domain.model import Absence, Contact, Deviation

    contact = Contact(JOERG.customer_no, berlin(2026, 3, 2, 9, 30), a_contact().channel, a_contact().kind,
                      deviation=Deviation(dt.date(2026, 9, 1), "Maßnahme"))
    return {
        "caseworker": rows.caseworker_to_row(CASEWORKER),
        "customers": rows.customer_to_row(JOERG) | {"cooperation_plan": "2026-01-15"},
        "contacts": rows.contact_to_row(contact) | {"id": 1},
        "appointments": rows.appointment_to_row(an_appointment()) | {"id": 2},
        "absences": rows.absence_to_row(Absence(berlin(2026, 12, 21), berlin(2027, 1, 2))) | {"id": 3},
        "customer_groups": rows.group_change_to_row(JOERG.customer_no, berlin(2026, 3, 2, 9, 30), JOERG) | {"id": 4},
    }


def test_every_stored_column_is_read_by_a_checked_helper(db_path):
    with Caseload.create(db_path) as c:
        for table, columns in rows.COLUMNS.items():
            stored = {r[1] for r in c._all(f"PRAGMA table_info({table})")} - {"id"}
            assert {name for name, *_ in columns} == stored, table


@pytest.mark.parametrize("table, column", [(t, c[0]) for t, cs in rows.COLUMNS.items() for c in cs])
def test_a_junk_value_in_any_column_names_that_column(table, column):
    row = sound_rows()[table]
    rows.READERS[table](row)  # sound as it is
    junk = row | {column: b"\x00\xff"}  # a BLOB: no column may hold one
    with pytest.raises(rows.BadValue) as err:
        rows.READERS[table](junk)
    assert err.value.column == column
    assert str(err.value) == f"Spalte »{column}« hat den ungültigen Wert »Binärdaten, 2 Bytes« ({err.value.expected})"
    assert [p.column for p in rows.row_problems(table, junk)] == [column]


def test_every_bad_column_of_a_record_is_named():
    row = sound_rows()["customers"] | {"birth_date": "1.2.1990", "flags": '["schueler", "reich"]', "salutation": None}
    problems = rows.row_problems("customers", row)
    assert [p.column for p in problems] == ["salutation", "birth_date", "flags"]
    assert str(problems[0]).startswith("Spalte »salutation« ist leer (erlaubt: frau, herr, divers")


def test_a_missing_column_is_named():
    row = dict(sound_rows()["customers"])
    del row["cooperation_plan"]
    with pytest.raises(rows.BadValue, match="Spalte »cooperation_plan« fehlt"):
        rows.customer_from_row(row)


def test_sound_rows_read_as_before():
    read = rows.customer_from_row(rows.customer_to_row(JOERG))
    assert read == JOERG
    assert rows.caseworker_from_row(rows.caseworker_to_row(CASEWORKER)) == CASEWORKER
    assert json.loads(rows.customer_to_row(AYSE)["flags"]) == []
