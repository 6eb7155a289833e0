"""The caseload in and out: CSV import, JSON export, integrity check."""
