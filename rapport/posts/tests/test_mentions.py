"""@mentions: who is named, who hears of it, and the limits on naming strangers."""

from __future__ import annotations

import pytest

from rapport.accounts.tests.factories import make_member
from rapport.core.errors import LimitReached, ValidationFailed
from rapport.notifications.selectors import filtered_for, notifications_for, unseen_count
from rapport.notifications.services import mentions_from_set
from rapport.posts import services
from rapport.posts.models import Audience, Mention, Post
from rapport.posts.tests.factories import block, connect


@pytest.fixture
def limits(limit, settings):
    limit("posts.mentions_per_post", 3)
    limit("posts.mentions_outside_network_per_day", 2)


def _mentioned(post: Post) -> set[str]:
    return set(Mention.objects.filter(post=post).values_list("member__handle", flat=True))


def test_a_mention_links_the_member_and_notifies_them(ada, ben, django_capture_on_commit_callbacks):
    connect(ada, ben)
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_publish(author=ada, body="thanks @ben and @nobody")
    assert _mentioned(post) == {"ben"}
    assert '<a class="mention" href="/in/ben/"' in post.body_html and "@nobody" in post.body_html
    assert ben.notifications.get().kind == "posts.mentioned"


def test_more_mentions_than_allowed_are_refused_whole(ada, limits):
    for handle in "bcde":
        make_member(handle * 3)
    with pytest.raises(ValidationFailed) as caught:
        services.post_publish(author=ada, body="@bbb @ccc @ddd @eee")
    assert caught.value.code == "mention.too_many"
    assert not Post.objects.exists() and not Mention.objects.exists()


def test_strangers_use_the_daily_allowance_and_connections_do_not(ada, ben, limits):
    connect(ada, ben)
    strangers = [make_member(h) for h in ("sam", "sue", "sid")]
    services.post_publish(author=ada, body="@ben @sam")
    services.post_publish(author=ada, body="@ben @sue")
    with pytest.raises(LimitReached) as caught:
        services.post_publish(author=ada, body="@sid")
    assert caught.value.code == "mention.daily_limit"
    assert "today" in caught.value.message
    assert Mention.objects.filter(member=strangers[2]).count() == 0
    services.post_publish(author=ada, body="@ben again")  # connections never run out


def test_a_strangers_mention_waits_in_the_filtered_list_when_they_chose_network_only(
    ada, ben, chidi, django_capture_on_commit_callbacks
):
    connect(ada, chidi)
    mentions_from_set(member=ben, mentions_from="network")
    mentions_from_set(member=chidi, mentions_from="network")
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_publish(author=ada, body="@ben @chidi")
    assert _mentioned(post) == {"ben", "chidi"}  # still linked
    assert unseen_count(recipient=ben) == 0  # not among Ben's notifications…
    held = filtered_for(recipient=ben).get()  # …but in his filtered list
    assert held.kind == "posts.mentioned" and held.email == "off"
    mention = chidi.notifications.get()  # a connection: a notification, ranked as direct
    assert mention.kind == "posts.mentioned" and not mention.is_filtered and mention.tier == 2


def test_a_network_only_holds_back_connections_outside_it(
    ada, ben, chidi, django_capture_on_commit_callbacks
):
    from rapport.trust.models import TrustScore

    connect(ada, ben)
    connect(chidi, ben)
    mentions_from_set(member=ben, mentions_from="a_network")
    for other, score in ((ada, 80), (chidi, 10)):
        TrustScore.objects.update_or_create(
            member=ben,
            other=other,
            defaults={
                "score": score,
                "rapport": score,
                "credibility": 0,
                "risk": 0,
                "a_network": score >= 50,
            },
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.post_publish(author=ada, body="Thanks @ben")
        services.post_publish(author=chidi, body="Hello @ben")
    assert [n.actor_id for n in notifications_for(recipient=ben)] == [ada.pk]
    assert [n.actor_id for n in filtered_for(recipient=ben)] == [chidi.pk]


def test_a_connections_only_post_cannot_mention_outside_its_audience(ada, ben, chidi):
    connect(ada, ben)
    with pytest.raises(ValidationFailed) as caught:
        services.post_publish(author=ada, body="@ben @chidi", audience=Audience.CONNECTIONS)
    assert caught.value.code == "mention.not_in_audience"
    assert not Post.objects.exists()


def test_blocked_members_and_oneself_are_never_mentioned(ada, ben):
    block(ben, ada)
    post = services.post_publish(author=ada, body="@ben @ada")
    assert _mentioned(post) == set()


def test_a_member_takes_their_name_off_a_mention(ada, ben):
    connect(ada, ben)
    post = services.post_publish(author=ada, body="ask @ben")
    mention = Mention.objects.get()
    services.mention_remove(member=ben, mention_id=mention.pk)
    post.refresh_from_db()
    assert "/in/ben/" not in post.body_html and "@ben" in post.body_html
    # Editing keeps it off.
    post = services.post_edit(author=ada, post_id=post.pk, body="ask @ben please")
    assert "/in/ben/" not in post.body_html


def test_only_the_mentioned_member_removes_a_mention(ada, ben, chidi):
    connect(ada, ben)
    services.post_publish(author=ada, body="ask @ben")
    mention = Mention.objects.get()
    with pytest.raises(Exception) as caught:
        services.mention_remove(member=chidi, mention_id=mention.pk)
    assert getattr(caught.value, "code", "") == "mention.not_found"
    mention.refresh_from_db()
    assert mention.removed_at is None


def test_a_draft_notifies_when_published(ada, ben, django_capture_on_commit_callbacks):
    connect(ada, ben)
    with django_capture_on_commit_callbacks(execute=True):
        draft = services.article_save(author=ada, title="T", body="with @ben")
    assert not ben.notifications.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.article_publish(author=ada, article_id=draft.pk)
    assert ben.notifications.get().kind == "posts.mentioned"


def test_mentions_in_comments_count_too(ada, ben, chidi, limits):
    post = services.post_publish(author=ada, body="hello")
    comment = services.comment_add(member=ben, post_id=post.pk, body="cc @chidi")
    assert Mention.objects.get().comment_id == comment.pk
    comment.refresh_from_db()
    assert '<a class="mention" href="/in/chidi/"' in comment.body_html


def test_a_removed_mention_stays_removed_through_edits(
    ada, ben, django_capture_on_commit_callbacks
):
    connect(ada, ben)
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_publish(author=ada, body="hi @ben")
    services.mention_remove(member=ben, mention_id=Mention.objects.get().pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_edit(author=ada, post_id=post.pk, body="hi")
        services.post_edit(author=ada, post_id=post.pk, body="hi @ben")
    post.refresh_from_db()
    assert "/in/ben/" not in post.body_html
    assert ben.notifications.count() == 1
