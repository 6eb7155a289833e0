"""The warnings the law calls for: repeated identical invitations (BSG B 14 AS 19/14 R) and the
Kooperationsplan's six-month review (§ 15 Abs. 3 SGB II)."""

import datetime as dt
import json
from dataclasses import replace

import pytest

from terminassistent import settings as registry
from terminassistent.cli import main
from terminassistent.domain.model import Appointment, AppointmentStatus, Purpose
from terminassistent.paths import resources_dir
from terminassistent.services.invitations.letters import compose_letters
from terminassistent.services.scheduling.booking import book
from terminassistent.services.scheduling.warnings import booking_warnings, cooperation_review, notices, repeated_invitation

from .handmade import LATER, MONDAY, NOW, at, build
from tests.context import ctx

VERMITTLUNG = (Purpose.VERMITTLUNG,)


def earlier(*days_before, purposes=(), status=AppointmentStatus.HELD, start=None):
    start = start or at(MONDAY, 9)
    return [Appointment(LATER.customer_no, start - dt.timedelta(days=d), start - dt.timedelta(days=d, minutes=-30),
                        status=status, purposes=purposes) for d in days_before]


def test_the_fourth_identical_invitation_within_eight_weeks_is_flagged():
    n = notices()
    start = at(MONDAY, 9)
    assert repeated_invitation(earlier(7, 14), start, VERMITTLUNG, VERMITTLUNG, n) is None
    warning = repeated_invitation(earlier(7, 14, 21), start, VERMITTLUNG, VERMITTLUNG, n)
    assert warning.startswith("Das wäre die 4. Einladung mit demselben Meldezweck (Vermittlung in Ausbildung oder Arbeit)")
    assert "B 14 AS 19/14 R" in warning


def test_other_purposes_cancelled_ones_and_older_ones_do_not_count():
    n = notices()
    start = at(MONDAY, 9)
    other = earlier(7, 14, 21, purposes=(Purpose.LEISTUNGSVERFAHREN,))
    assert repeated_invitation(other, start, VERMITTLUNG, VERMITTLUNG, n) is None
    cancelled = earlier(7, 14, 21, status=AppointmentStatus.CANCELLED)
    assert repeated_invitation(cancelled, start, VERMITTLUNG, VERMITTLUNG, n) is None
    old = earlier(7, 14, 57)  # 57 days > 8 weeks
    assert repeated_invitation(old, start, VERMITTLUNG, VERMITTLUNG, n) is None


def test_cooperation_plan_review_due_soon_and_overdue():
    n = notices()
    today = dt.date(2026, 11, 23)
    assert cooperation_review(replace(LATER, cooperation_plan=None), today, n) is None
    assert cooperation_review(replace(LATER, cooperation_plan=dt.date(2026, 8, 1)), today, n) is None
    due = cooperation_review(replace(LATER, cooperation_plan=dt.date(2026, 6, 1)), today, n)
    assert due.startswith("Der Kooperationsplan vom 01.06.2026 ist bis 01.12.2026 zu überprüfen")
    late = cooperation_review(replace(LATER, cooperation_plan=dt.date(2026, 5, 1)), today, n)
    assert late.startswith("Die Überprüfung des Kooperationsplans vom 01.05.2026 war bis 01.11.2026 fällig")


def test_a_jobcenters_own_notices_file_replaces_the_sample(tmp_path):
    own = tmp_path / "hinweise.toml"
    sample = resources_dir() / "notices" / "hinweise.toml"
    own.write_text(sample.read_text(encoding="utf-8").replace("warn_from = 4", "warn_from = 2"), encoding="utf-8")
    with build(tmp_path / "c.db") as c:
        registry.put(c, "notices.file", str(own))
        assert notices(c).warn_from == 2


def test_booking_stores_the_purpose_and_warns(tmp_path, capsys):
    with build(tmp_path / "c.db") as c:
        for day in (1, 2, 4):
            book(ctx(c, NOW), LATER.customer_no, at(MONDAY + dt.timedelta(days=7 * day), 9))
        start = at(MONDAY + dt.timedelta(days=7 * 5), 9)
        assert booking_warnings(c, LATER.customer_no, start)
        first = book(ctx(c, NOW), LATER.customer_no, at(MONDAY + dt.timedelta(days=30), 10), purposes=[Purpose.BERUFSBERATUNG])
        assert c.appointment(first.id).purposes == (Purpose.BERUFSBERATUNG,)
        [letter] = compose_letters(ctx(c), [c.appointment(first.id)], today=NOW.date())
        assert "Berufsberatung" in letter.as_text()
        path = c.path
    code = main(["book", "--db", str(path), "--customer", LATER.customer_no, "--start", start.isoformat(), "--json"])
    out, err = capsys.readouterr()
    assert code == 0
    assert json.loads(out)["warnings"] and "Hinweis: Das wäre die 4. Einladung" in err


@pytest.mark.parametrize("bad", ["zweck9", "6"])
def test_an_unknown_purpose_is_refused_by_name(tmp_path, capsys, bad):
    with build(tmp_path / "c.db") as c:
        path = c.path
    code = main(["book", "--db", str(path), "--customer", LATER.customer_no, "--start", at(MONDAY, 9).isoformat(),
                 "--purpose", bad])
    assert code == 1 and f"»{bad}« ist kein Meldezweck" in capsys.readouterr().err


def test_a_manual_booking_over_the_caseworkers_own_limits_is_said_not_refused(tmp_path):
    from terminassistent.services.scheduling.booking import book_with_warnings

    with build(tmp_path / "c.db") as c:
        registry.put(c, "scheduling.max_per_day", 1)
        registry.put(c, "scheduling.buffer_minutes", 15)
        day = MONDAY + dt.timedelta(days=7)
        first = book_with_warnings(ctx(c, NOW), LATER.customer_no, at(day, 9), minutes=30)
        assert first.warnings == ()
        second = book_with_warnings(ctx(c, NOW), LATER.customer_no, at(day, 9, 30), minutes=30)
        assert second.appointment.id is not None
        assert "Der Tag hat damit 2 Termine (Ihre Höchstzahl: 1)." in second.warnings
        assert any("weniger als die eingestellten 15 Minuten Pause" in w for w in second.warnings)
