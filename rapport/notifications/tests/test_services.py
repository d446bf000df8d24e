import pytest
from django.urls import reverse

from rapport.core.errors import ValidationFailed
from rapport.notifications import selectors, services
from rapport.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_send_renders_text_from_the_declared_kind(ada, ben):
    note = services.notification_send(recipient=ada, kind="network.connection_made", actor=ben)
    assert note is not None and note.text == "You are now connected with Ben Okafor."


def test_unknown_kind_is_refused(ada):
    with pytest.raises(ValidationFailed):
        services.notification_send(recipient=ada, kind="made.up")
    assert not Notification.objects.exists()


def test_nobody_is_notified_of_their_own_action(ada):
    assert (
        services.notification_send(recipient=ada, kind="network.connection_made", actor=ada) is None
    )


def test_unread_count_and_mark_read_touch_only_the_recipient(ada, ben, chidi):
    services.notification_send(recipient=ada, kind="network.connection_made", actor=ben)
    services.notification_send(recipient=ben, kind="network.connection_made", actor=chidi)
    assert selectors.unread_count(recipient=ada) == 1
    assert services.notifications_mark_read(recipient=ada) == 1
    assert selectors.unread_count(recipient=ada) == 0
    assert selectors.unread_count(recipient=ben) == 1


def test_header_shows_unread_count_and_list_page(client, ada, ben):
    services.notification_send(recipient=ada, kind="network.connection_made", actor=ben)
    client.force_login(ada)
    assert 'data-testid="unread-count">1<' in client.get(reverse("home")).content.decode()
    page = client.get(reverse("notifications:list")).content.decode()
    assert "You are now connected with Ben Okafor." in page
    client.post(reverse("notifications:mark_all_read"))
    assert 'data-testid="unread-count"' not in client.get(reverse("home")).content.decode()
