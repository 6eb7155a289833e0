"""The end of a conversation and the day's other flows, driven through the real widgets (keys where a
caseworker types), asserting on what was stored and what was printed."""

import datetime as dt

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from terminassistent.documents.german import long_date
from terminassistent.domain.model import (
    Address,
    Appointment,
    AppointmentStatus,
    Caseworker,
    Channel,
    Contact,
    ContactKind,
    Customer,
    Profile,
    Salutation,
    Status,
)
from terminassistent.domain.workweek import default_pattern
from terminassistent.gui.conclude_dialog import ConcludeDialog
from terminassistent.gui.customer_dialog import CustomerDialog
from terminassistent.gui.desk import Desk
from terminassistent.gui.flows import GuiDialogs
from terminassistent.gui.main_window import MainWindow
from terminassistent.gui.printing import PrintDialogs, choose_printer_dialog
from terminassistent.gui.propose_dialog import ProposeDialog
from terminassistent.gui.reason_dialog import ReasonDialog
from terminassistent.storage import Caseload

from .conftest import open_window  # noqa: F401 - other modules import it from here

from .conftest import NOW, approve_bundled_legal_texts, berlin, type_text

pytestmark = pytest.mark.gui

ADDRESS = Address("Am Beispielbach 3", "12345", "Musterstadt")
ANNA = Customer("111A000001", "Schäfer", "Anna", dt.date(1988, 4, 1), Status.ARBEITSLOS, Profile.MARKT,
                salutation=Salutation.FRAU, address=ADDRESS)
JOERG = Customer("222B000002", "Weiß-Müller", "Jörg", dt.date(2002, 2, 28), Status.ARBEITSLOS, Profile.AKTIVIERUNG,
                 salutation=Salutation.HERR, address=ADDRESS)
NEW = Customer("333C000003", "Özdemir", "Ayşe", dt.date(1979, 11, 5), Status.ARBEITSUCHEND, address=ADDRESS)


@pytest.fixture
def day_db(tmp_path):
    """Tuesday 10 March 2026: Anna's appointment of today (09:15) has just ended; Jörg (U25, monthly) is
    overdue since 21 February and comes on Friday; Ayşe is new (never counselled)."""
    path = tmp_path / "tag.db"
    cw = Caseworker(name="Frau Sabine Krüger", office="Jobcenter Musterstadt\nBeispielstraße 1\n12345 Musterstadt",
                    room="2.14", phone="01234 5678-90", email="s.krueger@example.org", pattern=default_pattern(39.0))
    with Caseload.create(path, cw) as c:
        c.add_customers([ANNA, JOERG, NEW])
        c.add_contacts([
            Contact(ANNA.customer_no, berlin(2025, 10, 1, 9, 0), Channel.PERSOENLICH, ContactKind.BERATUNG),
            Contact(JOERG.customer_no, berlin(2026, 1, 20, 9, 0), Channel.PERSOENLICH, ContactKind.BERATUNG),
        ])
        c.add_appointments([
            Appointment(ANNA.customer_no, berlin(2026, 3, 10, 9, 15), berlin(2026, 3, 10, 10, 0)),
            Appointment(JOERG.customer_no, berlin(2026, 3, 13, 9, 0), berlin(2026, 3, 13, 9, 45)),
        ])
        approve_bundled_legal_texts(c)
    return path


@pytest.fixture
def day(day_db):
    with Caseload.open(day_db) as c:
        yield c


def choose(qtbot, window, customer):
    """Select the customer in the list and wait until their file shows."""
    assert window.select_customer(customer.customer_no)
    qtbot.waitUntil(lambda: window.shown_file() is not None
                    and window.shown_file().customer.customer_no == customer.customer_no, timeout=5000)
    window.ui.customerTable.setFocus()
    window.activateWindow()


def wait_dialog(qtbot, window, kind):
    qtbot.waitUntil(lambda: isinstance(window.flows.dialog, kind) and window.flows.dialog.isVisible(), timeout=5000)
    dialog = window.flows.dialog
    dialog.activateWindow()  # the offscreen platform does not activate a new window by itself
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    return dialog


