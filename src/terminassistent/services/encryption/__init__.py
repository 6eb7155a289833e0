"""Optional encryption at rest: converting a caseload file (convert.py) and finding its key in the
operating system's keyring or asking for it (keys.py)."""
