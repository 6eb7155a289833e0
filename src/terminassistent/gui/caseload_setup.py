"""A caseload from the window, never from a terminal: the first-start wizard (a new, empty
caseload, the office's CSV list, or the demo) and Datei > Neuer Bestand….

A new caseload asks for what its letters and proposals need from the first day: the caseworker's
name and Dienststelle (the letter's sender), room, phone, e-mail, the Bundesland (holidays), the
weekly hours and working days (free time for proposals) and the Kontaktdichtekonzept. Every value
is checked field by field; nothing is created while one is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QCommandLinkButton, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QStackedWidget,
    QVBoxLayout, QWidget,
)  # fmt: skip

from terminassistent.domain.model import WEEKDAYS_DE, Caseworker
from terminassistent.errors import FieldProblems, UserError
from terminassistent.gui.caseload_flows import OpenRequest
from terminassistent.gui.forms_support import FieldErrors, reason_label
from terminassistent.gui.settings_pages import HolidayPreview, PersonPage, PolicyChoice, hours_box
from terminassistent.policy import load_bundled
from terminassistent.services.settings.new_caseload import create_caseload

NEW, IMPORT, DEMO = "new", "import", "demo"


FirstStart = Callable[[Path], "OpenRequest | None"]  # the wizard: the caseload to open, or None to quit


class NewCaseloadForm(QWidget):
    """The caseworker's data for a new caseload; ``create(path)`` makes the file or marks the fields."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.errors = FieldErrors()
        cw = Caseworker()
        self.person = PersonPage(cw, self.errors)
        self.land = HolidayPreview(cw.bundesland)
        self.hours = hours_box(cw.weekly_hours)
        self.hours.setObjectName("weekly_hours")
        self.policy = PolicyChoice(load_bundled(), cw.policy_id)
        days = QWidget()
        row = QHBoxLayout(days)
        row.setContentsMargins(0, 0, 0, 0)
        self.days: list[QCheckBox] = []
        for day in range(6):
            check = QCheckBox(WEEKDAYS_DE[day][:2])
            check.setToolTip(WEEKDAYS_DE[day])
            check.setChecked(day < 5)
            row.addWidget(check)
            self.days.append(check)
        row.addStretch(1)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.person.form_into(form)
        self.errors.add_row(form, "bundesland", "Bundesland (für die Feiertage):", self.land.land)
        self.errors.add_row(form, "weekly_hours", "Wochenarbeitszeit:", self.hours)
        self.errors.add_row(form, "working_days", "Arbeitstage:", days)
        self.errors.add_row(form, "policy_id", "Kontaktdichtekonzept:", self.policy.combo)
        form.addRow("", self.policy.details)
        hint = QLabel("Die Arbeitszeiten werden gleichmäßig auf die Arbeitstage verteilt (ab 07:30 Uhr); genauer "
                      "stellen Sie sie später unter Datei → Einstellungen… ein, dort auch Brief und Termine.")
        hint.setWordWrap(True)
        form.addRow(hint)
        self.refusal = reason_label()  # why nothing was created, when no field is to blame (the file exists)
        form.addRow(self.refusal)

    def values(self) -> dict:
        return {**self.person.values(), "bundesland": self.land.land.currentData(),
                "weekly_hours": self.hours.value(), "policy_id": self.policy.combo.currentData()}

    def working_days(self) -> list[int]:
        return [day for day, check in enumerate(self.days) if check.isChecked()]

    def create(self, path: Path) -> Path | None:
        """The new file's path, or None with the refused fields marked (and the reason returned by
        ``problem``)."""
        self.problem = ""
        try:
            return create_caseload(path, self.values(), self.working_days())
        except FieldProblems as err:
            self.errors.show(err.fields)
            self.problem = str(err)
        except UserError as err:
            self.problem = str(err)
        except OSError as err:  # the storage layer words its own; this is the last resort
            self.problem = f"Der Bestand konnte nicht in »{path}« angelegt werden: {err.strerror or err}."
        self.refusal.setText(self.problem)
        self.refusal.setVisible(bool(self.problem))
        return None


