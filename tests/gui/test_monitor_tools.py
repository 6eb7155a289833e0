"""The Nachhaltung's tools driven through the window: the filters give what ``terminassistent
monitor`` gives for the same customers, the quota chart draws the command's twelve weeks, the list
in front is saved as CSV for Excel without addresses, and chosen customers are invited in one step
(after the postal notice, one Rückgängig) or sent to "Termin vorschlagen…"."""

import contextlib
import csv
import datetime as dt
import io
import json

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from terminassistent.cli import main
from terminassistent.domain.model import AppointmentStatus, Flag, Profile, Status
from terminassistent.gui.propose_dialog import ProposeDialog
from terminassistent.gui.quota_chart import MISSED, REACHED
from terminassistent.services.context import fixed_clock
from terminassistent.services.demo.build import DemoOptions, create_demo
from terminassistent.services.monitoring.report import monitoring_report
from terminassistent.storage import Caseload
from tests.context import ctx

from . import test_flows
from .conftest import NOW, TODAY
from .test_flows import ANNA, JOERG, NEW, open_window, wait_dialog, wait_preview
from .test_monitor_view import numbers, open_monitor, shown

day_db, day = test_flows.day_db, test_flows.day


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    """80 demo customers of every status, Profillage, flag and age group, on Tuesday 10 March 2026."""
    path = tmp_path_factory.mktemp("nachhaltung") / "demo.db"
    create_demo(path, DemoOptions(today=TODAY, customers=80))
    return path


