"""The caseworker's data, working week and settings."""
