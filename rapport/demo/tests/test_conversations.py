"""The demo community's conversations: what the demo log-ins find in Messages."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from rapport.accounts.models import User
from rapport.conversations import selectors
from rapport.conversations.models import Conversation, Message, State

pytestmark = pytest.mark.django_db


def test_the_demo_has_conversations_requests_and_filtered_pitches():
    out = StringIO()
    call_command("demo", members=120, seed=7, stdout=out)
    assert "messages in" in out.getvalue()
    ada = User.objects.get(handle="ada")
    counts = selectors.counts_for(ada)
    assert counts.unread >= 1 and counts.requests >= 1 and counts.filtered >= 2
    assert len(selectors.folder_for(ada, "inbox")) >= 5
    held = Message.objects.filter(held=True, released_at__isnull=True)
    flags = {flag for message in held for flag in message.flags}
    assert {"pitch", "automated", "bulk"} <= flags
    assert all(message.reasons for message in held)
    assert Conversation.objects.filter(state=State.REQUEST).exists()
    # Most messages are ordinary conversation, delivered to the inbox.
    assert Message.objects.filter(held=False).count() > 5 * held.count()
