"""The notifications pages: looking marks what was shown as seen; opening one reads it;
the quick controls; the settings page; the filtered list."""

import pytest
from django.urls import reverse

from rapport.accounts.tests.factories import make_member
from rapport.notifications import selectors, services
from rapport.notifications.models import Notification
from rapport.notifications.tests.factories import sent

pytestmark = pytest.mark.django_db


def _notify(recipient, actor, url=""):
    note = sent(recipient=recipient, kind="invitations.answered", actor=actor, url=url)
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


def test_only_what_the_page_showed_is_marked_seen(client, ada, ben, settings):
    settings.RAPPORT = {**settings.RAPPORT, "SEARCH_PAGE_SIZE": 2}
    for _ in range(3):
        _notify(ada, ben)
    client.force_login(ada)
    client.get(reverse("notifications:list"))
    assert Notification.objects.filter(recipient=ada, is_seen=False).count() == 1
    client.get(reverse("notifications:list") + "?page=2")
    assert not Notification.objects.filter(recipient=ada, is_seen=False).exists()


def test_the_badge_answers_alone_for_htmx(client, ada, ben):
    _notify(ada, ben)
    client.force_login(ada)
    badge = client.get(reverse("notifications:badge")).content.decode()
    assert (
        'data-testid="unread-count">1<' in badge
        and 'hx-trigger="every 30s, notifications-changed' in badge
    )
    assert "<html" not in badge


def test_turn_off_a_kind_from_its_row(client, ada, ben, chidi):
    note = _notify(ada, ben)
    other = sent(recipient=ada, kind="members.job_changed", actor=chidi)
    client.force_login(ada)
    response = client.post(
        reverse("notifications:kind_off", args=[note.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and response["HX-Trigger"] == "notifications-changed"
    assert "Turned off" in response.content.decode()
    assert not Notification.objects.get(pk=note.pk).on_site
    assert Notification.objects.get(pk=other.pk).on_site
    assert services.notification_send(recipient=ada, kind="invitations.answered", actor=ben) is None
    # Without JavaScript: back to the list.
    response = client.post(reverse("notifications:kind_off", args=[other.pk]))
    assert response.status_code == 302


def test_quick_controls_are_only_for_ones_own_and_refuse_what_does_not_fit(client, ada, ben):
    note = _notify(ben, ada)
    client.force_login(ada)
    response = client.post(
        reverse("notifications:kind_off", args=[note.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert Notification.objects.get(pk=note.pk).on_site
    warning = sent(recipient=ada, kind="invitations.standing_warning")
    response = client.post(
        reverse("notifications:kind_off", args=[warning.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400 and "cannot be switched off" in response.content.decode()
    mine = _notify(ada, ben)
    response = client.post(
        reverse("notifications:mentioner_mute", args=[mine.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert client.get(reverse("notifications:kind_off", args=[mine.pk])).status_code == 405


def test_settings_page_saves_every_part(client, ada):
    client.force_login(ada)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "Reactions to your posts" in page and "Account and safety" in page
    assert 'name="site:invitations.standing_warning"' in page  # shown, disabled
    form = {
        "mentions_from": "network",
        "digest": "daily",
        "digest_hour": "7",
        "digest_weekday": "4",
        "time_zone": "Asia/Tokyo",
        "email:posts.reacted": "off",
        "email:invitations.standing_warning": "digest",
    }
    response = client.post(reverse("notifications:preferences"), form)
    assert response.status_code == 302
    prefs = ada.notification_preferences
    assert (prefs.digest, prefs.digest_hour, prefs.digest_weekday, prefs.time_zone) == (
        "daily",
        7,
        4,
        "Asia/Tokyo",
    )
    assert prefs.mentions_from == "network"
    choices = {c.kind.code: c for c in selectors.kind_choices(ada)}
    assert (choices["posts.reacted"].site, choices["posts.reacted"].email) == (False, "off")
    assert choices["invitations.standing_warning"].email == "digest"
    assert choices["invitations.standing_warning"].site is True


def test_a_bad_setting_changes_nothing(client, ada):
    client.force_login(ada)
    form = {
        "mentions_from": "network",
        "digest": "daily",
        "digest_hour": "7",
        "digest_weekday": "0",
        "time_zone": "Not/AZone",
    }
    response = client.post(reverse("notifications:preferences"), form)
    assert response.status_code == 200 and "not a time zone" in response.content.decode()
    assert selectors.preferences_of(ada).pk is None


def test_filtered_page_lets_mentions_in(client, ada, ben):
    held = sent(recipient=ada, kind="posts.mentioned", actor=ben, filtered=True)
    client.force_login(ada)
    assert "Filtered mentions (1)" in client.get(reverse("notifications:list")).content.decode()
    page = client.get(reverse("notifications:filtered")).content.decode()
    assert "Ben Okafor mentioned you" in page
    client.post(reverse("notifications:filtered"), {"action": "accept", "ids": [str(held.pk)]})
    held.refresh_from_db()
    assert not held.is_filtered
    assert client.post(reverse("notifications:filtered"), {"ids": ["x"]}).status_code == 400


def test_a_group_that_grows_while_the_page_is_read_stays_unseen(ada, ben, chidi):
    import datetime as dt

    from django.utils import timezone

    group = sent(recipient=ada, kind="posts.reacted", actor=ben, target=chidi)
    shown_at = timezone.now()
    sent(
        recipient=ada,
        kind="posts.reacted",
        actor=make_member("dee", "Dee Ode"),
        target=chidi,
        now=shown_at + dt.timedelta(milliseconds=5),
    )
    services.notifications_mark_seen(recipient=ada, ids=[group.pk], shown_at=shown_at)
    group.refresh_from_db()
    assert not group.is_seen and group.actor_count == 2


def test_mute_this_post_is_offered_for_posts_only(client, ada, ben, chidi):
    sent(recipient=ada, kind="posts.reacted", actor=ben, target=chidi, url="/p/1/")
    sent(recipient=ada, kind="invitations.received", actor=chidi, target=ben, url="/i/")
    client.force_login(ada)
    page = client.get(reverse("notifications:list")).content.decode()
    assert page.count("Mute this post") == 1
