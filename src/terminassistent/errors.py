"""Errors a user may see. Their text is one or more complete German sentences."""

from __future__ import annotations


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


class StoreError(UserError):
    """The caseload database cannot be opened or used as asked."""
