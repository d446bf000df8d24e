"""`rapport group stats SLUG --json` and the hourly `rapport group refresh-stats`."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from rapport.discussions.models import GroupStats
from rapport.groups.tests.factories import add_members, make_group
from rapport.posts import services

pytestmark = pytest.mark.django_db


def test_stats_as_json_computes_what_is_missing(ada, ben):
    group = make_group(ada, "Product Managers Guild")
    add_members(group, ben)
    services.group_post_publish(
        author=ben, group=group, body="What tools do you use?", question=True
    )
    out = StringIO()
    call_command("group", "stats", group.slug, "--json", stdout=out)
    figures = json.loads(out.getvalue())
    assert figures["group"] == group.slug and figures["members"] == 2
    assert figures["breakdown"]["30"]["counts"]["creators"] == 1
    assert figures["questions"]["unanswered"] == 1
    text = StringIO()
    call_command("group", "stats", group.slug, stdout=text)
    assert "creators 50.0 %" in text.getvalue()


def test_an_unknown_group_is_a_clear_error(db):
    with pytest.raises(CommandError, match="No group"):
        call_command("group", "stats", "nope")


def test_refresh_stats_computes_the_groups_that_are_due(ada):
    make_group(ada, "One")
    make_group(ada, "Two")
    out = StringIO()
    call_command("group", "refresh-stats", stdout=out)
    assert "statistics of 2 groups refreshed" in out.getvalue()
    assert GroupStats.objects.count() == 2
    again = StringIO()
    call_command("group", "refresh-stats", stdout=again)
    assert "statistics of 0 groups refreshed" in again.getvalue()
