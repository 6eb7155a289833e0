"""Crash safety: at least 200 SIGKILLs across the writing commands, nothing lost, nothing damaged
(the long form: ``python -m tests.robustness.run --kills 10000``)."""

import os
import sys

import pytest

from tests.robustness.kills import run_kills
from tests.robustness.scenarios import prepare

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="fork and SIGKILL")]

KILLS = int(os.environ.get("TA_KILLS", "220"))
SEED = int(os.environ.get("TA_KILL_SEED", "13"))


def test_killed_writing_commands_leave_the_caseload_whole_and_unchanged_or_complete(tmp_path):
    scenarios = prepare(tmp_path / "start")
    tally = run_kills(scenarios, KILLS, SEED, tmp_path)
    assert tally.failures == [], "\n".join(tally.failures[:20])
    assert tally.kills >= KILLS
    assert tally.unchanged and tally.complete, "kills fell both before and after a commit"
    assert set(tally.by_scenario) == {s.name for s in scenarios}, "every command was killed at least once"
