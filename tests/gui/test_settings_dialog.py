"""Datei > Einstellungen… (Strg+,) driven through the window: every page, a bad value refused at
its field as it is typed and again on OK (nothing stored), good values stored, all changes of one
OK as one action that one Rückgängig takes back whole."""

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QSpinBox

from terminassistent import settings as S
from terminassistent.domain.model import TimeRange
from terminassistent.gui.flows import GuiDialogs
from terminassistent.gui.settings_dialog import SettingsDialog
from terminassistent.gui.settings_fields import SettingField

from .conftest import type_text
from .test_flows import open_window, wait_dialog

pytestmark = pytest.mark.gui


@pytest.fixture
def picked():
    return {"path": None}


@pytest.fixture
def window(qtbot, caseload, boxes, printing, picked):
    w = open_window(qtbot, caseload, boxes, GuiDialogs(boxes.show_error, boxes.ask, printing.dialogs()))
    w.caseload_flows.pick = lambda *_: picked["path"]
    yield w
    w.desk.stop()
    w.desk.runner.wait()
    QApplication.processEvents()


def open_settings(qtbot, window) -> SettingsDialog:
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    return wait_dialog(qtbot, window, SettingsDialog)


def page(dialog, title):
    [row] = [i for i in range(dialog.pages.count()) if dialog.pages.item(i).text() == title]
    dialog.pages.setCurrentRow(row)
    return row


def retype(qtbot, widget, text):
    """Select the field's text, type over it and leave it with Tab, as a caseworker finishes a value
    (Enter would press OK)."""
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    type_text(qtbot, widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)


def closed(dialog) -> bool:
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def press_ok(qtbot, dialog):
    qtbot.keyClick(dialog.ok_button, Qt.Key.Key_Return)


def test_every_setting_of_the_registry_has_its_widget_on_a_page(qtbot, window):
    dialog = open_settings(qtbot, window)
    assert set(dialog.fields) == {s.key for s in S.SETTINGS}
    assert [dialog.pages.item(i).text() for i in range(dialog.pages.count())] == [
        "Person und Dienststelle", "Arbeitszeit", "Feiertage", "Kontaktdichtekonzept", "Termine", "Brief",
        "Kalender", "Datenschutz"]
    spin = dialog.fields[S.MAX_PER_DAY.key].editor
    assert isinstance(spin, QSpinBox) and (spin.minimum(), spin.maximum(), spin.value()) == (1, 20, 7)
    assert isinstance(dialog.fields[S.CALENDAR_PERSON.key].editor, QComboBox)
    approved = dialog.fields[S.LEGAL_APPROVED_BY.key]
    assert approved.read_only and approved.editor.text() == "Dr. Maria Beispiel, Rechtsabteilung"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)


def test_person_and_several_pages_are_stored_in_one_action_that_one_undo_takes_back(qtbot, window, caseload):
    before_cw, before_slot = caseload.caseworker(), S.get(caseload, S.SLOT_MINUTES.key)
    dialog = open_settings(qtbot, window)
    retype(qtbot, dialog.person.widgets["room"], "B.204")
    retype(qtbot, dialog.person.widgets["email"], "sabine.krueger@jobcenter-musterstadt.de")
    page(dialog, "Arbeitszeit")
    retype(qtbot, dialog.work.days["fr"], "08:00-12:00")
    page(dialog, "Termine")
    dialog.fields[S.SLOT_MINUTES.key].editor.setValue(30)
    page(dialog, "Kalender")
    dialog.fields[S.CALENDAR_PERSON.key].editor.setCurrentText("kundennummer")
    press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: closed(dialog), timeout=5000)
    cw = caseload.caseworker()
    assert (cw.room, cw.email) == ("B.204", "sabine.krueger@jobcenter-musterstadt.de")
    assert cw.pattern == {**before_cw.pattern, 4: (TimeRange.parse("08:00-12:00"),)}
    assert S.get(caseload, S.SLOT_MINUTES.key) == 30 and S.get(caseload, S.CALENDAR_PERSON.key) == "kundennummer"
    qtbot.waitUntil(lambda: window.actions["undo"].text() == "Rückgängig: Einstellungen ändern", timeout=5000)
    window.actions["undo"].trigger()
    qtbot.waitUntil(lambda: caseload.caseworker() == before_cw, timeout=5000)
    assert S.get(caseload, S.SLOT_MINUTES.key) == before_slot
    assert S.get(caseload, S.CALENDAR_PERSON.key) == "initialen"


