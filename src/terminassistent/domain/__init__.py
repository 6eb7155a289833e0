"""Pure domain code: no Qt, no SQL."""
