"""Invitation letters and calendar files for booked appointments."""
