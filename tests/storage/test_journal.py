"""The journal: every user action is one entry with its row changes; undo and redo follow from them."""

import dataclasses
import json
import sqlite3

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from terminassistent.domain.model import AppointmentStatus
from terminassistent.errors import StoreError
from terminassistent.storage import Caseload, journal

from .conftest import AYSE, JOERG, a_contact, an_appointment, berlin


def stored(caseload: Caseload) -> dict:
    """Every row of the journaled tables (the journal itself aside)."""
    conn = sqlite3.connect(caseload.path)
    conn.row_factory = sqlite3.Row
    try:
        return {t: [dict(r) for r in conn.execute(f"SELECT * FROM {t} ORDER BY 1")]
                for t in ("caseworker", "settings", "customers", "contacts", "appointments", "absences")}
    finally:
        conn.close()


def test_an_action_is_one_entry_with_its_name_user_customers_and_rows(caseload):
    head = caseload.journal_head()
    with caseload.action("Gespräch mit Weiß-Müller, Jörg abschließen") as action:
        contact = caseload.add_contact(a_contact())
        appointment = caseload.add_appointment(an_appointment())
        caseload.set_setting("scheduling.buffer_minutes", 10)
    [entry] = caseload.journal_after(head)
    assert entry.id == action.entry_id and entry.action == "Gespräch mit Weiß-Müller, Jörg abschließen"
    assert entry.kind == "action" and not entry.undone and entry.user
    assert entry.customers == (JOERG.customer_no,)
    assert [(r.table, r.key, r.before is None) for r in entry.rows] == [
        ("contacts", contact.id, True), ("appointments", appointment.id, True), ("settings", "scheduling.buffer_minutes", True)]
    assert caseload.journal_entries(customer_no=AYSE.customer_no) == []
    assert [e.id for e in caseload.journal_entries(customer_no=JOERG.customer_no)] == [entry.id]


def test_an_update_keeps_the_row_before_and_after(caseload):
    appointment = caseload.add_appointment(an_appointment())
    with caseload.action("Termin absagen"):
        caseload.update_appointment(dataclasses.replace(appointment, status=AppointmentStatus.CANCELLED, reason="krank"))
    [change] = caseload.journal_entries(limit=1)[0].rows
    assert change.before["status"] == "booked" and change.after["status"] == "cancelled"
    assert change.after["sequence"] == change.before["sequence"] + 1


def test_a_failed_action_leaves_neither_rows_nor_a_journal_entry(caseload):
    before, head = stored(caseload), caseload.journal_head()
    with pytest.raises(StoreError):
        with caseload.action("Kunden importieren"):
            caseload.add_customer(dataclasses.replace(JOERG, customer_no="555X000001"))
            caseload.add_customer(JOERG)  # already there: the whole action is refused
    assert stored(caseload) == before and caseload.journal_head() == head


def test_writes_outside_an_action_are_not_journaled(caseload):
    head = caseload.journal_head()
    caseload.add_contact(a_contact())
    assert caseload.journal_head() == head


def test_a_nested_action_joins_the_outer_one(caseload):
    head = caseload.journal_head()
    with caseload.action("Woche planen"):
        caseload.add_appointment(an_appointment())
        with caseload.action("Termin buchen"):
            caseload.add_appointment(an_appointment(AYSE, start=berlin(2026, 12, 1, 10, 0)))
    [entry] = caseload.journal_after(head)
    assert entry.action == "Woche planen" and len(entry.rows) == 2
    assert set(entry.customers) == {JOERG.customer_no, AYSE.customer_no}


def test_undo_and_redo_give_back_exactly_the_rows_of_before_and_after(caseload):
    appointment = caseload.add_appointment(an_appointment())
    before = stored(caseload)
    with caseload.action("Gespräch abschließen"):
        caseload.update_appointment(dataclasses.replace(appointment, status=AppointmentStatus.HELD))
        caseload.add_contact(a_contact())
        caseload.update_customer(dataclasses.replace(JOERG, notes="neu"))
        caseload.set_setting("letter.footer", ["Montag bis Freitag"])
    after = stored(caseload)
    entry = caseload.journal_entries(limit=1)[0]

    assert caseload.restore_rows(entry.rows, forward=False) == []
    undone = stored(caseload)
    for table in ("customers", "contacts", "settings", "caseworker", "absences"):
        assert undone[table] == before[table], table
    # SEQUENCE only rises, so that a calendar client sees the undone change as a change too.
    [a_undone], [a_before] = undone["appointments"], before["appointments"]
    assert a_undone | {"sequence": 0} == a_before | {"sequence": 0} and a_undone["sequence"] > after["appointments"][0]["sequence"]

    assert caseload.restore_rows(entry.rows, forward=True) == []
    redone = stored(caseload)
    for table in ("customers", "contacts", "settings", "caseworker", "absences"):
        assert redone[table] == after[table], table


