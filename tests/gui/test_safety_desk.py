"""Rückgängig and Wiederherstellen, the backups, the help and the notice on unconfirmed legal texts,
driven through the real window (issue 13's desktop part, issue 10 point 3)."""

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from terminassistent import settings as S
from terminassistent.domain.model import AppointmentStatus
from terminassistent.gui.help_window import ManualWindow
from terminassistent.gui.propose_dialog import ProposeDialog
from terminassistent.gui.safety_flows import BackupDialog, RestoreDialog
from terminassistent.services.backup.copies import create_backup
from tests.documents.pdftext import all_text

from . import test_flows
from .test_flows import ANNA, JOERG, choose, wait_dialog, wait_preview

day_db, day = test_flows.day_db, test_flows.day  # the caseload of test_flows: Tuesday 10 March 2026


def anna_today(day):
    return next(a for a in day.appointments(customer_no=ANNA.customer_no) if a.start.day == 10)


def stored(path, *, sequence: bool = True) -> dict[str, list]:
    """The rows of the file; ``sequence=False``: without an appointment's SEQUENCE, which undo and
    redo raise on purpose (a calendar that imported the appointment must see that it changed)."""
    with sqlite3.connect(path) as conn:
        found = {t: [dict(zip([d[0] for d in c.description], r)) for r in c.fetchall()]
                 for t in ("customers", "contacts", "appointments")
                 for c in [conn.execute(f"SELECT * FROM {t} ORDER BY 1")]}
    if not sequence:
        for row in found["appointments"]:
            row.pop("sequence")
    return found


# -- Rückgängig / Wiederherstellen -------------------------------------------------------------------


def test_strg_z_takes_back_the_last_action_as_a_whole_and_strg_umschalt_z_puts_it_back(qtbot, window, day):
    before = stored(day.path, sequence=False)
    choose(qtbot, window, ANNA)
    window.actions["held"].trigger()
    qtbot.waitUntil(lambda: anna_today(day).status is AppointmentStatus.HELD, timeout=5000)
    after = stored(day.path, sequence=False)
    undo = window.actions["undo"]
    qtbot.waitUntil(lambda: undo.isEnabled() and undo.text().startswith("Rückgängig: "), timeout=5000)
    assert "Schäfer, Anna" in undo.text()  # the menu names the action

    qtbot.keyClick(window.ui.customerTable, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: anna_today(day).status is AppointmentStatus.BOOKED, timeout=5000)
    assert stored(day.path, sequence=False) == before  # the contact it recorded is gone too: undone whole
    # the row is written on the worker thread; the message follows on the GUI thread
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Rückgängig gemacht: "), timeout=5000)
    redo = window.actions["redo"]
    qtbot.waitUntil(lambda: redo.isEnabled() and redo.text().startswith("Wiederherstellen: "), timeout=5000)

    qtbot.keyClick(window.ui.customerTable, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: anna_today(day).status is AppointmentStatus.HELD, timeout=5000)
    assert stored(day.path, sequence=False) == after
    qtbot.waitUntil(lambda: not redo.isEnabled() and redo.text() == "Wiederherstellen", timeout=5000)


def test_with_nothing_to_undo_both_entries_are_disabled(qtbot, window):
    qtbot.waitUntil(lambda: window.actions["undo"].text() == "Rückgängig: Rechtsfolgenbelehrungen freigeben"
                    or not window.actions["undo"].isEnabled(), timeout=5000)
    assert not window.actions["redo"].isEnabled()


