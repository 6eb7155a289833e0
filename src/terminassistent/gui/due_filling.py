"""A large caseload's due states, filled in behind the list that already shows.

From ``QUICK_FROM`` customers on, the window's first load comes without the policy engine
(services/monitoring/overview.py: rows not ``assessed``), so the list is shown and searchable
within seconds even at 100,000 customers. Once it shows, the window is asked to update the
customers whose due state is missing, as after a change, a run of ``CHUNK`` Kundennummern at a
time: it reads their rows on the worker thread (only that run of the caseload) and puts them in,
with the overdue count and the file shown. The next run is asked for when the last one is in, so
a customer's file opened meanwhile waits for one run at most, and the GUI thread applies one run at
a time.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from terminassistent.services.changes import Changes
from terminassistent.services.monitoring.overview import unassessed

PENDING_OVERDUE = "Überfällige werden berechnet …"
CHUNK = 10_000  # customers a run fills in


class DueFilling(QObject):
    """Attached to a window with ``loaded``, ``overdue_label`` and ``apply_changes`` (the main
    window), for the customer table ``model`` it shows."""

    def __init__(self, window, model):
        super().__init__(window)
        self._window, self._model, self._chunk = window, model, CHUNK
        self._runs: list[list[str]] = []
        self._current: list[str] | None = None
        window.loaded.connect(self._loaded)
        model.dataChanged.connect(self._check)
        model.rowsRemoved.connect(self._check)

    def _loaded(self) -> None:
        missing = sorted(unassessed(self._model.rows()))
        self._runs = [missing[n:n + self._chunk] for n in range(0, len(missing), self._chunk)]
        self._current = None
        if self._runs:
            self._next()

    def _next(self) -> None:
        self._current = self._runs.pop(0) if self._runs else None
        if self._current is None:
            return
        # Until every run is in, nobody counts as overdue: say so rather than a count of some (now,
        # and again once the window has counted the run just put in).
        self._say_pending()
        QTimer.singleShot(0, self._say_pending)
        self._window.apply_changes(Changes(customers=frozenset(self._current)))

    def _say_pending(self) -> None:
        if self._current is not None:
            self._window.overdue_label.setText(PENDING_OVERDUE)

    def _check(self, *_: object) -> None:
        """After the list changed: is the run asked for in? Then ask for the next, once the list
        and the views took this one (the worker's next run does not compete with the GUI thread
        while it puts this one in)."""
        if not self._current:  # None: nothing asked for; []: in, the next one is on its way
            return
        model = self._model
        for number in self._current:
            at = model.row_of(number)
            if at is not None and not model.row_at(at).assessed:
                return
        if self._runs:
            self._current = []  # still pending: the overdue count waits for the last run
            QTimer.singleShot(0, self._advance)
        else:
            self._current = None

    def _advance(self) -> None:
        if self._current == []:  # not if the list was loaded again meanwhile (a new first run is asked for)
            self._next()
