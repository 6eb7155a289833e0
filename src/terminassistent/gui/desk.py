"""The open caseload as the windows see it: the service context, the task runner, and every change.

Anki's ``CollectionOp``/``QueryOp`` without a global main window: views call ``desk.query`` to read
and ``desk.op`` to write; both run the service on the worker thread. A write's result carries
``changes`` (services/changes.py), which the desk emits as ``changes_applied(changes, initiator)``
before the caller's own callback runs, so every view updates what the write touched.

The desk also watches the file: once a second it asks SQLite whether another process committed
(``PRAGMA data_version``) and, if so, emits what the journal says that process changed (or
everything, for a write without a journal entry). It notices when the day has changed (a window
left open past midnight) and emits a full refresh then, because due states depend on the day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from terminassistent.gui.dialogs import ShowError, show_error_box
from terminassistent.gui.progress import ProgressBox
from terminassistent.gui.worker import TaskFailure, TaskRunner
from terminassistent.services.changes import Changes
from terminassistent.services.context import Context

WATCH_MS = 1000  # another process's change shows within two seconds


class Desk(QObject):
    changes_applied = Signal(object, object)  # Changes, initiator (None: another process or a new day)
    failed = Signal(str)  # a German message already shown to the user

    def __init__(self, ctx: Context, *, runner: TaskRunner | None = None, show_error: ShowError = show_error_box,
                 watch_ms: int = WATCH_MS, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner or TaskRunner(self)
        self.progress_box: ProgressBox | None = None  # the last long task's (tests press its "Abbrechen")
        self._show_error = show_error
        # The state the window starts from: a change after this is another process's.
        self._version: int = ctx.caseload.data_version()
        self._journal = ctx.caseload.journal_head()
        self._day: dt.date = ctx.today()
        self._timer = QTimer(self)
        self._timer.setInterval(watch_ms)
        self._timer.timeout.connect(self.look)
        if watch_ms > 0:
            self._timer.start()

    # -- reading and writing ---------------------------------------------------------------------

    def query(self, work: Callable[[Context], Any], done: Callable[[Any], None], *, what: str,
              failed: Callable[[TaskFailure], None] | None = None, parent=None, progress: str = "") -> None:
        """Run ``work(ctx)`` in the background, then ``done(result)`` on the GUI thread.
        ``progress``: long work; its progress is shown under this German line, with "Abbrechen"."""
        ctx, finish = self._with_progress(progress, parent)
        self.runner.run(lambda: work(ctx), lambda r: (finish(), done(r)),
                        lambda f: (finish(), self._fail(f, failed, parent)), what=what)

    def _with_progress(self, text: str, parent) -> tuple[Context, Callable[[], None]]:
        if not text:
            return self.ctx, lambda: None
        self.progress_box = ProgressBox(text, parent)
        box = self.progress_box
        return self.ctx.with_progress(box.progress()), box.close

    def op(self, work: Callable[[Context], Any], done: Callable[[Any], None] | None = None, *, what: str,
           initiator: object = None, failed: Callable[[TaskFailure], None] | None = None, parent=None) -> None:
        """Run a writing service ``work(ctx)``; its ``changes`` are emitted, then ``done(result)``.
        A refusal is shown to the user (and passed to ``failed``); a refusal because the data had
        changed underneath also refreshes every view."""

        def finished(result: Any) -> None:
            changes = getattr(result, "changes", result if isinstance(result, Changes) else None)
            if changes:
                self.changes_applied.emit(changes, initiator)
            if done is not None:
                done(result)

        def refused(failure: TaskFailure) -> None:
            if failure.stale:
                self.changes_applied.emit(Changes.all(), None)
            self._fail(failure, failed, parent)

        self.runner.run(lambda: work(self.ctx), finished, refused, what=what)

    def _fail(self, failure: TaskFailure, failed: Callable[[TaskFailure], None] | None, parent) -> None:
        if failure.cancelled:  # the user pressed "Abbrechen": no message; nothing was written
            if failed is not None:
                failed(failure)
            return
        if failed is not None:
            failed(failure)
            return
        title = "Interner Fehler" if failure.internal else "Nicht möglich"
        self._show_error(parent, title, failure.message)
        self.failed.emit(failure.message)

    # -- watching the file and the day -------------------------------------------------------------

    def look(self) -> None:
        """Ask (in the background, when idle) whether another process wrote or the day changed."""
        if self.runner.busy:
            return
        self.runner.run(self._peek, self._seen, lambda failure: None, what="das Prüfen auf Änderungen")

    def _peek(self) -> tuple[int, int, Changes, dt.date]:
        caseload = self.ctx.caseload
        version = caseload.data_version()
        changes = Changes()
        journal = self._journal
        if version != self._version:
            entries = caseload.journal_after(journal)
            for entry in entries:
                changes = changes | Changes.of(entry.rows)
            journal = entries[-1].id if entries else journal
            if not entries:
                changes = Changes.all()  # a write without a journal entry: its extent is unknown
        return version, journal, changes, self.ctx.today()

    def _seen(self, seen: tuple[int, int, Changes, dt.date]) -> None:
        version, journal, changes, today = seen
        self._version, self._journal = version, journal
        if today != self._day:
            changes = Changes.all()
        self._day = today
        if changes:
            self.changes_applied.emit(changes, None)

    def stop(self) -> None:
        self._timer.stop()
