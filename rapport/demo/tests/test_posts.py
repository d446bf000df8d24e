"""The demo community's posts: who writes, reacts and reads (100-10-1), and what Ada finds."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Min

from rapport.accounts.models import User
from rapport.demo.post_plan import POD_POSTS, POD_SIZE
from rapport.demo.posts import posts_load
from rapport.network import selectors as network
from rapport.notifications.models import Notification
from rapport.posts.models import (
    Audience,
    Comment,
    Kind,
    LinkPreview,
    LinkPreviewState,
    Mention,
    Post,
    PostView,
    PostViewer,
    Reaction,
    State,
)
from rapport.posts.rendering import post_html
from rapport.posts.selectors import can_see, feed_page
from rapport.posts.services.mentions import rendered
from rapport.posts.stats.recording import _who

pytestmark = pytest.mark.django_db

SIZE = 300
SEED = 7
NOW = dt.datetime(2025, 6, 2, 9, 30, tzinfo=dt.UTC)


def _community() -> None:
    call_command("demo", members=SIZE, seed=SEED, without_activity=True, stdout=StringIO())


def _load(capture=None) -> None:
    if capture is None:
        posts_load(seed=SEED, now=NOW, progress=lambda _: None)
        return
    with capture(execute=True):
        posts_load(seed=SEED, now=NOW, progress=lambda _: None)


@pytest.fixture
def loaded(monkeypatch, django_capture_on_commit_callbacks):
    """The community with its posts; notifications sent, and no page ever fetched."""

    def refuse(url: str) -> None:
        raise AssertionError(f"the demo fetched {url}")

    monkeypatch.setattr("rapport.posts.previews.fetch_summary", refuse)
    _community()
    _load(django_capture_on_commit_callbacks)


def _snapshot() -> tuple[list[tuple[object, ...]], ...]:
    handles = dict(User.objects.values_list("pk", "handle"))
    posts = list(Post.objects.order_by("published_at", "pk"))
    order = {p.pk: n for n, p in enumerate(posts)}
    return (
        [
            (
                handles[p.author_id],
                p.kind,
                p.audience,
                p.title,
                p.body,
                p.body_html,
                p.published_at,
                order.get(p.repost_of_id or 0),
            )
            for p in posts
        ],
        sorted(
            (order[r.post_id], handles[r.member_id], r.kind, r.created_at)
            for r in Reaction.objects.all()
        ),
        sorted(
            (order[c.post_id], handles[c.author_id], c.body, c.created_at, c.parent_id is None)
            for c in Comment.objects.all()
        ),
        sorted(
            (order[v.post_id], v.seen_at, v.source, v.viewer_key) for v in PostView.objects.all()
        ),
    )


def test_the_same_seed_writes_the_same_posts_reactions_comments_and_views():
    _community()
    _load()
    first = _snapshot()
    assert first[0] and first[1] and first[2] and first[3]
    Post.objects.all().delete()
    LinkPreview.objects.all().delete()
    _load()
    assert _snapshot() == first


def test_about_one_in_a_hundred_writes_one_in_ten_engages_and_most_only_read(loaded):
    members = User.objects.filter(is_staff=False).count()
    # The engagement pod (issue 18) is the demo's deliberate exception to 100-10-1.
    pod = set(
        Post.objects.filter(body__in=POD_POSTS).values_list("author_id", flat=True).distinct()
    )
    assert len(pod) == POD_SIZE
    authors = (
        set(Post.objects.filter(repost_of=None).values_list("author_id", flat=True).distinct())
        - pod
    )
    engaged = (
        (
            set(Reaction.objects.values_list("member_id", flat=True))
            | set(Comment.objects.values_list("author_id", flat=True))
            | set(Post.objects.exclude(repost_of=None).values_list("author_id", flat=True))
        )
        - authors
        - pod
    )
    readers = {
        int(k[1:]) for k in PostViewer.objects.values_list("viewer_key", flat=True) if k[0] == "m"
    }
    assert 0.01 <= len(authors) / members <= 0.05
    assert 0.05 <= len(engaged) / members <= 0.15
    only_read = readers - authors - engaged
    assert len(only_read) / members >= 0.6
    # Those who create do so several times; a few long-form articles among the posts.
    posts = Post.objects.filter(repost_of=None)
    assert posts.count() >= 3 * len(authors) // 2
    assert 1 <= posts.filter(kind=Kind.ARTICLE).count() <= posts.count() // 4
    assert Post.objects.exclude(repost_of=None).exclude(body="").exists()
    assert Post.objects.exclude(repost_of=None).filter(body="").exists()
    assert Comment.objects.exclude(parent=None).exists()
    assert len(set(Reaction.objects.values_list("kind", flat=True))) >= 4
    oldest = posts.aggregate(Min("published_at"))["published_at__min"]
    assert NOW - dt.timedelta(days=61) < oldest < NOW - dt.timedelta(days=30)


def test_ada_wrote_posts_and_a_public_article_read_by_groups_big_enough_to_show(loaded):
    ada = User.objects.get(handle="ada")
    mine = Post.objects.filter(author=ada, state=State.PUBLISHED, repost_of=None)
    assert mine.filter(kind=Kind.POST).count() >= 3
    article = mine.get(kind=Kind.ARTICLE)
    assert article.audience == Audience.PUBLIC
    for markdown in ("<h2>", "<ul>", "<ol>", "<blockquote>", "<a href="):
        assert markdown in article.body_html
    viewers = PostViewer.objects.filter(post=article)
    assert viewers.filter(viewer_key__startswith="m").count() >= 30
    assert viewers.filter(viewer_key__startswith="b").count() >= 10
    # The statistics hide groups under five: some company, title or place must reach it.
    groups: dict[tuple[str, str], int] = defaultdict(int)
    for company, title, place in viewers.values_list("company", "title", "place"):
        for name, value in (("company", company), ("title", title), ("place", place)):
            if value:
                groups[name, value] += 1
    assert sum(1 for n in groups.values() if n >= 5) >= 2
    # Seen over the days since it was published, not all at once.
    days = set(PostView.objects.filter(post=article).values_list("seen_on", flat=True))
    assert len(days) >= 5
    assert Notification.objects.filter(recipient=ada, kind="posts.commented").exists()


def test_the_demo_log_ins_find_a_full_feed(loaded):
    for handle, least in (("ada", 20), ("ben", 10)):
        page = feed_page(User.objects.get(handle=handle), now=NOW)
        assert len(page.cards) >= least, handle


def test_nobody_engages_with_or_reads_a_post_they_may_not_see(loaded):
    people = User.objects.in_bulk()
    for reaction in Reaction.objects.select_related("post__author"):
        assert can_see(people[reaction.member_id], reaction.post)
    for comment in Comment.objects.select_related("post__author"):
        assert can_see(people[comment.author_id], comment.post)
    for repost in Post.objects.exclude(repost_of=None).select_related("repost_of__author"):
        assert repost.repost_of is not None
        assert repost.repost_of.audience != Audience.CONNECTIONS
        assert can_see(people[repost.author_id], repost.repost_of)
    connections_only = Post.objects.filter(audience=Audience.CONNECTIONS)
    assert connections_only.exists()
    for post in connections_only:
        allowed = {f"m{pk}" for pk in network.connected_ids(post.author_id)}
        keys = set(PostViewer.objects.filter(post=post).values_list("viewer_key", flat=True))
        assert keys <= allowed
    public = set(Post.objects.filter(audience=Audience.PUBLIC).values_list("pk", flat=True))
    browsers = PostViewer.objects.filter(viewer_key__startswith="b")
    assert browsers.exists() and set(browsers.values_list("post_id", flat=True)) <= public


def test_views_are_the_rows_recording_would_have_written(loaded):
    first = {
        (post_id, key): on
        for post_id, key, on in PostView.objects.values("post_id", "viewer_key")
        .annotate(on=Min("seen_on"))
        .values_list("post_id", "viewer_key", "on")
        .order_by()
    }
    viewers = list(PostViewer.objects.all())
    assert len(viewers) == len(first)
    for viewer in viewers[:: max(1, len(viewers) // 200)]:
        assert first[viewer.post_id, viewer.viewer_key] == viewer.first_seen_on
        if viewer.viewer_key.startswith("m"):
            assert (viewer.company, viewer.title, viewer.place) == _who(int(viewer.viewer_key[1:]))
        else:
            assert len(viewer.viewer_key) == 41 and not (viewer.company or viewer.title)
    published: dict[int, dt.datetime] = {
        pk: at for pk, at in Post.objects.values_list("pk", "published_at") if at is not None
    }
    for post_id, seen_at in PostView.objects.values_list("post_id", "seen_at"):
        assert published[post_id] < seen_at <= NOW
    # A plain repost's card shows the post it shares, and that is what the page records.
    assert not PostView.objects.filter(post__repost_of__isnull=False, post__body="").exists()
    # Reactions and comments come after publication and were seen first.
    for reaction in Reaction.objects.all()[:300]:
        seen = PostView.objects.filter(
            post_id=reaction.post_id, viewer_key=f"m{reaction.member_id}"
        )
        assert published[reaction.post_id] < reaction.created_at
        assert seen.filter(seen_at__lt=reaction.created_at).exists()


def test_texts_are_rendered_mentioned_and_linked_as_the_services_do(loaded):
    for post in Post.objects.all():
        assert post.body_html == rendered(post=post, comment=None)
    for comment in Comment.objects.filter(mentions=None)[:200]:
        assert comment.body_html == post_html(comment.body)
    mentions = list(Mention.objects.all())
    assert any(m.comment_id is None for m in mentions)
    assert any(m.comment_id is not None for m in mentions)
    assert all(network.are_connected(m.by_id, m.member_id) for m in mentions)
    linked = Post.objects.exclude(link=None)
    assert linked.exists()
    assert set(LinkPreview.objects.values_list("state", flat=True)) == {LinkPreviewState.FAILED}


def test_the_command_prints_the_posts_line():
    out = StringIO()
    call_command("demo", members=60, seed=SEED, stdout=out)
    line = next(x for x in out.getvalue().splitlines() if "articles by" in x)
    # (The groups' posts, reactions and views are the groups line's: issue 17.)
    reactions = Reaction.objects.filter(post__group__isnull=True).count()
    assert f"{reactions:,} reactions" in line
    assert f"{PostView.objects.filter(post__group__isnull=True).count():,} views" in line
    articles = Post.objects.filter(kind=Kind.ARTICLE, state=State.PUBLISHED).count()
    assert f" and {articles:,} articles" in line
