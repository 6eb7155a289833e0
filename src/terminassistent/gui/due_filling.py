"""A large caseload's due states, filled in behind the list that already shows.

From ``QUICK_FROM`` customers on, the window's first load comes without the policy engine
(services/monitoring/overview.py: rows not ``assessed``), so the list is shown and searchable
within seconds even at 100,000 customers. Once it shows, the window is asked to update every
customer whose due state is missing, as after a change: it reads their rows on the worker thread
(one pass over the caseload) and puts them in, with the overdue count and the file shown. The GUI
thread only applies the result.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from terminassistent.services.changes import Changes
from terminassistent.services.monitoring.overview import unassessed


PENDING_OVERDUE = "Überfällige werden berechnet …"


class DueFilling(QObject):
    """Attached to a window with ``loaded``, ``model``, ``overdue_label`` and ``apply_changes`` (the main window)."""

    def __init__(self, window):
        super().__init__(window)
        self._window = window
        window.loaded.connect(self._loaded)

    def _loaded(self) -> None:
        missing = unassessed(self._window.model.rows())
        if missing:
            # Until they are in, nobody counts as overdue: say so rather than »Niemand überfällig«.
            self._window.overdue_label.setText(PENDING_OVERDUE)
            self._window.apply_changes(Changes(customers=missing))
