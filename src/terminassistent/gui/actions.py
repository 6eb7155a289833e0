"""The menu entries of ../shared/DESKTOP.md, declared once: menu, German text, shortcut, what the
entry needs (a customer or an appointment selected) and the status tip that says why it is
disabled without it. The main window builds its menu bar from ``ENTRIES`` and connects each
action by its key; the manual and the tests read the same table.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

CUSTOMER, APPOINTMENT, BOOKED = "customer", "appointment", "booked"

NEEDS_TIP = {
    CUSTOMER: "Bitte wählen Sie zuerst eine Kundin oder einen Kunden aus der Liste.",
    APPOINTMENT: "Bitte wählen Sie zuerst einen Termin aus (in der Kundenakte).",
    BOOKED: "Bitte wählen Sie zuerst einen gebuchten Termin aus (in der Kundenakte).",
}


@dataclass(frozen=True)
class Entry:
    key: str
    menu: str
    text: str
    shortcut: str = ""  # portable text ("Ctrl+Return"), shown in German by Qt's translation
    tip: str = ""
    needs: str | None = None
    separator_before: bool = False
    local: bool = False  # the shortcut acts only in the widget the action is added to (Enter in the list)


MENUS = ("Datei", "Bearbeiten", "Ansicht", "Kunde", "Termin", "Woche", "Hilfe")

ENTRIES: tuple[Entry, ...] = (
    Entry("new_caseload", "Datei", "Neuer Bestand…", "",
          "Einen neuen, leeren Bestand anlegen (Ihre Angaben, Arbeitszeit, Kontaktdichtekonzept)"),
    Entry("open_caseload", "Datei", "Bestand öffnen…", "", "Einen anderen Bestand (Datei) in diesem Fenster öffnen"),
    Entry("import", "Datei", "Kunden importieren…", "",
          "Kunden aus der CSV-Liste des Jobcenters übernehmen (Vorschau und Prüfung vorher)"),
    Entry("export", "Datei", "Bestand exportieren…", "",
          "Den ganzen Bestand als JSON-Datei speichern; ein Dateiname auf .csv speichert die Kundenliste für Excel"),
    Entry("backup", "Datei", "Sicherung erstellen…", "",
          "Eine Kopie des Bestands in den Sicherungsordner oder an einen anderen Ort schreiben", separator_before=True),
    Entry("restore", "Datei", "Sicherung wiederherstellen…", "",
          "Den Bestand aus einer Sicherung zurückholen (der jetzige Stand wird vorher gesichert)"),
    Entry("purge", "Datei", "Abgelaufene Daten löschen…", "",
          "Was über die Aufbewahrungsfrist hinaus gespeichert ist, anzeigen und löschen (§ 84 SGB X)"),
    Entry("settings", "Datei", "Einstellungen…", "Ctrl+,",
          "Ihre Angaben, Arbeitszeit, Feiertage, Kontaktdichtekonzept, Termine, Brief und Kalender",
          separator_before=True),
    Entry("quit", "Datei", "Beenden", "Ctrl+Q", "Terminassistent beenden (alles ist schon gespeichert)",
          separator_before=True),
    Entry("undo", "Bearbeiten", "Rückgängig", "Ctrl+Z", "Die letzte Aktion als Ganzes zurücknehmen"),
    Entry("redo", "Bearbeiten", "Wiederherstellen", "Ctrl+Shift+Z", "Die zuletzt zurückgenommene Aktion wiederholen"),
    Entry("find", "Bearbeiten", "Suchen…", "Ctrl+F", "In das Suchfeld springen", separator_before=True),
    Entry("reload", "Bearbeiten", "Neu laden", "F5", "Den Bestand neu aus der Datei lesen"),
    Entry("view_customers", "Ansicht", "Kunden", "Ctrl+1", "Die Kundenliste mit der Kundenakte"),
    Entry("view_week", "Ansicht", "Woche", "Ctrl+2", "Die Woche: Termine, Arbeitszeit, Abwesenheiten und die Quote"),
    Entry("view_monitor", "Ansicht", "Nachhaltung", "Ctrl+3",
          "Überfällige und bald fällige Kunden, offene Feststellungen, Kooperationspläne, Einhaltung, Quote"),
    Entry("today", "Ansicht", "Heute", "Ctrl+Home", "Die Woche von heute zeigen", separator_before=True),
    Entry("prev_week", "Ansicht", "Vorige Woche", "Ctrl+PgUp", "Die Woche davor zeigen"),
    Entry("next_week", "Ansicht", "Nächste Woche", "Ctrl+PgDown", "Die Woche danach zeigen"),
    Entry("conclude", "Kunde", "Gespräch abschließen…", "Ctrl+Return",
          "Das Gespräch festhalten und den nächsten Termin buchen", CUSTOMER),
    Entry("propose", "Kunde", "Termin vorschlagen…", "Ctrl+T", "Termine im Zeitfenster vorschlagen und buchen",
          CUSTOMER),
    Entry("first", "Kunde", "Erstgespräch vereinbaren…", "",
          "Das Erstgespräch innerhalb der Vorlaufzeit des Kontaktdichtekonzepts buchen", CUSTOMER),
    Entry("new_customer", "Kunde", "Neuer Kunde…", "Ctrl+N", "Eine neue Kundin oder einen neuen Kunden aufnehmen",
          separator_before=True),
    Entry("edit_customer", "Kunde", "Kunde bearbeiten…", "F2", "Die Angaben der Kundin oder des Kunden ändern",
          CUSTOMER),
    Entry("leave", "Kunde", "Abgang eintragen…", "",
          "Die Kundin oder der Kunde verlässt den Bestand (Tag und Grund; gebuchte Termine werden abgesagt)", CUSTOMER),
    Entry("open_file", "Kunde", "Kundenakte", "Return", "Zur Kundenakte der ausgewählten Person", CUSTOMER, local=True),
    Entry("held", "Termin", "Erschienen", "", "Der Termin hat stattgefunden (als Beratungsvermerk festhalten)",
          BOOKED),
    Entry("missed", "Termin", "Versäumt…", "", "Nicht erschienen: festhalten und gleich neu einladen", BOOKED),
    Entry("excused", "Termin", "Entschuldigt…", "", "Mit wichtigem Grund nicht erschienen: festhalten und neu einladen",
          BOOKED),
    Entry("cancel", "Termin", "Absagen…", "", "Den Termin absagen", BOOKED),
    Entry("move", "Termin", "Verschieben…", "", "Den Termin auf einen anderen Tag oder eine andere Zeit legen",
          BOOKED),
    Entry("print", "Termin", "Einladung drucken…", "Ctrl+P", "Die Einladung mit Rechtsfolgenbelehrung drucken",
          BOOKED, separator_before=True),
    Entry("save_ics", "Termin", "Kalenderdatei speichern…", "", "Den Termin als Kalenderdatei (.ics) speichern",
          BOOKED),
    Entry("plan_week", "Woche", "Woche planen…", "",
          "Die Woche bis zur Quote füllen, mit den Kunden, die es am nötigsten haben"),
    Entry("print_week", "Woche", "Einladungen drucken…", "",
          "Die Einladungen der gebuchten Termine einer Woche als ein Serienbrief"),
    Entry("day_list", "Woche", "Tagesliste drucken…", "", "Die Termine eines Tages als Liste drucken"),
    Entry("absence", "Woche", "Abwesenheit eintragen…", "", "Urlaub, Fortbildung oder Krankheit eintragen",
          separator_before=True),
    Entry("manual", "Hilfe", "Handbuch", "F1", "Das Handbuch: das Programmfenster, seine Menüs und die Befehle"),
    Entry("about", "Hilfe", "Über Terminassistent", "", "Version, Kontaktdichtekonzept, Rechtsfolgenbelehrungen, Datei"),
)


def build_menus(bar: QMenuBar, owner: QObject, entries: tuple[Entry, ...] = ENTRIES) -> dict[str, QAction]:
    """The menu bar's menus and actions, by key (each action's shortcut and status tip set)."""
    menus: dict[str, QMenu] = {}
    actions: dict[str, QAction] = {}
    for name in MENUS:
        if any(e.menu == name for e in entries):
            menus[name] = bar.addMenu(f"&{name}")
    for entry in entries:
        menu = menus[entry.menu]
        if entry.separator_before:
            menu.addSeparator()
        action = QAction(entry.text, owner)
        action.setObjectName(f"action_{entry.key}")
        if entry.shortcut:
            action.setShortcut(QKeySequence(entry.shortcut))
        if entry.local:
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.setStatusTip(entry.tip)
        action.setToolTip(entry.tip)
        menu.addAction(action)
        actions[entry.key] = action
    return actions


def enable(actions: dict[str, QAction], selected: dict[str, bool]) -> None:
    """Enable each entry whose need is met; a disabled one's status tip says why."""
    for entry in ENTRIES:
        if entry.needs is None or entry.key not in actions:
            continue
        action, ok = actions[entry.key], selected.get(entry.needs, False)
        action.setEnabled(ok)
        action.setStatusTip(entry.tip if ok else f"{entry.tip}. {NEEDS_TIP[entry.needs]}")
