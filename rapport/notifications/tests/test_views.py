"""The notifications page: looking clears the badge; opening one reads it."""

import pytest
from django.urls import reverse

from rapport.notifications import services
from rapport.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _notify(recipient, actor, url=""):
    note = services.notification_send(
        recipient=recipient, kind="network.connection_made", actor=actor, url=url
    )
    assert note is not None
    return note


def test_viewing_the_list_clears_the_badge_but_keeps_each_unread(client, ada, ben, chidi):
    _notify(ada, ben)
    _notify(ada, chidi)
    client.force_login(ada)
    home = client.get(reverse("home")).content.decode()
    assert 'data-testid="unread-count">2<' in home
    listing = client.get(reverse("notifications:list"))
    assert 'data-testid="unread-count"' not in listing.content.decode()  # seen now
    assert listing.content.decode().count('class="unread"') == 2  # still unread, each
    assert "Mark all as read" in listing.content.decode()
    assert 'data-testid="unread-count"' not in client.get(reverse("home")).content.decode()
    # Something new brings the badge back with just the new one.
    _notify(ada, ben)
    assert 'data-testid="unread-count">1<' in client.get(reverse("home")).content.decode()


def test_opening_a_notification_reads_it_and_follows_its_link(client, ada, ben):
    note = _notify(ada, ben, url="/in/ben/")
    client.force_login(ada)
    response = client.get(reverse("notifications:open", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == "/in/ben/"
    note.refresh_from_db()
    assert note.is_read and note.is_seen


def test_nobody_opens_another_members_notification(client, ada, ben):
    note = _notify(ben, ada)
    client.force_login(ada)
    assert client.get(reverse("notifications:open", args=[note.pk])).status_code == 404
    assert not Notification.objects.get(pk=note.pk).is_read


@pytest.mark.parametrize(
    "url", ["//evil.example/", "/\\evil.example/", "https://evil.example/", "javascript:x"]
)
def test_a_link_off_the_site_is_never_followed(client, ada, ben, url):
    note = _notify(ada, ben, url=url)
    client.force_login(ada)
    response = client.get(reverse("notifications:open", args=[note.pk]))
    assert response["Location"] == reverse("notifications:list")