def test_undoing_a_booking_whose_letter_was_printed_says_so_and_offers_the_cancellation(
        qtbot, window, day, boxes, printing, tmp_path):
    choose(qtbot, window, JOERG)
    window.actions["propose"].trigger()
    dialog = wait_dialog(qtbot, window, ProposeDialog)
    qtbot.keyClick(dialog.picker.list, Qt.Key.Key_Return)
    preview = wait_preview(qtbot, window)
    booked = max(day.appointments(customer_no=JOERG.customer_no), key=lambda a: a.id)
    preview.print_letters()
    qtbot.waitUntil(lambda: bool(day.documents_for([booked.id])), timeout=5000)
    preview.reject()
    # the calendar file went out too
    window.flows._save_ics([booked.id], tmp_path / "termin.ics")
    qtbot.waitUntil(lambda: len(day.documents_for([booked.id])) == 2, timeout=5000)

    boxes.answer = True
    printing.answer_file = tmp_path / "absage.ics"
    window.actions["undo"].trigger()
    qtbot.waitUntil(lambda: (tmp_path / "absage.ics").exists(), timeout=5000)
    title, message = boxes.asked[-1]
    assert title == "Einladung bereits ausgegeben"
    assert f"Für Termin {booked.id} am " in message and "Einladung und eine Kalenderdatei" in message
    assert booked.id not in {a.id for a in day.appointments(customer_no=JOERG.customer_no)}
    cancellation = (tmp_path / "absage.ics").read_text(encoding="utf-8")
    original = (tmp_path / "termin.ics").read_text(encoding="utf-8")
    uid = next(line for line in original.splitlines() if line.startswith("UID:"))
    assert uid in cancellation and "STATUS:CANCELLED" in cancellation and "METHOD:PUBLISH" in cancellation
    assert f"SEQUENCE:{booked.sequence + 1}" in cancellation


# -- backups ---------------------------------------------------------------------------------------


def test_sicherung_erstellen_writes_a_copy_into_the_backup_folder(qtbot, window, day):
    window.actions["backup"].trigger()
    dialog = wait_dialog(qtbot, window, BackupDialog)
    qtbot.keyClick(dialog.to_folder, Qt.Key.Key_Return)
    where = day.path.parent / "Sicherungen"
    qtbot.waitUntil(lambda: where.exists() and any(where.glob("*.manuell.bak")), timeout=5000)
    copy = next(where.glob("*.manuell.bak"))
    assert stored(copy) == stored(day.path)
    qtbot.waitUntil(lambda: "Sicherung erstellt" in window.statusBar().currentMessage(), timeout=5000)


def test_sicherung_wiederherstellen_brings_back_the_chosen_copy_and_saves_the_current_state(
        qtbot, window, day, boxes):
    saved = create_backup(day, "manuell")
    before = stored(day.path)
    choose(qtbot, window, ANNA)
    window.actions["held"].trigger()
    qtbot.waitUntil(lambda: anna_today(day).status is AppointmentStatus.HELD, timeout=5000)
    changed = stored(day.path)

    window.actions["restore"].trigger()
    dialog = wait_dialog(qtbot, window, RestoreDialog)
    assert dialog.list.currentItem().data(Qt.ItemDataRole.UserRole) == str(saved.path)
    boxes.answer = True
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: stored(day.path) == before, timeout=5000)
    assert boxes.asked[-1][0] == "Sicherung wiederherstellen"
    qtbot.waitUntil(lambda: "wiederhergestellt" in window.statusBar().currentMessage(), timeout=5000)
    previous = [p for p in (day.path.parent / "Sicherungen").glob("*.vor-wiederherstellung.bak")]
    assert len(previous) == 1 and stored(previous[0]) == changed  # nothing the user confirmed is lost


def test_restore_asks_before_replacing_and_no_changes_nothing(qtbot, window, day, boxes):
    create_backup(day, "manuell")
    before = stored(day.path)
    window.actions["restore"].trigger()
    dialog = wait_dialog(qtbot, window, RestoreDialog)
    boxes.answer = False
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(boxes.asked), timeout=5000)
    assert stored(day.path) == before


# -- help ------------------------------------------------------------------------------------------


def test_f1_opens_the_manual_with_the_menus_and_the_commands(qtbot, window):
    qtbot.keyClick(window.ui.customerTable, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: isinstance(window.help_window, ManualWindow) and window.help_window.isVisible(),
                    timeout=3000)
    pages = [p.toPlainText() for p in window.help_window.pages]
    assert "Gespräch abschließen" in pages[0] and "Strg+Eingabe" in pages[0]
    assert "terminassistent undo" in pages[1]


# -- the legal texts in use (issue 10, point 3) ------------------------------------------------------


