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
from rapport.core import limits
from rapport.core.tests.queries import statements

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
    assert (long[0], long[1], long[2]) == (18, 12, 17)


# --- sending (issue 20: the send path's round trips) ---------------------------------------


LONG = "Hi, loved your write-up on the cache rollout. How did you test the replay harness?"


@pytest.mark.parametrize(("text", "pinned"), [(LONG, 10), ("Hi! How are you?", 9)])
def test_a_guarded_first_message_costs_at_most_tenstatements(ada, ben, text, pinned):
    # Connected today: the guard reads it. A long text also reads the sender's recent
    # signatures (bulk); a short one is manners, not a mailing.
    connect(ada, ben)
    limits.current()  # a process reads the limits once every few seconds, not per send
    with CaptureQueriesContext(connection) as captured:
        message = services.message_send(sender=ada, recipient=ben, text=text)
    assert message.checked and not message.held
    assert len(statements(captured)) == pinned, "\n".join(s[:110] for s in statements(captured))


def test_a_guarded_reply_costs_at_most_tenstatements(ada, ben):
    connect(ada, ben)
    services.message_send(sender=ada, recipient=ben, text="Hi Ben! How are you?")
    limits.current()
    with CaptureQueriesContext(connection) as captured:
        message = services.message_send(sender=ben, recipient=ada, text=LONG)
    assert message.checked
    assert len(statements(captured)) == 10, "\n".join(s[:110] for s in statements(captured))


def test_a_new_conversation_is_written_whole_and_a_reply_updates_both_participants(ada, ben):
    """What the skipped updates used to do is still true."""
    from rapport.conversations.models import Conversation, Participant

    connect(ada, ben)
    first = services.message_send(sender=ada, recipient=ben, text="Hi Ben! How are you?")
    conversation = Conversation.objects.get(pk=first.conversation_id)
    assert conversation.last_message_at == first.created_at
    rows = {p.member_id: p for p in Participant.objects.filter(conversation=conversation)}
    assert rows[ada.pk].last_read_at == first.created_at and rows[ben.pk].last_read_at is None
    assert not rows[ada.pk].archived and not rows[ben.pk].archived
    Participant.objects.filter(conversation=conversation).update(archived=True)
    reply = services.message_send(sender=ben, recipient=ada, text="Good, thanks!")
    conversation.refresh_from_db()
    rows = {p.member_id: p for p in Participant.objects.filter(conversation=conversation)}
    assert conversation.last_message_at == reply.created_at
    assert not rows[ada.pk].archived and not rows[ben.pk].archived
    assert rows[ben.pk].last_read_at == reply.created_at
    assert rows[ada.pk].last_read_at == first.created_at  # she has not read the reply
