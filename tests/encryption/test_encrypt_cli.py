"""``encrypt`` and ``decrypt`` on the command line, and every other command on an encrypted file."""

import json
import os
import stat

import pytest

from terminassistent.storage import Caseload
from terminassistent.storage.database import SQLITE_HEADER, WindowLock
from tests.cli.helpers import run, snapshot
from tests.services.handmade import LATER, MONDAY, NOW, at, build

CLOCK = lambda: NOW  # noqa: E731
PASSPHRASE = "Gänseblümchen 42"


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "daten"))
    build(tmp_path / "hand.db").close()
    return tmp_path / "hand.db"


@pytest.fixture
def key_file(tmp_path):
    path = tmp_path / "passwort.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


def encrypted(capsys, db, key_file, *more):
    code, out, err = run(capsys, "encrypt", "--db", db, "--key-file", key_file, *more, clock=CLOCK)
    assert code == 0, err
    return out


def test_an_encrypted_caseload_shows_no_personal_data_in_its_file(capsys, db, key_file, keyring_in_memory):
    before = snapshot(db)
    out = encrypted(capsys, db, key_file)
    data = db.read_bytes()
    assert not data.startswith(SQLITE_HEADER)
    assert b"KundeC-later" not in data and "Musterstadt".encode() not in data and b"C-later" not in data
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert "ist verschlüsselt (6 Kunden)" in out and "Schlüsselbund" in out and "NICHT verschlüsselt" in out
    assert snapshot(db) == before, "the keyring opens it: every command sees the same caseload"
    assert sorted(p.name for p in db.parent.iterdir() if p.name.startswith(("hand", ".hand"))) == ["hand.db"]


def test_the_backup_taken_before_encrypting_holds_the_caseload(capsys, db, key_file, keyring_in_memory):
    from tests.test_manual import documented_keys

    before = snapshot(db)
    document = json.loads(encrypted(capsys, db, key_file, "--json"))
    assert document["encrypted"] and document["keyring"] and document["customers"] == 6
    assert snapshot(document["backup"]) == before
    assert documented_keys("encrypt", document) == []


def test_commands_work_on_the_encrypted_file_with_the_keyring(capsys, db, key_file, keyring_in_memory):
    encrypted(capsys, db, key_file)
    code, out, err = run(capsys, "book", "--db", db, "--customer", LATER.customer_no, "--start",
                         at(MONDAY, 10).isoformat(), "--json", clock=CLOCK)
    assert code == 0, err
    assert any(a["id"] == json.loads(out)["appointment"] for a in snapshot(db)["appointments"])
    assert run(capsys, "undo", "--db", db)[0] == 0
    assert not db.read_bytes().startswith(SQLITE_HEADER)


def test_without_the_passphrase_a_command_is_refused_and_nothing_changes(capsys, db, key_file, no_keyring):
    out = encrypted(capsys, db, key_file)
    assert "fragt bei jedem Öffnen nach dem Passwort" in out
    before = db.read_bytes()
    code, _, err = run(capsys, "monitor", "--db", db)
    assert code == 1 and f"Der Bestand »{db}« ist verschlüsselt; ohne sein Passwort" in err
    assert db.read_bytes() == before


def test_decrypt_gives_back_the_plain_file_and_forgets_the_key(capsys, db, key_file, keyring_in_memory):
    before = snapshot(db)
    encrypted(capsys, db, key_file)
    assert keyring_in_memory
    code, out, err = run(capsys, "decrypt", "--db", db, clock=CLOCK)  # the passphrase from the keyring
    assert code == 0, err
    assert "ist entschlüsselt (6 Kunden)" in out
    assert db.read_bytes().startswith(SQLITE_HEADER) and snapshot(db) == before
    assert not keyring_in_memory


def test_decrypt_with_a_wrong_passphrase_is_refused_and_nothing_changes(capsys, db, key_file, tmp_path, no_keyring):
    encrypted(capsys, db, key_file)
    before = db.read_bytes()
    wrong = tmp_path / "falsch.txt"
    wrong.write_text("Gänseblümchen 43", encoding="utf-8")
    code, _, err = run(capsys, "decrypt", "--db", db, "--key-file", wrong, clock=CLOCK)
    assert code == 1 and "das Passwort ist falsch" in err
    assert db.read_bytes() == before
    code, _, err = run(capsys, "decrypt", "--db", db, clock=CLOCK)
    assert code == 1 and "--key-file" in err
    assert db.read_bytes() == before


@pytest.mark.parametrize("content, message", [
    ("kurz\n", "--key-file: Das Passwort muss mindestens 8 Zeichen haben (es hat 4)."),
    ("\nGänseblümchen 42\n", "Die erste Zeile der Datei"),
    (" Gänseblümchen 42\n", "nicht mit Leerzeichen beginnen"),
])
def test_a_passphrase_that_will_not_do_is_refused_before_anything_is_written(capsys, db, tmp_path, content, message):
    before = db.read_bytes()
    bad = tmp_path / "schlecht.txt"
    bad.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, "encrypt", "--db", db, "--key-file", bad, clock=CLOCK)
    assert code == 1 and message in err
    assert db.read_bytes() == before and not (db.parent / "Sicherungen").exists()


