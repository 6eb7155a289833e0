"""GUI tests run offscreen (no display needed) on a small caseload with umlauts."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt window exists

import datetime as dt  # noqa: E402

import pytest  # noqa: E402

from terminassistent.domain.model import (  # noqa: E402
    BERLIN,
    Appointment,
    AppointmentStatus,
    Caseworker,
    Channel,
    Contact,
    ContactKind,
    Customer,
    Flag,
    Profile,
    Status,
)
from terminassistent import settings as S  # noqa: E402
from terminassistent.documents.legal_files import fingerprint  # noqa: E402
from terminassistent.paths import resources_dir  # noqa: E402
from terminassistent.storage import Caseload  # noqa: E402
from tests.context import ctx

TODAY = dt.date(2026, 3, 10)  # a Tuesday


def berlin(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BERLIN)


def customer(no, last, first, born, status, profile=None, flags=()):
    return Customer(no, last, first, born, status, profile, frozenset(flags))


# Birth dates chosen so that sorting them as text (by day first) is not chronological.
CUSTOMERS = [
    customer("123A456789", "Weiß-Müller", "Jörg", dt.date(2002, 2, 28), Status.ARBEITSLOS, Profile.AKTIVIERUNG,
             (Flag.GESUNDHEIT, Flag.BESCHAEFTIGT)),
    customer("987B654321", "Özdemir", "Ayşe", dt.date(1979, 11, 5), Status.NICHT_GESETZT),
    customer("555C000111", "Mueller", "Hans", dt.date(1990, 1, 15), Status.ARBEITSUCHEND, Profile.MARKT),
    customer("444D222333", "Schäfer", "Änne", dt.date(1965, 7, 1), Status.ARBEITSLOS, Profile.FOERDER,
             (Flag.FALLMANAGEMENT,)),
    customer("111E999888", "Ulrich", "Zoë", dt.date(2009, 5, 20), Status.ARBEITSUCHEND, None, (Flag.SCHUELER,)),
    customer("222F777666", "Groß", "Björn", dt.date(1985, 12, 24), Status.ARBEITSLOS, Profile.Z),
]


def _appointment(no, start, status=AppointmentStatus.BOOKED, minutes=45):
    return Appointment(no, start, start + dt.timedelta(minutes=minutes), status=status)


@pytest.fixture(autouse=True)
def _private_data_folder(tmp_path, monkeypatch):
    """Log file and default database go to a temporary folder, never the tester's home."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "bestand.db"
    cw = Caseworker(name="Frau Sabine Krüger", office="Jobcenter Musterstadt")
    with Caseload.create(path, cw) as c:
        c.add_customers(CUSTOMERS)
        c.add_contacts([
            Contact("123A456789", berlin(2026, 2, 2, 9, 30), Channel.PERSOENLICH, ContactKind.BERATUNG),
            Contact("123A456789", berlin(2026, 3, 1, 11, 0), Channel.PERSOENLICH, ContactKind.ALLGEMEIN),
            Contact("987B654321", berlin(2025, 12, 15, 14, 0), Channel.TELEFONISCH, ContactKind.BERATUNG),
        ])
        c.add_appointments([
            _appointment("123A456789", berlin(2026, 2, 2, 9, 30), AppointmentStatus.HELD),
            _appointment("123A456789", berlin(2026, 3, 20, 9, 0)),
            _appointment("123A456789", berlin(2026, 3, 13, 9, 0), AppointmentStatus.CANCELLED),
            _appointment("444D222333", berlin(2026, 4, 2, 13, 15)),
        ])
        approve_bundled_legal_texts(c)
    return path


def approve_bundled_legal_texts(c: Caseload) -> None:
    """The Jobcenter's legal department approved the bundled texts, as before the first letter
    (tests/gui/test_safety_desk.py shows the notice and the question before printing without)."""
    S.put(c, S.LEGAL_APPROVED_BY.key, "Dr. Maria Beispiel, Rechtsabteilung")
    S.put(c, S.LEGAL_APPROVED_ON.key, "2026-03-01")
    S.put(c, S.LEGAL_APPROVED_FINGERPRINT.key, fingerprint(resources_dir() / "legal"))


