"""Settings: declared once, checked on the way in, part-time scaling of the weekly maximum."""

import pytest

from terminassistent import settings as registry
from terminassistent.domain.model import Caseworker
from terminassistent.errors import InvalidInput
from terminassistent.services.settings import access as settings
from terminassistent.storage import Caseload


@pytest.fixture
def caseload(tmp_path):
    with Caseload.create(tmp_path / "s.db", Caseworker(weekly_hours=19.5, full_time_hours=39)) as c:
        yield c


def test_every_setting_has_a_german_title_and_a_valid_default():
    for s in registry.SETTINGS:
        assert s.title and s.title[0].isupper(), s.key
        assert s.check(s.default) == s.default


def test_defaults_and_stored_values(caseload):
    assert settings.get(caseload, "scheduling.slot_minutes") == 15
    settings.put(caseload, "scheduling.slot_minutes", 30)
    settings.put(caseload, "letter.purposes", ["vermittlung", "berufsberatung"])
    assert settings.get(caseload, "scheduling.slot_minutes") == 30
    assert settings.get(caseload, "letter.purposes") == ("vermittlung", "berufsberatung")


@pytest.mark.parametrize("key, value, message", [
    ("scheduling.slot_minutes", 0, "erlaubt ist 5 bis 60"),
    ("scheduling.slot_minutes", "15", "erwartet ist eine ganze Zahl"),
    ("calendar.person", "vollständig", "einer der Werte initialen, kundennummer, name"),
    ("gibt.es.nicht", 1, "»gibt.es.nicht« gibt es nicht"),
])
def test_bad_values_are_refused_by_name(caseload, key, value, message):
    with pytest.raises(InvalidInput, match=message):
        settings.put(caseload, key, value)
    assert caseload.setting(key) is None


def test_the_weekly_maximum_is_pro_rata(caseload):
    rules = settings.scheduling_rules(caseload)
    assert rules.max_per_week == 15 and rules.max_per_day == 7
