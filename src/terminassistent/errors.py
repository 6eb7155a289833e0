"""Errors a user may see. Their text is one or more complete German sentences."""

from __future__ import annotations

import errno


class UserError(Exception):
    """The input was refused; nothing was changed. ``str(err)`` is shown to the user as it is."""


class InvalidInput(UserError):
    """A value, row or file the program cannot accept. ``problems`` lists every problem found."""

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = list(problems or [])

    def __str__(self) -> str:
        head = super().__str__()
        if not self.problems:
            return head
        return head + "\n" + "\n".join(f"  - {p}" for p in self.problems)


class FieldProblems(InvalidInput):
    """Values typed into named fields were refused: ``fields`` maps each field to its German reason,
    so a dialog marks the widget where the bad value was typed (the command line names the option)."""

    def __init__(self, message: str, fields: dict[str, str]):
        super().__init__(message, list(fields.values()))
        self.fields = dict(fields)


class StaleData(UserError):
    """A write was based on data that has changed since it was read (another window or command):
    refused, nothing written; the caller shows the current state."""


class StoreError(UserError):
    """The caseload database cannot be opened or used as asked."""


_OS_REASONS = {
    getattr(errno, name): reason
    for name, reason in (
        ("EACCES", "keine Berechtigung"),
        ("EPERM", "keine Berechtigung"),
        ("EROFS", "der Datenträger ist schreibgeschützt"),
        ("ENOSPC", "auf dem Datenträger ist kein Platz mehr"),
        ("EDQUOT", "das Speicherkontingent ist erschöpft"),
        ("ENOENT", "die Datei oder ihr Ordner fehlt"),
        ("EEXIST", "die Datei gibt es schon"),
        ("EISDIR", "das ist ein Ordner"),
        ("ENOTDIR", "ein Teil des Pfads ist kein Ordner"),
        ("ENAMETOOLONG", "der Pfad ist zu lang"),
        ("ELOOP", "zu viele symbolische Verknüpfungen im Pfad"),
        ("EBUSY", "die Datei wird gerade verwendet"),
        ("EIO", "der Datenträger meldet einen Lese- oder Schreibfehler"),
    )
    if hasattr(errno, name)  # not every platform knows every code
}


def os_reason(exc: OSError) -> str:
    """Why the operating system refused, in German (its own strerror text is English)."""
    reason = _OS_REASONS.get(exc.errno)
    if reason is None:
        reason = f"Fehler des Betriebssystems ({errno.errorcode.get(exc.errno, exc.errno)})"
    return reason
