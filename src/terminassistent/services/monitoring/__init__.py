"""Nachhaltung and the caseload at a glance: who is due, since when, and how each group fares."""
