"""Quota kinds each capability registers, and restrictions reviewed from objections of
every source: complaints filed here and invitations' "I don't know this person"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured

from rapport.accounts.tests.factories import make_member
from rapport.core.errors import LimitReached, PermissionDenied
from rapport.invitations import services as invitations
from rapport.limits.models import Complaint, ComplaintSource, Standing
from rapport.limits.registry import KINDS, quota_kind
from rapport.limits.selectors import objections, restricted
from rapport.limits.services import complaint_file, restrictions_lift_due, slot_take
from rapport.notifications.models import Notification

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


def test_each_capability_registers_its_own_allowances():
    assert {code: (k.window.days, k.refusal) for code, k in KINDS.items()} == {
        "day": (1, "invitation.day_limit"),
        "week": (7, "invitation.week_limit"),
        "req": (7, "message.request_limit"),
        "intr": (7, "introduction.introducer_busy"),
        "ment": (1, "mention.daily_limit"),
        "join": (7, "invitation.join_limit"),
        "gjn": (1, "group.join_limit"),
        "gnew": (1, "group.create_limit"),
        "ginv": (1, "group.invite_limit"),
    }
    with pytest.raises(ImproperlyConfigured):
        quota_kind("day", window=DAY * 2, label="twice", refusal="x")
    with pytest.raises(ImproperlyConfigured):
        quota_kind("toolong", window=DAY, label="long", refusal="x")


def test_a_refusal_carries_the_kind_s_code(ada):
    slot_take(member=ada, kind="req", cap=1, now=T0)
    with pytest.raises(LimitReached) as refused:
        slot_take(member=ada, kind="req", cap=1, now=T0, what="message requests")
    assert refused.value.code == "message.request_limit"
    assert "1 message requests" in refused.value.message
    slot_take(member=ada, kind="req", cap=1, now=T0 + 8 * DAY)  # the week has passed
    with pytest.raises(KeyError):
        slot_take(member=ada, kind="nope", cap=1, now=T0)


def _complain(member, reporter, reference, at):
    return complaint_file(
        member=member,
        reporter=reporter,
        source=ComplaintSource.MESSAGE,
        reference=reference,
        now=at,
    )


def test_complaints_and_invitation_answers_add_up_each_person_once(
    ada, django_capture_on_commit_callbacks
):
    """Five distinct people object, by whichever capability: restricted."""
    people = [make_member(f"p{i}", f"P Person{i}") for i in range(5)]
    # Two answer an invitation "I don't know this person"…
    for person in people[:2]:
        sent = invitations.invitation_send(sender=ada, recipient=person, now=T0)
        invitations.invitation_decline(member=person, invitation_id=sent.pk, now=T0 + DAY)
    # …one reports two messages (one voice)…
    _complain(ada, people[2], 1, T0 + DAY)
    _complain(ada, people[2], 2, T0 + DAY)
    assert not _complain(ada, people[2], 2, T0 + DAY)  # the same message twice: nothing
    # …and two more report messages.
    _complain(ada, people[3], 3, T0 + 2 * DAY)
    assert not restricted(ada, now=T0 + 2 * DAY)
    warned = Standing.objects.get(member=ada).warned_at
    assert warned is not None  # one more objection would restrict: told once
    with django_capture_on_commit_callbacks(execute=True):
        _complain(ada, people[4], 4, T0 + 3 * DAY)
    assert restricted(ada, now=T0 + 3 * DAY)
    kinds = list(Notification.objects.filter(recipient=ada).values_list("kind", flat=True))
    assert "invitations.standing_limited" in kinds
    assert {who for _, who, _ in objections([ada.pk], since=T0)} == {p.pk for p in people}
    assert Complaint.objects.filter(member=ada).count() == 4
    # Thirty days after the latest objection the restriction lifts, and the member is told.
    stored = Standing.objects.get(member=ada)
    assert stored.restricted_until == T0 + 33 * DAY
    assert restrictions_lift_due(now=T0 + 33 * DAY - dt.timedelta(seconds=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert restrictions_lift_due(now=T0 + 33 * DAY) == 1
    assert not restricted(ada, now=T0 + 33 * DAY)
    assert Notification.objects.filter(kind="invitations.standing_restored").exists()


def test_a_restriction_stops_message_requests_too(ada, ben):
    from rapport.conversations.services import message_send, messaging_preferences_update
    from rapport.core.errors import PermissionDenied

    Standing.objects.create(
        member=ada, restricted_at=T0, restricted_until=dt.datetime(2100, 1, 1, tzinfo=dt.UTC)
    )
    messaging_preferences_update(member=ben, who_may_message="anyone")
    with pytest.raises(PermissionDenied) as refused:
        message_send(sender=ada, recipient=ben, text="Hello Ben, a question about your talk.")
    assert refused.value.code == "message.restricted"


def test_a_moderator_s_restriction_holds_on_every_path_of_its_capability(ada, ben, settings):
    """Posts: publishing, reposting, articles, editing; invitations: join e-mails too."""
    from rapport.limits.services import sanction_impose
    from rapport.posts import services as posts

    operator = make_member(
        "olga",
        "Olga Operator",
    )
    type(operator).objects.filter(pk=operator.pk).update(is_operator=True)
    operator.refresh_from_db()
    mine = posts.post_publish(author=ada, body="Before the restriction")
    theirs = posts.post_publish(author=ben, body="Ben's post", audience="public")
    comment = posts.comment_add(member=ada, post_id=theirs.pk, body="An early comment")
    for capability in ("posts", "invitations"):
        sanction_impose(
            operator=operator,
            member=ada,
            kind="restriction",
            capability=capability,
            days=7,
            reason="Spam in posts and invitations.",
        )
    attempts = [
        lambda: posts.post_publish(author=ada, body="After"),
        lambda: posts.repost_create(member=ada, original_id=theirs.pk, body="Buy now"),
        lambda: posts.article_save(author=ada, title="Buy", body="Now"),
        lambda: posts.post_edit(author=ada, post_id=mine.pk, body="Now buy my course"),
        lambda: posts.comment_add(member=ada, post_id=theirs.pk, body="Buy"),
        lambda: posts.comment_edit(member=ada, comment_id=comment.pk, body="Buy my course"),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied) as refused:
            attempt()
        assert refused.value.code == "posts.restricted_by_moderator"
    settings.RAPPORT = {**settings.RAPPORT, "CONTACTS_JOIN_INVITATIONS": True}
    from rapport.contacts.services import joins_invite

    with pytest.raises(PermissionDenied) as refused:
        joins_invite(sender=ada, contact_ids=[1])
    assert refused.value.code == "invitations.restricted_by_moderator"
    with pytest.raises(PermissionDenied):
        invitations.invitation_send(sender=ada, recipient=ben)
