"""The desktop on an encrypted caseload: the passphrase asked in a small dialog when the keyring has none."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialogButtonBox  # noqa: E402

from terminassistent.gui.unlock import UnlockDialog, install  # noqa: E402
from terminassistent.storage import Caseload, cipher  # noqa: E402
from tests.services.handmade import build  # noqa: E402

pytestmark = pytest.mark.gui
PASSPHRASE = "Gaensebluemchen 42"  # typed with QTest, which knows no umlaut keys


@pytest.fixture
def encrypted(tmp_path):
    build(tmp_path / "hand.db").close()
    cipher.export_copy(tmp_path / "hand.db", tmp_path / "geheim.db", source_key=None, target_key=PASSPHRASE)
    return tmp_path / "geheim.db"


def press_open(dialog):
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def test_a_wrong_passphrase_is_said_in_the_dialog_which_stays_open(qtbot, encrypted, no_keyring):
    dialog = UnlockDialog(encrypted)
    qtbot.addWidget(dialog)
    dialog.show()
    assert str(encrypted) in dialog.findChildren(type(dialog.problem))[0].text()
    assert not dialog.remember.isVisible(), "no keyring: nothing to offer"
    qtbot.keyClicks(dialog.passphrase, "Gaensebluemchen 43")
    press_open(dialog)
    assert dialog.isVisible() and dialog.problem.isVisible()
    assert "öffnet den Bestand nicht" in dialog.problem.text()
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert not dialog.isVisible() and dialog.key() == PASSPHRASE


def test_the_passphrase_can_be_kept_in_the_keyring(qtbot, encrypted, keyring_in_memory):
    dialog = UnlockDialog(encrypted)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.remember.isVisible()
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    dialog.remember.setChecked(True)
    press_open(dialog)
    assert list(keyring_in_memory.values()) == [PASSPHRASE]


def test_opening_an_encrypted_caseload_asks_in_the_dialog_and_opens_it(qtbot, encrypted, no_keyring):
    install()

    def type_it():
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, UnlockDialog) and w.isVisible())
        qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
        press_open(dialog)

    QTimer.singleShot(50, type_it)
    with Caseload.open(encrypted) as caseload:
        assert caseload.customer_count() == 6 and caseload.key == PASSPHRASE


def test_cancelling_the_dialog_opens_nothing_and_says_why(qtbot, encrypted, no_keyring):
    from terminassistent.storage.database import KeyMissing

    install()

    def cancel():
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, UnlockDialog) and w.isVisible())
        dialog.reject()

    QTimer.singleShot(50, cancel)
    with pytest.raises(KeyMissing, match="ist verschlüsselt; ohne sein Passwort kann er nicht geöffnet werden"):
        Caseload.open(encrypted)
