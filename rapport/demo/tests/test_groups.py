"""The demo's groups: a dozen, of different sizes and activity, the big ones near 100-10-1."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from rapport.discussions.models import GroupStats
from rapport.groups.models import Group, Membership

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def test_a_dozen_groups_with_participation_near_the_rule_in_the_big_ones():
    out = StringIO()
    call_command("demo", members=300, seed=7, stdout=out)
    assert "12 groups" in out.getvalue()
    groups = list(Group.objects.order_by("-member_count"))
    assert len(groups) == 12
    assert {g.visibility for g in groups} == {"open", "closed", "private"}
    assert groups[0].member_count > 10 * groups[-1].member_count
    for group in groups:
        assert group.member_count == Membership.objects.filter(group=group, state="member").count()
    # Each group's figures are there from the first visit; the two biggest follow the rule.
    for group in groups[:2]:
        figures = GroupStats.objects.get(group=group).figures["breakdown"]["90"]["percent"]
        assert 0.5 <= figures["creators"] <= 3
        assert 6 <= figures["contributors"] <= 14
        assert figures["readers"] + figures["lurkers"] >= 83
    # Ada owns one, manages another and has a request waiting and an invitation.
    ada = {m.state + ":" + m.role for m in Membership.objects.filter(member__handle="ada")}
    assert {"member:owner", "member:manager", "requested:member", "invited:member"} <= ada
    assert mail.outbox == []  # the demo's history is not e-mailed
