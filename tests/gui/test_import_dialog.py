"""Datei > Kunden importieren… driven through the window: the preview shows the first rows as the
import reads them, every problem with line, column and reason, nothing is imported while one
remains, and a clean file arrives whole, as one action, with its customers selected."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from terminassistent.gui.import_dialog import ImportDialog
from terminassistent.gui.flows import GuiDialogs
from terminassistent.services.caseload_io.csv_import import parse_caseload_csv
from terminassistent.errors import InvalidInput

from .test_flows import open_window, wait_dialog

CSV = Path(__file__).parent.parent / "data" / "csv"


@pytest.fixture
def chosen():
    return {"file": None}


@pytest.fixture
def window(qtbot, caseload, boxes, printing, chosen):
    dialogs = GuiDialogs(boxes.show_error, boxes.ask, printing.dialogs(), open_file=lambda *_: chosen["file"])
    w = open_window(qtbot, caseload, boxes, dialogs)
    yield w
    w.desk.stop()
    w.desk.runner.wait()
    QApplication.processEvents()


def cells(table):
    return [[table.item(r, c).text() if table.item(r, c) else "" for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def test_a_file_with_problems_lists_each_by_line_and_column_and_imports_nothing(qtbot, window, caseload, chosen):
    chosen["file"] = CSV / "bad.csv"
    before = len(caseload.customers())
    window.actions["import"].trigger()
    dialog = wait_dialog(qtbot, window, ImportDialog)
    with pytest.raises(InvalidInput) as refused:
        parse_caseload_csv((CSV / "bad.csv").read_bytes(), "bad.csv", today=window.desk.ctx.today())
    shown = cells(dialog.problems)
    assert len(shown) == len(refused.value.problems) > 3
    assert [f"bad.csv, Zeile {line}, Spalte »{column}«: {reason}" if column else f"bad.csv, Zeile {line}: {reason}"
            for line, column, reason in shown] == refused.value.problems
    assert shown[0][:2] == ["2", "Geburtsdatum"]  # 31.02.1990
    assert not dialog.import_button.isEnabled()
    assert cells(dialog.rows)[0][:3] == ["K-1001", "Frau", "Schäfer"]
    dialog.copy_button.click()
    assert QApplication.clipboard().text().startswith("Zeile 2\tGeburtsdatum\t")
    qtbot.keyClick(dialog.problems, Qt.Key.Key_Escape)
    assert len(caseload.customers()) == before


def test_a_clean_file_is_imported_whole_and_its_first_customer_selected(qtbot, window, caseload, chosen):
    chosen["file"] = CSV / "good.csv"
    before = {c.customer_no for c in caseload.customers()}
    window.actions["import"].trigger()
    dialog = wait_dialog(qtbot, window, ImportDialog)
    assert dialog.problems.rowCount() == 0 and dialog.import_button.isEnabled()
    assert dialog.summary.text().startswith("Keine Probleme: 3 Kunden")
    assert dialog.preview.header[0] == "Kundennummer" and len(dialog.preview.rows) == 3
    qtbot.keyClick(dialog.import_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(caseload.customers()) == len(before) + 3, timeout=5000)
    qtbot.waitUntil(lambda: window.current_customer() == "123D456789", timeout=5000)
    qtbot.waitUntil(lambda: "3 Kunden und" in window.statusBar().currentMessage(), timeout=5000)
    undo = window.actions["undo"]
    qtbot.waitUntil(lambda: undo.text() == "Rückgängig: Kunden aus »good.csv« importieren (3)", timeout=5000)


def test_a_second_import_of_the_same_file_names_every_number_already_there(qtbot, window, caseload, chosen):
    chosen["file"] = CSV / "good.csv"
    window.actions["import"].trigger()
    qtbot.keyClick(wait_dialog(qtbot, window, ImportDialog).import_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: caseload.find_customer("123D456789") is not None, timeout=5000)
    qtbot.waitUntil(lambda: window.flows.dialog is None, timeout=3000)
    window.actions["import"].trigger()
    dialog = wait_dialog(qtbot, window, ImportDialog)
    assert [row[1] for row in cells(dialog.problems)] == ["Kundennummer"] * 3
    assert "ist schon im Bestand" in cells(dialog.problems)[0][2] and not dialog.import_button.isEnabled()