@pytest.fixture
def caseload(db_path):
    with Caseload.open(db_path) as c:
        yield c


NOW = berlin(2026, 3, 10, 10, 0)  # TODAY, mid-morning


@pytest.fixture
def desk(qtbot, caseload, boxes):
    """The window's desk on the test caseload, its clock at NOW; watching the file is off (a test
    that wants it calls ``desk.look()`` or starts it)."""
    from terminassistent.gui.desk import Desk

    from PySide6.QtWidgets import QApplication

    d = Desk(ctx(caseload, NOW), show_error=boxes.show_error, watch_ms=0)
    runner = d.runner
    yield d
    runner.wait()
    QApplication.processEvents()  # the last results arrive while the caseload is still open


class FakePrinting:
    """The print and file dialogs: prints to a PDF file, saves to a chosen path, remembers each."""

    def __init__(self, folder):
        self.folder = folder
        self.printed: list = []
        self.asked_files: list[str] = []
        self.answer_file = folder / "gespeichert.pdf"
        self.confirm = True

    def dialogs(self):
        from terminassistent.gui.printing import PrintDialogs

        return PrintDialogs(choose_printer=self.choose_printer, save_file=self.save_file, printer=self.printer)

    def printer(self):
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(self.folder / "gedruckt.pdf"))
        return printer

    def choose_printer(self, parent, printer):
        self.printed.append(printer.outputFileName())
        return self.confirm

    def save_file(self, parent, title, suggested, file_filter):
        self.asked_files.append(title)
        return self.answer_file


@pytest.fixture
def printing(tmp_path):
    return FakePrinting(tmp_path)


@pytest.fixture
def gui_dialogs(boxes, printing):
    from terminassistent.gui.flows import GuiDialogs

    return GuiDialogs(boxes.show_error, boxes.ask, printing.dialogs())


class ErrorBoxes:
    """Stands in for the German message boxes; remembers what would have been shown."""

    def __init__(self):
        self.shown: list[tuple[str, str]] = []
        self.asked: list[tuple[str, str]] = []
        self.answer = False

    def show_error(self, parent, title, message):
        self.shown.append((title, message))

    def ask(self, parent, title, message, yes_label, no_label):
        self.asked.append((title, message))
        return self.answer


@pytest.fixture
def boxes():
    return ErrorBoxes()


def type_text(qtbot, widget, text):
    """Type ``text`` into ``widget`` key by key, as a person would.

    qtbot.keyClicks (QTest::keyClicks) aborts the whole process on a non-ASCII character
    ("ASSERT ... qasciikey.cpp"), so umlauts are sent as key events carrying their text.
    """
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    run = ""
    for ch in text + "\0":
        if ch.isascii() and ch != "\0":
            run += ch
            continue
        if run:
            qtbot.keyClicks(widget, run)
            run = ""
        if ch != "\0":
            QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)


def open_window(qtbot, caseload, boxes, dialogs, *, watch_ms=0):
    """The main window on ``caseload`` (its clock at NOW), shown and loaded."""
    from terminassistent.gui.desk import Desk
    from terminassistent.gui.main_window import MainWindow

    desk = Desk(ctx(caseload, NOW), show_error=boxes.show_error, watch_ms=watch_ms)
    window = MainWindow(desk, dialogs)
    qtbot.addWidget(window)
    window.resize(1400, 800)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.loaded, timeout=5000):
        window.reload()
    return window


@pytest.fixture
def window(qtbot, day, boxes, gui_dialogs):
    """The main window on the module's ``day`` caseload (tests/gui/test_flows.py's, or a module's
    own variant of it); stopped before the caseload closes."""
    from PySide6.QtWidgets import QApplication

    w = open_window(qtbot, day, boxes, gui_dialogs)
    yield w
    w.desk.stop()
    w.desk.runner.wait()
    QApplication.processEvents()  # the last results arrive while the caseload is still open