def test_point_3_unconfirmed_samples_show_a_notice_and_are_asked_about_once_a_day_never_on_the_letter(
        qtbot, window, day, boxes, printing):
    assert not window.legal_label.isVisible()  # approved: no notice
    S.put(day, S.LEGAL_APPROVED_FINGERPRINT.key, "0" * 64)  # the texts changed since the approval
    window.reload()
    qtbot.waitUntil(window.legal_label.isVisible, timeout=5000)
    assert "Muster" in window.legal_label.text()
    assert window.legal_label.toolTip().startswith("Die Rechtsfolgenbelehrungen in Gebrauch sind die mitgelieferten")

    choose(qtbot, window, JOERG)  # his appointment on Friday
    window.file_view.select_appointment(day.appointments(customer_no=JOERG.customer_no)[0].id)
    boxes.answer = False
    qtbot.keyClick(window.ui.customerTable, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(boxes.asked) == 1, timeout=5000)
    assert boxes.asked[0][0] == "Rechtsfolgenbelehrungen nicht freigegeben"
    QApplication.processEvents()
    assert window.flows.preview is None  # "Abbrechen": nothing printed

    boxes.answer = True
    qtbot.keyClick(window.ui.customerTable, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    preview = wait_preview(qtbot, window)
    preview.print_letters()
    text = all_text((printing.folder / "gedruckt.pdf").read_bytes())
    assert "Rechtsfolgenbelehrung" in text and "MUSTER" not in text and "freigegeben" not in text
    preview.reject()
    qtbot.waitUntil(lambda: window.flows.preview is None, timeout=3000)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window.ui.customerTable, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    wait_preview(qtbot, window)
    assert len(boxes.asked) == 2  # once a day


# -- export ----------------------------------------------------------------------------------------


def test_bestand_exportieren_writes_the_json_export_readable_only_by_the_user(qtbot, window, day, printing, tmp_path):
    import json
    import stat

    from tests.cli.helpers import exported

    printing.answer_file = tmp_path / "ausgabe"  # without the suffix: .json is added
    window.actions["export"].trigger()
    target = tmp_path / "ausgabe.json"
    qtbot.waitUntil(target.exists, timeout=5000)
    assert json.loads(target.read_text(encoding="utf-8")) == exported(day)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not list(tmp_path.glob(".*.teil"))


def test_bestand_exportieren_as_csv_writes_the_customers_in_the_imports_format(qtbot, window, day, printing, tmp_path):
    import csv

    from terminassistent.services.customers.edit import NEW_FIELDS

    printing.answer_file = tmp_path / "fuer-excel.csv"
    window.actions["export"].trigger()
    qtbot.waitUntil(printing.answer_file.exists, timeout=5000)
    with printing.answer_file.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    assert tuple(rows[0]) == NEW_FIELDS
    assert sorted(r[0] for r in rows[1:]) == sorted(c.customer_no for c in day.customers())
    qtbot.waitUntil(lambda: "Kundenliste (CSV, Format des Imports) exportiert" in window.statusBar().currentMessage(),
                    timeout=5000)


# -- the history in the customer's file -------------------------------------------------------------


def test_the_verlauf_tab_shows_who_changed_what_for_the_customer_and_what_was_undone(qtbot, window, day):
    import getpass

    choose(qtbot, window, ANNA)
    window.actions["held"].trigger()
    qtbot.waitUntil(lambda: anna_today(day).status is AppointmentStatus.HELD, timeout=5000)
    tree = window.file_view.history
    qtbot.waitUntil(lambda: tree.topLevelItemCount() == 1, timeout=5000)
    first = tree.topLevelItem(0)
    assert "Schäfer, Anna" in first.text(2) and first.text(1) == getpass.getuser()
    assert first.text(0) == "10.03.2026 10:00"  # the window's clock
    window.actions["undo"].trigger()
    qtbot.waitUntil(lambda: tree.topLevelItemCount() == 2
                    and tree.topLevelItem(1).text(2).endswith("(rückgängig gemacht)"), timeout=5000)
    assert tree.topLevelItem(0).text(2).startswith("Rückgängig: ")
    assert window.file_view.tabs.tabText(2) == "Verlauf"