def test_undo_is_refused_when_a_row_changed_since(caseload):
    with caseload.action("Kunde bearbeiten"):
        caseload.update_customer(dataclasses.replace(JOERG, notes="erste Änderung"))
    entry = caseload.journal_entries(limit=1)[0]
    caseload.update_customer(dataclasses.replace(JOERG, notes="zweite Änderung, anderswo"))
    current = stored(caseload)
    problems = caseload.restore_rows(entry.rows, forward=False)
    assert problems == ["Die Daten zur Kundennummer »123A456789« wurden seither geändert."]
    assert stored(caseload) == current, "nothing may be written when undo is refused"


def test_an_action_reports_the_customers_it_touched_through_contacts_and_appointments(caseload):
    with caseload.action("Termine buchen") as action:
        caseload.add_appointment(an_appointment(AYSE))
        caseload.add_contact(a_contact(JOERG))
    assert set(action.customers()) == {AYSE.customer_no, JOERG.customer_no}


def test_a_bulk_write_journals_each_row_exactly_as_stored_and_undoes_as_a_whole(caseload):
    """Many customers, contacts and appointments in one statement each (the import's path): ids
    as SQLite gives them, each row's after image the stored row, undo and redo of all of it."""
    caseload.add_contact(a_contact())  # an id before, so the new ones continue from it
    before = stored(caseload)
    people = [dataclasses.replace(AYSE, customer_no=f"900X{n:06d}", last_name=f"Özdemir-{n}") for n in range(30)]
    with caseload.action("Kunden importieren") as action:
        caseload.add_customers(people)
        contacts = caseload.add_contacts([a_contact(p, at=berlin(2026, 3, 2, 9, n)) for n, p in enumerate(people)])
        booked = caseload.add_appointments([an_appointment(p, start=berlin(2026, 12, 2, 8, n)) for n, p in enumerate(people[:3])])
    after = stored(caseload)
    old = {c["id"] for c in before["contacts"]}
    assert [c.id for c in contacts] == [r["id"] for r in after["contacts"] if r["id"] not in old] == \
        list(range(max(old) + 1, max(old) + 31))
    assert [a.id for a in booked] == [r["id"] for r in after["appointments"]]
    images = {(r.table, r.key): r.after for r in caseload.journal_entry(action.entry_id).rows}
    # 30 customers with the first record of their groups, 30 contacts, 3 appointments
    assert len(images) == 93 and all(r.before is None for r in action.rows)
    for table, key in (("customers", "customer_no"), ("contacts", "id"), ("appointments", "id")):
        new = [r for r in after[table] if r not in before[table]]
        assert [images[(table, r[key])] for r in new] == new, table
    entry = caseload.journal_entry(action.entry_id)
    assert caseload.restore_rows(entry.rows, forward=False) == [] and stored(caseload) == before
    assert caseload.restore_rows(entry.rows, forward=True) == [] and stored(caseload) == after


def test_a_bulk_write_refuses_a_number_twice_and_an_unknown_customer(caseload):
    before = stored(caseload)
    twice = dataclasses.replace(AYSE, customer_no="900X000001")
    with pytest.raises(StoreError, match="»900X000001« ist schon im Bestand"):
        caseload.add_customers([twice, twice])
    with pytest.raises(StoreError, match="»404X000000« ist in diesem Bestand nicht vorhanden"):
        caseload.add_contacts([a_contact(), a_contact(dataclasses.replace(JOERG, customer_no="404X000000"))])
    new = dataclasses.replace(AYSE, customer_no="900X000002")
    with pytest.raises(StoreError, match="»404X000000« ist in diesem Bestand nicht vorhanden"):
        caseload.add_customers_with_contacts([new], [a_contact(new), a_contact(),
                                                     a_contact(dataclasses.replace(JOERG, customer_no="404X000000"))])
    assert stored(caseload) == before


