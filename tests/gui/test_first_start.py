"""No terminal from the first start on: the wizard's three ways (a new caseload, the office's CSV
list, the demo), Datei > Neuer Bestand… and Bestand öffnen…, each driven through the real widgets
and checked on what was stored."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from terminassistent.app import Dialogs, run_desktop
from terminassistent.domain.workweek import default_pattern
from terminassistent.gui.caseload_setup import FirstStartDialog, NewCaseloadDialog, OpenRequest
from terminassistent.gui.flows import GuiDialogs
from terminassistent.gui.import_dialog import ImportDialog
from terminassistent.gui.main_window import MainWindow
from terminassistent.services.settings.new_caseload import create_caseload
from terminassistent.storage import Caseload

from .conftest import type_text
from .test_flows import open_window, wait_dialog

pytestmark = pytest.mark.gui
CSV = Path(__file__).parent.parent / "data" / "csv"


def fill_in(qtbot, form, name="Frau Petra Muster", email="petra.muster@jobcenter-musterstadt.de"):
    type_text(qtbot, form.person.widgets["name"], name)
    office = form.person.widgets["office"]
    for i, line in enumerate(("Jobcenter Musterstadt", "Team U25", "Hauptstraße 1", "12345 Musterstadt")):
        if i:
            qtbot.keyClick(office, Qt.Key.Key_Return)
        type_text(qtbot, office, line)
    type_text(qtbot, form.person.widgets["room"], "A.12")
    type_text(qtbot, form.person.widgets["phone"], "0123 456-789")
    type_text(qtbot, form.person.widgets["email"], email)


def test_a_new_caseload_from_the_wizard_holds_what_was_typed(qtbot, tmp_path):
    path = tmp_path / "daten" / "bestand.db"
    wizard = FirstStartDialog(path)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClick(wizard.new_button, Qt.Key.Key_Space)
    assert wizard.stack.currentIndex() == 1
    form = wizard.form
    fill_in(qtbot, form)
    form.land.land.setCurrentIndex(form.land.land.findData("BY"))
    form.hours.setValue(19.5)
    form.days[4].setChecked(False)  # no Friday
    form.policy.combo.setCurrentIndex(form.policy.combo.findData("aa90-jba"))
    qtbot.keyClick(wizard.create_button, Qt.Key.Key_Return)
    assert wizard.result() == FirstStartDialog.DialogCode.Accepted
    assert wizard.request == OpenRequest(path, then_import=False)
    with Caseload.open(path) as c:
        cw = c.caseworker()
    assert (cw.name, cw.room, cw.phone, cw.bundesland) == ("Frau Petra Muster", "A.12", "0123 456-789", "BY")
    assert cw.office.splitlines() == ["Jobcenter Musterstadt", "Team U25", "Hauptstraße 1", "12345 Musterstadt"]
    assert sorted(cw.pattern) == [0, 1, 2, 3] and cw.pattern == default_pattern(19.5, [0, 1, 2, 3])
    assert cw.weekly_hours == 19.5 and cw.policy_id == "aa90-jba"
    assert path.stat().st_mode & 0o777 == 0o600


def test_bad_values_are_marked_and_no_file_is_made(qtbot, tmp_path):
    path = tmp_path / "bestand.db"
    wizard = FirstStartDialog(path)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.import_button.click()
    assert wizard.create_button.text() == "Weiter zur Kundenliste"
    fill_in(qtbot, wizard.form, name="", email="petra.muster(at)jobcenter")
    for check in wizard.form.days:
        check.setChecked(False)
    qtbot.keyClick(wizard.create_button, Qt.Key.Key_Return)
    marked = wizard.form.errors.marked()
    assert set(marked) == {"name", "email", "working_days"}
    assert "»petra.muster(at)jobcenter« ist keine E-Mail-Adresse" in marked["email"]
    assert wizard.isVisible() and not path.exists()


def test_the_demo_way_asks_for_nothing_more(qtbot, tmp_path):
    wizard = FirstStartDialog(tmp_path / "bestand.db")
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.demo_button.click()
    assert wizard.request == OpenRequest(demo=True) and not (tmp_path / "bestand.db").exists()


def when(condition, then, every_ms=50, deadline_ms=20000):
    """Poll (inside app.exec) until ``condition()`` holds, then call ``then`` once; past the deadline
    every window is closed (app.exec ends) and the test fails on what it did not see."""
    waited = [0]

    def poll():
        found = condition()
        if found:
            then(found)
        elif waited[0] > deadline_ms:
            for widget in QApplication.topLevelWidgets():
                widget.close()
        else:
            waited[0] += every_ms
            QTimer.singleShot(every_ms, poll)

    QTimer.singleShot(every_ms, poll)


def main_window():
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    return shown[0] if shown and shown[0].overview is not None else None


def test_the_csv_way_creates_the_caseload_then_imports_the_list_in_the_window(qapp, tmp_path, boxes):
    path = tmp_path / "bestand.db"

    def first_start(default):
        create_caseload(path, {"name": "Frau Petra Muster"}, [0, 1, 2, 3, 4])
        return OpenRequest(path, then_import=True)

    chosen = []
    seen = []

    def choose(parent, title, file_filter):
        chosen.append(title)
        return CSV / "good.csv"

    def import_when_shown(dialog):
        dialog.import_button.click()
        when(lambda: (w := main_window()) and w.count_label.text() == "3 Kunden" and w, finish)

    def finish(window):
        seen.append(window.windowTitle())
        window.close()

    when(lambda: next((w for w in QApplication.topLevelWidgets() if isinstance(w, ImportDialog) and w.isVisible()),
                      None), import_when_shown)
    dialogs = Dialogs(boxes.show_error, boxes.ask, first_start=first_start, open_file=choose)
    assert run_desktop(db=None, demo=False, dialogs=dialogs) == 0
    assert chosen == ["Kunden importieren: CSV-Datei wählen"] and seen == ["Terminassistent – Frau Petra Muster"]
    with Caseload.open(path) as c:
        assert len(c.customers()) == 3
    assert boxes.shown == []


def test_bestand_oeffnen_shows_the_other_caseload_in_a_new_window(qapp, db_path, tmp_path, boxes):
    other = tmp_path / "zweiter.db"
    create_caseload(other, {"name": "Herr Jan Beispiel", "weekly_hours": 19.5}, [0, 1, 2])
    seen = []

    def open_other(window):
        seen.append(window.windowTitle())
        window.actions["open_caseload"].trigger()
        when(lambda: (w := main_window()) and w is not window and w, close)

    def close(window):
        seen.append((window.windowTitle(), window.count_label.text()))
        window.close()

    when(main_window, open_other)
    dialogs = Dialogs(boxes.show_error, boxes.ask, open_file=lambda *_: other)
    assert run_desktop(db=str(db_path), demo=False, dialogs=dialogs) == 0
    assert seen == ["Terminassistent – Frau Sabine Krüger", ("Terminassistent – Herr Jan Beispiel",
                                                            "Noch keine Kunden im Bestand")]
    assert boxes.shown == []


@pytest.fixture
def window(qtbot, caseload, boxes, printing):
    chosen = {"file": None}
    w = open_window(qtbot, caseload, boxes, GuiDialogs(boxes.show_error, boxes.ask, printing.dialogs(),
                                                       open_file=lambda *_: chosen["file"]))
    w.chosen = chosen
    yield w
    w.desk.stop()
    w.desk.runner.wait()
    QApplication.processEvents()


def test_a_file_that_is_no_caseload_is_refused_and_the_window_stays(qtbot, window, tmp_path, boxes):
    letter = tmp_path / "brief.db"
    letter.write_text("Sehr geehrte Frau Özdemir, …", encoding="utf-8")
    window.chosen["file"] = letter
    window.actions["open_caseload"].trigger()
    qtbot.waitUntil(lambda: bool(boxes.shown), timeout=5000)
    assert "keine Terminassistent-Datenbank" in boxes.shown[0][1]
    assert window.isVisible() and window.next_caseload is None


def test_neuer_bestand_creates_the_file_and_asks_the_window_to_open_it(qtbot, window, printing, tmp_path):
    printing.answer_file = tmp_path / "zweiter-bestand"
    window.actions["new_caseload"].trigger()
    dialog = wait_dialog(qtbot, window, NewCaseloadDialog)
    fill_in(qtbot, dialog.form, name="Herr Jan Beispiel")
    qtbot.keyClick(dialog.create_button, Qt.Key.Key_Return)
    created = tmp_path / "zweiter-bestand.db"
    qtbot.waitUntil(lambda: window.next_caseload is not None, timeout=5000)
    assert window.next_caseload == OpenRequest(created) and not window.isVisible()
    with Caseload.open(created) as c:
        assert c.caseworker().name == "Herr Jan Beispiel" and c.customers() == []


def test_neuer_bestand_never_overwrites_a_file(qtbot, window, printing, db_path):
    printing.answer_file = db_path
    before = db_path.read_bytes()
    window.actions["new_caseload"].trigger()
    dialog = wait_dialog(qtbot, window, NewCaseloadDialog)
    fill_in(qtbot, dialog.form, name="Herr Jan Beispiel")
    qtbot.keyClick(dialog.create_button, Qt.Key.Key_Return)
    assert "gibt es schon" in dialog.form.refusal.text() and dialog.isVisible()
    assert window.next_caseload is None and db_path.read_bytes() == before


def test_a_caseload_open_in_another_window_is_refused_before_this_window_closes(qtbot, window, tmp_path, boxes):
    from terminassistent.storage.database import WindowLock

    other = tmp_path / "kollegin.db"
    create_caseload(other, {"name": "Frau Eva Beispiel"}, [0, 1, 2, 3, 4])
    held = WindowLock(other)
    held.acquire()
    try:
        window.chosen["file"] = other
        window.actions["open_caseload"].trigger()
        qtbot.waitUntil(lambda: bool(boxes.shown), timeout=5000)
    finally:
        held.release()
    assert "schon in einem anderen Terminassistent-Fenster geöffnet" in boxes.shown[0][1]
    assert window.isVisible() and window.next_caseload is None
