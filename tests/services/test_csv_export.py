"""Bestand exportieren… as CSV: a list that goes back to Excel imports again as it was."""

import datetime as dt

from terminassistent.services.caseload_io.csv_export import export_customers_csv
from terminassistent.services.caseload_io.importer import import_csv
from terminassistent.services.demo.build import DemoOptions, create_demo
from terminassistent.domain.model import ContactKind
from terminassistent.storage import Caseload


def test_the_exported_list_imports_into_a_new_caseload_as_the_same_customers(tmp_path):
    create_demo(tmp_path / "demo.db", DemoOptions(today=dt.date(2026, 12, 1), customers=60, seed=3))
    out = tmp_path / "kunden.csv"
    with Caseload.open(tmp_path / "demo.db") as c:
        export_customers_csv(c, out)
        customers = c.customers()
        last = {}
        for contact in c.contacts():
            if contact.kind is ContactKind.BERATUNG:
                last[contact.customer_no] = contact
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + "Kundennummer;Anrede;Nachname".encode()) and b"\r\n" in raw
    assert out.stat().st_mode & 0o777 == 0o600
    report = import_csv(tmp_path / "wieder.db", out)
    assert report.customers == len(customers)
    with Caseload.open(tmp_path / "wieder.db") as again:
        assert again.customers() == customers
        arrived = {c.customer_no: c for c in again.contacts()}
    for no, contact in last.items():  # the last counting contact, to the minute, with its channel
        assert arrived[no].at == contact.at.replace(second=0, microsecond=0)
        assert arrived[no].channel == contact.channel
