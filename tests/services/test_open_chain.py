"""The open invitation chain, read in one query for the whole caseload, says for every customer what
the customer's file says (customer_file.invitation_chain), on a synthetic caseload with three years
of outcomes, cancellations and a booked coming fortnight."""

import datetime as dt

from terminassistent.services.monitoring.customer_file import invitation_chain
from terminassistent.services.monitoring.open_chain import open_chain
from terminassistent.storage import Caseload
from tests.benchmarks.caseloads import NOW, build
from tests.context import ctx


def test_the_open_chain_agrees_with_each_customers_file(tmp_path):
    with Caseload.open(build(tmp_path / "bestand.db", 150)) as caseload:
        for moment in (NOW, NOW + dt.timedelta(days=10)):  # also after some booked ones have passed
            links = open_chain(ctx(caseload, moment))
            expected = {c.customer_no for c in caseload.customers()
                        if invitation_chain(caseload.appointments(customer_no=c.customer_no), moment)[1]}
            assert {k.customer_no for k in links} == expected and expected
            assert [k.broken.start for k in links] == sorted(k.broken.start for k in links)
            for link in links:
                past = [a for a in caseload.appointments(customer_no=link.customer_no) if a.start <= moment]
                assert link.broken == past[-1] or link.broken.start > moment  # the last one, or a cancelled ahead
