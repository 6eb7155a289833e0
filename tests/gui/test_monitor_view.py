"""Ansicht > Nachhaltung (Strg+3) driven through the window: it shows what the monitoring service
reports for the same caseload and day, opens a customer's file with Enter, follows changes, and
gives the list in front to the clipboard and the printer."""

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from terminassistent.domain.density import Compliance
from terminassistent.domain.model import AppointmentStatus
from terminassistent.services.conversation.conclude import conclude_conversation
from terminassistent.services.conversation.outcomes import record_outcome
from terminassistent.services.monitoring.report import monitoring_report
from terminassistent.services.monitoring.survey import survey
from tests.context import ctx

from . import test_flows
from .conftest import NOW, TODAY
from .test_flows import JOERG, pdf_text

day_db, day = test_flows.day_db, test_flows.day  # Tuesday 10 March 2026: Jörg is overdue since 21 February


def shown(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def numbers(table) -> list[str]:
    return [row[1] for row in shown(table)]


def open_monitor(qtbot, window):
    view = window.monitor_view
    with qtbot.waitSignal(view.refreshed, timeout=5000):
        qtbot.keyClick(window.ui.customerTable, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.views.currentWidget() is view
    return view


def test_strg_3_shows_the_overdue_customers_the_monitoring_service_finds(qtbot, window, day):
    view = open_monitor(qtbot, window)
    statuses = survey(ctx(day, NOW), TODAY)
    overdue = sorted((s for s in statuses if s.assessment.state is Compliance.OVERDUE),
                     key=lambda s: (s.assessment.latest, s.customer.customer_no))
    assert overdue and numbers(view.table("overdue")) == [s.customer.customer_no for s in overdue]
    joerg = next(s for s in overdue if s.customer.customer_no == JOERG.customer_no)
    assert shown(view.table("overdue"))[0][:6] == [
        "Weiß-Müller, Jörg", JOERG.customer_no, joerg.assessment.group, "⚠ überfällig",
        f"{joerg.assessment.latest:%d.%m.%Y}", "13.03.2026 09:00"]
    assert view.tab_text("overdue") == f"Überfällig ({len(overdue)})"
    assert "Nachhaltung am 10.03.2026" in view.title.text()


def test_the_due_tab_follows_the_spin_box_as_the_service_does(qtbot, window, day):
    view = open_monitor(qtbot, window)
    for within in (14, 200):
        if view.within.value() != within:
            with qtbot.waitSignal(view.refreshed, timeout=5000):
                view.within.setValue(within)
        report = monitoring_report(ctx(day, NOW), within=within)
        expected = [s.customer.customer_no for s in report.due if s.assessment.state is not Compliance.OVERDUE]
        assert numbers(view.table("due")) == expected
        assert view.tab_text("due") == f"Fällig in {within} Tagen ({len(expected)})"
    assert len(expected) > 0  # 200 days reach everyone with a density


def test_not_seen_since_a_chosen_date_lists_what_the_service_lists(qtbot, window, day):
    view = open_monitor(qtbot, window)
    assert view.since.date().toPython() == TODAY - dt.timedelta(days=182)
    since = dt.date(2026, 1, 1)
    with qtbot.waitSignal(view.refreshed, timeout=5000):
        view.since.setDate(QDate(since))
    report = monitoring_report(ctx(day, NOW), since=since)
    expected = [s.customer.customer_no for items in report.not_seen.values() for s in items]
    assert expected and numbers(view.table("unseen")) == expected
    assert JOERG.customer_no not in expected  # seen on 20 January
    assert view.tab_text("unseen") == f"Kein Kontakt seit 01.01.2026 ({len(expected)})"


def test_enter_on_a_row_opens_the_customers_file(qtbot, window):
    view = open_monitor(qtbot, window)
    table = view.table("overdue")
    table.setCurrentCell(numbers(table).index(JOERG.customer_no), 0)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.shown_file() is not None
                    and window.shown_file().customer.customer_no == JOERG.customer_no, timeout=5000)
    assert window.views.currentWidget() is window.splitter
    assert window.current_customer() == JOERG.customer_no


def test_a_recorded_conversation_takes_the_customer_off_the_overdue_list(qtbot, window, day):
    view = open_monitor(qtbot, window)
    assert JOERG.customer_no in numbers(view.table("overdue"))
    with qtbot.waitSignal(view.refreshed, timeout=5000):
        window.desk.op(lambda c: conclude_conversation(c, JOERG.customer_no), what="test")
    assert JOERG.customer_no not in numbers(view.table("overdue"))
    assert numbers(view.table("overdue")) == [s.customer.customer_no for s in monitoring_report(ctx(day, NOW)).overdue]


def test_a_miss_appears_among_those_awaiting_the_finding_once_recorded(qtbot, window, day):
    view = open_monitor(qtbot, window)
    assert view.table("awaiting").rowCount() == 0
    assert view.pages["awaiting"].hint.text().startswith("Kein versäumter Termin")
    anna_today = next(a for a in day.appointments() if a.start.day == 10)
    with qtbot.waitSignal(view.refreshed, timeout=5000):
        window.desk.op(lambda c: record_outcome(c, anna_today.id, AppointmentStatus.MISSED, reason="nicht erschienen"),
                       what="test")
    row = shown(view.table("awaiting"))[0]
    assert row[0] == "Schäfer, Anna" and row[6:] == ["10.03.2026 09:15", "heute", "nicht erschienen"]
    assert view.tab_text("awaiting") == "Meldeversäumnis offen (1)"


def test_the_overdue_list_is_copied_and_printed_without_addresses(qtbot, window, printing):
    view = open_monitor(qtbot, window)
    view.copy_button.click()
    lines = QApplication.clipboard().text().splitlines()
    assert lines[0].startswith("Nachhaltung am 10.03.2026") and lines[0].endswith("Überfällig (1)")
    assert lines[1].split("\t")[:2] == ["Name", "Kundennummer"]
    assert lines[2].split("\t")[:2] == ["Weiß-Müller, Jörg", JOERG.customer_no]
    view.print_button.click()
    text = pdf_text(printing.folder / "gedruckt.pdf")
    assert "Weiß-Müller, Jörg" in text and JOERG.customer_no in text
    assert JOERG.address.street not in text
