"""A realistic, deterministic demo caseload."""
