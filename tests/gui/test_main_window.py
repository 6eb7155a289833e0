"""The main window on a small caseload: rows, search, sorting, status bar, errors."""

import datetime as dt
import threading

import pytest
from PySide6.QtCore import QPoint, Qt

from terminassistent.errors import StoreError
from terminassistent.gui.customer_table import BIRTH_DATE_COLUMN, COLUMNS, NAME_COLUMN
from terminassistent.gui.main_window import MainWindow, count_text

from .conftest import CUSTOMERS, type_text

pytestmark = pytest.mark.gui


def column_of(title):
    return [c.title for c in COLUMNS].index(title)


def shown(window, column):
    """The texts of one column, top to bottom, as the caseworker sees them."""
    model = window.ui.customerTable.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def row_of(window, customer_no):
    model = window.ui.customerTable.model()
    number = column_of("Kundennummer")
    for row in range(model.rowCount()):
        if model.index(row, number).data() == customer_no:
            return {c.title: model.index(row, i).data() for i, c in enumerate(COLUMNS)}
    raise AssertionError(f"{customer_no} not shown")


@pytest.fixture
def window(qtbot, desk, gui_dialogs):
    w = MainWindow(desk, gui_dialogs)
    qtbot.addWidget(w)
    w.resize(1200, 500)
    w.show()
    with qtbot.waitSignal(w.loaded, timeout=5000):
        w.reload()
    return w


def test_the_window_shows_every_customer_with_the_caseworker_in_the_title(window):
    assert window.windowTitle() == "Terminassistent – Frau Sabine Krüger"
    assert sorted(shown(window, column_of("Kundennummer"))) == sorted(c.customer_no for c in CUSTOMERS)
    assert window.count_label.text() == "6 Kunden"


def test_the_columns_are_german_and_in_the_agreed_order(window):
    model = window.ui.customerTable.model()
    titles = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    # The name and the due state first: what a caseworker looks for between two customers; the
    # Kundenakte beside the list shows the rest.
    assert titles == ["Name", "Kundennummer", "Kontaktdichte", "Fällig bis", "Nächster Termin", "Letzter Kontakt",
                      "Alter", "Status", "Profillage", "Merkmale", "Geburtsdatum"]


def test_a_row_reads_like_the_customer_file(window):
    joerg = row_of(window, "123A456789")
    assert joerg["Name"] == "Weiß-Müller, Jörg"
    assert joerg["Geburtsdatum"] == "28.02.2002"
    assert joerg["Alter"] == "24 (U25)"
    assert joerg["Status"] == "arbeitslos"
    assert joerg["Profillage"] == "Aktivierungsprofil"
    assert joerg["Merkmale"] == "beschäftigt, Gesundheit"
    assert joerg["Letzter Kontakt"] == "02.02.2026"  # the later Allgemeiner Vermerk does not count
    assert joerg["Nächster Termin"] == "Fr 20.03.2026 09:00"  # not the cancelled one on the 13th
    ayse = row_of(window, "987B654321")
    assert (ayse["Alter"], ayse["Profillage"], ayse["Nächster Termin"]) == ("46", "–", "kein Termin")


def test_names_are_sorted_the_german_way_at_first(window):
    assert shown(window, NAME_COLUMN) == [
        "Groß, Björn", "Mueller, Hans", "Özdemir, Ayşe", "Schäfer, Änne", "Ulrich, Zoë", "Weiß-Müller, Jörg",
    ]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("müller", {"Weiß-Müller, Jörg", "Mueller, Hans"}),  # umlaut finds both spellings
        ("MUELLER", {"Weiß-Müller, Jörg", "Mueller, Hans"}),
        ("weiss", {"Weiß-Müller, Jörg"}),  # ß = ss
        ("ozdemir", {"Özdemir, Ayşe"}),
        ("ayse", {"Özdemir, Ayşe"}),
        ("Jörg Weiß", {"Weiß-Müller, Jörg"}),  # first name first, words in any order
        ("änne", {"Schäfer, Änne"}),
        ("987B654321", {"Özdemir, Ayşe"}),  # Kundennummer
        ("555c", {"Mueller, Hans"}),  # part of a Kundennummer, any case
        ("24.12.1985", {"Groß, Björn"}),  # birth date
        ("niemand", set()),
    ],
)
def test_the_search_field_filters_by_name_and_kundennummer(window, qtbot, typed, expected):
    type_text(qtbot, window.ui.searchField, typed)
    assert window.ui.searchField.text() == typed
    assert set(shown(window, NAME_COLUMN)) == expected
    assert window.count_label.text() == f"{len(expected)} von 6 Kunden"


