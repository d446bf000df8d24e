"""Groups and memberships through the services: who may do what, and what it records."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rapport.core.errors import Conflict, LimitReached, NotFound, PermissionDenied, ValidationFailed
from rapport.groups import selectors, services
from rapport.groups.models import Group, Membership, MembershipChange, Role
from rapport.groups.models import MembershipState as S
from rapport.groups.tests.factories import add_members, make_group
from rapport.notifications.models import Notification
from rapport.posts.tests.factories import block

pytestmark = pytest.mark.django_db


def _state(group, member):
    return Membership.objects.get(group=group, member=member).state


def _count(group):
    return Group.objects.get(pk=group.pk).member_count


def test_creating_a_group_makes_its_creator_owner(ada):
    group = make_group(ada, "Product Managers Guild")
    assert group.slug == "product-managers-guild"
    ms = Membership.objects.get(group=group, member=ada)
    assert (ms.role, ms.state) == (Role.OWNER, S.MEMBER)
    assert _count(group) == 1
    assert MembershipChange.objects.filter(group=group, joined=True).count() == 1


def test_a_second_group_of_the_same_name_gets_its_own_address(ada, ben):
    first = make_group(ada, "Data Folk")
    second = make_group(ben, "Data Folk")
    assert first.slug != second.slug and second.slug.startswith("data-folk-")


@pytest.mark.parametrize("name", ["New", "shared", "With"])
def test_a_group_never_takes_an_address_the_pages_use(ada, name):
    assert make_group(ada, name).slug != name.lower()


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"name": "  "}, "group.name"),
        ({"name": "!!!"}, "group.name"),
        ({"name": "x" * 101}, "group.name"),
        ({"name": "Fine", "description": "d" * 2001}, "group.description"),
        ({"name": "Fine", "rules": "r" * 4001}, "group.rules"),
        ({"name": "Fine", "visibility": "secret"}, "group.visibility"),
    ],
)
def test_bad_group_details_are_refused_and_nothing_is_made(ada, fields, code):
    with pytest.raises(ValidationFailed) as caught:
        services.group_create(creator=ada, **fields)
    assert caught.value.code == code
    assert not Group.objects.exists()


def test_group_creation_is_limited_per_day(ada, limit):
    limit("groups.creations_per_day", 2)
    now = timezone.now()
    services.group_create(creator=ada, name="One", now=now)
    services.group_create(creator=ada, name="Two", now=now)
    with pytest.raises(LimitReached) as caught:
        services.group_create(creator=ada, name="Three", now=now)
    assert caught.value.code == "group.create_limit"
    assert Group.objects.count() == 2
    services.group_create(creator=ada, name="Three", now=now + dt.timedelta(days=1, minutes=1))


def test_anyone_joins_an_open_group_once(ada, ben):
    group = make_group(ada)
    services.group_join(member=ben, group=group)
    services.group_join(member=ben, group=group)
    assert _state(group, ben) == S.MEMBER
    assert _count(group) == 2
    assert MembershipChange.objects.filter(group=group, member=ben).count() == 1


def test_a_closed_group_takes_requests_that_managers_answer(
    ada, ben, chidi, django_capture_on_commit_callbacks
):
    group = make_group(ada, visibility="closed")
    with django_capture_on_commit_callbacks(execute=True):
        services.group_join(member=ben, group=group, note="I run a PM meetup")
    assert _state(group, ben) == S.REQUESTED
    assert Membership.objects.get(group=group, member=ben).note == "I run a PM meetup"
    assert Notification.objects.filter(recipient=ada, kind="groups.requested").exists()
    assert _count(group) == 1
    with pytest.raises(Conflict):
        services.group_join(member=ben, group=group)
    # A member who is not a manager cannot answer.
    add_members(group, chidi)
    with pytest.raises(PermissionDenied):
        services.request_answer(manager=chidi, group=group, member_id=ben.pk, approve=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_answer(manager=ada, group=group, member_id=ben.pk, approve=True)
    assert _state(group, ben) == S.MEMBER
    assert Notification.objects.filter(recipient=ben, kind="groups.approved").exists()
    assert _count(group) == 3
    with pytest.raises(NotFound):  # answered once
        services.request_answer(manager=ada, group=group, member_id=ben.pk, approve=False)


def test_a_declined_request_can_be_made_again(ada, ben):
    group = make_group(ada, visibility="closed")
    services.group_join(member=ben, group=group)
    services.request_answer(manager=ada, group=group, member_id=ben.pk, approve=False)
    assert _state(group, ben) == S.DECLINED
    services.group_join(member=ben, group=group)
    assert _state(group, ben) == S.REQUESTED


def test_a_private_group_is_joined_by_invitation_only(
    ada, ben, chidi, django_capture_on_commit_callbacks
):
    group = make_group(ada, visibility="private")
    with pytest.raises(NotFound):
        services.group_join(member=ben, group=group)
    assert not Membership.objects.filter(member=ben).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.group_invite(inviter=ada, group=group, invitee=ben, note="Join us")
    assert Notification.objects.filter(recipient=ben, kind="groups.invited").exists()
    services.group_join(member=ben, group=group)
    assert _state(group, ben) == S.MEMBER
    # A plain member of a private group does not invite.
    with pytest.raises(PermissionDenied):
        services.group_invite(inviter=ben, group=group, invitee=chidi)


def test_any_member_invites_to_an_open_group_but_not_across_a_block(ada, ben, chidi):
    group = make_group(ada)
    add_members(group, ben)
    services.group_invite(inviter=ben, group=group, invitee=chidi)
    assert _state(group, chidi) == S.INVITED
    services.group_leave(member=chidi, group=group)  # declines
    assert _state(group, chidi) == S.DECLINED
    block(chidi, ben)
    with pytest.raises(NotFound):
        services.group_invite(inviter=ben, group=group, invitee=chidi)


def test_a_managers_invitation_answers_a_waiting_request(ada, ben):
    group = make_group(ada, visibility="closed")
    services.group_join(member=ben, group=group)
    services.group_invite(inviter=ada, group=group, invitee=ben)
    assert _state(group, ben) == S.MEMBER


def test_invitations_are_limited_per_day(ada, ben, chidi, dana, limit):
    limit("groups.invitations_per_day", 2)
    group = make_group(ada)
    services.group_invite(inviter=ada, group=group, invitee=ben)
    services.group_invite(inviter=ada, group=group, invitee=chidi)
    with pytest.raises(LimitReached) as caught:
        services.group_invite(inviter=ada, group=group, invitee=dana)
    assert caught.value.code == "group.invite_limit"
    assert not Membership.objects.filter(member=dana).exists()


def test_joins_are_limited_per_day(ada, ben, limit):
    limit("groups.joins_per_day", 2)
    groups = [make_group(ada, f"G{i}") for i in range(3)]
    services.group_join(member=ben, group=groups[0])
    services.group_join(member=ben, group=groups[1])
    with pytest.raises(LimitReached) as caught:
        services.group_join(member=ben, group=groups[2])
    assert caught.value.code == "group.join_limit"
    assert _count(groups[2]) == 1


def test_managers_remove_and_ban_members_but_not_each_other(ada, ben, chidi, dana):
    group = make_group(ada)
    add_members(group, ben, chidi, dana)
    services.role_set(owner=ada, group=group, member_id=ben.pk, role=Role.MANAGER)
    services.member_remove(manager=ben, group=group, member_id=chidi.pk)
    assert _state(group, chidi) == S.LEFT
    services.group_join(member=chidi, group=group)  # a removed member may come back
    services.member_ban(manager=ben, group=group, member_id=chidi.pk, reason="spam")
    assert _state(group, chidi) == S.BANNED
    with pytest.raises(PermissionDenied):
        services.group_join(member=chidi, group=group)
    with pytest.raises(PermissionDenied):  # a manager does not act on the owner
        services.member_ban(manager=ben, group=group, member_id=ada.pk)
    services.role_set(owner=ada, group=group, member_id=dana.pk, role=Role.MANAGER)
    with pytest.raises(PermissionDenied):  # nor on another manager
        services.member_remove(manager=ben, group=group, member_id=dana.pk)
    services.member_unban(manager=ben, group=group, member_id=chidi.pk)
    services.group_join(member=chidi, group=group)
    assert _count(group) == 4


def test_a_ban_may_precede_membership_and_drops_a_managers_role(ada, ben, chidi):
    group = make_group(ada)
    services.member_ban(manager=ada, group=group, member_id=chidi.pk)
    with pytest.raises(PermissionDenied):
        services.group_join(member=chidi, group=group)
    add_members(group, ben)
    services.role_set(owner=ada, group=group, member_id=ben.pk, role=Role.MANAGER)
    services.member_ban(manager=ada, group=group, member_id=ben.pk)
    ms = Membership.objects.get(group=group, member=ben)
    assert (ms.state, ms.role) == (S.BANNED, Role.MEMBER)
    assert not selectors.manages(ben, group)


def test_the_owner_hands_the_group_on_before_leaving(ada, ben):
    group = make_group(ada)
    add_members(group, ben)
    with pytest.raises(Conflict):
        services.group_leave(member=ada, group=group)
    services.ownership_transfer(owner=ada, group=group, member_id=ben.pk)
    assert Membership.objects.get(group=group, member=ben).role == Role.OWNER
    assert Membership.objects.get(group=group, member=ada).role == Role.MANAGER
    services.group_leave(member=ada, group=group)
    assert _count(group) == 1


def test_only_the_owner_names_managers_and_changes_visibility(ada, ben, chidi):
    group = make_group(ada)
    add_members(group, ben, chidi)
    with pytest.raises(PermissionDenied):
        services.role_set(owner=ben, group=group, member_id=chidi.pk, role=Role.MANAGER)
    services.role_set(owner=ada, group=group, member_id=ben.pk, role=Role.MANAGER)
    services.group_edit(
        manager=ben, group=group, name="PM Guild", description="d", rules="", visibility="open"
    )
    with pytest.raises(PermissionDenied) as caught:
        services.group_edit(
            manager=ben,
            group=group,
            name="PM Guild",
            description="",
            rules="",
            visibility="private",
        )
    assert caught.value.code == "group.not_owner"
    assert Group.objects.get(pk=group.pk).visibility == "open"
    with pytest.raises(PermissionDenied):
        services.group_edit(
            manager=chidi, group=group, name="Mine", description="", rules="", visibility="open"
        )


def test_new_members_post_a_few_times_a_day_managers_any_number(ada, ben, limit):
    limit("groups.new_member_posts_per_day", 2)
    limit("groups.new_member_days", 7)
    group = make_group(ada)
    now = timezone.now()
    services.group_join(member=ben, group=group, now=now)
    services.group_post_slot_take(group=group, member=ben, now=now)
    services.group_post_slot_take(group=group, member=ben, now=now)
    with pytest.raises(LimitReached) as caught:
        services.group_post_slot_take(group=group, member=ben, now=now)
    assert caught.value.code == "group.new_member_post_limit"
    services.group_post_slot_take(group=group, member=ben, now=now + dt.timedelta(days=1))
    services.group_post_slot_take(group=group, member=ben, now=now + dt.timedelta(days=8))
    services.group_post_slot_take(group=group, member=ben, now=now + dt.timedelta(days=8))
    services.group_post_slot_take(group=group, member=ben, now=now + dt.timedelta(days=8))
    for _ in range(4):
        services.group_post_slot_take(group=group, member=ada, now=now)


def test_non_members_and_banned_members_do_not_post(ada, ben):
    group = make_group(ada)
    with pytest.raises(PermissionDenied):
        services.group_post_slot_take(group=group, member=ben, now=timezone.now())
    add_members(group, ben)
    services.member_ban(manager=ada, group=group, member_id=ben.pk)
    with pytest.raises(PermissionDenied):
        services.group_post_slot_take(group=group, member=ben, now=timezone.now())


def test_shared_groups_name_only_groups_both_are_members_of(ada, ben, chidi):
    both = make_group(ada, "Both")
    private = make_group(ada, "Secret Circle", visibility="private")
    add_members(both, ben)
    add_members(private, ben)
    only_ada = make_group(ada, "Only Ada")
    services.group_invite(inviter=ada, group=only_ada, invitee=ben)  # invited is not in it
    assert selectors.shared_groups(ada, [ben.pk, chidi.pk]) == {ben.pk: ["Both", "Secret Circle"]}
    assert selectors.shared_groups(chidi, [ada.pk]) == {}
    assert selectors.share_a_group(ada.pk, ben.pk) and not selectors.share_a_group(ada.pk, chidi.pk)


def test_a_private_group_is_not_found_by_outsiders(ada, ben, chidi):
    group = make_group(ada, "Secret Circle", visibility="private")
    make_group(ada, "Open House")
    services.group_invite(inviter=ada, group=group, invitee=ben)
    with pytest.raises(NotFound):
        selectors.group_for(chidi, group.slug)
    assert selectors.group_for(ben, group.slug) == group  # invited: may see what it is
    names = [g.name for g in selectors.search_groups(chidi, query="", page=1, size=20).items]
    assert names == ["Open House"]
    assert [
        g.name for g in selectors.search_groups(chidi, query="secret", page=1, size=20).items
    ] == []


def test_groups_your_connections_are_in_counts_open_groups_only(ada, ben, chidi, dana):
    from rapport.posts.tests.factories import connect

    connect(ada, ben)
    connect(ada, chidi)
    open_group = make_group(dana, "Open House")
    closed = make_group(dana, "Closed Shop", visibility="closed")
    add_members(open_group, ben, chidi)
    add_members(closed, ben, chidi)
    found = selectors.connections_groups(ada)
    assert [(g.name, n) for g, n in found] == [("Open House", 2)]
    add_members(open_group, ada)
    assert selectors.connections_groups(ada) == []
