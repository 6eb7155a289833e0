"""The journal of user actions as the user sees it: undo, redo, the history of changes."""
