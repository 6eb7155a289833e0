"""Properties of the due window for every shipped policy and any customer (hypothesis)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from terminassistent.domain.density import Compliance, assess
from terminassistent.domain.model import BERLIN, Channel, Contact, ContactKind, Customer, Flag, Profile, Status
from terminassistent.domain.policy_model import DensityKind
from terminassistent.policy import load_bundled, load_policy

IDS = [p.id for p in load_bundled()]
NO_DENSITY = (DensityKind.NONE, DensityKind.INDIVIDUAL)

days = st.dates(min_value=dt.date(2012, 3, 1), max_value=dt.date(2030, 12, 31))
customers = st.builds(
    lambda birth, status, profile, flags: Customer("K-1", "Muster", "Alex", birth, status, profile, frozenset(flags)),
    st.dates(min_value=dt.date(1955, 1, 1), max_value=dt.date(2011, 12, 31)),
    st.sampled_from(list(Status)),
    st.none() | st.sampled_from(list(Profile)),
    st.sets(st.sampled_from(list(Flag))),
)
contacts = st.builds(
    lambda day, channel, kind: Contact("K-1", dt.datetime.combine(day, dt.time(9), tzinfo=BERLIN), channel, kind),
    days, st.sampled_from(list(Channel)), st.sampled_from(list(ContactKind)),
)


def _one(day: dt.date, channel: Channel = Channel.PERSOENLICH) -> list[Contact]:
    return [Contact("K-1", dt.datetime.combine(day, dt.time(9), tzinfo=BERLIN), channel, ContactKind.BERATUNG)]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(IDS), customers, st.lists(contacts, max_size=6), days)
def test_every_customer_gets_a_window_or_an_explicit_no_density_answer(ident, who, history, on):
    result = assess(load_policy(ident), who, history, on, ())
    assert result.rule is not None  # the shipped policies leave no gap
    if result.rule.density.kind in NO_DENSITY:
        assert result.latest is None and result.earliest is None and result.state is Compliance.NO_DENSITY
        assert result.rule.explanation in result.explanation
    else:
        assert result.latest is not None and result.earliest is not None
        assert result.earliest <= result.latest  # a window never ends before it starts
        if result.qualifying:
            assert result.qualifying[-1].date < result.latest
        else:
            assert result.due_now and result.latest == on
    assert all(c.kind is ContactKind.BERATUNG and c.date <= on for c in result.qualifying)
    assert result.channels[0] is Channel.PERSOENLICH
    assert result.in_person_required == (result.channels == (Channel.PERSOENLICH,))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(IDS), customers, days, st.integers(min_value=1, max_value=400), st.integers(0, 400))
def test_a_later_last_contact_never_gives_an_earlier_due_date(ident, who, first, gap, after):
    second = first + dt.timedelta(days=gap)
    on = second + dt.timedelta(days=after)
    policy = load_policy(ident)
    early = assess(policy, who, _one(first), on, ())
    late = assess(policy, who, _one(second), on, ())
    if early.latest is not None:
        assert late.latest >= early.latest
        assert late.earliest >= early.earliest


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(IDS), customers, st.lists(contacts, min_size=1, max_size=6), days)
def test_an_allgemeiner_vermerk_changes_nothing(ident, who, history, on):
    policy = load_policy(ident)
    extra = Contact("K-1", dt.datetime.combine(on, dt.time(8), tzinfo=BERLIN), Channel.PERSOENLICH, ContactKind.ALLGEMEIN)
    assert assess(policy, who, history, on, ()) == assess(policy, who, [*history, extra], on, ())


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(IDS), customers, days, st.integers(0, 800))
def test_the_state_follows_the_window(ident, who, last, after):
    on = last + dt.timedelta(days=after)
    result = assess(load_policy(ident), who, _one(last), on, ())
    if result.latest is None:
        assert result.state is Compliance.NO_DENSITY
    elif on > result.latest:
        assert result.state is Compliance.OVERDUE
    elif on >= result.earliest:
        assert result.state is Compliance.DUE_SOON
    else:
        assert result.state is Compliance.ON_TIME
