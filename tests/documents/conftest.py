"""Fixtures of the invitation tests (the caseload itself is built in factories.py)."""

import pytest

from terminassistent.storage import Caseload

from .factories import AYSE, CASEWORKER, JOERG, KIM, NOMAD


@pytest.fixture
def caseload(tmp_path):
    with Caseload.create(tmp_path / "bestand.db", CASEWORKER) as c:
        c.add_customers([JOERG, AYSE, KIM, NOMAD])
        yield c


@pytest.fixture
def out(tmp_path):
    folder = tmp_path / "ausgabe"
    folder.mkdir()
    return folder
