"""Customers: adding and editing one customer, every field checked as the CSV import checks it."""
