"""The passphrase of an encrypted caseload: kept in the operating system's keyring (``keyring``:
Windows Credential Manager, macOS Keychain, the Secret Service on Linux) under the file's full path,
or asked for. Without a usable keyring the passphrase is asked every time."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from terminassistent.errors import InvalidInput
from terminassistent.storage import cipher

SERVICE = "Terminassistent"
MINIMUM_LENGTH = 8
log = logging.getLogger("terminassistent")

Ask = Callable[[Path], "str | None"]


def _entry(path: Path) -> str:
    return str(Path(path).resolve())


def _keyring():
    """The keyring module if a real keyring backs it, else None."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - a broken keyring configuration is no keyring
        return None
    return None if isinstance(backend, fail.Keyring) else keyring


def keyring_usable() -> bool:
    return _keyring() is not None


def stored_key(path: Path) -> str | None:
    ring = _keyring()
    if ring is None:
        return None
    try:
        return ring.get_password(SERVICE, _entry(path))
    except Exception as exc:  # noqa: BLE001 - a locked or failing keyring: ask instead
        log.warning("Schlüsselbund nicht lesbar: %s", type(exc).__name__)
        return None


def store_key(path: Path, key: str) -> bool:
    """Keep ``key`` for ``path`` in the keyring; False when there is no usable keyring."""
    ring = _keyring()
    if ring is None:
        return False
    try:
        ring.set_password(SERVICE, _entry(path), key)
        return True
    except Exception as exc:  # noqa: BLE001
        log.warning("Schlüsselbund nicht beschreibbar: %s", type(exc).__name__)
        return False


def forget_key(path: Path) -> None:
    ring = _keyring()
    if ring is None:
        return
    try:
        ring.delete_password(SERVICE, _entry(path))
    except Exception:  # noqa: BLE001 - nothing stored: nothing to forget
        pass


def opens(path: Path, key: str) -> bool:
    """Whether ``key`` is the passphrase of the encrypted caseload ``path``."""
    return cipher.available() and cipher.opens(Path(path), key)


def check_new_passphrase(key: str, option: str = "Passwort") -> str:
    if len(key) < MINIMUM_LENGTH:
        raise InvalidInput(f"{option}: Das Passwort muss mindestens {MINIMUM_LENGTH} Zeichen haben "
                           f"(es hat {len(key)}).")
    if key != key.strip():
        raise InvalidInput(f"{option}: Das Passwort darf nicht mit Leerzeichen beginnen oder enden.")
    return key


def install(ask: Ask | None) -> None:
    """Let the storage layer find a file's key: the keyring first, then ``ask`` (a prompt or a
    dialog; None where nobody can be asked)."""
    def source(path: Path) -> str | None:
        key = stored_key(path)
        if key is None and ask is not None:
            key = ask(path)
        return key

    cipher.set_key_source(source)
