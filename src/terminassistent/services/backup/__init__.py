"""Copies of the caseload: taken every day and before bulk actions, listed, and put back."""
