"""The flows of a customer's day in the window: conclude a conversation, propose and book, record
an outcome (and invite again after a miss), add or edit a customer, print a letter, save a
calendar file. Each reads through ``desk.query``, writes through ``desk.op`` (whose changes update
the views) and opens its dialog with ``open()`` (window-modal, never blocking a test).

Every dialog a flow opens is kept in ``flows.dialog`` until it closes, so tests can drive it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog

from terminassistent.domain.model import BERLIN, AppointmentKind, AppointmentStatus
from terminassistent.domain.quota import UNIT_WORDS
from terminassistent.gui.dialogs import Ask, OpenFile, ShowError, ask_box, open_file_dialog, show_error_box
from terminassistent.gui.printing import LetterPreview, PrintDialogs
from terminassistent.gui.propose_dialog import AGAIN, FIRST, NEXT, ProposeDialog
from terminassistent.gui.worker import TaskFailure
from terminassistent.services.invitations.legal_state import legal_text_state
from terminassistent.services.planning.week_quota import week_quota
from terminassistent.services.scheduling.calendar import monday_of
from terminassistent.services.scheduling.proposals import free_starts, propose_first, propose_next
from terminassistent.services.scheduling.warnings import default_purposes

# The dialogs and the writing services of each flow are imported when it is first used: the window
# starts with the list, not with every dialog it can open.
if TYPE_CHECKING:
    from terminassistent.gui.conclude_dialog import ConclusionRequest
    from terminassistent.gui.customer_dialog import CustomerDialog
    from terminassistent.gui.main_window import MainWindow


@dataclass(frozen=True)
class GuiDialogs:
    """Every dialog the window asks the system for (Dangerzone style: tests pass their own)."""

    show_error: ShowError = show_error_box
    ask: Ask = ask_box
    printing: PrintDialogs = field(default_factory=PrintDialogs)
    open_file: OpenFile = open_file_dialog

    @classmethod
    def standard(cls) -> "GuiDialogs":
        return cls()


def quota_text(q) -> tuple[str, str]:
    """The week's quota for the status bar, and the calculation for its tooltip."""
    if q.unit is None or q.target is None:
        return f"KW {q.week[-2:]}: keine Wochenquote", "Das Kontaktdichtekonzept legt keine Wochenquote fest."
    unit = UNIT_WORDS[q.unit]
    text = f"KW {q.week[-2:]}: Ziel {q.target} · erreicht {q.achieved} · gebucht {q.expected} · fehlen {q.missing}"
    return text, f"{unit}. {q.explanation} Es zählen: {q.counts}"


def fit_to_screen(dialog: QDialog) -> None:
    """A dialog never wider or taller than the screen it opens on (a laptop's 1366 x 768 too)."""
    screen = (dialog.parentWidget() or dialog).screen()
    if screen is None:
        return
    area = screen.availableGeometry()
    dialog.setMaximumSize(area.width(), area.height())
    hint = dialog.sizeHint()
    dialog.resize(min(max(hint.width(), 640), area.width()), min(hint.height(), area.height()))


