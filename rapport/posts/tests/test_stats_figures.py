"""The statistics selector: what is counted, from which rows, for whom, in how many queries.

The helpers here (`view`, `viewer`, `NOW`) are shared by the other test_stats_* modules.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from rapport.accounts.models import User
from rapport.accounts.tests.factories import make_member
from rapport.companies.services import position_add
from rapport.core.errors import NotFound
from rapport.network.models import Block
from rapport.network.services import connection_create
from rapport.posts.models import Audience, PostShare, ShareVia
from rapport.posts.services import (
    article_publish,
    article_save,
    comment_add,
    post_delete,
    post_publish,
    reaction_set,
    repost_create,
)
from rapport.posts.stats.figures import (
    StatisticsNotYet,
    post_statistics,
    post_statistics_for_operator,
)
from rapport.posts.stats.recording import views_record

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)
PUBLISHED = NOW - dt.timedelta(days=3)


def view(
    post, key: str, *, member: User | None = None, request_key: str = "", at=NOW, source="feed"
):
    """One request showing `post` to the viewer `key`, recorded as the worker records it."""
    return views_record(
        viewer_key=key,
        member_id=member.pk if member is not None else None,
        post_ids=[post.pk],
        source=source,
        request_key=request_key or uuid.uuid4().hex,
        at=at,
    )


def seen_by(post, member: User, **kwargs) -> int:
    return view(post, f"m{member.pk}", member=member, **kwargs)


def viewer(handle: str, *, company: str = "", title: str = "Engineer", place: str = "") -> User:
    """A member whose current position and location the view log will take a copy of."""
    member = make_member(handle, location=place) if place else make_member(handle)
    if company:
        position_add(
            member=member,
            company_name=company,
            title=title,
            started_on=dt.date(2020, 1, 1),
            is_current=True,
        )
    return member


@pytest.fixture
def post(ada):
    return post_publish(author=ada, body="Notes from the Lagos meetup.", now=PUBLISHED)


def test_a_member_is_one_viewer_however_often_they_return_and_every_showing_is_an_impression(
    post, ben, chidi
):
    for _ in range(3):
        seen_by(post, ben)
    seen_by(post, chidi)
    stats = post_statistics(author=post.author, post_id=post.pk, now=NOW)
    assert (stats.unique_viewers, stats.impressions) == (2, 4)


def test_a_signed_out_browser_is_one_viewer_a_day(post):
    yesterday = NOW - dt.timedelta(days=1)
    view(post, "b" + "1" * 40, at=yesterday)
    view(post, "b" + "1" * 40, at=yesterday)
    view(post, "b" + "2" * 40)  # the same browser's key on the next day is another key
    stats = post_statistics(author=post.author, post_id=post.pk, now=NOW)
    assert (stats.unique_viewers, stats.impressions) == (2, 3)


def test_the_authors_own_views_are_left_out(post, ada, ben):
    seen_by(post, ada)
    seen_by(post, ada)
    seen_by(post, ben)
    stats = post_statistics(author=ada, post_id=post.pk, now=NOW)
    assert (stats.unique_viewers, stats.impressions) == (1, 1)
    assert sum(d.impressions for d in stats.days) == 1


def test_a_retried_request_counts_once(post, ben):
    seen_by(post, ben, request_key="r1")
    seen_by(post, ben, request_key="r1")
    stats = post_statistics(author=post.author, post_id=post.pk, now=NOW)
    assert (stats.unique_viewers, stats.impressions) == (1, 1)


def test_days_run_from_the_publish_day_to_today_zero_filled(post, ben, chidi):
    seen_by(post, ben, at=PUBLISHED + dt.timedelta(hours=1))
    seen_by(post, ben, at=NOW - dt.timedelta(days=1))
    seen_by(post, chidi, at=NOW - dt.timedelta(days=1))
    stats = post_statistics(author=post.author, post_id=post.pk, now=NOW)
    assert [(d.day.isoformat(), d.impressions, d.new_viewers) for d in stats.days] == [
        ("2026-12-03", 1, 1),
        ("2026-12-04", 0, 0),
        ("2026-12-05", 2, 1),
        ("2026-12-06", 0, 0),
    ]


def test_reactions_comments_reposts_and_shares_are_the_rows_there_are(post, ada, ben, chidi):
    reaction_set(member=ben, post_id=post.pk, kind="celebrate")
    reaction_set(member=chidi, post_id=post.pk, kind="like")
    comment_add(member=ben, post_id=post.pk, body="Great meetup.")
    repost_create(member=ben, original_id=post.pk)
    PostShare.objects.create(post=post, member=chidi, via=ShareVia.LINK)
    stats = post_statistics(author=ada, post_id=post.pk, now=NOW)
    assert stats.reactions == {
        "like": 1,
        "celebrate": 1,
        "support": 0,
        "insightful": 0,
        "curious": 0,
        "funny": 0,
    }
    assert (stats.reactions_total, stats.comments, stats.reposts) == (2, 1, 1)
    assert stats.shares == {"message": 0, "link": 1}
    assert [r.handle for r in stats.reposters] == ["ben"]


def test_reposters_are_named_only_where_the_author_may_see_the_repost(post, ada, ben, chidi):
    dee, eve = make_member("dee"), make_member("eve")
    connection_create(member=chidi, other=dee, source="operator", notify=False)
    repost_create(member=ben, original_id=post.pk, now=NOW)  # to members: named
    # To chidi's connections only; ada is not one of them: counted, not named.
    repost_create(member=chidi, original_id=post.pk, audience=Audience.CONNECTIONS)
    repost_create(member=eve, original_id=post.pk)
    Block.objects.create(member=ada, blocked=eve)  # a block hides eve's repost too
    stats = post_statistics(author=ada, post_id=post.pk, now=NOW)
    assert stats.reposts == 3
    assert [r.handle for r in stats.reposters] == ["ben"]
    assert (stats.reposters_visible, stats.reposters_hidden) == (1, 2)
    connection_create(member=chidi, other=ada, source="operator", notify=False)
    stats = post_statistics(author=ada, post_id=post.pk, now=NOW)
    assert sorted(r.handle for r in stats.reposters) == ["ben", "chidi"]


def test_anyone_else_gets_the_answer_a_missing_post_gets(post, ben):
    missing = post.pk + 1000
    with pytest.raises(NotFound) as other:
        post_statistics(author=ben, post_id=post.pk, now=NOW)
    with pytest.raises(NotFound) as absent:
        post_statistics(author=ben, post_id=missing, now=NOW)
    assert type(other.value) is type(absent.value) is NotFound
    assert (other.value.code, other.value.message) == (absent.value.code, absent.value.message)
    assert other.value.code == "post.not_found"


def test_a_connections_only_post_is_no_more_open_to_a_connection(ada, ben):
    connection_create(member=ada, other=ben, source="operator", notify=False)
    post = post_publish(author=ada, body="Only for my connections.", audience="connections")
    seen_by(post, ben)
    with pytest.raises(NotFound) as refused:
        post_statistics(author=ben, post_id=post.pk, now=NOW)
    assert refused.value.code == "post.not_found"


def test_a_draft_has_no_statistics_and_says_so_to_its_author(ada, ben):
    draft = article_save(author=ada, title="On trust", body="A long read.")
    with pytest.raises(StatisticsNotYet) as mine:
        post_statistics(author=ada, post_id=draft.pk, now=NOW)
    assert mine.value.code == "post.draft"
    with pytest.raises(NotFound) as theirs:
        post_statistics(author=ben, post_id=draft.pk, now=NOW)
    assert theirs.value.code == "post.not_found"
    article_publish(author=ada, article_id=draft.pk, now=PUBLISHED)
    assert post_statistics(author=ada, post_id=draft.pk, now=NOW).unique_viewers == 0


def test_a_deleted_post_is_gone_for_its_author_and_kept_for_the_operator(post, ada, ben):
    seen_by(post, ben)
    post_delete(author=ada, post_id=post.pk)
    with pytest.raises(NotFound):
        post_statistics(author=ada, post_id=post.pk, now=NOW)
    kept = post_statistics_for_operator(post_id=post.pk, now=NOW)
    assert (kept.unique_viewers, kept.impressions) == (1, 1)


def test_the_selector_takes_the_same_few_queries_for_one_view_or_many(
    post, ben, chidi, django_assert_num_queries
):
    seen_by(post, ben)
    repost_create(member=ben, original_id=post.pk)
    with django_assert_num_queries(6):
        post_statistics(author=post.author, post_id=post.pk, now=NOW)
    for n in range(40):
        view(post, f"b{n:040d}", source="external")
    for m in (chidi, make_member("dee"), make_member("eve")):
        seen_by(post, m)
        repost_create(member=m, original_id=post.pk)
    with django_assert_num_queries(6):
        stats = post_statistics(author=post.author, post_id=post.pk, now=NOW)
    assert (stats.unique_viewers, stats.reposts) == (44, 4)
