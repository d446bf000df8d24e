"""Pages and endpoints that list things cost a fixed number of queries, whatever the size.

Each test measures the same request with a few conversations and with many: an N+1
shows as a difference. The numbers are pinned so that a new query is a decision.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rapport.accounts.tests.factories import make_member
from rapport.conversations import services
from rapport.conversations.tests.factories import GENUINE, PITCH, connect

pytestmark = pytest.mark.django_db


def _write_to(reader, n, *, start=0, pitch=False):
    """n members, each connected to the reader, each sending one message."""
    conversations = []
    for i in range(start, start + n):
        writer = make_member(f"writer{i}", f"Writer Number{i}")
        connect(reader, writer, days_ago=0 if pitch else 100)
        message = services.message_send(
            sender=writer, recipient=reader, text=PITCH if pitch else GENUINE, send_anyway=True
        )
        conversations.append(message.conversation_id)
    return conversations


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(captured)


@pytest.mark.parametrize(
    ("url", "pinned"),
    [
        (reverse("conversations:inbox"), 10),
        (reverse("conversations:inbox") + "?folder=filtered", 10),
        # The API page counts its folder (total, pages) so that it clamps like every list.
        ("/api/v1/conversations?folder=inbox", 10),
        ("/api/v1/conversations?folder=filtered", 10),
        ("/api/v1/messages/counts", 3),
        # The header fragment: the bell's count is not read where it is not shown.
        (reverse("conversations:counts"), 4),
    ],
)
def test_folder_pages_and_counts_cost_fixed_queries(client, ada, url, pinned):
    _write_to(ada, 2)
    _write_to(ada, 2, start=10, pitch=True)
    client.force_login(ada)
    few = _queries(client, url)
    _write_to(ada, 6, start=20)
    _write_to(ada, 6, start=40, pitch=True)
    many = _queries(client, url)
    assert (few, many) == (pinned, pinned)


def test_a_conversation_and_its_poll_cost_fixed_queries(client, ada, ben):
    connect(ada, ben, days_ago=100)
    first = services.message_send(sender=ben, recipient=ada, text=GENUINE)
    client.force_login(ada)
    detail = reverse("conversations:detail", args=[first.conversation_id])
    poll = reverse("conversations:poll", args=[first.conversation_id]) + f"?after={first.pk}"
    api = f"/api/v1/conversations/{first.conversation_id}"
    short = (_queries(client, detail), _queries(client, poll), _queries(client, api))
    for _ in range(8):
        services.message_send(sender=ben, recipient=ada, text=GENUINE + " Another thought.")
        services.message_send(sender=ada, recipient=ben, text="Agreed, and thank you again.")
    long = (_queries(client, detail), _queries(client, poll), _queries(client, api))
    assert short[0] == long[0]  # the page, with eighteen messages or one
    assert short[2] == long[2]
    assert long[1] >= short[1]  # the poll marks read only when something is new
    assert (long[0], long[1], long[2]) == (19, 12, 17)
