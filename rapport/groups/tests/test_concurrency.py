"""Limits and counts hold when requests arrive at once (checks inside the transaction)."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import timezone

from rapport.accounts.tests.factories import make_member
from rapport.core.errors import LimitReached, NotFound, PermissionDenied
from rapport.groups import services
from rapport.groups.models import Group, Membership, MembershipChange
from rapport.groups.tests.factories import make_group
from rapport.invitations.tests.test_concurrency import run_together

pytestmark = pytest.mark.django_db(transaction=True)


def test_simultaneous_joins_never_pass_the_daily_cap(limit):
    limit("groups.joins_per_day", 3)
    limit("groups.creations_per_day", 10)
    owner = make_member("owner", "Owner")
    groups = [make_group(owner, f"Group {i}") for i in range(8)]
    joiner = make_member("joiner", "Joiner")
    now = timezone.now()
    results = run_together(
        [lambda g=g: services.group_join(member=joiner, group=g, now=now) for g in groups]
    )
    refused = [r for r in results if isinstance(r, LimitReached)]
    assert not [r for r in results if isinstance(r, Exception) and not isinstance(r, LimitReached)]
    assert len(refused) == 5
    assert Membership.objects.filter(member=joiner, state="member").count() == 3


def test_one_member_joining_twice_at_once_is_counted_once():
    owner = make_member("owner", "Owner")
    group = make_group(owner)
    joiner = make_member("joiner", "Joiner")
    results = run_together([lambda: services.group_join(member=joiner, group=group)] * 4)
    assert not [r for r in results if isinstance(r, Exception)]
    assert Group.objects.get(pk=group.pk).member_count == 2
    assert MembershipChange.objects.filter(group=group, member=joiner).count() == 1


def test_many_members_joining_at_once_keep_the_count_exact():
    owner = make_member("owner", "Owner")
    group = make_group(owner)
    joiners = [make_member(f"j{i}", f"Joiner {i}") for i in range(10)]
    results = run_together(
        [lambda m=m: services.group_join(member=m, group=group) for m in joiners]
    )
    assert not [r for r in results if isinstance(r, Exception)]
    assert Group.objects.get(pk=group.pk).member_count == 11


@pytest.mark.parametrize("round_", range(4))
def test_approving_and_banning_at_once_leave_one_outcome(round_):
    owner = make_member("owner", "Owner")
    group = make_group(owner, visibility="closed")
    asker = make_member("asker", "Asker")
    services.group_join(member=asker, group=group)
    results = run_together(
        [
            lambda: services.request_answer(
                manager=owner, group=group, member_id=asker.pk, approve=True
            ),
            lambda: services.member_ban(manager=owner, group=group, member_id=asker.pk),
        ]
    )
    # Never a deadlock: the manager's row is locked first by both. Either the approval
    # finds the request already banned (no request: not found), or the ban follows it.
    assert not [r for r in results if isinstance(r, Exception) and not isinstance(r, NotFound)]
    ms = Membership.objects.get(group=group, member=asker)
    assert ms.state == "banned"
    assert Group.objects.get(pk=group.pk).member_count == 1


def test_a_new_member_posting_at_once_stays_within_the_day(limit):
    limit("groups.new_member_posts_per_day", 2)
    owner = make_member("owner", "Owner")
    group = make_group(owner)
    writer = make_member("writer", "Writer")
    now = timezone.now()
    services.group_join(member=writer, group=group, now=now)

    def post() -> None:
        with transaction.atomic():  # as the posting service holds it
            services.group_post_slot_take(group=group, member=writer, now=now)

    results = run_together([post] * 6)
    assert sum(isinstance(r, LimitReached) for r in results) == 4
    assert not [r for r in results if isinstance(r, PermissionDenied)]
    assert Membership.objects.get(group=group, member=writer).posts_today == 2
