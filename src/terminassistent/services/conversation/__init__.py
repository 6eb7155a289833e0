"""The end of a conversation and what became of an appointment."""
