"""Shared by the console's tests: an operator, their browser, and a member reported in
every way there is."""

from __future__ import annotations

import pytest
from django.test import Client

from rapport.accounts.models import User
from rapport.accounts.tests.factories import make_member
from rapport.conversations import services as conversations
from rapport.conversations.tests.factories import connect
from rapport.invitations import services as invitations
from rapport.posts import services as posts


@pytest.fixture
def operator(db) -> User:
    member = make_member("olga", "Olga Operator")
    User.objects.filter(pk=member.pk).update(is_operator=True)
    member.refresh_from_db()
    return member


@pytest.fixture
def console(operator) -> Client:
    client = Client()
    client.force_login(operator)
    return client


@pytest.fixture
def reported(ada, ben, chidi, django_capture_on_commit_callbacks):
    """Ada reported by ben and chidi in every way there is."""
    connect(ada, ben)
    connect(ada, chidi)
    post = posts.post_publish(author=ada, body="Buy my course: 90% off, today only!")
    comment = posts.comment_add(member=ada, post_id=post.pk, body="DM me for the crypto tip")
    message = conversations.message_send(
        sender=ada,
        recipient=ben,
        text="Ben, my agency has a great offer for you.",
        send_anyway=True,
    )
    stranger = make_member("dee", "Dee Stranger")
    invitation = invitations.invitation_send(
        sender=ada, recipient=stranger, note="Let me show you our pricing deck."
    )
    with django_capture_on_commit_callbacks(execute=True):
        posts.post_report(reporter=ben, post_id=post.pk, reason="scam")
        posts.post_report(reporter=chidi, post_id=post.pk, reason="spam")
        posts.comment_report(reporter=ben, comment_id=comment.pk, reason="spam")
        conversations.message_report(member=ben, message_id=message.pk)
        invitations.invitation_report(member=stranger, invitation_id=invitation.pk)
    chidi_client = Client()
    chidi_client.force_login(chidi)
    chidi_client.post(f"/moderation/report/profile/{ada.handle}/", {"reason": "harassment"})
    return {
        "post": post,
        "comment": comment,
        "message": message,
        "invitation": invitation,
        "stranger": stranger,
    }
