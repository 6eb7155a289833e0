"""The stored text of a moment: the fast writer gives the text strftime always gave."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from terminassistent.domain.model import BERLIN
from terminassistent.storage.formats import from_utc_text, to_utc_text

ZONES = st.sampled_from([BERLIN, dt.timezone.utc, dt.timezone(dt.timedelta(hours=-5, minutes=-30))])


@given(st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30)), ZONES)
def test_utc_text_is_strftimes_text(moment, zone):
    moment = moment.replace(tzinfo=zone)
    assert to_utc_text(moment) == moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@given(st.datetimes(min_value=dt.datetime(1900, 1, 2), max_value=dt.datetime(9999, 12, 30)).map(
    lambda m: m.replace(microsecond=0, tzinfo=dt.timezone.utc)))
def test_utc_text_reads_back(moment):
    assert from_utc_text(to_utc_text(moment)) == moment