class FirstStartDialog(QDialog):
    """The first start: three ways in; the chosen one is ``request`` after ``accept()``."""

    def __init__(self, path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Willkommen bei Terminassistent")
        self.path = path
        self.request: OpenRequest | None = None
        self.way = NEW
        self.stack = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        self.stack.addWidget(self._choice_page())
        self.stack.addWidget(self._form_page())

    def _choice_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        intro = QLabel("Es gibt noch keinen Bestand. Wie möchten Sie beginnen?")
        intro.setWordWrap(True)
        column.addWidget(intro)
        self.new_button = QCommandLinkButton("Neuen, leeren Bestand anlegen",
                                             "Ihre Angaben, Arbeitszeit und Kontaktdichtekonzept; Kunden nehmen Sie "
                                             "dann einzeln auf (Strg+N) oder importieren sie später.")
        self.import_button = QCommandLinkButton("Kundenliste des Jobcenters einlesen (CSV)",
                                                "Erst Ihre Angaben, dann die Liste mit Vorschau und Prüfung.")
        self.demo_button = QCommandLinkButton("Mit erfundenen Daten ausprobieren",
                                              "Ein Demo-Bestand, der beim Beenden wieder gelöscht wird; Ihr "
                                              "Bestand bleibt unberührt.")
        self.new_button.clicked.connect(lambda: self._to_form(NEW))
        self.import_button.clicked.connect(lambda: self._to_form(IMPORT))
        self.demo_button.clicked.connect(self._demo)
        for button in (self.new_button, self.import_button, self.demo_button):
            column.addWidget(button)
        where = QLabel(f"Ihr Bestand wird als Datei gespeichert, lesbar nur für Sie:\n{self.path}")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(where)
        column.addStretch(1)
        quit_row = QDialogButtonBox()
        quit_row.addButton("Beenden", QDialogButtonBox.ButtonRole.RejectRole)
        quit_row.rejected.connect(self.reject)
        column.addWidget(quit_row)
        self.new_button.setFocus(Qt.FocusReason.OtherFocusReason)
        return page

    def _form_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        self.form_title = QLabel()
        column.addWidget(self.form_title)
        self.form = NewCaseloadForm()
        column.addWidget(self.form, 1)
        buttons = QDialogButtonBox()
        back = buttons.addButton("Zurück", QDialogButtonBox.ButtonRole.ResetRole)
        self.create_button = buttons.addButton("Bestand anlegen", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Abbrechen", QDialogButtonBox.ButtonRole.RejectRole)
        back.clicked.connect(lambda: self.stack.setCurrentIndex(0))
        buttons.accepted.connect(self._create)
        buttons.rejected.connect(self.reject)
        self.create_button.setDefault(True)
        column.addWidget(buttons)
        return page

    def _to_form(self, way: str) -> None:
        self.way = way
        self.form_title.setText("<b>Ihre Angaben</b> – " + ("danach wählen Sie die CSV-Liste." if way == IMPORT
                                                            else "so stehen sie auf Ihren Einladungen."))
        self.create_button.setText("Weiter zur Kundenliste" if way == IMPORT else "Bestand anlegen")
        self.stack.setCurrentIndex(1)
        self.form.person.first_field().setFocus(Qt.FocusReason.OtherFocusReason)

    def _demo(self) -> None:
        self.request = OpenRequest(demo=True)
        self.accept()

    def _create(self) -> None:
        created = self.form.create(self.path)
        if created is None:
            return
        self.request = OpenRequest(created, then_import=self.way == IMPORT)
        self.accept()


class NewCaseloadDialog(QDialog):
    """Datei > Neuer Bestand… after the file name was chosen: the form, then ``created(path)``."""

    created = Signal(object)

    def __init__(self, path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Neuer Bestand – {path.name}")
        self.path = path
        layout = QVBoxLayout(self)
        where = QLabel(f"Der neue Bestand wird angelegt in:\n{path}")
        where.setWordWrap(True)
        layout.addWidget(where)
        self.form = NewCaseloadForm()
        layout.addWidget(self.form, 1)
        buttons = QDialogButtonBox()
        self.create_button = buttons.addButton("Anlegen und öffnen", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Abbrechen", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._create)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.form.person.first_field().setFocus(Qt.FocusReason.OtherFocusReason)

    def _create(self) -> None:
        created = self.form.create(self.path)
        if created is None:
            return
        self.accept()
        self.created.emit(created)
