"""Figures that never go down: any interleaving of views, retries and deleted accounts.

Views are appended with unique keys and counted, never estimated, so whatever happens —
the same request recorded again (a retried job), a viewer deleting their account before
or after their view is recorded — no figure is ever lower than it was: not unique
viewers, not impressions, not a day's totals, not a group of viewers.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.db import transaction
from django.db.models import Count
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rapport.accounts.models import User
from rapport.posts.models import PostViewer
from rapport.posts.services import post_publish
from rapport.posts.stats.figures import DIMENSIONS, post_statistics
from rapport.posts.stats.recording import views_record
from rapport.posts.tests.test_stats_figures import NOW, PUBLISHED, viewer

pytestmark = pytest.mark.django_db

MEMBERS = 4
BROWSERS = 3
DAYS = 4  # the publish day to today

step = st.one_of(
    st.tuples(st.just("member"), st.integers(0, MEMBERS - 1), st.integers(0, DAYS - 1)),
    st.tuples(st.just("browser"), st.integers(0, BROWSERS - 1), st.integers(0, DAYS - 1)),
    st.tuples(st.just("retry"), st.integers(0, 1000), st.just(0)),
    st.tuples(st.just("delete"), st.integers(0, MEMBERS - 1), st.just(0)),
)


@pytest.fixture
def world(ada):
    members = [
        viewer("acme1", company="Acme", title="Engineer", place="Lagos"),
        viewer("acme2", company="Acme", title="Engineer", place="Lagos"),
        viewer("globex1", company="Globex", title="Designer", place="Leeds"),
        viewer("nobody1"),
    ]
    post = post_publish(author=ada, body="Figures that never go down.", now=PUBLISHED)
    return ada, post, members


def figures(author: User, post_id: int) -> dict[tuple[str, ...], int]:
    """Every figure as a flat map, so "none went down" is one comparison."""
    stats = post_statistics(author=author, post_id=post_id, now=NOW)
    flat: dict[tuple[str, ...], int] = {
        ("unique",): stats.unique_viewers,
        ("impressions",): stats.impressions,
    }
    for d in stats.days:
        flat[("impressions", d.day.isoformat())] = d.impressions
        flat[("new_viewers", d.day.isoformat())] = d.new_viewers
    for b in stats.breakdowns:
        for g in b.groups:
            # Which rows are named may change (a group reaching k leaves "Other"; a new
            # small group can fold the smallest named row in, decision 0019); a named
            # row's count never goes down while it is named.
            if g.kind != "other":
                flat[("shown", b.dimension, g.label)] = g.count
    # The groups as stored, before the small-group rule: each only ever grows.
    for field, _, _ in DIMENSIONS:
        counted = (
            PostViewer.objects.filter(post_id=post_id)
            .values_list(field)
            .annotate(n=Count("*"))
            .order_by()
        )
        for value, n in counted:
            flat[("stored", field, value)] = n
    return flat


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(step, max_size=20))
def test_no_interleaving_of_views_retries_and_deletions_lowers_a_figure(
    limit, world, settings, steps
):
    limit("posts.stats_min_group", 2)
    author, post, members = world
    with transaction.atomic():
        recorded: list[dict] = []  # every request as its job was queued
        request_keys: set[str] = set()
        viewer_keys: set[str] = set()
        before = figures(author, post.pk)
        for kind, who, day in steps:
            at = PUBLISHED + dt.timedelta(days=day, hours=1)
            if kind == "delete":
                User.objects.filter(pk=members[who].pk).delete()
                call = None
            elif kind == "retry":
                call = recorded[who % len(recorded)] if recorded else None
            elif kind == "member":
                # Queued while the account existed; the job may run after it is deleted.
                member = members[who]
                call = {"viewer_key": f"m{member.pk}", "member_id": member.pk, "at": at}
            else:
                call = {"viewer_key": f"b{who:040d}", "member_id": None, "at": at}
            if call is not None:
                if kind != "retry":
                    call["request_key"] = f"r{len(recorded)}"
                    recorded.append(call)
                views_record(post_ids=[post.pk], source="feed", **call)
                request_keys.add(call["request_key"])
                viewer_keys.add(call["viewer_key"])
            after = figures(author, post.pk)
            lowered = {
                key: (before[key], after.get(key, 0))
                for key in before
                if after.get(key, 0) < before[key] and (key[0] != "shown" or key in after)
            }
            assert lowered == {}, (kind, who)
            before = after
        # Counted exactly: one impression per request, one viewer per key.
        assert before[("impressions",)] == len(request_keys)
        assert before[("unique",)] == len(viewer_keys)
        per_day = Counter(call["at"].date().isoformat() for call in recorded)
        assert sum(per_day.values()) == len(request_keys)
        transaction.set_rollback(True)
