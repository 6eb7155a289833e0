"""Persistence: the caseload's SQLite file. Imports no Qt."""

from terminassistent.storage.caseload import Caseload

__all__ = ["Caseload"]
