"""``encrypt`` and ``decrypt``: a caseload file converted whole, never half.

The file must not be in use (no window, no other command). A backup is taken first (into the
backup folder, like before every bulk action); the converted copy is written beside the file
under a temporary name, checked (it opens with the key, SQLite's integrity check passes, every
table holds as many rows as before), and only then put in the file's place in one atomic rename.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from terminassistent.errors import StoreError, UserError, os_reason
from terminassistent.services.backup.copies import Backup, before_bulk
from terminassistent.services.encryption import keys
from terminassistent.storage import Caseload, cipher
from terminassistent.storage.database import WindowLock, new_private_file, precheck, remove_database_files


@dataclass(frozen=True)
class Converted:
    path: Path
    encrypted: bool
    customers: int
    backup: Backup
    in_keyring: bool

    def message(self) -> str:
        if not self.encrypted:
            return (f"Der Bestand »{self.path}« ist entschlüsselt ({self.customers} Kunden); er ist jetzt wieder eine "
                    f"gewöhnliche SQLite-Datei. Die Sicherung davor (verschlüsselt) liegt in »{self.backup.path}«.")
        where = ("Das Passwort steht im Schlüsselbund des Betriebssystems; Terminassistent öffnet den Bestand damit "
                 "ohne Nachfrage." if self.in_keyring else
                 "Es gibt keinen nutzbaren Schlüsselbund: Terminassistent fragt bei jedem Öffnen nach dem Passwort.")
        return (f"Der Bestand »{self.path}« ist verschlüsselt ({self.customers} Kunden). {where} Ohne das Passwort "
                "sind die Daten verloren; bewahren Sie es sicher auf. Die Sicherung davor in "
                f"»{self.backup.path}« und ältere Sicherungen im Ordner »{self.backup.path.parent}« sind NICHT "
                "verschlüsselt: löschen Sie sie, sobald Sie sie nicht mehr brauchen.")

    def as_dict(self) -> dict[str, Any]:
        return {"db": str(self.path), "encrypted": self.encrypted, "customers": self.customers,
                "backup": str(self.backup.path), "keyring": self.in_keyring}


def encrypt_file(path: Path, key: str, now: dt.datetime, *, use_keyring: bool = True) -> Converted:
    """Encrypt the plain caseload ``path`` with the passphrase ``key``."""
    keys.check_new_passphrase(key)
    path = Path(path)
    _require_engine(path)
    precheck(path)
    if not cipher.is_plain(path):
        raise UserError(f"Der Bestand »{path}« ist schon verschlüsselt.")
    converted = _convert(path, now, source_key=None, target_key=key)
    stored = use_keyring and keys.store_key(path, key)
    return Converted(path, True, *converted, stored)


def decrypt_file(path: Path, key: str, now: dt.datetime) -> Converted:
    """Turn the encrypted caseload ``path`` back into a plain SQLite file."""
    path = Path(path)
    _require_engine(path)
    precheck(path)
    if cipher.is_plain(path):
        raise UserError(f"Der Bestand »{path}« ist nicht verschlüsselt.")
    converted = _convert(path, now, source_key=key, target_key=None)
    keys.forget_key(path)
    return Converted(path, False, *converted, False)


def _require_engine(path: Path) -> None:
    if not cipher.available():
        raise UserError(f"Der Bestand »{path}« kann nicht umgewandelt werden. {cipher.UNAVAILABLE}")


def _convert(path: Path, now: dt.datetime, *, source_key: str | None, target_key: str | None) -> tuple[int, Backup]:
    lock = WindowLock(path)
    lock.acquire()  # no window has the file open
    part = None
    try:
        with Caseload.open(path, key=source_key) as caseload:
            counts = caseload.record_counts()
            customers = caseload.customer_count()
            backup = before_bulk(caseload, "vor-verschluesselung" if target_key else "vor-entschluesselung", now)
            caseload.release_for_conversion()
        part = new_private_file(path.with_name(f".{path.name}.umwandlung-{os.getpid()}"))
        cipher.export_copy(path, part, source_key=source_key, target_key=target_key)
        with Caseload.open(part, key=target_key) as copy:
            if copy.integrity_problems() or copy.record_counts() != counts:
                raise StoreError(f"Die umgewandelte Kopie von »{path}« stimmt nicht mit dem Bestand überein; "
                                 "es wurde nichts geändert.")
        _sync(part)
        os.replace(part, path)
        part = None
        _sync(path.parent)
        return customers, backup
    except OSError as exc:
        raise StoreError(f"Der Bestand »{path}« kann nicht umgewandelt werden: {os_reason(exc)}. "
                         "Es wurde nichts geändert.") from None
    finally:
        if part is not None:
            remove_database_files(part)
        lock.release()


def _sync(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

