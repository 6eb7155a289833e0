"""The week: its quota and filling it toward the quota."""