def test_a_bad_value_is_marked_at_its_field_as_typed_and_nothing_is_stored(qtbot, window, caseload):
    before_cw = caseload.caseworker()
    dialog = open_settings(qtbot, window)
    retype(qtbot, dialog.person.widgets["room"], "C.1")
    page(dialog, "Arbeitszeit")
    retype(qtbot, dialog.work.days["mo"], "07:30-12:00, 11:00-16:00")
    assert "überschneiden sich" in dialog.errors.marked()["pattern.mo"]
    page(dialog, "Brief")
    logo = dialog.fields[S.LOGO.key].editor
    retype(qtbot, logo, "/nirgends/logo.png")
    assert "»/nirgends/logo.png« gibt es nicht" in dialog.errors.marked()[S.LOGO.key]
    press_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert set(dialog.errors.marked()) == {"pattern.mo", S.LOGO.key}
    assert dialog.pages.currentItem().text() == "Arbeitszeit"  # the page of the first bad field
    assert caseload.caseworker() == before_cw and S.get(caseload, S.LOGO.key) == ""
    retype(qtbot, dialog.work.days["mo"], "07:30-12:00")
    assert "pattern.mo" not in dialog.errors.marked()
    retype(qtbot, logo, "")
    press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: closed(dialog), timeout=5000)
    assert caseload.caseworker().room == "C.1"
    assert caseload.caseworker().pattern[0] == (TimeRange.parse("07:30-12:00"),)


def test_a_policy_file_is_checked_when_chosen_with_every_problem_listed(qtbot, window, caseload, tmp_path, picked):
    broken = tmp_path / "konzept.toml"
    broken.write_text('id = "eigen"\ntitle = 3\n', encoding="utf-8")
    dialog = open_settings(qtbot, window)
    page(dialog, "Kontaktdichtekonzept")
    picked["path"] = str(broken)
    dialog.findChild(type(dialog.ok_button), f"pick_{S.POLICY_FILE.key}").click()
    assert dialog.fields[S.POLICY_FILE.key].editor.text() == str(broken)
    marked = dialog.errors.marked()[S.POLICY_FILE.key]  # validated on choice, every problem listed
    assert "konzept.toml" in marked and "title" in marked
    press_ok(qtbot, dialog)
    window.desk.runner.wait()
    QApplication.processEvents()
    assert dialog.isVisible() and S.get(caseload, S.POLICY_FILE.key) == ""


def test_details_changed_elsewhere_meanwhile_are_not_overwritten(qtbot, window, caseload, boxes):
    import dataclasses

    dialog = open_settings(qtbot, window)
    retype(qtbot, dialog.person.widgets["room"], "B.1")
    caseload.save_caseworker(dataclasses.replace(caseload.caseworker(), room="C.3"))  # another window or command
    press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: bool(boxes.shown), timeout=5000)
    assert boxes.shown[0][0] == "Einstellungen nicht gespeichert"
    assert "an anderer Stelle geändert" in boxes.shown[0][1]
    assert caseload.caseworker().room == "C.3"


def test_a_wrongly_stored_value_is_shown_at_its_field_and_ok_puts_the_default_back(qtbot, window, caseload):
    caseload.set_setting(S.MAX_PER_DAY.key, 25)  # beyond the declared 1 to 20, e.g. written by hand
    dialog = open_settings(qtbot, window)
    assert "»25«" in dialog.errors.marked()[S.MAX_PER_DAY.key]
    assert dialog.fields[S.MAX_PER_DAY.key].editor.value() == 7
    press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: caseload.setting(S.MAX_PER_DAY.key) == 7, timeout=5000)


