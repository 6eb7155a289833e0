"""No block of the week view is ever drawn outside its day or over another block, for any times."""

from hypothesis import given
from hypothesis import strategies as st

from terminassistent.gui.week_layout import place

TOP, BOTTOM, MIN = 40.0, 700.0, 14.0
spans = st.lists(st.tuples(st.floats(-100, 800), st.floats(0, 300)).map(lambda s: (s[0], s[0] + s[1])),
                 max_size=12)


@given(spans)
def test_no_block_leaves_its_day_or_covers_another(found):
    places = place(found, TOP, BOTTOM, MIN)
    assert len(places) == len(found)
    for p in places:
        assert TOP <= p.top and p.bottom <= BOTTOM and p.bottom - p.top >= MIN - 1e-9
        assert 0 <= p.lane < p.lanes
        left, right = p.x_span(100.0, 240.0)
        assert 100.0 <= left < right <= 340.0 + 1e-9
    for i, a in enumerate(places):
        for b in places[i + 1:]:
            overlap_in_time = a.top < b.bottom and b.top < a.bottom
            (a0, a1), (b0, b1) = a.x_span(100.0, 240.0), b.x_span(100.0, 240.0)
            assert not (overlap_in_time and a0 < b1 - 1e-9 and b0 < a1 - 1e-9)


def test_a_cancelled_appointment_and_the_one_booked_in_its_place_stand_side_by_side():
    cancelled, rebooked, later = place([(100, 160), (120, 180), (300, 360)], TOP, BOTTOM, MIN)
    assert (cancelled.lane, cancelled.lanes, rebooked.lane, rebooked.lanes) == (0, 2, 1, 2)
    assert (later.lane, later.lanes) == (0, 1)  # alone again: the whole width


def test_back_to_back_appointments_keep_the_whole_width():
    first, second = place([(100, 160), (160, 220)], TOP, BOTTOM, MIN)
    assert first.lanes == second.lanes == 1
