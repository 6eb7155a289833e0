"""Running services off the GUI thread, after Anki's ``QueryOp``/``CollectionOp``.

``TaskRunner.run(work, on_done, on_failed, what=...)`` calls ``work()`` on a worker thread and then,
back on the GUI thread, ``on_done(result)`` or ``on_failed(TaskFailure)``. Tasks run one after the
other (one worker thread), so a write and the reload after it happen in the order asked.

Failures never carry a traceback to the user: a ``UserError`` becomes its German text; any other
exception becomes a German sentence pointing to the log file, and the log gets the exception's
type and stack frames but not its message (which could hold a name or a Kundennummer).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from terminassistent.errors import FieldProblems, StaleData, UserError
from terminassistent.services.context import Cancelled
from terminassistent.logfile import log_internal_error, log_path



@dataclass(frozen=True)
class TaskFailure:
    """Why a task did not finish: ``message`` is German and shown as it is."""

    message: str
    internal: bool = False  # True: a bug, details in the log file
    stale: bool = False  # True: refused because the data changed underneath (the views refresh)
    fields: dict[str, str] = field(default_factory=dict)  # FieldProblems: the reason for each named field
    cancelled: bool = False  # the user pressed "Abbrechen": nothing to show, nothing was written


def internal_error_message(what: str) -> str:
    return (
        f"Ein interner Fehler ist aufgetreten: {what[:1].upper()}{what[1:]} ist nicht gelungen. "
        f"Die technischen Einzelheiten stehen in der Protokolldatei {log_path()} (ohne Kundendaten). "
        "Bitte wenden Sie sich an Ihre IT-Betreuung, wenn der Fehler wiederkehrt."
    )


def failure_from(exc: BaseException, what: str) -> TaskFailure:
    if isinstance(exc, UserError):
        fields = exc.fields if isinstance(exc, FieldProblems) else {}
        return TaskFailure(str(exc), stale=isinstance(exc, StaleData), fields=fields, cancelled=isinstance(exc, Cancelled))
    log_internal_error(exc, what)
    return TaskFailure(internal_error_message(what), internal=True)


class _Signals(QObject):
    """Lives on the GUI thread; worker threads emit on it, so slots run on the GUI thread."""

    done = Signal(int, object)
    failed = Signal(int, object)


class _Task(QRunnable):
    def __init__(self, task_id: int, work: Callable[[], Any], what: str, signals: _Signals):
        super().__init__()
        self._id, self._work, self._what, self._signals = task_id, work, what, signals

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:  # noqa: BLE001 - every failure is reported, none escapes the thread
            self._emit(self._signals.failed, failure_from(exc, self._what))
        else:
            self._emit(self._signals.done, result)

    def _emit(self, signal, value: object) -> None:
        try:
            signal.emit(self._id, value)
        except RuntimeError:  # the window (and its runner) was closed meanwhile: nobody is waiting
            pass


class TaskRunner(QObject):
    """One worker thread for the services; results come back on the GUI thread."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals(self)
        self._signals.done.connect(self._finish_done)
        self._signals.failed.connect(self._finish_failed)
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[Callable[[Any], None], Callable[[TaskFailure], None]]] = {}

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_failed: Callable[[TaskFailure], None],
        *,
        what: str,
    ) -> None:
        """Start ``work`` in the background. ``what`` names the action in German for messages
        and the log ("das Laden des Bestands"); it must not contain personal data."""
        task_id = next(self._ids)
        self._pending[task_id] = (on_done, on_failed)
        if len(self._pending) == 1:
            self.busy_changed.emit(True)
        self._pool.start(_Task(task_id, work, what, self._signals))

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def wait(self, msecs: int = -1) -> bool:
        """Block until every started task has run (before the caseload is closed)."""
        return self._pool.waitForDone(msecs)

    @Slot(int, object)
    def _finish_done(self, task_id: int, result: object) -> None:
        on_done, _ = self._take(task_id)
        on_done(result)

    @Slot(int, object)
    def _finish_failed(self, task_id: int, failure: object) -> None:
        _, on_failed = self._take(task_id)
        on_failed(failure)

    def _take(self, task_id: int):
        callbacks = self._pending.pop(task_id)
        if not self._pending:
            self.busy_changed.emit(False)
        return callbacks