def test_customers_with_contacts_store_what_the_two_writes_store(caseload, tmp_path):
    """The import's write: the same rows and journal as add_customers and then add_contacts."""
    people = [dataclasses.replace(AYSE, customer_no=f"900X{n:06d}") for n in range(5)]
    contacts = [a_contact(p, at=berlin(2026, 3, 2, 9, n)) for n, p in enumerate(people)] + [a_contact()]
    with caseload.action("Kunden importieren") as together:
        caseload.add_customers_with_contacts(people, contacts)
    after = stored(caseload)
    caseload.restore_rows(caseload.journal_entry(together.entry_id).rows, forward=False)
    with caseload.action("Kunden importieren") as apart:
        caseload.add_customers(people)
        caseload.add_contacts(contacts)
    assert stored(caseload) == after
    assert caseload.journal_entry(apart.entry_id).rows == caseload.journal_entry(together.entry_id).rows


# -- the journal's JSON ---------------------------------------------------------------------------

_VALUE = st.none() | st.integers(-5, 5) | st.text(max_size=3) | st.booleans()
_COLUMNS = st.sampled_from([("id", "customer_no", "note"), ("customer_no", "id", "note"), ("id", "customer_no"),
                            ("customer_no", "status"), ("key", "value")])


@st.composite
def _row_change(draw):
    table = draw(st.sampled_from(["contacts", "customers", "customer_groups", "settings"]))
    columns = draw(_COLUMNS)
    image = {c: draw(_VALUE) for c in columns}
    key_column = journal.KEYS[table]
    key = draw(st.sampled_from([image.get(key_column), draw(_VALUE)]))  # mostly the row's own key
    if draw(st.booleans()) and key_column in image:
        key = image[key_column]
    shape = draw(st.sampled_from(["insert", "insert", "insert", "update", "delete"]))
    before = None if shape == "insert" else {**image, "x": 1}
    after = None if shape == "delete" else image
    return journal.RowChange(table, key, before, after)


@given(st.lists(_row_change(), max_size=30))
@example([journal.RowChange("contacts", 1, None, {"id": 1, "note": "a"}),
          journal.RowChange("contacts", 2, None, {"id": 2, "note": "b"}),
          journal.RowChange("contacts", 3, None, {"note": "c", "id": 3}),
          journal.RowChange("contacts", 4.0, None, {"id": 4, "note": "d"})])
def test_the_journal_reads_back_every_row_change_it_wrote(changes):
    """Runs of inserts are written compactly (columns once, then the values); whatever the mix,
    the journal reads back the same changes in the same order, keys and column order included."""
    decoded = journal.decode_rows(journal.encode_rows(changes))
    assert decoded == tuple(changes)
    assert [list(r.after or {}) for r in decoded] == [list(r.after or {}) for r in changes]
    assert [type(r.key) for r in decoded] == [type(r.key) for r in changes]


def _encoded_as_before(rows):
    """The journal's JSON as the first compact encoder wrote it (schema 8): the text stored by
    then, which the encoder must go on writing byte for byte."""
    items, run, columns = [], [], ()

    def flush():
        if len(run) < 2:
            return [r.as_dict() for r in run]
        return [{"table": run[0].table, "columns": list(columns), "inserted": [list(r.after.values()) for r in run]}]

    for r in rows:
        key = (r.after or {}).get(journal.KEYS.get(r.table, ""), journal._NO_KEY)
        inserted = r.before is None and r.after is not None and type(key) is type(r.key) and key == r.key
        if run and not (inserted and r.table == run[0].table and tuple(r.after) == columns):
            items += flush()
            run = []
        if inserted:
            if not run:
                columns = tuple(r.after)
            run.append(r)
        else:
            items.append(r.as_dict())
    items += flush()
    return json.dumps(items, ensure_ascii=False, separators=(",", ":"))


@given(st.lists(_row_change(), max_size=30))
def test_the_journal_writes_the_text_it_always_wrote(changes):
    assert journal.encode_rows(changes) == _encoded_as_before(changes)


@given(st.lists(_row_change(), max_size=30))
def test_the_customers_of_rows_are_each_rows_customer_once_in_order(changes):
    expected = tuple(dict.fromkeys(r.customer_no for r in changes if r.customer_no is not None))
    assert journal.customers_of(changes) == expected
