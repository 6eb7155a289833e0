"""Issue 10, point 12, as the caseload keeps it: the history of a customer's groups (every edit and
import), contacts judged by the groups on their day everywhere the due date is shown, and a phone
call the caseworker marks as counting, with its reason."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from terminassistent.domain.model import BERLIN, Caseworker, Channel, Contact, ContactKind, Customer, Profile, Status
from terminassistent.errors import UserError
from terminassistent.policy import load_policy
from terminassistent.services.caseload_io.csv_import import parse_caseload_csv
from terminassistent.services.caseload_io.importer import import_parsed
from terminassistent.services.conversation.conclude import conclude_conversation
from terminassistent.services.monitoring.history import assess_customer
from terminassistent.services.context import fixed_clock
from terminassistent.services.monitoring.survey import survey
from terminassistent.storage import Caseload
from tests.cli.helpers import run
from tests.context import ctx

ANNA = Customer("100A000001", "Berger", "Anna", dt.date(1970, 1, 1), Status.ARBEITSLOS, Profile.MARKT)


def berlin(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BERLIN)


def edit(caseload: Caseload, customer: Customer, at: dt.datetime) -> None:
    """A customer edit as the desktop makes it: one user action at ``at``."""
    with caseload.action(f"Kunde {customer.display_name} ändern", at=at):
        caseload.update_customer(customer)


@pytest.fixture
def caseload(tmp_path):
    with Caseload.create(tmp_path / "bestand.db", Caseworker(policy_id="uelzen-2019")) as c:
        c.add_customer(ANNA)
        yield c


def test_point_12_every_edit_records_the_groups_with_the_moment_of_the_change(caseload):
    (first,) = caseload.group_changes(ANNA.customer_no)
    assert (first.since, first.status, first.profile, first.flags) == (None, Status.ARBEITSLOS, Profile.MARKT, frozenset())
    edit(caseload, dataclasses.replace(ANNA, notes="Führerschein in Arbeit"), berlin(2023, 2, 20, 11))
    assert len(caseload.group_changes(ANNA.customer_no)) == 1  # no change of the groups, nothing recorded
    edit(caseload, dataclasses.replace(ANNA, profile=Profile.FOERDER), berlin(2023, 3, 1, 9, 30))
    history = caseload.group_changes(ANNA.customer_no)
    assert [(c.since, c.profile) for c in history] == [(None, Profile.MARKT), (berlin(2023, 3, 1, 9, 30), Profile.FOERDER)]
    # undoing the edit takes its record with it
    newest = caseload.journal_entries(ANNA.customer_no, limit=1)[0]
    assert any(r.table == "customer_groups" for r in newest.rows)
    assert caseload.restore_rows(newest.rows, forward=False) == []
    assert len(caseload.group_changes(ANNA.customer_no)) == 1
    assert caseload.customer(ANNA.customer_no).profile is Profile.MARKT


def test_point_12_an_import_records_each_customers_groups(caseload):
    text = ("Kundennummer;Nachname;Vorname;Geburtsdatum;Status;Profillage;Merkmale\n"
            "200B000002;Kaya;Deniz;02.03.1985;arbeitsuchend;Profillage I;beschäftigt\n").encode()
    import_parsed(caseload, parse_caseload_csv(text, "kunden.csv", today=dt.date(2023, 1, 2)), "kunden.csv")
    (record,) = caseload.group_changes("200B000002")
    assert (record.since, record.status, record.profile, set(record.flags)) == (
        None, Status.ARBEITSUCHEND, Profile.I, {"beschaeftigt"})
    assert {c.customer_no for c in caseload.group_changes()} == {ANNA.customer_no, "200B000002"}


def test_point_12_existing_customers_start_their_history_with_their_current_groups(tmp_path):
    from tests.storage.test_migrations import first_schema_file

    path = tmp_path / "alt.db"
    first_schema_file(path)  # one customer in Profillage I with the flag beschaeftigt, written by version 1
    with Caseload.open(path) as c:
        (record,) = c.group_changes("111A222333")
        assert (record.since, record.status, record.profile, set(record.flags)) == (
            None, Status.ARBEITSUCHEND, Profile.I, {"beschaeftigt"})
        assert c.contacts("111A222333")[0].phone_reason == ""
        assert c.integrity_problems() == []


def test_point_12_the_survey_judges_a_call_by_the_groups_on_its_day(caseload):
    caseload.add_contacts([
        Contact(ANNA.customer_no, berlin(2023, 1, 10, 9), Channel.PERSOENLICH, ContactKind.BERATUNG),
        Contact(ANNA.customer_no, berlin(2023, 2, 10, 9), Channel.TELEFONISCH, ContactKind.BERATUNG),  # in Marktprofil
    ])
    edit(caseload, dataclasses.replace(ANNA, profile=Profile.FOERDER), berlin(2023, 3, 1, 9))
    today = dt.date(2023, 3, 15)
    (status,) = survey(ctx(caseload, berlin(2023, 3, 15, 12)), today)
    assert status.last_contact == dt.date(2023, 2, 10) and status.assessment.latest == dt.date(2023, 5, 10)
    (one,) = survey(ctx(caseload, berlin(2023, 3, 15, 12)), today, [ANNA.customer_no])
    whole = assess_customer(caseload, load_policy("uelzen-2019"), caseload.customer(ANNA.customer_no), today)
    assert one.assessment == status.assessment == whole


def test_point_12_a_phone_call_marked_with_a_reason_counts_and_is_shown(caseload):
    foerder = dataclasses.replace(ANNA, profile=Profile.FOERDER)
    edit(caseload, foerder, berlin(2023, 1, 2, 8))
    caseload.add_contact(Contact(ANNA.customer_no, berlin(2023, 1, 10, 9), Channel.PERSOENLICH, ContactKind.BERATUNG))
    reason = "Kundin pflegt ihre Mutter; eine Vorsprache ist diese Woche nicht möglich"
    result = conclude_conversation(ctx(caseload, berlin(2023, 2, 10, 10)), ANNA.customer_no, berlin(2023, 2, 10, 9, 30),
                                   channel=Channel.TELEFONISCH, phone_reason=f"  {reason} ")
    assert result.contact.phone_reason == reason
    assert result.assessment.latest == dt.date(2023, 5, 10)
    assert any(reason in w and "10.02.2023" in w for w in result.assessment.warnings)
    assert caseload.contacts(ANNA.customer_no)[-1].phone_reason == reason


def test_point_12_a_reason_is_refused_where_it_cannot_make_a_call_count(caseload):
    at = berlin(2023, 2, 10, 9, 30)
    with pytest.raises(UserError, match="nur zu einer telefonischen Beratung"):
        conclude_conversation(ctx(caseload, at), ANNA.customer_no, at, phone_reason="Kundin erkrankt")
    caseload.save_caseworker(Caseworker(policy_id="ba-2010"))  # BA: only in person, a closed rule
    with pytest.raises(UserError, match="auch mit einem Grund nicht"):
        conclude_conversation(ctx(caseload, at), ANNA.customer_no, at, channel=Channel.TELEFONISCH,
                              phone_reason="Kundin erkrankt")
    assert caseload.contacts(ANNA.customer_no) == []  # a refusal changes nothing


def test_point_12_conclude_and_export_on_the_command_line(capsys, caseload):
    edit(caseload, dataclasses.replace(ANNA, profile=Profile.FOERDER), berlin(2023, 1, 2, 8))
    db = caseload.path
    code, out, err = run(capsys, "conclude", "--db", db, "--customer", ANNA.customer_no, "--at", "2023-02-10T09:30:00+01:00",
                         "--channel", "telefonisch", "--phone-reason", "Kundin pflegt ihre Mutter", "--json",
                         clock=fixed_clock(berlin(2023, 2, 10, 10)))
    assert code == 0, err
    document = json.loads(out)
    assert document["contact"]["phone_reason"] == "Kundin pflegt ihre Mutter"
    assert any("Kundin pflegt ihre Mutter" in w for w in document["due"]["warnings"])
    code, out, _ = run(capsys, "export", "--db", db, "--json")
    exported = json.loads(out)
    assert [(g["customer"], g["profile"], g["since"] is None) for g in exported["group_history"]] == [
        (ANNA.customer_no, "markt", True), (ANNA.customer_no, "foerder", False)]
