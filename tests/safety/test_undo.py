"""Rückgängig and Wiederherstellen: one user action as a whole, named, refused when things changed."""

import dataclasses
import datetime as dt
import sqlite3

import pytest

from terminassistent.errors import StaleData, UserError
from terminassistent.services.conversation.conclude import conclude_conversation
from terminassistent.services.invitations.letters import record_sent
from terminassistent.services.journal.history import history
from terminassistent.services.journal.undo import menu_labels, redo, undo
from terminassistent.services.scheduling.booking import book_with_warnings as book
from tests.services.handmade import LATER, MONDAY, NOW, SOON, at


def rows(ctx) -> dict:
    conn = sqlite3.connect(ctx.caseload.path)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                for t in ("customers", "contacts", "appointments", "absences", "settings", "caseworker")}
    finally:
        conn.close()


def without_sequence(state: dict) -> dict:
    """Appointment SEQUENCE only ever rises (calendar clients must see an undone change too)."""
    return state | {"appointments": [r[:9] + r[10:] for r in state["appointments"]]}


def conclude(ctx):
    return conclude_conversation(ctx, SOON.customer_no, NOW, next_start=at(MONDAY, 9))


def test_undo_takes_back_a_concluded_conversation_with_its_booking_and_redo_puts_it_back(ctx):
    before = rows(ctx)
    conclude(ctx)
    after = rows(ctx)
    result = undo(ctx)
    assert result.name == f"Gespräch mit {SOON.display_name} abschließen"
    assert SOON.customer_no in result.changes.customers and result.changes.appointments
    assert without_sequence(rows(ctx)) == without_sequence(before)
    again = redo(ctx)
    assert again.name == result.name and without_sequence(rows(ctx)) == without_sequence(after)


def test_nothing_to_undo_or_redo_is_a_german_refusal(ctx):
    with pytest.raises(UserError, match="Es gibt nichts rückgängig zu machen"):
        undo(ctx)
    with pytest.raises(UserError, match="Es gibt nichts wiederherzustellen"):
        redo(ctx)


def test_undo_goes_back_action_by_action_and_a_new_action_ends_redo(ctx):
    book(ctx, SOON.customer_no, at(MONDAY, 9))
    book(ctx, LATER.customer_no, at(MONDAY, 10))
    assert undo(ctx).name.startswith(f"Termin für {LATER.display_name}")
    assert undo(ctx).name.startswith(f"Termin für {SOON.display_name}")
    assert redo(ctx).name.startswith(f"Termin für {SOON.display_name}")
    book(ctx, LATER.customer_no, at(MONDAY, 11))
    with pytest.raises(UserError, match="nichts wiederherzustellen"):
        redo(ctx)


def test_undo_is_refused_with_nothing_changed_when_a_row_changed_since(ctx):
    booked = conclude(ctx).appointment
    # another program moves it (a write outside any action: not journaled)
    ctx.caseload.update_appointment(dataclasses.replace(booked, start=at(MONDAY, 8), end=at(MONDAY, 8, 45)))
    state = rows(ctx)
    with pytest.raises(StaleData, match="seither"):
        undo(ctx)
    assert rows(ctx) == state


def test_the_menu_names_the_action_to_undo_and_to_redo(ctx):
    assert menu_labels(ctx.caseload).undo == "Rückgängig" and not menu_labels(ctx.caseload).undo_enabled
    conclude(ctx)
    labels = menu_labels(ctx.caseload)
    assert labels.undo == f"Rückgängig: Gespräch mit {SOON.display_name} abschließen" and labels.undo_enabled
    assert not labels.redo_enabled
    undo(ctx)
    labels = menu_labels(ctx.caseload)
    assert labels.redo == f"Wiederherstellen: Gespräch mit {SOON.display_name} abschließen" and labels.redo_enabled


def test_undoing_a_booking_whose_letter_went_out_says_so_and_gives_the_cancellation(ctx):
    booked = book(ctx, SOON.customer_no, at(MONDAY, 9)).appointment
    record_sent(ctx, [booked], letter=True, calendar=True)
    [sent] = undo(ctx).sent
    assert sent.appointment.id == booked.id and sent.letter and sent.calendar
    assert sent.appointment.start == at(MONDAY, 9) and sent.customer.customer_no == SOON.customer_no
    assert sent.cancellation.status.value == "cancelled" and sent.cancellation.sequence > booked.sequence
    assert "bereits eine Einladung und eine Kalenderdatei ausgegeben" in sent.sentence()
    assert redo(ctx).sent == ()  # the redone booking was never announced; nothing to cancel again
    assert undo(ctx).sent == ()  # the letter was reported once, at the first undo


def test_a_letter_for_an_earlier_state_is_not_reported(ctx):
    booked = book(ctx, SOON.customer_no, at(MONDAY, 9)).appointment
    record_sent(ctx, [booked], letter=True, calendar=False)
    with ctx.caseload.action("Termin verschieben", at=NOW):
        ctx.caseload.update_appointment(dataclasses.replace(booked, start=at(MONDAY, 10), end=at(MONDAY, 10, 45)))
    assert undo(ctx).sent == (), "undoing the move brings back the time the letter states"


def test_history_lists_who_changed_what_newest_first_and_by_customer(ctx):
    conclude(ctx)
    book(ctx, LATER.customer_no, at(MONDAY, 11))
    undo(ctx)
    items = history(ctx)
    assert [i.action for i in items] == [
        f"Rückgängig: Termin für {LATER.display_name} buchen", f"Termin für {LATER.display_name} buchen",
        f"Gespräch mit {SOON.display_name} abschließen"]
    assert items[1].undone and not items[2].undone and all(i.user for i in items)
    assert items[0].at >= items[2].at and items[0].at.tzinfo is not None
    assert [i.action for i in history(ctx, SOON.customer_no)] == [f"Gespräch mit {SOON.display_name} abschließen"]
    with pytest.raises(UserError):
        history(ctx, "gibt-es-nicht")


def test_an_undo_is_itself_one_journal_entry_with_its_target(ctx):
    conclude(ctx)
    target = ctx.caseload.journal_head()
    undo(ctx)
    entry = ctx.caseload.journal_entries(limit=1)[0]
    assert (entry.kind, entry.target) == ("undo", target) and ctx.caseload.journal_entry(target).undone
    assert entry.at.date() == dt.date(2026, 11, 27)
