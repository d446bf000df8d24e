"""Limits hold under concurrent requests: real threads, real database (SQLite or PostgreSQL)."""

from __future__ import annotations

import pytest

from rapport.accounts.tests.factories import make_member
from rapport.core.errors import RapportError
from rapport.invitations.tests.test_concurrency import run_together
from rapport.limits.models import Complaint
from rapport.posts import services
from rapport.posts.models import Mention, Post, Reaction

pytestmark = pytest.mark.django_db(transaction=True)


def test_simultaneous_posts_never_exceed_the_daily_mention_allowance(limit, settings):
    limit("posts.mentions_outside_network_per_day", 3)
    author = make_member("author")
    strangers = [make_member(f"stranger{i}") for i in range(8)]
    results = run_together(
        [
            (lambda s=s: services.post_publish(author=author, body=f"hello @{s.handle}"))
            for s in strangers
        ]
    )
    made = [r for r in results if isinstance(r, Post)]
    refused = [r for r in results if isinstance(r, RapportError)]
    assert len(made) == 3, results
    assert {e.code for e in refused} == {"mention.daily_limit"} and len(refused) == 5
    # A refused post was rolled back whole: no post without its mention, no stray mention.
    assert Post.objects.count() == Mention.objects.count() == 3


def test_simultaneous_reactions_and_reports_by_one_member_count_once():
    author = make_member("author")
    fan = make_member("fan")
    post = services.post_publish(author=author, body="hello")
    reactions = run_together(
        [
            (lambda k=k: services.reaction_set(member=fan, post_id=post.pk, kind=k))
            for k in ("like", "celebrate") * 3
        ]
    )
    assert not [r for r in reactions if isinstance(r, Exception)], reactions
    assert Reaction.objects.filter(post=post).count() == 1
    reports = run_together(
        [(lambda: services.post_report(reporter=fan, post_id=post.pk, reason="spam"))] * 6
    )
    assert not [r for r in reports if isinstance(r, Exception)], reports
    assert Complaint.objects.count() == 1 and reports.count(True) == 1
