"""Proposing and booking appointments in the caseworker's free time."""