def wait_preview(qtbot, window):
    qtbot.waitUntil(lambda: window.flows.preview is not None and window.flows.preview.isVisible(), timeout=5000)
    return window.flows.preview


def pdf_text(path) -> str:
    """The PDF's words, spaced once (a printer's PDF may separate words by tabs)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(str(path)).pages).split())


def test_the_whole_moment_takes_four_keystrokes_from_strg_enter_to_the_printed_letter(
        qtbot, day, boxes, printing, tmp_path):
    # The real print dialog (Qt's own), printing to a PDF file instead of paper.
    dialogs = GuiDialogs(boxes.show_error, boxes.ask,
                         PrintDialogs(choose_printer=choose_printer_dialog, save_file=printing.save_file,
                                      printer=printing.printer))
    window = open_window(qtbot, day, boxes, dialogs)
    choose(qtbot, window, ANNA)
    keys = 0

    qtbot.keyClick(window.ui.customerTable, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    keys += 1
    dialog = wait_dialog(qtbot, window, ConcludeDialog)
    assert dialog.picker.list.hasFocus() and dialog.picker.list.currentRow() == 0, "the best proposal is selected"
    best = dialog.picker.selected_start()
    assert dialog.hold.isChecked() and "09:15" in dialog.hold.text(), "today's appointment is the one held"
    assert dialog.request().channel is Channel.PERSOENLICH and dialog.request().kind is ContactKind.BERATUNG

    qtbot.keyClick(dialog.picker.list, Qt.Key.Key_Return)
    keys += 1
    preview = wait_preview(qtbot, window)

    def press_enter_in_the_print_dialog():
        QTimer.singleShot(300, lambda: qtbot.keyClick(QApplication.activeModalWidget(), Qt.Key.Key_Return))

    press_enter_in_the_print_dialog()
    qtbot.keyClick(preview, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    keys += 2  # Strg+P, then Enter in the print dialog
    qtbot.waitUntil(lambda: (tmp_path / "gedruckt.pdf").exists(), timeout=5000)
    assert keys <= 5 and boxes.shown == []

    [held] = [a for a in day.appointments(customer_no=ANNA.customer_no) if a.start == berlin(2026, 3, 10, 9, 15)]
    assert held.status is AppointmentStatus.HELD
    [booked] = day.appointments(customer_no=ANNA.customer_no, statuses=[AppointmentStatus.BOOKED])
    assert booked.start == best
    contact = day.contacts(ANNA.customer_no)[-1]
    assert (contact.kind, contact.channel, contact.at) == (ContactKind.BERATUNG, Channel.PERSOENLICH, NOW)
    text = pdf_text(tmp_path / "gedruckt.pdf")
    assert "Frau Anna Schäfer" in text and long_date(booked.start.date()) in text
    window.desk.runner.wait()


def test_escape_before_booking_leaves_everything_as_it_was(qtbot, window, day):
    from tests.cli.helpers import snapshot

    before = snapshot(day.path)
    choose(qtbot, window, ANNA)
    window.actions["conclude"].trigger()
    dialog = wait_dialog(qtbot, window, ConcludeDialog)
    qtbot.keyClick(dialog.picker.list, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.flows.dialog is None, timeout=3000)
    window.desk.runner.wait()
    assert snapshot(day.path) == before


def test_another_proposal_is_one_arrow_key_away_and_a_deviation_is_stored_and_shown(qtbot, window, day):
    choose(qtbot, window, ANNA)
    window.actions["conclude"].trigger()
    dialog = wait_dialog(qtbot, window, ConcludeDialog)
    second = dialog.picker.list.item(1).data(Qt.ItemDataRole.UserRole)[0]
    qtbot.keyClick(dialog.picker.list, Qt.Key.Key_Down)
    assert dialog.picker.selected_start() == second
    dialog.deviate.setChecked(True)
    dialog.deviation_date.setDate(dialog.deviation_date.date().addDays(30))
    type_text(qtbot, dialog.deviation_reason, "Maßnahme beginnt im April")
    dialog.only_button.click()  # no booking: the deviation alone
    qtbot.waitUntil(lambda: window.flows.dialog is None, timeout=3000)
    qtbot.waitUntil(lambda: "Maßnahme beginnt im April" in window.file_view.due.text(), timeout=5000)
    contact = day.contacts(ANNA.customer_no)[-1]
    assert contact.deviation is not None and contact.deviation.reason == "Maßnahme beginnt im April"
    assert day.appointments(customer_no=ANNA.customer_no, statuses=[AppointmentStatus.BOOKED]) == []


def test_a_deviation_without_a_reason_is_marked_at_its_field(qtbot, window, day):
    choose(qtbot, window, ANNA)
    window.actions["conclude"].trigger()
    dialog = wait_dialog(qtbot, window, ConcludeDialog)
    dialog.deviate.setChecked(True)
    dialog.book_button.click()
    assert dialog.isVisible() and "Grund" in dialog.deviation_reason.toolTip()
    assert day.contacts(ANNA.customer_no)[-1].at != NOW


def test_termin_vorschlagen_books_the_selected_proposal_and_shows_the_letter(qtbot, window, day, printing, tmp_path):
    choose(qtbot, window, JOERG)
    qtbot.keyClick(window.ui.customerTable, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    dialog = wait_dialog(qtbot, window, ProposeDialog)
    start = dialog.picker.selected_start()
    dialog.picker.purposes[next(iter(dialog.picker.purposes))].setChecked(True)  # Berufsberatung too
    qtbot.keyClick(dialog.picker.list, Qt.Key.Key_Return)
    preview = wait_preview(qtbot, window)
    booked = [a for a in day.appointments(customer_no=JOERG.customer_no) if a.start == start]
    assert len(booked) == 1 and len(booked[0].purposes) == 2
    qtbot.keyClick(preview, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: printing.answer_file.exists(), timeout=5000)
    assert "Weiß-Müller" in pdf_text(printing.answer_file)
    printing.answer_file = tmp_path / "fuer-den-kunden.ics"  # the calendar file, on request
    preview.calendar_button.click()
    qtbot.waitUntil(lambda: printing.answer_file.exists(), timeout=5000)
    assert f"DTSTART;TZID=Europe/Berlin:{start:%Y%m%dT%H%M}" in printing.answer_file.read_text(encoding="utf-8")


def test_an_erstgespraech_is_offered_within_the_lead_time(qtbot, window, day):
    choose(qtbot, window, NEW)
    window.actions["first"].trigger()
    dialog = wait_dialog(qtbot, window, ProposeDialog)
    assert dialog.postal.isChecked(), "a new customer is invited by post"
    dialog.only_button.click()
    qtbot.waitUntil(lambda: day.appointments(customer_no=NEW.customer_no) != [], timeout=5000)
    [first] = day.appointments(customer_no=NEW.customer_no)
    assert first.kind.value == "erstgespraech"


def test_a_miss_is_recorded_and_the_new_invitation_is_one_keystroke_away(qtbot, window, day):
    choose(qtbot, window, ANNA)  # today's appointment (09:15) is selected in the file
    assert window.file_view.selected_appointment().start == berlin(2026, 3, 10, 9, 15)
    window.actions["missed"].trigger()
    reason = wait_dialog(qtbot, window, ReasonDialog)
    assert reason.text() == "nicht erschienen"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # where the keyboard focus is: the field
    again = wait_dialog(qtbot, window, ProposeDialog)
    assert again.mode == "again" and again.postal.isChecked()
    start = again.picker.selected_start()
    qtbot.keyClick(again.picker.list, Qt.Key.Key_Return)
    wait_preview(qtbot, window)
    statuses = {a.start: a.status for a in day.appointments(customer_no=ANNA.customer_no)}
    assert statuses[berlin(2026, 3, 10, 9, 15)] is AppointmentStatus.MISSED
    assert statuses[start] is AppointmentStatus.BOOKED


def test_erschienen_records_the_conversation(qtbot, window, day):
    choose(qtbot, window, ANNA)
    window.actions["held"].trigger()
    qtbot.waitUntil(lambda: day.appointment(window.file_view.selected_appointment().id).status
                    is AppointmentStatus.HELD, timeout=5000)
    assert day.contacts(ANNA.customer_no)[-1].at == berlin(2026, 3, 10, 9, 15)


def test_termin_entries_are_disabled_without_a_booked_appointment_and_say_why(qtbot, window):
    choose(qtbot, window, NEW)  # nothing booked
    for key in ("held", "missed", "excused", "cancel", "print", "save_ics"):
        action = window.actions[key]
        assert not action.isEnabled() and "Bitte wählen Sie zuerst einen gebuchten Termin aus" in action.statusTip()
    assert window.actions["conclude"].isEnabled()


def test_a_new_customer_is_checked_field_by_field_and_then_stored(qtbot, window, day):
    qtbot.keyClick(window.ui.customerTable, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = wait_dialog(qtbot, window, CustomerDialog)
    type_text(qtbot, dialog.fields["Kundennummer"], "444D000004")
    type_text(qtbot, dialog.fields["Nachname"], "Groß")
    type_text(qtbot, dialog.fields["Vorname"], "Björn")
    type_text(qtbot, dialog.fields["Geburtsdatum"], "31.02.1990")
    type_text(qtbot, dialog.fields["PLZ"], "123")
    dialog.submitted.emit(dialog.values())
    qtbot.waitUntil(lambda: "Geburtsdatum" in dialog.errors.marked(), timeout=5000)
    marked = dialog.errors.marked()
    assert marked["Geburtsdatum"] == "»31.02.1990« ist kein gültiges Datum (erwartet TT.MM.JJJJ)."
    assert "PLZ" in marked and day.find_customer("444D000004") is None
    dialog.fields["Geburtsdatum"].clear()
    type_text(qtbot, dialog.fields["Geburtsdatum"], "28.02.1990")
    dialog.fields["PLZ"].clear()
    dialog.submitted.emit(dialog.values())
    qtbot.waitUntil(lambda: day.find_customer("444D000004") is not None, timeout=5000)
    qtbot.waitUntil(lambda: window.current_customer() == "444D000004", timeout=5000)
    assert day.find_customer("444D000004").first_name == "Björn"


def test_editing_a_customer_that_changed_meanwhile_is_refused_and_nothing_is_overwritten(qtbot, window, day, boxes):
    import dataclasses

    choose(qtbot, window, JOERG)
    qtbot.keyClick(window.ui.customerTable, Qt.Key.Key_F2)
    dialog = wait_dialog(qtbot, window, CustomerDialog)
    dialog.fields["Notiz"].setPlainText("im Fenster geschrieben")
    day.update_customer(dataclasses.replace(JOERG, notes="von einem Befehl geschrieben"))  # meanwhile elsewhere
    dialog.submitted.emit(dialog.values())
    qtbot.waitUntil(lambda: boxes.shown != [], timeout=5000)
    assert "inzwischen an anderer Stelle geändert" in boxes.shown[0][1]
    assert day.customer(JOERG.customer_no).notes == "von einem Befehl geschrieben"


def test_overdue_customers_are_marked_by_colour_and_text_and_counted(window):
    from terminassistent.gui.customer_table import STATE_COLUMN

    model = window.proxy
    rows = {model.index(r, 0).data(): r for r in range(model.rowCount())}
    state = {name: model.index(r, STATE_COLUMN).data() for name, r in rows.items()}
    assert state == {"Weiß-Müller, Jörg": "⚠ überfällig", "Özdemir, Ayşe": "● sofort fällig",
                     "Schäfer, Anna": "◔ bald fällig"}
    tints = {name: model.index(r, 0).data(Qt.ItemDataRole.BackgroundRole).name() for name, r in rows.items()}
    assert len(set(tints.values())) == 3, "each state has its own tint besides its symbol and word"
    assert window.overdue_label.text() == "⚠ 1 überfällig"


def test_a_command_run_while_the_window_is_open_shows_in_the_window(qtbot, day, day_db, boxes, gui_dialogs, capsys):
    from terminassistent.cli import main
    from terminassistent.services.context import fixed_clock

    window = open_window(qtbot, day, boxes, gui_dialogs, watch_ms=200)
    choose(qtbot, window, NEW)
    assert window.shown_file().next_appointment is None
    code = main(["book", "--db", str(day_db), "--customer", NEW.customer_no, "--start", "2026-03-12T10:00:00+01:00"],
                clock=fixed_clock(NOW))
    assert code == 0, capsys.readouterr().err
    qtbot.waitUntil(lambda: window.shown_file().next_appointment is not None, timeout=2000)  # within two seconds
    from terminassistent.gui.customer_table import column_of_title

    row = window.model.row_of(NEW.customer_no)
    assert window.model.index(row, column_of_title("Nächster Termin")).data() == "Do 12.03.2026 10:00"
    window.desk.stop()
    window.desk.runner.wait()
    QApplication.processEvents()


def test_a_window_left_open_past_midnight_knows_it_is_a_new_day(qtbot, day, boxes, gui_dialogs):
    from terminassistent.services.context import Context

    moments = [NOW]
    desk = Desk(Context(day, lambda: moments[0]), show_error=boxes.show_error, watch_ms=0)
    window = MainWindow(desk, gui_dialogs)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded, timeout=5000):
        window.reload()
    desk.look()
    desk.runner.wait()
    QApplication.processEvents()
    moments[0] = NOW + dt.timedelta(days=30)  # the caseworker comes back a month later
    with qtbot.waitSignal(window.loaded, timeout=5000):
        desk.look()
    assert window.today == (NOW + dt.timedelta(days=30)).date()
    desk.runner.wait()
    QApplication.processEvents()


def test_enter_on_a_row_goes_to_the_customers_file(qtbot, window):
    choose(qtbot, window, JOERG)
    qtbot.keyClick(window.ui.customerTable, Qt.Key.Key_Return)
    assert window.file_view.appointments.hasFocus()
    assert window.file_view.selected_appointment().start == berlin(2026, 3, 13, 9, 0)  # the next one booked


def test_the_calendar_file_of_the_selected_appointment_is_saved(qtbot, window, printing, tmp_path):
    printing.answer_file = tmp_path / "termin.ics"
    choose(qtbot, window, JOERG)
    window.actions["save_ics"].trigger()
    qtbot.waitUntil(printing.answer_file.exists, timeout=5000)
    text = printing.answer_file.read_text(encoding="utf-8")
    assert "BEGIN:VEVENT" in text and "20260313T" in text


def test_every_dialog_fits_on_the_screen(qtbot, window):
    screen = window.screen().availableGeometry()
    choose(qtbot, window, ANNA)
    for key, kind in (("conclude", ConcludeDialog), ("propose", ProposeDialog), ("new_customer", CustomerDialog),
                      ("edit_customer", CustomerDialog)):
        window.actions[key].trigger()
        dialog = wait_dialog(qtbot, window, kind)
        assert dialog.frameGeometry().width() <= screen.width(), key
        assert dialog.sizeHint().height() <= screen.height(), key
        dialog.reject()
        qtbot.waitUntil(lambda: window.flows.dialog is None, timeout=3000)


def test_the_entries_of_the_desktop_contract_have_their_names_and_shortcuts(window):
    from PySide6.QtGui import QKeySequence

    from terminassistent.gui.actions import ENTRIES

    contract = {  # ../shared/DESKTOP.md, for the entries this window has
        "Beenden": "Ctrl+Q", "Suchen…": "Ctrl+F", "Kunden": "Ctrl+1", "Gespräch abschließen…": "Ctrl+Return",
        "Termin vorschlagen…": "Ctrl+T", "Erstgespräch vereinbaren…": "", "Neuer Kunde…": "Ctrl+N",
        "Kunde bearbeiten…": "F2", "Kundenakte": "Return", "Erschienen": "", "Versäumt…": "", "Entschuldigt…": "",
        "Absagen…": "", "Einladung drucken…": "Ctrl+P", "Kalenderdatei speichern…": "",
    }
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
    for entry in ENTRIES:
        action = window.actions[entry.key]
        assert action in menus[entry.menu].actions()
        if entry.text in contract:
            assert action.shortcut() == QKeySequence(contract[entry.text]), entry.text
    assert set(contract) <= {e.text for e in ENTRIES}
