"""One-click unsubscribe from a received e-mail: no log-in, exactly what it says."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from rapport.notifications import emails, kinds
from rapport.notifications.models import KindPreference, NotificationPreferences
from rapport.notifications.selectors import preferences_of
from rapport.notifications.services import (
    channels_for,
    digest_set,
    kind_choice_set,
    notification_send,
)

pytestmark = pytest.mark.django_db


def path_of(mail) -> str:
    """The one-click address from the List-Unsubscribe header, as a path on this site."""
    url = str(mail.message["List-Unsubscribe"]).strip()[1:-1]
    assert url.startswith("https://rapport.example/")
    return url.removeprefix("https://rapport.example")


@pytest.fixture
def one_click():
    """A mail client's one-click POST: no session, no CSRF token (checks enforced)."""
    client = Client(enforce_csrf_checks=True)

    def post(path: str):
        return client.post(
            path,
            data="List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )

    return post


def choice(member, code):
    kind = kinds.get(code)
    assert kind is not None
    return channels_for(member.pk, kind)


def test_the_one_click_post_turns_off_exactly_that_kinds_email(
    smtp_server, one_click, django_capture_on_commit_callbacks, ada, ben
):
    with django_capture_on_commit_callbacks(execute=True):
        notification_send(recipient=ada, kind="invitations.received", actor=ben)
    [mail] = smtp_server.received

    page = Client().get(path_of(mail))  # a link scanner's fetch changes nothing
    assert page.status_code == 200
    assert "Stop e-mails about “Invitation received”?" in page.content.decode()
    assert not KindPreference.objects.exists()

    response = one_click(path_of(mail))
    assert response.status_code == 200
    assert "No more e-mails about “Invitation received”" in response.content.decode()
    assert choice(ada, "invitations.received") == (True, "off")  # still on the site
    assert choice(ada, "invitations.asked") == (True, "instant")  # another kind untouched
    assert choice(ben, "invitations.received") == (True, "instant")  # another member too
    assert preferences_of(ada).digest == "weekly"

    with django_capture_on_commit_callbacks(execute=True):
        notification_send(recipient=ada, kind="invitations.received", actor=ben)
        notification_send(recipient=ada, kind="invitations.asked", actor=ben)
    assert [m.message["Subject"] for m in smtp_server.received[1:]] == [
        "Ben Okafor asked how you know each other."
    ]


def test_unsubscribing_keeps_the_members_site_choice(one_click, ada):
    kind_choice_set(member=ada, kind="posts.reacted", site=False, email="digest")
    token = emails.unsubscribe_token(member_id=ada.pk, what="posts.reacted")
    assert one_click(f"/notifications/unsubscribe/{token}/").status_code == 200
    assert choice(ada, "posts.reacted") == (False, "off")


def test_the_digest_link_turns_off_the_digest_only(smtp_server, one_click, ada, ben):
    digest_set(member=ada, digest="daily", hour=8, weekday=0, time_zone="Europe/Paris")
    notification_send(recipient=ada, kind="posts.reacted", actor=ben)
    emails.digests_send(now=dt.datetime(2030, 1, 7, 8, 0, tzinfo=dt.UTC))
    [mail] = smtp_server.received

    page = Client().get(path_of(mail)).content.decode()
    assert "Stop your daily digest?" in page
    assert one_click(path_of(mail)).status_code == 200
    prefs = NotificationPreferences.objects.get(member=ada)
    assert (prefs.digest, prefs.digest_hour, prefs.time_zone) == ("off", 8, "Europe/Paris")
    assert not KindPreference.objects.exists()
    assert choice(ada, "invitations.received") == (True, "instant")


def test_a_required_kind_moves_to_the_digest_instead_of_off(one_click, ada):
    token = emails.unsubscribe_token(member_id=ada.pk, what="invitations.standing_limited")
    page = Client().get(f"/notifications/unsubscribe/{token}/").content.decode()
    assert "cannot be turned off" in page
    response = one_click(f"/notifications/unsubscribe/{token}/")
    assert response.status_code == 200
    assert "cannot be switched off, so it now comes in the digest" in response.content.decode()
    assert choice(ada, "invitations.standing_limited") == (True, "digest")


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # the signature
        lambda t: "WzIsImRpZ2VzdCJd" + t[t.index(":") :],  # another member's id
        lambda t: "not-a-token",
    ],
)
def test_a_tampered_link_changes_nothing(one_click, ada, ben, mangle):
    token = mangle(emails.unsubscribe_token(member_id=ada.pk, what="digest"))
    assert Client().get(f"/notifications/unsubscribe/{token}/").status_code == 400
    response = one_click(f"/notifications/unsubscribe/{token}/")
    assert response.status_code == 400
    assert "This unsubscribe link is not valid" in response.content.decode()
    assert not NotificationPreferences.objects.exists()
    assert not KindPreference.objects.exists()


def test_a_link_about_an_unknown_kind_or_member_is_refused(one_click, ada):
    for member_id, what in ((ada.pk, "made.up"), (ada.pk + 999, "digest")):
        token = emails.unsubscribe_token(member_id=member_id, what=what)
        assert one_click(f"/notifications/unsubscribe/{token}/").status_code == 400
    assert not NotificationPreferences.objects.exists()
