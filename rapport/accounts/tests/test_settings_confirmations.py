"""Every settings form says it saved: after a save the member lands on a page that shows
a confirmation (Django's messages framework), so a silent page never leaves them unsure."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rapport.accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

# (what is saved, where it is posted, what is posted, the confirmation it must show)
SAVES = [
    (
        "privacy",
        "members:privacy",
        {"connections_visibility": "everyone", "email_visibility": "connections"},
        "Your privacy settings are saved.",
    ),
    (
        "messaging",
        "conversations:preferences",
        {"who_may_message": "second", "read_receipts": "on"},
        "Messaging settings saved.",
    ),
    (
        "invitations",
        "invitations:preferences",
        {"who_may_invite": "mutual", "note_required": "on"},
        "Saved: who may invite you.",
    ),
    (
        "password",
        "accounts:password_change",
        {"current": PASSWORD, "new": "a completely new secret"},
        "Your password is changed.",
    ),
    ("token", "accounts:settings", {"name": "my script"}, "Token “my script” created."),
]


def _shown(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize(("what", "url", "data", "confirmation"), SAVES, ids=[s[0] for s in SAVES])
def test_saving_settings_shows_a_confirmation(client, ada, what, url, data, confirmation):
    client.force_login(ada)
    response = client.post(reverse(url), data, follow=True)
    assert response.status_code == 200
    assert _shown(response) == [confirmation]
    page = response.content.decode()
    assert 'role="status"' in page and confirmation in page


def test_the_settings_are_really_saved(client, ada):
    client.force_login(ada)
    for _, url, data, _ in SAVES:
        client.post(reverse(url), data)
    ada.refresh_from_db()
    assert ada.connections_visibility == "everyone" and ada.email_visibility == "connections"
    assert ada.messaging_preferences.who_may_message == "second"
    assert ada.invitation_preferences.who_may_invite == "mutual"
    assert ada.check_password("a completely new secret")


def test_a_refused_privacy_save_says_why_and_confirms_nothing(client, ada):
    client.force_login(ada)
    response = client.post(reverse("members:privacy"), {"connections_visibility": "the moon"})
    assert response.status_code == 400
    assert _shown(response) == []
    assert "Select a valid choice" in response.content.decode()