def test_encrypt_refuses_without_a_terminal_or_key_file_and_twice(capsys, db, key_file, no_keyring):
    code, _, err = run(capsys, "encrypt", "--db", db, clock=CLOCK)
    assert code == 1 and "--key-file DATEI" in err
    encrypted(capsys, db, key_file)
    before = db.read_bytes()
    code, _, err = run(capsys, "encrypt", "--db", db, "--key-file", key_file, clock=CLOCK)
    assert code == 1 and "ist schon verschlüsselt" in err
    assert db.read_bytes() == before
    plain = db.parent / "andere.db"
    build(plain).close()
    code, _, err = run(capsys, "decrypt", "--db", plain, "--key-file", key_file, clock=CLOCK)
    assert code == 1 and "ist nicht verschlüsselt" in err


def test_a_file_open_in_a_window_is_not_converted(capsys, db, key_file):
    before = db.read_bytes()
    lock = WindowLock(db)
    lock.acquire()
    try:
        code, _, err = run(capsys, "encrypt", "--db", db, "--key-file", key_file, clock=CLOCK)
    finally:
        lock.release()
    assert code == 1 and "schon in einem anderen Terminassistent-Fenster geöffnet" in err
    assert db.read_bytes() == before


@pytest.mark.parametrize("failure", ["disk full", "different copy"])
def test_a_conversion_that_fails_halfway_leaves_the_file_as_it_was(capsys, db, key_file, monkeypatch, failure):
    from terminassistent.storage import cipher

    before = snapshot(db)
    export = cipher.export_copy

    def broken(source, target, **keys):
        if failure == "disk full":
            target.write_bytes(b"half a file")
            raise OSError(28, "No space left on device")
        other = target.with_name("andere.db")  # a sound caseload, but not this one
        build(other).close()
        with Caseload.open(other) as caseload:
            caseload.add_customers([caseload.customers()[0].__class__(**{**vars(caseload.customers()[0]),
                                                                          "customer_no": "Z-extra"})])
        target.unlink()
        export(other, target, **keys)

    monkeypatch.setattr(cipher, "export_copy", broken)
    code, _, err = run(capsys, "encrypt", "--db", db, "--key-file", key_file, clock=CLOCK)
    assert code == 1, err
    assert ("kein Platz mehr" in err) if failure == "disk full" else ("stimmt nicht mit dem Bestand überein" in err)
    assert "Es wurde nichts geändert" in err or "es wurde nichts geändert" in err
    assert db.read_bytes().startswith(SQLITE_HEADER) and snapshot(db) == before
    assert not [p for p in os.listdir(db.parent) if "umwandlung" in p]


def test_backups_of_an_encrypted_caseload_are_encrypted_and_restore(capsys, db, key_file, keyring_in_memory):
    encrypted(capsys, db, key_file)
    before = snapshot(db)
    copy = db.parent / "kopie.bak"
    assert run(capsys, "backup", "--db", db, "--to", copy)[0] == 0
    assert not copy.read_bytes().startswith(SQLITE_HEADER)
    code, out, _ = run(capsys, "backup", "--db", db, "--list", "--json")
    assert code == 0 and json.loads(out), "the encrypted copies are listed"
    run(capsys, "book", "--db", db, "--customer", LATER.customer_no, "--start", at(MONDAY, 10).isoformat(), clock=CLOCK)
    code, out, err = run(capsys, "restore", "--db", db, copy, clock=CLOCK)
    assert code == 0, err
    assert snapshot(db) == before


def test_a_plain_backup_is_not_restored_into_an_encrypted_caseload(capsys, db, key_file, keyring_in_memory):
    plain = db.parent / "alt.bak"
    with Caseload.open(db) as caseload:
        caseload.copy_to(plain)
    encrypted(capsys, db, key_file)
    before = snapshot(db)
    code, _, err = run(capsys, "restore", "--db", db, plain, clock=CLOCK)
    assert code == 1 and "anders verschlüsselt" in err
    assert snapshot(db) == before


def test_in_a_terminal_the_passphrase_is_asked(capsys, db, monkeypatch, no_keyring):
    import getpass

    from terminassistent.cli import crypt_commands

    answers = iter([PASSPHRASE, PASSPHRASE + "!"])
    monkeypatch.setattr(crypt_commands, "_interactive", lambda: True)
    monkeypatch.setattr(getpass, "getpass", lambda prompt: next(answers))
    before = db.read_bytes()
    code, _, err = run(capsys, "encrypt", "--db", db, clock=CLOCK)
    assert code == 1 and "Die beiden Passwörter sind verschieden" in err and db.read_bytes() == before
    answers = iter([PASSPHRASE, PASSPHRASE, PASSPHRASE])
    assert run(capsys, "encrypt", "--db", db, clock=CLOCK)[0] == 0  # asked twice
    code, out, err = run(capsys, "monitor", "--db", db, "--json")  # asked once
    assert code == 0, err