@pytest.fixture(scope="module")
def command(demo_db):
    """What ``terminassistent monitor --json`` says of the demo (the view's settings: 14 days, 12 weeks)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["monitor", "--db", str(demo_db), "--on", "2026-03-10", "--within", "14", "--weeks", "12",
                     "--json"], clock=fixed_clock(NOW)) == 0
    return json.loads(out.getvalue())


@pytest.fixture
def demo_window(qtbot, demo_db, boxes, gui_dialogs):
    with Caseload.open(demo_db) as caseload:
        customers = {c.customer_no: c for c in caseload.customers()}
        w = open_window(qtbot, caseload, boxes, gui_dialogs)
        w.customers = customers
        yield w
        w.desk.stop()
        w.desk.runner.wait()
        QApplication.processEvents()


def age(customer) -> int:
    born = customer.birth_date
    return TODAY.year - born.year - ((TODAY.month, TODAY.day) < (born.month, born.day))


FILTERS = [  # what the caseworker picks (box: entry), and which customers that means
    ({"status": Status.ARBEITSLOS.label}, lambda c: c.status is Status.ARBEITSLOS),
    ({"profile": "ohne Profillage"}, lambda c: c.profile is None),
    ({"profile": Profile.MARKT.label}, lambda c: c.profile is Profile.MARKT),
    ({"age": "U25"}, lambda c: age(c) < 25),
    ({"age": "Ü25"}, lambda c: age(c) >= 25),
    ({"flag": Flag.FALLMANAGEMENT.label}, lambda c: Flag.FALLMANAGEMENT in c.flags),
    ({"flag": "ohne Merkmal"}, lambda c: not c.flags),
    ({"status": Status.ARBEITSUCHEND.label, "age": "Ü25"},
     lambda c: c.status is Status.ARBEITSUCHEND and age(c) >= 25),
]


def pick(view, **choices) -> None:
    if view.filters.reset_button.isEnabled():
        view.filters.reset_button.click()
    for box_name, text in choices.items():
        box = getattr(view.filters, box_name)
        index = box.findText(text)
        assert index > 0, f"{text} is offered"
        box.setCurrentIndex(index)


def test_each_filter_lists_what_the_monitor_command_lists_for_those_customers(qtbot, demo_window, command):
    view = open_monitor(qtbot, demo_window)
    customers = demo_window.customers
    due, unseen = command["due"], [s for items in command["not_seen"].values() for s in items]
    assert [row[:2] for row in shown(view.table("groups"))] == [[g["group"], str(g["customers"])]
                                                                for g in command["groups"]]
    for choices, wanted in FILTERS:
        pick(view, **choices)

        def keep(entries, wanted=wanted):
            return [e["customer"] for e in entries if wanted(customers[e["customer"]])]

        overdue = keep(d for d in due if d["state"] == "overdue")
        assert numbers(view.table("overdue")) == overdue, choices
        assert numbers(view.table("due")) == keep(d for d in due if d["state"] != "overdue"), choices
        assert numbers(view.table("unseen")) == keep(unseen), choices
        assert set(numbers(view.table("never"))) == set(keep(s for s in unseen if s["last_contact"] is None)), choices
        assert view.tab_text("overdue") == f"Überfällig ({len(overdue)})"
        matching = sum(1 for c in customers.values() if wanted(c))
        assert 0 < matching < len(customers), choices  # the filter does filter
        assert sum(int(row[1]) for row in shown(view.table("groups"))) == matching, choices
    view.copy_button.click()  # the list handed on says which customers it holds
    assert QApplication.clipboard().text().splitlines()[0].endswith("– nur Status arbeitsuchend, Ü25")
    view.filters.reset_button.click()
    assert numbers(view.table("overdue")) == [d["customer"] for d in due if d["state"] == "overdue"]
    assert not view.filters.reset_button.isEnabled()


def test_the_chart_draws_the_twelve_weeks_of_the_monitor_command(qtbot, demo_window, command):
    view = open_monitor(qtbot, demo_window)
    view.tabs.setCurrentWidget(view.pages["quota"])
    qtbot.waitUntil(view.chart.isVisible, timeout=3000)
    chart = view.chart
    bars = chart.bars()
    assert len(command["quota"]) == 12
    assert [(b.week, b.target, b.achieved) for b in bars] == [(w["week"], w["target"], w["achieved"])
                                                              for w in command["quota"]]
    assert "persönliche Beratungsgespräche" in chart.title()  # the unit of AA 90 (jba)'s quota
    baseline = max(b.rect.bottom() for b in bars)
    scale = {round(b.rect.height() / b.achieved, 3) for b in bars if b.achieved}
    scale |= {round((baseline - b.target_y) / b.target, 3) for b in bars if b.target}
    assert max(scale) - min(scale) < 0.01  # bars and target lines on one scale from one baseline
    image = chart.grab().toImage()
    colours = []
    for b in bars:
        if b.rect.height() > 4:
            colours.append(image.pixelColor(b.rect.center().toPoint()).name())
            assert colours[-1] == (REACHED if b.achieved >= b.target else MISSED).name(), b.week
    assert {REACHED.name(), MISSED.name()} <= set(colours)  # weeks reached and weeks missed, told apart
    assert all(0 <= b.target_y and b.rect.top() >= 0 for b in bars)  # the highest figure fits


def test_the_list_in_front_is_saved_as_csv_for_excel_without_addresses(qtbot, window, printing, tmp_path):
    view = open_monitor(qtbot, window)
    printing.answer_file = tmp_path / "überfällig.csv"
    view.csv_button.click()
    qtbot.waitUntil(printing.answer_file.exists, timeout=5000)
    raw = printing.answer_file.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # UTF-8 with BOM, Windows line ends
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0][:6] == ["Name", "Kundennummer", "Gruppe", "Stand", "spätestens", "nächster Termin"]
    assert rows[1][:2] == ["Weiß-Müller, Jörg", JOERG.customer_no] and rows[1][3] == "⚠ überfällig"
    assert rows == view.table("overdue").lines()
    text = raw.decode("utf-8-sig")
    assert JOERG.address.street not in text and JOERG.address.postal_code not in text
    assert printing.asked_files == ["Liste als CSV speichern"]


def test_chosen_customers_are_invited_in_one_step_after_the_postal_notice(qtbot, window, day, printing):
    view = open_monitor(qtbot, window)
    with qtbot.waitSignal(view.refreshed, timeout=5000):
        view.since.setDate(QDate(TODAY))  # no contact since today: everyone
    view.tabs.setCurrentWidget(view.pages["unseen"])
    table = view.table("unseen")
    assert set(numbers(table)) == {ANNA.customer_no, JOERG.customer_no, NEW.customer_no}
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    before = {a.id for a in day.appointments()}
    view.invite_button.click()
    qtbot.waitUntil(lambda: view.actions.dialog is not None and view.actions.dialog.isVisible(), timeout=5000)
    dialog = view.actions.dialog
    assert dialog.list.count() == 2  # Jörg comes on Friday and is in the invitation chain
    assert "Weiß-Müller, Jörg" in dialog.notes.text() and "13.03.2026" in dialog.notes.text()
    dialog.apply_button.click()
    preview = wait_preview(qtbot, window)
    assert preview.windowTitle().startswith("2 Einladungen")
    new = [a for a in day.appointments() if a.id not in before]
    assert sorted(a.customer_no for a in new) == sorted([ANNA.customer_no, NEW.customer_no])
    assert all(a.status is AppointmentStatus.BOOKED for a in new)
    received = TODAY + dt.timedelta(days=4)  # a letter posted today is deemed received on the fourth day
    assert min(a.start.date() for a in new) > received
    assert new[0].start != new[1].start
    undo = window.actions["undo"]
    qtbot.waitUntil(lambda: undo.text() == "Rückgängig: 2 Kunden einladen (Nachhaltung)", timeout=5000)
    preview.reject()
    undo.trigger()
    qtbot.waitUntil(lambda: {a.id for a in day.appointments()
                             if a.status is AppointmentStatus.BOOKED} <= before, timeout=5000)


def test_termin_vorschlagen_opens_the_first_appointment_for_one_never_counselled(qtbot, window, boxes):
    view = open_monitor(qtbot, window)
    view.tabs.setCurrentWidget(view.pages["never"])
    assert numbers(view.table("never")) == [NEW.customer_no]
    table = view.table("never")
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualItemRect(table.item(0, 0)).center())
    view.propose_button.click()
    dialog = wait_dialog(qtbot, window, ProposeDialog)
    assert dialog.windowTitle().startswith("Erstgespräch vereinbaren – Özdemir, Ayşe")
    dialog.reject()
    view.tabs.setCurrentWidget(view.pages["due"])
    with qtbot.waitSignal(view.refreshed, timeout=5000):
        view.within.setValue(200)
    view.table("due").selectAll()
    view.propose_button.click()
    assert boxes.shown[-1][0] == "Termin vorschlagen" and "Einladen…" in boxes.shown[-1][1]


@pytest.mark.parametrize(("policy", "unit"), [("uelzen-2019", "Termine"), ("moenchengladbach-2012", "Minuten"),
                                              ("ba-2010", None)])
def test_the_chart_names_the_policys_unit_or_that_there_is_no_quota(qtbot, window, day, policy, unit):
    cw = day.caseworker()
    day.save_caseworker(type(cw)(**{**cw.__dict__, "policy_id": policy}))
    view = open_monitor(qtbot, window)
    view.tabs.setCurrentWidget(view.pages["quota"])
    qtbot.waitUntil(view.chart.isVisible, timeout=3000)
    report = monitoring_report(ctx(day, NOW), weeks=12)
    if unit is None:
        assert view.chart.bars() == [] and "legt keine Wochenquote fest" in view.chart.title()
    else:
        assert view.chart.title().endswith(f"({unit})")
        assert [(b.week, b.target, b.achieved) for b in view.chart.bars()] == [
            (w["week"], w["target"], w["achieved"]) for w in report.quota]
