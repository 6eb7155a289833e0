"""The Nachhaltung's services without the window: filtering the report, the CSV for Excel, and
inviting chosen customers in one step (after the postal notice, all or nothing)."""

import csv
import dataclasses
import datetime as dt
import io

import pytest

from terminassistent.domain.model import BERLIN, Appointment, AppointmentStatus, Flag, Status
from terminassistent.errors import UserError
from terminassistent.services.demo.build import DemoOptions, create_demo
from terminassistent.services.monitoring.filters import NO_FLAG, NO_PROFILE, CustomerFilter, age_group, narrow
from terminassistent.services.monitoring.list_csv import list_csv, write_list_csv
from terminassistent.services.monitoring.report import monitoring_report
from terminassistent.services.planning.invite import book_invitations, plan_invitations
from terminassistent.storage import Caseload
from tests.context import ctx

TODAY = dt.date(2026, 3, 10)
NOW = dt.datetime(2026, 3, 10, 10, 0, tzinfo=BERLIN)


@pytest.fixture
def demo(tmp_path):
    path = tmp_path / "demo.db"
    create_demo(path, DemoOptions(today=TODAY, customers=40))
    with Caseload.open(path) as caseload:
        yield caseload


def test_u25_ends_on_the_25th_birthday(demo):
    someone = demo.customers()[0]
    turns_25 = dataclasses.replace(someone, birth_date=dt.date(2001, 3, 10))
    assert age_group(turns_25, TODAY) == "Ü25"
    assert age_group(turns_25, TODAY - dt.timedelta(days=1)) == "U25"
    assert CustomerFilter(age="U25").matches(turns_25, TODAY - dt.timedelta(days=1))
    assert not CustomerFilter(age="U25").matches(turns_25, TODAY)


def test_a_filter_keeps_the_order_and_counts_the_groups_again(demo):
    report = monitoring_report(ctx(demo, NOW), weeks=4)
    keep = CustomerFilter(status=Status.ARBEITSLOS, flag=NO_FLAG)
    narrowed = narrow(report, keep)
    kept = [s for s in report.due if s.customer.status is Status.ARBEITSLOS and not s.customer.flags]
    assert narrowed.due == kept and 0 < len(kept) < len(report.due)
    assert sum(g.customers for g in narrowed.groups) == len(narrowed.by_customer) == sum(
        1 for c in demo.customers() if c.status is Status.ARBEITSLOS and not c.flags)
    assert narrowed.quota == report.quota  # the week's quota is the caseworker's, not a customer's
    assert narrow(report, CustomerFilter()) is report
    assert keep.describe() == "Status arbeitslos, ohne Merkmal"
    assert CustomerFilter(profile=NO_PROFILE, flag=Flag.GESUNDHEIT).describe().startswith("ohne Profillage, Merkmal ")


def test_the_csv_is_what_excel_in_germany_reads():
    text = list_csv([["Name", "Grund"], ["Weiß-Müller, Jörg", "krank; Attest folgt"], ["Groß, Björn", "=1+1"]])
    assert text.startswith("\ufeff") and text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))
    assert rows == [["Name", "Grund"], ["Weiß-Müller, Jörg", "krank; Attest folgt"], ["Groß, Björn", "'=1+1"]]


def test_an_unwritable_csv_file_is_named(tmp_path):
    where = tmp_path / "fehlt" / "liste.csv"
    with pytest.raises(UserError, match="fehlt/liste.csv"):
        write_list_csv(where, [["Name"]])
    assert not where.exists()


def test_chosen_customers_get_distinct_slots_after_the_postal_notice_and_one_undo_step(demo):
    report = monitoring_report(ctx(demo, NOW))
    chosen = [s.customer.customer_no for s in report.overdue[:4]] + ["999Z999999"]
    plan = plan_invitations(ctx(demo, NOW), chosen)
    assert "Kundennummer 999Z999999: nicht im Bestand." in plan.notes
    assert len({p.start for p in plan.proposed}) == len(plan.proposed) > 0
    assert min(p.start.astimezone(BERLIN).date() for p in plan.proposed) > TODAY + dt.timedelta(days=4)
    booked = book_invitations(ctx(demo, NOW), plan)
    assert sorted(a.customer_no for a in booked.appointments) == sorted(p.customer_no for p in plan.proposed)
    assert demo.journal_undoable().action == f"{len(plan.proposed)} Kunden einladen (Nachhaltung)"
    again = plan_invitations(ctx(demo, NOW), [p.customer_no for p in plan.proposed])
    assert again.proposed == () and len(again.notes) == len(plan.proposed)  # now in the invitation chain


def test_if_one_slot_was_taken_meanwhile_nothing_is_booked(demo):
    report = monitoring_report(ctx(demo, NOW))
    plan = plan_invitations(ctx(demo, NOW), [s.customer.customer_no for s in report.overdue[:3]])
    assert len(plan.proposed) >= 2
    taken = plan.proposed[-1]
    other = next(c for c in demo.customers() if c.customer_no not in {p.customer_no for p in plan.proposed})
    demo.add_appointment(Appointment(other.customer_no, taken.start, taken.end))
    before = {a.id for a in demo.appointments(statuses=[AppointmentStatus.BOOKED])}
    with pytest.raises(UserError, match=f"nicht gebucht: {taken.name}"):
        book_invitations(ctx(demo, NOW), plan)
    assert {a.id for a in demo.appointments(statuses=[AppointmentStatus.BOOKED])} == before
    with pytest.raises(UserError, match="niemand"):
        book_invitations(ctx(demo, NOW), plan.chosen([]))
