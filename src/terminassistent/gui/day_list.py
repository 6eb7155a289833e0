"""Woche > Tagesliste drucken…: the appointments of one day on paper for the desk (time, name,
Kundennummer, kind, channel, room; no state or Profillage: the list may lie on the desk while a
customer sits there); through the print preview, like the letters. Cancelled appointments are
left out."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence

from PySide6.QtCore import QDate
from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QWidget

from terminassistent.domain.model import BERLIN, Channel
from terminassistent.services.scheduling.week_calendar import CalendarEntry

WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")


def day_list_html(day: dt.date, entries: Sequence[CalendarEntry], caseworker: str, room: str) -> str:
    """The list as HTML (QTextDocument's subset): a heading and one row per appointment."""
    rows = []
    for e in entries:
        a = e.appointment
        start, end = a.start.astimezone(BERLIN), a.end.astimezone(BERLIN)
        cells = (f"{start:%H:%M}–{end:%H:%M}", e.name, a.customer_no, a.kind.label, a.channel.label,
                 room if a.channel is Channel.PERSOENLICH else "–")
        rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    head = "".join(f"<th align='left'>{h}</th>" for h in ("Zeit", "Name", "Kundennummer", "Art", "Kanal", "Raum"))
    body = "".join(rows) or "<tr><td colspan='6'>Keine Termine an diesem Tag.</td></tr>"
    return (f"<h2>Termine am {WEEKDAYS[day.weekday()]}, {day:%d.%m.%Y}</h2>"
            f"<p>{html.escape(caseworker)} · {len(entries)} Termin{'e' if len(entries) != 1 else ''}</p>"
            f"<table cellspacing='0' cellpadding='4' border='1' width='100%'><tr>{head}</tr>{body}</table>")


class DayDialog(QDialog):
    def __init__(self, day: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Tagesliste drucken")
        form = QFormLayout(self)
        self.day = QDateEdit(QDate(day.year, day.month, day.day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd.MM.yyyy")
        form.addRow("Tag:", self.day)
        buttons = QDialogButtonBox()
        buttons.addButton("Druckvorschau", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Abbrechen", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def chosen(self) -> dt.date:
        return self.day.date().toPython()


class DayListPreview(QPrintPreviewDialog):
    """Qt's print preview of the list (Strg+P prints from its tool bar's print button)."""

    def __init__(self, document_html: str, printer, parent: QWidget | None = None):
        super().__init__(printer, parent)
        self.printer = printer  # Qt does not own it: it must live as long as the preview
        self.setWindowTitle("Tagesliste – Druckvorschau")
        self.document = QTextDocument()
        self.document.setHtml(document_html)
        self.paintRequested.connect(self.document.print_)
