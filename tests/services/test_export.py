"""``export --json`` writes the caseload record by record as it reads it; the document is the one
the listing methods give, and a record that cannot be read still means nothing is written."""

import datetime as dt
import io
import json
import sqlite3

import pytest

from terminassistent.services.caseload_io.export import (
    absence_document, appointment_document, caseworker_document, contact_document, customer_document,
    group_change_document, write_export,
)  # fmt: skip
from terminassistent.services.demo.build import DemoOptions, create_demo
from terminassistent.storage import Caseload
from tests.cli.helpers import run


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "demo.db"
    create_demo(path, DemoOptions(today=dt.date(2026, 11, 23), customers=40))
    return path


def test_the_streamed_export_is_the_document_of_every_record_in_listing_order(demo):
    out = io.StringIO()
    with Caseload.open(demo) as caseload:
        write_export(caseload, out)
        expected = {
            "caseworker": caseworker_document(caseload.caseworker()),
            "customers": [customer_document(c) for c in caseload.customers()],
            "contacts": [contact_document(c) for c in caseload.contacts()],
            "appointments": [appointment_document(a) for a in caseload.appointments()],
            "absences": [absence_document(a) for a in caseload.absences()],
            "group_history": [group_change_document(g) for g in caseload.group_changes()],
        }
    assert expected["absences"] and expected["contacts"]  # every section has records
    assert json.loads(out.getvalue()) == expected


def test_a_bad_record_in_the_last_section_means_nothing_is_written(demo, tmp_path, capsys):
    damaged = tmp_path / "kaputt.db"
    damaged.write_bytes(demo.read_bytes())
    conn = sqlite3.connect(damaged)
    conn.execute("UPDATE absences SET kind = 'kur' WHERE id = (SELECT max(id) FROM absences)")
    conn.commit()
    conn.close()
    code, out, err = run(capsys, "export", "--db", damaged, "--json")
    assert code == 1 and out == ""
    assert "Spalte »kind« hat den ungültigen Wert »kur«" in err