class Flows:
    def __init__(self, window: MainWindow):
        self.window = window
        self.desk = window.desk
        self.dialog: QDialog | None = None
        self.preview: LetterPreview | None = None
        self.samples_accepted_on: dt.date | None = None  # the day the user chose to print unconfirmed samples
        a = window.actions
        a["conclude"].triggered.connect(self.conclude)
        a["propose"].triggered.connect(lambda: self.propose(NEXT))
        a["first"].triggered.connect(lambda: self.propose(FIRST))
        a["new_customer"].triggered.connect(self.new_customer)
        a["edit_customer"].triggered.connect(self.edit_customer)
        a["held"].triggered.connect(lambda: self.outcome(AppointmentStatus.HELD))
        a["missed"].triggered.connect(lambda: self.outcome(AppointmentStatus.MISSED))
        a["excused"].triggered.connect(lambda: self.outcome(AppointmentStatus.EXCUSED))
        a["cancel"].triggered.connect(lambda: self.outcome(AppointmentStatus.CANCELLED))
        a["move"].triggered.connect(self.move_selected)
        a["print"].triggered.connect(self.print_selected)
        a["save_ics"].triggered.connect(self.save_calendar_file)

    # -- helpers ------------------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> None:
        fit_to_screen(dialog)
        self.dialog = dialog
        dialog.finished.connect(lambda _r, d=dialog: self._closed(d))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _free_starts(self, minutes: int) -> Callable[[dt.date], list[dt.datetime]]:
        return lambda day: free_starts(self.desk.ctx, day, minutes)

    def _say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 8000)

    # -- the end of a conversation --------------------------------------------------------------

    def conclude(self) -> None:
        from terminassistent.services.conversation.conclude import conclusion_draft

        no = self.window.current_customer()
        if no is None:
            return
        self.desk.query(lambda ctx: conclusion_draft(ctx, no), self._open_conclusion,
                        what="das Vorbereiten des Gesprächsabschlusses", parent=self.window)

    def _open_conclusion(self, draft) -> None:
        from terminassistent.gui.conclude_dialog import ConcludeDialog

        dialog = ConcludeDialog(draft, self._free_starts(draft.proposal.minutes), self.window)
        dialog.accepted.connect(lambda: self._conclude(dialog.request()))
        self._open(dialog)

    def _conclude(self, r: ConclusionRequest) -> None:
        from terminassistent.services.conversation.conclude import conclude_conversation

        def work(ctx):
            return conclude_conversation(
                ctx, r.customer_no, r.at, channel=r.channel, kind=r.kind, note=r.note, deviation=r.deviation,
                hold_todays=r.hold_todays, next_start=r.next_start, next_channel=r.next_channel,
                next_purposes=r.next_purposes, replace_booked=r.replace_booked)

        self.desk.op(work, self._concluded, what="das Abschließen des Gesprächs", initiator=self.window,
                     parent=self.window)

    def _concluded(self, result) -> None:
        if result.appointment is None:
            self._say("Das Gespräch ist festgehalten.")
            return
        self.print_letters([result.appointment.id], notes=result.warnings)

    # -- proposing and booking ------------------------------------------------------------------

    def propose(self, mode: str, customer_no: str | None = None, proposal=None, intro: str = "") -> None:
        no = customer_no or self.window.current_customer()
        if no is None:
            return
        postal = mode in (FIRST, AGAIN)

        def read(ctx, postal=postal):
            if proposal is not None:
                return proposal, default_purposes(ctx.caseload)
            found = propose_first(ctx, no, postal=postal) if mode == FIRST else propose_next(ctx, no, postal=postal)
            return found, default_purposes(ctx.caseload)

        def opened(found) -> None:
            first, purposes = found
            dialog = ProposeDialog(mode, first, purposes, self._free_starts(first.minutes), postal=postal,
                                   today=self.desk.ctx.today(), intro=intro, parent=self.window,
                                   reproposed=lambda p: self.desk.query(lambda ctx: read(ctx, p)[0],
                                                                        dialog.show_proposal, what="das Vorschlagen"))
            dialog.accepted.connect(lambda: self._book(dialog, no, first.kind))
            self._open(dialog)

        self.desk.query(read, opened, what="das Vorschlagen von Terminen", parent=self.window)

    def _book(self, dialog: ProposeDialog, customer_no: str, kind: AppointmentKind) -> None:
        from terminassistent.services.scheduling.booking import book_with_warnings

        start, channel = dialog.picker.selected_start(), dialog.picker.selected_channel()
        purposes, letter = dialog.picker.selected_purposes(), dialog.print_letter

        def booked(booking) -> None:
            if letter:
                self.print_letters([booking.appointment.id], notes=booking.warnings)
            else:
                self._say("Der Termin ist gebucht." + "".join(f" {w}" for w in booking.warnings))

        self.desk.op(lambda ctx: book_with_warnings(ctx, customer_no, start, channel=channel, kind=kind,
                                                    purposes=purposes),
                     booked, what="das Buchen des Termins", initiator=self.window, parent=self.window)

    # -- outcomes ---------------------------------------------------------------------------------

    def outcome(self, status: AppointmentStatus) -> None:
        """Record what became of the selected appointment (in the file or, later, the week)."""
        appointment = self.window.selected_appointment()
        if appointment is None:
            return

        def named(name: str) -> None:
            from terminassistent.gui.reason_dialog import ReasonDialog

            if status is AppointmentStatus.HELD:
                self._record(appointment, status, "", name)
                return
            dialog = ReasonDialog(appointment, status, name, self.window)
            dialog.accepted.connect(lambda: self._record(appointment, status, dialog.text(), name))
            self._open(dialog)

        self.desk.query(lambda ctx: ctx.caseload.customer(appointment.customer_no).display_name, named,
                        what="das Lesen der Kundendaten", parent=self.window)

    def _record(self, appointment, status: AppointmentStatus, reason: str, name: str) -> None:
        from terminassistent.services.conversation.outcomes import record_outcome

        def recorded(outcome) -> None:
            self._say(f"Termin am {appointment.start:%d.%m.%Y}: {status.label}.")
            if outcome.next_proposal is not None:
                intro = (f"Der Termin wurde als »{status.label}« festgehalten. Die Einladungskette geht weiter: "
                         f"bitte laden Sie {name} neu ein.")
                self.propose(AGAIN, appointment.customer_no, outcome.next_proposal, intro)

        self.desk.op(lambda ctx: record_outcome(ctx, appointment.id, status, reason=reason,
                                                expected_sequence=appointment.sequence),
                     recorded, what="das Festhalten des Ergebnisses", initiator=self.window, parent=self.window)

    # -- customers --------------------------------------------------------------------------------

    def new_customer(self) -> None:
        from terminassistent.gui.customer_dialog import CustomerDialog
        from terminassistent.services.customers.edit import add_customer

        dialog = CustomerDialog(None, self.window)
        dialog.submitted.connect(lambda values: self._save_customer(dialog, lambda ctx: add_customer(ctx, values)))
        self._open(dialog)

    def edit_customer(self) -> None:
        from terminassistent.gui.customer_dialog import CustomerDialog
        from terminassistent.services.customers.edit import customer_values, update_customer

        f = self.window.shown_file()
        if f is None:
            return
        dialog = CustomerDialog(customer_values(f.customer), self.window)
        expected = f.customer
        dialog.submitted.connect(lambda values: self._save_customer(
            dialog, lambda ctx: update_customer(ctx, expected.customer_no, values, expected)))
        self._open(dialog)

    def _save_customer(self, dialog: CustomerDialog, work) -> None:
        def saved(result) -> None:
            dialog.finish()
            self._say(f"Gespeichert: {result.customer.display_name}.")
            if not self.window.select_customer(result.customer.customer_no):  # new: once the list shows it
                self.window.pending_selection = result.customer.customer_no

        def refused(failure: TaskFailure) -> None:
            if failure.fields:
                dialog.show_problems(failure.fields)
            else:
                self.window.dialogs.show_error(dialog, "Nicht gespeichert", failure.message)
                if failure.stale:
                    dialog.reject()

        self.desk.op(work, saved, what="das Speichern der Kundendaten", initiator=self.window, failed=refused)

    # -- moving an appointment ------------------------------------------------------------------

    def move_selected(self) -> None:
        appointment = self.window.selected_appointment()
        if appointment is None or appointment.status is not AppointmentStatus.BOOKED:
            return

        def opened(name: str) -> None:
            from terminassistent.gui.move_dialog import MoveDialog

            dialog = MoveDialog(appointment, name,
                                lambda day: free_starts(self.desk.ctx, day, appointment.minutes, without=appointment.id),
                                self.window)
            dialog.accepted.connect(lambda: self._move(appointment, dialog.chosen()))
            self._open(dialog)

        self.desk.query(lambda ctx: ctx.caseload.customer(appointment.customer_no).display_name, opened,
                        what="das Lesen des Termins", parent=self.window)

    def _move(self, appointment, start: dt.datetime | None) -> None:
        from terminassistent.services.scheduling.booking import move_appointment

        if start is None:
            return

        def moved(result) -> None:
            new = result.appointment.start.astimezone(BERLIN)
            self._say(f"Termin verschoben auf {new:%d.%m.%Y %H:%M} Uhr.")
            text = "\n\n".join((*result.warnings, "Möchten Sie die neue Einladung jetzt drucken?"))
            if self.window.dialogs.ask(self.window, "Termin verschoben", text, "Einladung drucken…", "Später"):
                self.print_letters([result.appointment.id])

        self.desk.op(lambda ctx: move_appointment(ctx, appointment.id, start, expected_sequence=appointment.sequence),
                     moved, what="das Verschieben des Termins", initiator=self.window, parent=self.window)

    # -- letters and calendar files ---------------------------------------------------------------

    def print_selected(self) -> None:
        appointment = self.window.selected_appointment()
        if appointment is not None and appointment.status is AppointmentStatus.BOOKED:
            self.print_letters([appointment.id])

    def print_letters(self, appointment_ids: list[int], notes: tuple[str, ...] = ()) -> None:
        """Open the print preview of the letters for these appointments."""
        from terminassistent.services.invitations.letters import booking_order, compose_letters

        def compose(ctx):
            return compose_letters(ctx, booking_order(ctx.caseload, appointment_ids)), legal_text_state(ctx), ctx.today()

        def show(found) -> None:
            letters, legal, today = found
            if not self._samples_accepted(legal, today):
                return
            title = "Einladung" if len(letters) == 1 else f"{len(letters)} Einladungen"
            preview = LetterPreview(letters, title=f"{title} – Druckvorschau", dialogs=self.window.dialogs.printing,
                                    notice="\n".join(notes), parent=self.window)
            preview.save_requested.connect(lambda path: self._save_pdf(appointment_ids, path))
            preview.calendar_requested.connect(lambda path: self._save_ics(appointment_ids, path))
            preview.printed.connect(lambda: self._printed(appointment_ids, f"{title} gedruckt."))
            preview.finished.connect(lambda _r: setattr(self, "preview", None))
            self.preview = preview
            preview.showMaximized() if len(letters) > 3 else preview.resize(900, 1000)
            preview.open()

        many = len(appointment_ids) > 5
        self.desk.query(compose, show, what="das Vorbereiten der Einladung", parent=self.window,
                        progress=f"{len(appointment_ids)} Einladungen werden vorbereitet …" if many else "")

    def _samples_accepted(self, legal, today: dt.date) -> bool:
        """While the legal texts in use are unconfirmed samples, ask once a day before printing."""
        if not legal.notice or self.samples_accepted_on == today:
            return True
        if not self.window.dialogs.ask(self.window, "Rechtsfolgenbelehrungen nicht freigegeben",
                                       f"{legal.notice}\n\nMöchten Sie trotzdem drucken? (Diese Frage kommt einmal "
                                       "am Tag; der Hinweis steht nie im Brief.)", "Trotzdem drucken", "Abbrechen"):
            return False
        self.samples_accepted_on = today
        return True

    def _printed(self, appointment_ids: list[int], message: str) -> None:
        """Note that the letters went out, so that undoing their booking says a cancellation is due."""
        from terminassistent.services.invitations.letters import booking_order, record_sent

        def record(ctx):
            record_sent(ctx, booking_order(ctx.caseload, appointment_ids), letter=True, calendar=False)

        self._say(message)
        self.desk.query(record, lambda _r: None, what="das Vermerken der gedruckten Einladung")

    def _save_pdf(self, appointment_ids: list[int], path: Path) -> None:
        from terminassistent.services.invitations.letters import write_invitations

        self.desk.query(lambda ctx: write_invitations(ctx, appointment_ids, pdf=path),
                        lambda result: self._say(f"Gespeichert: {result.pdf}"), what="das Speichern der Einladung",
                        parent=self.preview or self.window)

    def save_calendar_file(self) -> None:
        appointment = self.window.selected_appointment()
        if appointment is None:
            return
        path = self.window.dialogs.printing.save_file(self.window, "Kalenderdatei speichern", "termin.ics",
                                                      "Kalenderdateien (*.ics)")
        if path is None:
            return
        self._save_ics([appointment.id], path if path.suffix.lower() == ".ics" else path.with_suffix(".ics"))

    def _save_ics(self, appointment_ids: list[int], path: Path) -> None:
        from terminassistent.services.invitations.letters import write_invitations

        self.desk.query(lambda ctx: write_invitations(ctx, appointment_ids, ics=path),
                        lambda result: self._say(f"Kalenderdatei gespeichert: {result.ics}"),
                        what="das Speichern der Kalenderdatei", parent=self.preview or self.window)

    # -- the week's quota in the status bar ------------------------------------------------------

    def refresh_quota(self) -> None:
        def shown(q) -> None:
            text, tip = quota_text(q)
            self.window.quota_label.setText(text)
            self.window.quota_label.setToolTip(tip)

        self.desk.query(lambda ctx: week_quota(ctx, monday_of(ctx.today())), shown, what="das Berechnen der Quote",
                        failed=lambda failure: self.window.quota_label.setText(""))
