"""``encrypt`` and ``decrypt`` (optional encryption at rest), and how every command gets the
passphrase of an encrypted caseload: from the operating system's keyring, else asked in the
terminal."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from terminassistent.cli._convert import add_db_option, existing_db
from terminassistent.cli._output import emit_json, say
from terminassistent.errors import InvalidInput, UserError


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("encrypt", help="den Bestand verschlüsseln (SQLCipher; Passwort im Schlüsselbund)")
    add_db_option(p)
    p.add_argument("--key-file", metavar="DATEI", help="das neue Passwort aus der ersten Zeile dieser Datei "
                                                        "(sonst wird im Terminal zweimal danach gefragt)")
    p.add_argument("--no-keyring", action="store_true", help="das Passwort nicht im Schlüsselbund ablegen "
                                                             "(dann wird bei jedem Öffnen gefragt)")
    p.add_argument("--json", action="store_true", help="Ergebnis als JSON")
    p.set_defaults(func=_encrypt)

    p = commands.add_parser("decrypt", help="den verschlüsselten Bestand wieder in eine gewöhnliche Datei umwandeln")
    add_db_option(p)
    p.add_argument("--key-file", metavar="DATEI", help="das Passwort aus der ersten Zeile dieser Datei "
                                                        "(sonst aus dem Schlüsselbund oder im Terminal gefragt)")
    p.add_argument("--json", action="store_true", help="Ergebnis als JSON")
    p.set_defaults(func=_decrypt)


def install_key_source() -> None:
    """Every command opens an encrypted caseload with the keyring's passphrase or one typed in."""
    from terminassistent.services.encryption import keys

    keys.install(_prompt if _interactive() else None)


def _interactive() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _prompt(path: Path) -> str | None:
    import getpass

    try:
        return getpass.getpass(f"Passwort für den Bestand »{path}«: ") or None
    except (EOFError, KeyboardInterrupt):
        return None


def _from_file(value: str) -> str:
    try:
        with open(value, encoding="utf-8") as handle:
            line = handle.readline()
    except (OSError, UnicodeDecodeError) as exc:
        from terminassistent.errors import os_reason

        reason = os_reason(exc) if isinstance(exc, OSError) else "sie ist nicht in UTF-8 gespeichert"
        raise InvalidInput(f"--key-file: Die Datei »{value}« lässt sich nicht lesen ({reason}).") from None
    key = line.rstrip("\r\n")
    if not key:
        raise InvalidInput(f"--key-file: Die erste Zeile der Datei »{value}« ist leer; dort steht das Passwort.")
    return key


def _new_passphrase(args: argparse.Namespace, path: Path) -> str:
    from terminassistent.services.encryption.keys import check_new_passphrase

    if args.key_file is not None:
        return check_new_passphrase(_from_file(args.key_file), "--key-file")
    if not _interactive():
        raise UserError("Es gibt kein Terminal, in dem nach dem neuen Passwort gefragt werden kann; "
                        "bitte geben Sie es mit --key-file DATEI an.")
    import getpass

    first = check_new_passphrase(getpass.getpass(f"Neues Passwort für den Bestand »{path}«: "))
    if getpass.getpass("Dasselbe Passwort noch einmal: ") != first:
        raise InvalidInput("Die beiden Passwörter sind verschieden; es wurde nichts geändert.")
    return first


def _encrypt(args: argparse.Namespace) -> int:
    from terminassistent.services.encryption.convert import encrypt_file

    path = existing_db(args.db)
    key = _new_passphrase(args, path)
    done = encrypt_file(path, key, args.clock(), use_keyring=not args.no_keyring)
    emit_json(done.as_dict()) if args.json else say(done.message())
    return 0


def _decrypt(args: argparse.Namespace) -> int:
    from terminassistent.services.encryption import keys
    from terminassistent.services.encryption.convert import decrypt_file

    path = existing_db(args.db)
    key = _from_file(args.key_file) if args.key_file is not None else keys.stored_key(path)
    if key is None:
        key = _prompt(path) if _interactive() else None
    if key is None:
        raise UserError(f"Das Passwort des Bestands »{path}« steht nicht im Schlüsselbund; bitte geben Sie es mit "
                        "--key-file DATEI an oder rufen Sie den Befehl im Terminal auf.")
    done = decrypt_file(path, key, args.clock())
    emit_json(done.as_dict()) if args.json else say(done.message())
    return 0
