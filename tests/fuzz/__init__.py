"""Property-based fuzzing (hypothesis) of the command line's option values, the CSV import and policy
files. The suite runs a few hundred examples of each; ``python -m tests.fuzz`` runs 10,000."""
