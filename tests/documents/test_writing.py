"""Writing the files: both or neither, the old files kept on failure, the installation id stored only
with the files, and "today" as it is in Berlin."""

import datetime as dt
import errno
import os
import sqlite3

from pathlib import Path

import pytest

from terminassistent import settings as S
from terminassistent.errors import UserError
from terminassistent.services.invitations import letters as invitations

from .factories import TODAY, book
from tests.context import ctx
from terminassistent.services.context import system_clock
from terminassistent.domain.model import BERLIN

NOW = dt.datetime(2026, 11, 21, 8, 30, tzinfo=dt.timezone.utc)


def fail_replace(monkeypatch, target: Path, *, moving_aside: bool = False) -> list[tuple[str, str]]:
    """Let ``os.replace`` fail when it puts a new file at ``target`` (or moves the old one aside)."""
    real, calls = os.replace, []

    def replace(src, dst):
        calls.append((str(src), str(dst)))
        if moving_aside and Path(src) == target:
            raise OSError(errno.EACCES, "Keine Berechtigung")
        if not moving_aside and Path(dst) == target and str(src).endswith(".tmp"):
            raise OSError(errno.ENOSPC, "Auf dem Gerät ist kein Speicherplatz mehr verfügbar")
        return real(src, dst)

    monkeypatch.setattr(invitations.os, "replace", replace)
    return calls


@pytest.mark.parametrize(("existed", "moving_aside"), [
    (False, False),  # new files: the second cannot be put in place
    (True, False),  # old files: the second new one cannot be put in place
    (True, True),  # old files: the second old one cannot be moved aside
])
def test_if_the_second_file_cannot_be_put_in_place_the_first_is_undone(caseload, out, monkeypatch, existed,
                                                                      moving_aside):
    pdf, ics = out / "e.pdf", out / "e.ics"
    if existed:
        pdf.write_bytes(b"alte PDF")
        ics.write_bytes(b"alte ICS")
    appointment = book(caseload)
    calls = fail_replace(monkeypatch, ics, moving_aside=moving_aside)
    with pytest.raises(UserError, match="konnte nicht geschrieben werden .*; es wurde nichts geschrieben"):
        invitations.write_invitations(ctx(caseload, NOW), [appointment.id], pdf=pdf, ics=ics, today=TODAY)
    assert any(Path(dst) == pdf for _, dst in calls)  # the first file really had been put in place
    if existed:  # each target keeps its old content, and nothing else is left in the folder
        assert pdf.read_bytes() == b"alte PDF" and ics.read_bytes() == b"alte ICS"
        assert sorted(p.name for p in out.iterdir()) == ["e.ics", "e.pdf"]
    else:  # neither file exists, and no temporary file is left
        assert list(out.iterdir()) == []


def test_write_files_is_all_or_nothing_for_any_number_of_files(out, monkeypatch):
    a, b, c = out / "a", out / "b", out / "c"
    b.write_bytes(b"altes b")
    fail_replace(monkeypatch, c)
    with pytest.raises(UserError):
        invitations.write_files({a: b"neues a", b: b"neues b", c: b"neues c"})
    assert sorted(p.name for p in out.iterdir()) == ["b"] and b.read_bytes() == b"altes b"


def test_existing_files_are_replaced_and_their_old_versions_removed(caseload, out):
    pdf, ics = out / "e.pdf", out / "e.ics"
    pdf.write_bytes(b"alte PDF")
    ics.write_bytes(b"alte ICS")
    appointment = book(caseload)
    invitations.write_invitations(ctx(caseload, NOW), [appointment.id], pdf=pdf, ics=ics, today=TODAY)
    assert pdf.read_bytes().startswith(b"%PDF-") and ics.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert sorted(p.name for p in out.iterdir()) == ["e.ics", "e.pdf"]
    assert all(p.stat().st_mode & 0o077 == 0 for p in out.iterdir())


def test_the_installation_id_is_not_stored_when_writing_fails(caseload, out, monkeypatch):
    appointment = book(caseload)
    ics = out / "e.ics"
    fail_replace(monkeypatch, ics)
    with pytest.raises(UserError):
        invitations.write_invitations(ctx(caseload, NOW), [appointment.id], pdf=out / "e.pdf", ics=ics, today=TODAY)
    assert S.INSTALL_ID.read(caseload) == "" and list(out.iterdir()) == []


def test_the_installation_id_is_stored_with_the_files_and_matches_their_uids(caseload, out):
    appointment = book(caseload)
    invitations.write_invitations(ctx(caseload, NOW), [appointment.id], ics=out / "e.ics")
    stored = S.INSTALL_ID.read(caseload)
    assert stored and f"UID:termin-{appointment.id}@terminassistent.{stored}" in (out / "e.ics").read_text("utf-8")
    invitations.write_invitations(ctx(caseload, NOW), [appointment.id], ics=out / "f.ics")
    assert S.INSTALL_ID.read(caseload) == stored
    assert f"terminassistent.{stored}" in (out / "f.ics").read_text("utf-8")


def test_if_the_installation_id_cannot_be_stored_no_file_is_left(caseload, out, monkeypatch):
    appointment = book(caseload)
    (out / "e.pdf").write_bytes(b"alte PDF")

    def broken(key, value):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(caseload, "set_setting", broken)
    with pytest.raises(sqlite3.OperationalError):
        invitations.write_invitations(ctx(caseload, NOW), [appointment.id], pdf=out / "e.pdf", ics=out / "e.ics", today=TODAY)
    assert sorted(p.name for p in out.iterdir()) == ["e.pdf"] and (out / "e.pdf").read_bytes() == b"alte PDF"


def test_the_letters_date_is_today_in_berlin_not_on_the_machines_clock(caseload, out):
    """At 00:30 in Berlin on 22 November the machine (on UTC) still says 21 November."""
    instant = dt.datetime(2026, 11, 21, 23, 30, tzinfo=dt.timezone.utc)
    appointment = book(caseload)
    [letter] = invitations.compose_letters(ctx(caseload, instant), [appointment])
    assert letter.date == dt.date(2026, 11, 22) and ("Datum", "22.11.2026") in letter.info
    assert system_clock().tzinfo is BERLIN  # the program's own clock reads Berlin time too


def test_no_file_of_the_invitations_asks_the_machine_for_its_local_date():
    root = Path(invitations.__file__).parents[2]
    files = [*(root / "documents").glob("*.py"), *(root / "services" / "invitations").glob("*.py"),
             root / "cli" / "document_commands.py"]
    assert [f.name for f in files if "date.today(" in f.read_text(encoding="utf-8")] == []
