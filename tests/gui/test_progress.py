"""Long work shows its progress and can be cancelled, leaving nothing half done."""

import time

import pytest
from PySide6.QtWidgets import QPushButton

from terminassistent import settings as S
from terminassistent.services.context import Cancelled, Progress
from terminassistent.services.invitations.letters import compose_letters
from terminassistent.services.planning.planner import plan_week
from tests.context import ctx

from . import test_flows
from .conftest import NOW

day_db, day = test_flows.day_db, test_flows.day  # Tuesday 10 March 2026

pytestmark = pytest.mark.gui


def test_a_long_task_shows_its_progress_and_abbrechen_stops_it_without_a_message(qtbot, desk, boxes):
    results, refusals, steps = [], [], []

    def work(context):
        for i in range(2000):
            context.progress.step(i, 2000, f"Schritt {i + 1} von 2000")
            steps.append(i)
            time.sleep(0.005)
        return "fertig"

    desk.query(work, results.append, what="eine lange Arbeit", failed=refusals.append, progress="Es dauert …")
    box = desk.progress_box
    qtbot.waitUntil(lambda: box.dialog.isVisible(), timeout=5000)  # shown after half a second
    qtbot.waitUntil(lambda: box.dialog.labelText().startswith("Schritt "), timeout=5000)
    [button] = box.dialog.findChildren(QPushButton)
    assert button.text() == "Abbrechen"
    button.click()
    desk.runner.wait()
    qtbot.waitUntil(lambda: bool(refusals), timeout=5000)
    assert results == [] and refusals[0].cancelled and boxes.shown == []
    assert 0 < len(steps) < 2000


def test_cancelled_letters_and_planning_raise_before_anything_is_written(day):
    caseload = day
    context = ctx(caseload, NOW)
    booked = [a for a in caseload.appointments() if a.start > NOW]
    assert booked, "the test caseload has appointments ahead"
    seen = []
    stop = Progress(lambda done, total, text: seen.append((done, total, text)), cancelled=lambda: True)
    with pytest.raises(Cancelled, match="Abgebrochen; es wurde nichts geändert"):
        compose_letters(context.with_progress(stop), booked)
    counting = Progress(lambda done, total, text: seen.append((done, total, text)))
    assert len(compose_letters(context.with_progress(counting), booked)) == len(booked)
    assert [s[:2] for s in seen] == [(i, len(booked)) for i in range(len(booked))]
    S.put(caseload, S.MAX_PER_WEEK.key, 30)
    with pytest.raises(Cancelled):
        plan_week(context.with_progress(stop), NOW.date())
