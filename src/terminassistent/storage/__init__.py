"""Persistence: the caseload's SQLite file. Imports no Qt."""

from terminassistent.storage.caseload import Caseload
from terminassistent.storage.database import remove_database_files

__all__ = ["Caseload", "remove_database_files"]
