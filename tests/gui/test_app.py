"""run_desktop: which caseload opens, and every refusal as a German message box with exit code 1."""

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from terminassistent.app import Dialogs, run_desktop
from terminassistent.gui.main_window import MainWindow
from terminassistent.paths import default_database
from terminassistent.storage import Caseload
from terminassistent.storage.database import WindowLock

pytestmark = pytest.mark.gui


@pytest.fixture
def dialogs(boxes):
    return Dialogs(boxes.show_error, boxes.ask)


def close_main_window_once_loaded(seen):
    """Scheduled before run_desktop: notes what the window shows, then closes it (ends app.exec)."""

    def close(window):
        seen.append((window.windowTitle(), window.count_label.text()))
        window.close()

    def find_window():
        [window] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if window.overview is not None:
            close(window)
        else:
            window.loaded.connect(lambda: close(window))
            window.load_failed.connect(window.close)

    QTimer.singleShot(0, find_window)


def test_the_window_opens_on_the_given_database_and_releases_it_on_exit(qapp, db_path, dialogs, boxes):
    seen = []
    close_main_window_once_loaded(seen)
    assert run_desktop(db=str(db_path), demo=False, dialogs=dialogs) == 0
    assert seen == [("Terminassistent – Frau Sabine Krüger", "6 Kunden")]
    assert boxes.shown == []
    Caseload.open(db_path).close()  # closed and unlocked


def test_a_missing_database_is_refused_and_not_created(qapp, tmp_path, dialogs, boxes):
    missing = tmp_path / "gibtesnicht.db"
    assert run_desktop(db=str(missing), demo=False, dialogs=dialogs) == 1
    [(title, message)] = boxes.shown
    assert title == "Bestand kann nicht geöffnet werden"
    assert "gibt es nicht" in message and str(missing) in message
    assert not missing.exists()


def test_a_file_that_is_no_database_is_refused(qapp, tmp_path, dialogs, boxes):
    letter = tmp_path / "brief.db"
    letter.write_text("Sehr geehrte Frau Özdemir, …", encoding="utf-8")
    assert run_desktop(db=str(letter), demo=False, dialogs=dialogs) == 1
    assert "keine Terminassistent-Datenbank" in boxes.shown[0][1]


def test_a_database_another_window_holds_is_refused_and_nothing_waits(qapp, db_path, dialogs, boxes):
    other_window = WindowLock(db_path)
    other_window.acquire()
    try:
        boxes.answer = False  # "Beenden"
        assert run_desktop(db=str(db_path), demo=False, dialogs=dialogs) == 1
    finally:
        other_window.release()
    [(title, message)] = boxes.asked
    assert title == "Bestand schon geöffnet" and "schon in einem anderen Terminassistent-Fenster" in message
    assert str(db_path) in message and boxes.shown == []


def test_without_a_default_database_the_first_start_wizard_asks_and_quitting_creates_nothing(qapp, boxes):
    offered = []
    dialogs = Dialogs(boxes.show_error, boxes.ask, first_start=lambda path: offered.append(path))  # "Beenden"
    assert run_desktop(db=None, demo=False, dialogs=dialogs) == 1
    assert offered == [default_database()]
    assert not default_database().exists() and boxes.shown == []


def test_an_existing_default_database_opens_without_asking(qapp, db_path, dialogs, boxes):
    default_database().parent.mkdir(parents=True)
    db_path.rename(default_database())
    seen = []
    close_main_window_once_loaded(seen)
    assert run_desktop(db=None, demo=False, dialogs=dialogs) == 0
    assert boxes.asked == [] and seen[0][1] == "6 Kunden"


def test_the_demo_opens_a_fresh_caseload_that_is_gone_afterwards(qapp, dialogs, boxes, monkeypatch, tmp_path):
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # re-read TMPDIR
    seen = []
    close_main_window_once_loaded(seen)
    assert run_desktop(db=None, demo=True, dialogs=dialogs) == 0
    assert boxes.shown == [] and boxes.asked == []
    assert seen and seen[0][1].endswith("Kunden") and seen[0][1] != "Noch keine Kunden im Bestand"
    assert list((tmp_path / "tmp").iterdir()) == []  # the temporary caseload is deleted
