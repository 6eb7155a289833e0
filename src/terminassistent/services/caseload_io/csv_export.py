"""Bestand exportieren… as CSV: the customers in the import's own format (the columns of
Neuer Kunde…, with the last counting contact), so a list can go back to Excel and be imported
again as it is: UTF-8 with byte-order mark, ``;`` as separator, CRLF, quoted as Excel quotes.

Values are written as they are, never prefixed to stop a spreadsheet formula: the file must read
back unchanged (tests/services/test_csv_export.py imports it again). Excel shows a value that
begins with "=" as text when the file is opened through "Daten → Aus Text/CSV".
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TextIO

from terminassistent.domain.model import BERLIN, ContactKind
from terminassistent.services.caseload_io.export import export_to_file
from terminassistent.services.customers.edit import NEW_FIELDS, customer_values
from terminassistent.storage import Caseload


def write_customers_csv(caseload: Caseload, out: TextIO) -> None:
    """One row per customer in the caseload (not those who left it), in one consistent snapshot."""
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(NEW_FIELDS)
    with caseload.transaction():
        latest = {}
        for contact in caseload.contacts():  # in time order: the last one of each customer stays
            if contact.kind is ContactKind.BERATUNG:
                latest[contact.customer_no] = contact
        for customer in caseload.customers():
            values = customer_values(customer)
            contact = latest.get(customer.customer_no)
            values["Letzter Kontakt"] = f"{contact.at.astimezone(BERLIN):%d.%m.%Y %H:%M}" if contact else ""
            values["Kanal"] = contact.channel.label if contact else ""
            writer.writerow([values.get(name, "") for name in NEW_FIELDS])


def export_customers_csv(caseload: Caseload, path: Path) -> Path:
    """Write the CSV to ``path`` (0600, whole or not at all, like the JSON export)."""
    return export_to_file(caseload, path, write_customers_csv, encoding="utf-8-sig", newline="")
