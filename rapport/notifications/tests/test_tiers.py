"""The tier rules, declared in one place: every kind has a tier, and the list obeys."""

import pytest

from rapport.accounts.tests.factories import make_member
from rapport.notifications import kinds, selectors, services
from rapport.notifications.tests.factories import sent
from rapport.notifications.tiers import TIERS, Tier, tier_for


def test_every_declared_kind_has_a_tier():
    missing = [k.code for k in kinds.all_kinds() if k.code not in TIERS]
    assert missing == []


def test_what_waits_for_an_answer_comes_first():
    for code in (
        "invitations.received",
        "conversations.request_received",
        "introductions.asked",
        "introductions.to_target",
    ):
        assert tier_for(code) == Tier.ANSWER, code
    for code in ("posts.commented", "posts.replied"):
        assert tier_for(code) == Tier.DIRECT, code
    for code in ("posts.reacted", "network.connection_made", "members.job_changed"):
        assert tier_for(code) == Tier.OTHER, code


def test_a_mention_ranks_as_direct_only_from_the_members_network():
    assert tier_for("posts.mentioned", from_network=True) == Tier.DIRECT
    assert tier_for("posts.mentioned", from_network=False) == Tier.OTHER
    # Other kinds do not depend on it.
    assert tier_for("posts.commented", from_network=False) == Tier.DIRECT


@pytest.mark.django_db
def test_the_list_is_unread_by_tier_newest_first_then_read(ada, ben, chidi):
    dee = make_member("dee", "Dee Ode")
    send = sent
    reaction = send(recipient=ada, kind="posts.reacted", actor=ben, target=chidi)
    invitation = send(recipient=ada, kind="invitations.received", actor=chidi)
    comment = send(recipient=ada, kind="posts.commented", actor=dee, target=chidi)
    stranger_mention = send(recipient=ada, kind="posts.mentioned", actor=dee, from_network=False)
    friend_mention = send(recipient=ada, kind="posts.mentioned", actor=ben, from_network=True)
    old_read = send(recipient=ada, kind="invitations.asked", actor=ben)
    services.notifications_mark_read(recipient=ada, ids=[old_read.pk])
    order = [n.pk for n in selectors.notifications_for(recipient=ada)]
    assert order == [
        invitation.pk,  # tier 1
        friend_mention.pk,  # tier 2, newest first
        comment.pk,
        stranger_mention.pk,  # tier 3, newest first
        reaction.pk,
        old_read.pk,  # read: after every unread, whatever its tier
    ]
