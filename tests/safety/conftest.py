"""A hand-made caseload (tests/services/handmade.py) opened through a context at a fixed moment."""

import pytest

from terminassistent.services.context import Context, fixed_clock
from tests.services.handmade import NOW, build


@pytest.fixture
def ctx(tmp_path):
    caseload = build(tmp_path / "bestand.db")
    try:
        yield Context(caseload, fixed_clock(NOW))
    finally:
        caseload.close()