def test_untouched_fields_are_neither_checked_nor_sent(qtbot, window, caseload, tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG")
    S.put(caseload, S.LOGO.key, str(logo))
    caseload.set_setting(S.PURPOSES.key, ["2", "Berufsberatung"])  # other accepted spellings
    logo.unlink()  # the logo moved away meanwhile: it does not block an unrelated change
    dialog = open_settings(qtbot, window)
    boxes = dialog.fields[S.PURPOSES.key].checks
    assert boxes["vermittlung"].isChecked() and boxes["berufsberatung"].isChecked()
    retype(qtbot, dialog.person.widgets["room"], "D.4")
    assert dialog.request().settings == []
    press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: caseload.caseworker().room == "D.4", timeout=5000)
    assert caseload.setting(S.PURPOSES.key) == ["2", "Berufsberatung"] and S.get(caseload, S.LOGO.key) == str(logo)


def test_unchanged_part_time_hours_are_not_rounded_away(qtbot, window, caseload):
    import dataclasses

    caseload.save_caseworker(dataclasses.replace(caseload.caseworker(), weekly_hours=29.25))
    dialog = open_settings(qtbot, window)
    assert dialog.request().changes == {}
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)


def test_holidays_offer_only_the_regional_days_of_the_chosen_land(qtbot, window, caseload):
    dialog = open_settings(qtbot, window)
    page(dialog, "Feiertage")
    regional = dialog.fields[S.REGIONAL_HOLIDAYS.key]
    assert not regional.checks["katholisch"].isEnabled()  # Nordrhein-Westfalen
    land = dialog.holidays.land
    land.setCurrentIndex(land.findData("BY"))
    assert regional.checks["katholisch"].isEnabled() and regional.checks["augsburg"].isEnabled()
    assert "Mariä Himmelfahrt" not in dialog.holidays.listing.text()
    regional.checks["augsburg"].setChecked(True)
    assert "Augsburger Friedensfest" in dialog.holidays.listing.text() or "Friedensfest" in dialog.holidays.listing.text()
    press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: caseload.caseworker().bundesland == "BY", timeout=5000)
    assert S.get(caseload, S.REGIONAL_HOLIDAYS.key) == ("augsburg",)


def test_the_purposes_are_the_five_of_the_statute_as_check_boxes(qtbot, window, caseload):
    dialog = open_settings(qtbot, window)
    page(dialog, "Brief")
    purposes = dialog.fields[S.PURPOSES.key]
    boxes = purposes.findChildren(QCheckBox)
    assert [b.text()[:5] for b in boxes] == ["Nr. 1", "Nr. 2", "Nr. 3", "Nr. 4", "Nr. 5"]
    assert [b.isChecked() for b in boxes] == [False, True, False, False, False]
    boxes[3].setChecked(True)
    press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: S.get(caseload, S.PURPOSES.key) == ("vermittlung", "leistungsverfahren"), timeout=5000)


def test_a_field_checks_with_the_services_own_check():
    field = SettingField(S.FOOTER)
    field.set_value(["Öffnungszeiten: Mo, Di 8–12 Uhr", "Telefon 0800 4 5555 00"])
    assert field.value() == ["Öffnungszeiten: Mo, Di 8–12 Uhr", "Telefon 0800 4 5555 00"]  # commas stay
    assert field.problem() is None


def test_datenschutz_refuses_a_backup_folder_that_does_not_exist_and_stores_the_retention(qtbot, window, caseload,
                                                                                         tmp_path):
    dialog = open_settings(qtbot, window)
    page(dialog, "Datenschutz")
    folder = dialog.fields[S.BACKUP_FOLDER.key].editor
    retype(qtbot, folder, str(tmp_path / "usb-stick"))
    assert "gibt es nicht" in dialog.errors.marked()[S.BACKUP_FOLDER.key]
    (tmp_path / "usb-stick").mkdir()
    retype(qtbot, folder, str(tmp_path / "usb-stick"))
    assert S.BACKUP_FOLDER.key not in dialog.errors.marked()
    months = dialog.fields[S.RETENTION_MONTHS.key].editor
    months.setFocus()
    months.selectAll()
    qtbot.keyClicks(months, "36")
    qtbot.keyClick(months, Qt.Key.Key_Tab)
    press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: S.get(caseload, S.RETENTION_MONTHS.key) == 36, timeout=5000)
    assert S.get(caseload, S.BACKUP_FOLDER.key) == str(tmp_path / "usb-stick")
