"""Queries per main page, pinned (issue 20): the part of a page's speed that does not
drift with the machine. The pages' server time is measured in `bench.pages`.

A small community seen by Ada: connections with work histories, a second degree, an
invitation waiting for her, messages to her, posts in her feed, trust scores. The
counts are the same on SQLite and PostgreSQL. Inside a test's transaction the graph
index cannot use its shared state, so each graph lookup costs one change-log read here
that a served page does not pay.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rapport.accounts.tests.factories import make_member
from rapport.companies.services import position_add
from rapport.conversations.services import message_send
from rapport.core.tests.queries import statements
from rapport.invitations.services import invitation_send
from rapport.network.services import connection_create
from rapport.posts.services.posts import post_publish
from rapport.trust.services.refresh import trust_drain_stale

pytestmark = pytest.mark.django_db

NOTE = "Hi Ada, we met at the Lagos product meetup; I'd like to keep in touch about research."


@pytest.fixture
def community(ada, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        friends = [make_member(f"friend{i}", f"Friend Number{i}") for i in range(6)]
        for i, friend in enumerate(friends):
            connection_create(member=ada, other=friend, source="operator", notify=False)
            position_add(
                member=friend,
                company_name=f"Firm {i % 2}",
                title="Analyst",
                started_on=dt.date(2019, 1, 1),
                is_current=True,
            )
            post_publish(author=friend, body=f"Notes from the research day, part {i}.")
        far = [make_member(f"far{i}", f"Analyst Far{i}") for i in range(6)]
        for i, member in enumerate(far):
            connection_create(member=friends[i], other=member, source="operator", notify=False)
        invitation_send(sender=far[0], recipient=ada, note=NOTE, how_we_know="event")
        for friend in friends[:3]:
            message_send(sender=friend, recipient=ada, text="Thanks for the notes, they helped.")
        trust_drain_stale()
    return {"friends": friends, "far": far}


# The page, and what it reads beyond the header's (session, member, the notification
# badge, the invitation count, the one query for the three message counts).
PAGES = {
    # Blocks both ways are one query (network.selectors.blocked_ids).
    "/": 28,
    # The viewer's private connections are read once for the badges and the paths, and
    # whether the two are connected once for the button and the lists
    # (rapport.core.request_memo): two queries fewer than each selector asking.
    "/in/far1/": 20,
    "/invitations/": 16,
    "/messages/": 10,
    "/search/?q=analyst": 12,
    # The pool is ranked on its locations; only the shown suggestions are read whole
    # (suggestions.selectors): one query more, 200 members' rows fewer.
    "/people/": 16,
    # The three sizes in one query, the list's count taken from them (trust.selectors).
    "/trust/": 8,
}


@pytest.mark.parametrize("url", list(PAGES))
def test_each_main_page_costs_a_fixed_number_of_queries(client, ada, community, url):
    client.force_login(ada)
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    sql = statements(captured)
    assert len(sql) == PAGES[url], "\n".join(s[:140] for s in sql)
