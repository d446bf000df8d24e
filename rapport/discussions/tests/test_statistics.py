"""The statistics' definitions, on activity made by hand with known dates (issue 17)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rapport.accounts.tests.factories import make_member
from rapport.discussions import statistics
from rapport.discussions.models import GroupStats
from rapport.groups import services as groups
from rapport.groups.models import GroupVisit
from rapport.posts import services
from rapport.posts.models import PostView, Reaction

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.UTC)  # a Wednesday


def days_ago(n: float) -> dt.datetime:
    return NOW - dt.timedelta(days=n)


@pytest.fixture
def world(limit):
    limit("groups.new_member_days", 0)
    limit("groups.creations_per_day", 10)
    owner = make_member("owner", "Olive Owner")
    group = groups.group_create(creator=owner, name="Guild", now=days_ago(120))
    names = ["ana", "bo", "cy", "di", "ed", "fay", "gus", "hal"]
    m = {n: make_member(n, n.title()) for n in names}
    for i, n in enumerate(names):
        groups.group_join(member=m[n], group=group, now=days_ago(100 - i))
    # ana: posts a question 5 days ago (creator in both windows).
    q1 = services.group_post_publish(
        author=m["ana"],
        group=group,
        body="How do you size a roadmap?",
        question=True,
        now=days_ago(5),
    )
    # The asker's own follow-up is no answer; bo answers two hours after it was asked.
    services.comment_add(
        member=m["ana"],
        post_id=q1.pk,
        body="Context: 4 teams",
        now=days_ago(5) + dt.timedelta(hours=1),
    )
    services.comment_add(
        member=m["bo"], post_id=q1.pk, body="By outcomes", now=days_ago(5) + dt.timedelta(hours=2)
    )
    # fay: a question 60 days ago nobody answered (creator in 90 days only).
    services.group_post_publish(
        author=m["fay"], group=group, body="Anyone using OKRs?", question=True, now=days_ago(60)
    )
    # cy reacted 60 days ago (contributor in 90 days only).
    services.reaction_set(member=m["cy"], post_id=q1.pk)
    Reaction.objects.filter(member=m["cy"]).update(created_at=days_ago(60))
    # di opened the group 10 days ago; ed was shown ana's post yesterday (readers).
    GroupVisit.objects.create(group=group, member=m["di"], day=days_ago(10).date())
    PostView.objects.create(
        post=q1,
        viewer_key=f"m{m['ed'].pk}",
        seen_on=days_ago(1).date(),
        seen_at=days_ago(1),
        request_key="r1",
    )
    # gus did nothing (lurker); hal posted and then left (not a member: not counted).
    services.group_post_publish(author=m["hal"], group=group, body="Bye", now=days_ago(7))
    groups.group_leave(member=m["hal"], group=group, now=days_ago(2))
    # bo would rather not be listed among the top contributors.
    groups.membership_settings(member=m["bo"], group=group, show_in_top=False)
    return group, m


def test_the_breakdown_counts_each_member_once_by_what_they_did(world):
    group, _ = world
    figures = statistics.compute(group, now=NOW)
    assert figures["members"] == 8  # the owner and seven (hal left)
    last30 = figures["breakdown"]["30"]["counts"]
    # creators: ana; contributors: bo; readers: di, ed; lurkers: owner, cy, fay, gus.
    assert last30 == {"creators": 1, "contributors": 1, "readers": 2, "lurkers": 4}
    last90 = figures["breakdown"]["90"]["counts"]
    # fay created within 90 days, cy contributed: two lurkers fewer.
    assert last90 == {"creators": 2, "contributors": 2, "readers": 2, "lurkers": 2}
    assert figures["breakdown"]["90"]["percent"]["creators"] == 25.0
    assert figures["breakdown"]["30"]["rule"] == statistics.RULE


def test_questions_answer_times_and_the_unanswered(world):
    group, _ = world
    q = statistics.compute(group, now=NOW)["questions"]
    assert (q["asked_90"], q["answered_90"]) == (2, 1)
    assert q["median_hours_to_answer"] == 2.0  # bo's answer, not ana's own follow-up
    assert q["unanswered"] == 1
    assert [u["text"] for u in q["unanswered_latest"]] == ["Anyone using OKRs?"]


def test_top_contributors_leave_out_those_who_opted_out(world):
    group, _ = world
    top = statistics.compute(group, now=NOW)["top_contributors"]
    assert [t["handle"] for t in top] == ["ana", "fay"]
    assert top[0] == {"handle": "ana", "name": "Ana", "posts": 1, "comments": 1}


def test_weeks_count_members_at_each_weeks_end_and_the_weeks_activity(world):
    group, _ = world
    weeks = statistics.compute(group, now=NOW)["weeks"]
    assert len(weeks) == statistics.WEEKS
    this_week, last_week = weeks[-1], weeks[-2]
    assert this_week["week"] == "2026-11-30"  # the Monday of NOW's week
    assert this_week["members"] == 8  # hal left on Monday 30 November
    assert last_week["members"] == 9
    # Last week (23–29 Nov): ana's question and its two comments, hal's post.
    assert (last_week["posts"], last_week["comments"]) == (2, 2)
    assert last_week["active"] == 3  # ana, bo, hal
    # This week ed was shown a post: reading counts as activity.
    assert this_week["active"] == 1


def test_refresh_stores_the_figures_and_a_rerun_replaces_them(world):
    group, _ = world
    statistics.refresh(group, now=NOW)
    statistics.refresh(group, now=NOW)
    row = GroupStats.objects.get(group=group)
    assert row.figures["members"] == 8 and row.took >= 0
    assert statistics.stale_groups(older_than=dt.timedelta(hours=1), now=NOW) == []
    later = NOW + dt.timedelta(hours=2)
    assert statistics.stale_groups(older_than=dt.timedelta(hours=1), now=later) == [group.pk]


def test_a_stats_page_view_reads_the_stored_row_only(world, client, django_assert_max_num_queries):
    group, m = world
    statistics.refresh(group, now=timezone.now())
    client.force_login(m["ana"])
    with django_assert_max_num_queries(12):
        response = client.get(f"/groups/{group.slug}/stats/")
    assert response.status_code == 200
    assert b"group-breakdown-chart" in response.content
    # A member sees the summary: not the list of unanswered questions.
    assert b"unanswered-list" not in response.content


def test_removed_posts_count_for_nobody(world):
    group, m = world
    owner = group.memberships.get(role="owner").member
    spam = [
        services.group_post_publish(
            author=m["gus"], group=group, body=f"Buy now {i}", now=days_ago(4)
        )
        for i in range(3)
    ]
    for post in spam:
        services.group_post_remove(manager=owner, post_id=post.pk)
    figures = statistics.compute(group, now=NOW)
    assert figures["breakdown"]["30"]["counts"]["creators"] == 1  # still only ana
    assert "gus" not in [t["handle"] for t in figures["top_contributors"]]


def test_an_outsiders_comment_in_an_open_group_is_no_active_member(world):
    group, m = world
    outsider = make_member("otto", "Otto Outsider")
    post = services.group_post_publish(
        author=m["ana"], group=group, body="Open to all", now=days_ago(1)
    )
    services.comment_add(member=outsider, post_id=post.pk, body="Drive-by", now=days_ago(1))
    this_week = statistics.compute(group, now=NOW)["weeks"][-1]
    assert this_week["comments"] == 1
    assert this_week["active"] == 2  # ana and ed; not otto


def test_an_opt_out_shows_at_once_on_the_stored_figures(world):
    from rapport.discussions.selectors import stats_for

    group, m = world
    statistics.refresh(group, now=NOW)
    groups.membership_settings(member=m["ana"], group=group, show_in_top=False)
    shown = stats_for(group, full=False)
    assert shown is not None
    assert [t["handle"] for t in shown.figures["top_contributors"]] == ["fay"]
