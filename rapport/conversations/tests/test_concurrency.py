"""Messaging limits hold under concurrent requests: real threads, the real database."""

from __future__ import annotations

import pytest

from rapport.conversations import services
from rapport.conversations.models import Conversation, Message
from rapport.conversations.tests.factories import crowd
from rapport.core.errors import RapportError
from rapport.invitations.tests.test_concurrency import run_together

pytestmark = pytest.mark.django_db(transaction=True)


def _open_to_anyone(people):
    for person in people:
        services.messaging_preferences_update(member=person, who_may_message="anyone")


def test_simultaneous_requests_never_exceed_the_weekly_cap(limit, settings):
    limit("conversations.message_requests_per_week", 3)
    asker, *people = crowd("rush", 9)
    _open_to_anyone(people)

    def job(person):
        return lambda: services.message_send(
            sender=asker,
            recipient=person,
            text="Hello, I read your article on hiring and would value one question.",
        )

    results = run_together([job(p) for p in people])
    sent = [r for r in results if isinstance(r, Message)]
    refused = [r for r in results if isinstance(r, RapportError)]
    assert len(sent) == 3, results
    assert {e.code for e in refused} == {"message.request_limit"}
    assert Conversation.objects.filter(started_by=asker).count() == 3


def test_simultaneous_first_messages_make_one_request_per_pair():
    asker, person = crowd("twice", 2)
    _open_to_anyone([person])
    text = "Hello, I read your article on hiring and would value one question."
    results = run_together(
        [lambda: services.message_send(sender=asker, recipient=person, text=text)] * 4
    )
    assert sum(isinstance(r, Message) for r in results) == 1, results
    assert all(isinstance(r, Message | RapportError) for r in results), results
    assert Conversation.objects.count() == 1 and Message.objects.count() == 1


def test_two_connections_writing_first_at_once_share_one_conversation():
    from rapport.conversations.tests.factories import connect

    ada, ben = crowd("pair", 2)
    connect(ada, ben)
    text = "Good to see you at the alumni dinner; the story about the lighthouse was great."
    results = run_together(
        [
            lambda: services.message_send(sender=ada, recipient=ben, text=text),
            lambda: services.message_send(sender=ben, recipient=ada, text=text),
        ]
    )
    assert all(isinstance(r, Message) for r in results), results
    assert Conversation.objects.count() == 1
    assert Message.objects.count() == 2


def test_parallel_mail_merge_is_still_caught_as_bulk(limit, settings):
    """Sent at once, near-identical messages see each other: the later ones are bulk."""
    from rapport.conversations.tests.factories import connect

    limit("conversations.bulk_recipients", 3)
    sender, *people = crowd("merge", 7)
    for person in people:
        connect(sender, person)  # an operator's connections: both sides are guarded
    # Nothing else wrong with it (the model reads "a short guide ... for you" as a pitch).
    text = "Hi {}, the alumni dinner has moved to Friday the 14th. Will you still make it?"

    def job(person):
        first = person.display_name.split()[0]
        return lambda: services.message_send(
            sender=sender, recipient=person, text=text.format(first)
        )

    results = run_together([job(p) for p in people])
    sent = [r for r in results if isinstance(r, Message)]
    flagged = [r for r in results if isinstance(r, RapportError)]
    # The first two went out clean; from the third on, the guard saw the others.
    assert len(sent) == 2, results
    assert {e.code for e in flagged} == {"message.needs_review"}
    assert all("bulk" in e.verdict.flags for e in flagged)  # type: ignore[attr-defined]