def test_clearing_the_search_shows_everyone_again(window, qtbot):
    type_text(qtbot, window.ui.searchField, "müller")
    qtbot.keyClick(window.ui.searchField, Qt.Key.Key_Escape)
    assert window.ui.searchField.text() == ""
    assert window.count_label.text() == "6 Kunden"


def click_header(qtbot, window, column):
    header = window.ui.customerTable.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def test_sorting_by_birth_date_is_chronological_not_alphabetical(window, qtbot):
    click_header(qtbot, window, BIRTH_DATE_COLUMN)
    dates = shown(window, BIRTH_DATE_COLUMN)
    as_dates = [dt.datetime.strptime(d, "%d.%m.%Y").date() for d in dates]
    assert as_dates == sorted(as_dates)
    assert dates != sorted(dates)  # the fixture's dates would come out differently as text
    click_header(qtbot, window, BIRTH_DATE_COLUMN)
    assert shown(window, BIRTH_DATE_COLUMN) == list(reversed(dates))


def test_sorting_by_next_appointment_puts_dates_in_order(window):
    window.ui.customerTable.sortByColumn(column_of("Nächster Termin"), Qt.SortOrder.DescendingOrder)
    assert shown(window, column_of("Nächster Termin"))[:2] == ["Do 02.04.2026 13:15", "Fr 20.03.2026 09:00"]


def test_the_caseload_is_read_off_the_gui_thread(qtbot, desk, gui_dialogs):
    from terminassistent.services.monitoring.overview import caseload_overview

    threads = []
    w = MainWindow(desk, gui_dialogs, load=lambda ctx: (threads.append(threading.current_thread()), caseload_overview(ctx))[1])
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.loaded, timeout=5000):
        w.reload()
    assert threads and threads[0] is not threading.main_thread()


def test_a_refused_load_is_shown_in_a_german_message_box(qtbot, desk, gui_dialogs, boxes):
    def broken(ctx):
        raise StoreError("Die Datenbank »bestand.db« ist beschädigt.")

    w = MainWindow(desk, gui_dialogs, load=broken)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.load_failed, timeout=5000) as failed:
        w.reload()
    assert boxes.shown == [("Bestand nicht geladen", "Die Datenbank »bestand.db« ist beschädigt.")]
    assert failed.args == ["Die Datenbank »bestand.db« ist beschädigt."]
    assert w.actions["reload"].isEnabled()


def test_an_internal_error_is_logged_without_personal_data_and_shown_in_german(qtbot, desk, gui_dialogs, boxes):
    import logging

    who = {"name": "Weiß-Müller, Jörg", "no": "123A456789"}

    def buggy(ctx):
        raise KeyError(f"{who['name']} {who['no']}")  # a bug whose message holds personal data

    w = MainWindow(desk, gui_dialogs, load=buggy)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.load_failed, timeout=5000):
        w.reload()
    [(title, message)] = boxes.shown
    assert title == "Interner Fehler"
    assert message.startswith("Ein interner Fehler ist aufgetreten: Das Laden des Bestands ist nicht gelungen.")
    assert "Traceback" not in message
    for handler in logging.getLogger("terminassistent").handlers:
        if hasattr(handler, "baseFilename"):
            handler.flush()
            logged = open(handler.baseFilename, encoding="utf-8").read()
            assert "KeyError" in logged
            assert "Jörg" not in logged and "123A456789" not in logged


def test_an_empty_caseload_says_so(qtbot, desk, gui_dialogs):
    from terminassistent.services.monitoring.overview import Overview

    w = MainWindow(desk, gui_dialogs, load=lambda ctx: Overview("", dt.date(2026, 3, 10), ()))
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.loaded, timeout=5000):
        w.reload()
    assert w.windowTitle() == "Terminassistent"
    assert w.count_label.text() == "Noch keine Kunden im Bestand"


@pytest.mark.parametrize(
    ("shown_rows", "total", "text"),
    [(150, 150, "150 Kunden"), (12, 150, "12 von 150 Kunden"), (1, 1, "1 Kunde"), (0, 150, "0 von 150 Kunden"),
     (1200, 1200, "1.200 Kunden")],
)
def test_count_text(shown_rows, total, text):
    assert count_text(shown_rows, total) == text


def test_sorting_by_contact_density_puts_the_most_urgent_first(window):
    column = column_of("Kontaktdichte")
    window.ui.customerTable.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    states = shown(window, column)
    order = ["⚠ überfällig", "● sofort fällig", "◔ bald fällig", "✓ fristgerecht", "– keine Vorgabe"]
    assert states == sorted(states, key=order.index)
    assert len(set(states)) > 1, "the fixture must hold customers in several states"
