"""Messaging pages: folders, a conversation, the guard's warning, and nobody else's data."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rapport.conversations import services
from rapport.conversations.models import Message
from rapport.conversations.tests.factories import GENUINE, PITCH, connect, connect_by_invitation

pytestmark = pytest.mark.django_db


def test_inbox_conversation_and_header_count(client, ada, ben):
    connect(ada, ben, days_ago=100)
    message = services.message_send(sender=ada, recipient=ben, text=GENUINE)
    client.force_login(ben)
    inbox = client.get(reverse("conversations:inbox")).content.decode()
    assert "Ada Lovelace" in inbox and 'data-testid="unread-messages">1<' in inbox
    page = client.get(reverse("conversations:detail", args=[message.conversation_id]))
    assert page.status_code == 200 and "form design" in page.content.decode()
    # Opening it read it.
    assert (
        'data-testid="unread-messages"'
        not in client.get(reverse("conversations:inbox")).content.decode()
    )


def test_text_is_escaped_and_links_are_safe(client, ada, ben):
    connect(ada, ben, days_ago=100)
    text = (
        '<script>alert(1)</script> <a href="javascript:evil()">x</a> see https://example.org/a?b=1'
    )
    message = services.message_send(sender=ada, recipient=ben, text=text)
    client.force_login(ben)
    page = client.get(
        reverse("conversations:detail", args=[message.conversation_id])
    ).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert 'href="javascript:' not in page
    assert 'href="https://example.org/a?b=1"' in page and 'rel="nofollow"' in page


def test_someone_elses_conversation_is_not_found(client, ada, ben, chidi):
    connect(ada, ben, days_ago=100)
    message = services.message_send(sender=ada, recipient=ben, text=GENUINE)
    client.force_login(chidi)
    cid = message.conversation_id
    assert client.get(reverse("conversations:detail", args=[cid])).status_code == 404
    assert client.get(reverse("conversations:poll", args=[cid])).status_code == 404
    assert client.post(reverse("conversations:send", args=[cid]), {"text": "hi"}).status_code == 404
    for action in ("release", "report", "trust"):
        url = reverse("conversations:on_message", args=[message.pk, action])
        assert client.post(url).status_code == 404
    assert client.post(reverse("conversations:act", args=[cid, "archive"])).status_code == 404
    assert Message.objects.count() == 1


def test_pitch_is_warned_then_sent_anyway_into_filtered(client, ada, ben):
    connect_by_invitation(ada, ben)
    client.force_login(ada)
    url = reverse("conversations:compose", args=["ben"])
    warned = client.post(url, {"text": PITCH})
    body = warned.content.decode()
    assert warned.status_code == 200 and 'data-testid="guard-warning"' in body
    assert "Filtered" in body and Message.objects.count() == 0
    sent = client.post(url, {"text": PITCH, "send_anyway": "on"})
    assert sent.status_code == 302
    message = Message.objects.get()
    assert message.held
    client.force_login(ben)
    filtered = client.get(reverse("conversations:inbox") + "?folder=filtered").content.decode()
    assert "Ada Lovelace" in filtered
    page = client.get(
        reverse("conversations:detail", args=[message.conversation_id])
    ).content.decode()
    assert 'data-testid="filtered-reasons"' in page


def test_poll_returns_only_new_messages(client, ada, ben):
    connect(ada, ben, days_ago=100)
    first = services.message_send(sender=ada, recipient=ben, text="First")
    client.force_login(ben)
    url = reverse("conversations:poll", args=[first.conversation_id])
    assert "First" not in client.get(url, {"after": first.pk}).content.decode()
    services.message_send(sender=ada, recipient=ben, text="Second message")
    fresh = client.get(url, {"after": first.pk}).content.decode()
    assert "Second message" in fresh and "First" not in fresh


def test_request_accept_and_decline_pages(client, ada, ben, chidi):
    connect(ada, ben, days_ago=100)
    connect(ben, chidi, days_ago=100)
    message = services.message_send(
        sender=ada, recipient=chidi, text="Hello Chidi, Ben suggested I ask about your course."
    )
    client.force_login(chidi)
    requests = client.get(reverse("conversations:inbox") + "?folder=requests").content.decode()
    assert "Ada Lovelace" in requests
    detail = client.get(reverse("conversations:detail", args=[message.conversation_id]))
    assert b'data-testid="request-notice"' in detail.content
    client.post(reverse("conversations:act", args=[message.conversation_id, "accept"]))
    inbox = client.get(reverse("conversations:inbox")).content.decode()
    assert "Ada Lovelace" in inbox


def test_settings_page_saves_preferences(client, ada):
    client.force_login(ada)
    response = client.post(
        reverse("conversations:preferences"),
        {"who_may_message": "connections", "read_receipts": "", "guard_enabled": "on"},
    )
    assert response.status_code == 302
    prefs = ada.messaging_preferences
    assert prefs.who_may_message == "connections" and not prefs.read_receipts


def test_a_long_folder_shows_more_on_request(client, ada, monkeypatch):
    from rapport.accounts.tests.factories import make_member
    from rapport.conversations import views

    monkeypatch.setattr(views, "FOLDER_PAGE_SIZE", 2)
    for i in range(3):
        other = make_member(f"writer{i}", f"Writer {i}")
        connect(ada, other)
        services.message_send(sender=other, recipient=ada, text=f"Hello Ada, it is Writer {i}.")
    client.force_login(ada)
    first = client.get(reverse("conversations:inbox")).content.decode()
    assert first.count("conversation-row") == 2
    assert 'href="?folder=inbox&amp;page=2"' in first
    more = client.get(reverse("conversations:inbox") + "?page=2").content.decode()
    assert more.count("conversation-row") == 3 and 'data-testid="show-more"' not in more
