"""The desktop: PySide6 windows, item models and dialogs over the services (no SQL here)."""
