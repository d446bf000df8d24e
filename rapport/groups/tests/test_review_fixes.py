"""What an adversarial review of the groups found, each pinned by a test."""

from __future__ import annotations

import pytest
from django.test import Client

from rapport.core.errors import LimitReached, NotFound, ValidationFailed
from rapport.groups import services
from rapport.groups.models import Group
from rapport.groups.tests.factories import add_members, make_group
from rapport.posts import services as posts
from rapport.posts.models import Post

pytestmark = pytest.mark.django_db


def _api(member):
    client = Client()
    client.force_login(member)
    return client


def test_an_api_edit_changes_only_what_it_names(ada):
    group = make_group(ada, "Secret Circle", visibility="private")
    services.group_edit(
        manager=ada,
        group=group,
        name="Secret Circle",
        description="Ours",
        rules="Kind",
        visibility="private",
    )
    response = _api(ada).patch(
        f"/api/v1/groups/{group.slug}", {"name": "Inner Circle"}, content_type="application/json"
    )
    assert response.status_code == 200
    group.refresh_from_db()
    assert (group.name, group.visibility, group.description, group.rules) == (
        "Inner Circle",
        "private",
        "Ours",
        "Kind",
    )


@pytest.mark.parametrize(
    ("before", "after"), [("private", "closed"), ("private", "open"), ("closed", "open")]
)
def test_opening_a_group_wider_needs_confirmation(ada, before, after):
    group = make_group(ada, visibility=before)
    with pytest.raises(ValidationFailed) as caught:
        services.group_edit(
            manager=ada, group=group, name=group.name, description="", rules="", visibility=after
        )
    assert caught.value.code == "group.confirm_wider"
    assert Group.objects.get(pk=group.pk).visibility == before
    services.group_edit(
        manager=ada,
        group=group,
        name=group.name,
        description="",
        rules="",
        visibility=after,
        confirm_wider=True,
    )
    assert Group.objects.get(pk=group.pk).visibility == after
    # Narrowing needs no confirmation.
    services.group_edit(
        manager=ada, group=group, name=group.name, description="", rules="", visibility=before
    )


def test_a_banned_author_cannot_edit_their_group_post(ada, ben):
    group = make_group(ada, visibility="private")
    add_members(group, ben)
    post = posts.group_post_publish(author=ben, group=group, body="Original words")
    services.member_ban(manager=ada, group=group, member_id=ben.pk)
    with pytest.raises(NotFound):
        posts.post_edit(author=ben, post_id=post.pk, body="Changed after the ban")
    response = _api(ben).patch(
        f"/api/v1/posts/{post.pk}", {"body": "Via the API"}, content_type="application/json"
    )
    assert response.status_code == 404
    assert Post.objects.get(pk=post.pk).body == "Original words"


def test_leaving_and_rejoining_does_not_refill_the_days_posts(ada, ben, limit):
    limit("groups.new_member_posts_per_day", 2)
    group = make_group(ada)
    add_members(group, ben)
    posts.group_post_publish(author=ben, group=group, body="One")
    posts.group_post_publish(author=ben, group=group, body="Two")
    services.group_leave(member=ben, group=group)
    services.group_join(member=ben, group=group)
    with pytest.raises(LimitReached):
        posts.group_post_publish(author=ben, group=group, body="Three")


def test_creating_a_group_says_nothing_of_a_private_group_of_that_name(ada, ben):
    private = make_group(ada, "Layoff Planning", visibility="private")
    assert private.slug.startswith("layoff-planning-")  # never the plain name
    mine = make_group(ben, "Layoff Planning")
    assert mine.slug == "layoff-planning"


@pytest.mark.parametrize("name", ["Дизайнеры", "設計者", "Ελληνικά"])
def test_names_in_any_script_are_welcome(ada, name):
    group = make_group(ada, name)
    assert group.name == name and group.slug.startswith("group-")
    assert _api(ada).get(f"/groups/{group.slug}/").status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/api/v1/groups", {"name": "Bad\u0000name"}),
        ("post", "/api/v1/groups", {"name": "Fine", "extra": 1}),
        ("post", "/api/v1/groups/{slug}/posts", {"body": "a\u0000"}),
        ("post", "/api/v1/groups/{slug}/requests/{ben}", {"approve": "yes"}),
        ("post", "/api/v1/groups/{slug}/join", {"note": "\u0000"}),
        ("patch", "/api/v1/groups/{slug}/membership", {"follow_closely": "true"}),
        ("post", "/api/v1/groups/{slug}/posts/1/pin", {"pinned": 1}),
    ],
)
def test_hostile_api_input_is_refused_and_changes_nothing(ada, ben, method, path, body):
    group = make_group(ada, visibility="closed")
    services.group_join(member=ben, group=group)
    before = (
        Group.objects.count(),
        Post.objects.count(),
        group.memberships.filter(state="member").count(),
    )
    url = path.format(slug=group.slug, ben=ben.pk)
    response = getattr(_api(ada), method)(url, body, content_type="application/json")
    assert response.status_code == 422, response.content
    assert (
        Group.objects.count(),
        Post.objects.count(),
        group.memberships.filter(state="member").count(),
    ) == before


@pytest.mark.parametrize(
    "path", ["/groups/with/%00/", "/api/v1/groups?q=%00", "/groups/shared/?ids=%00"]
)
def test_hostile_lookups_are_never_a_500(ada, path):
    assert _api(ada).get(path).status_code in (200, 404, 422)


def test_a_request_waiting_when_the_group_opens_joins_at_once(ada, ben):
    group = make_group(ada, visibility="closed")
    services.group_join(member=ben, group=group)
    services.group_edit(
        manager=ada,
        group=group,
        name=group.name,
        description="",
        rules="",
        visibility="open",
        confirm_wider=True,
    )
    services.group_join(member=ben, group=group)
    assert group.memberships.get(member=ben).state == "member"


def test_only_managers_learn_that_an_invitee_is_banned(ada, ben, chidi):
    from rapport.core.errors import Conflict, PermissionDenied

    group = make_group(ada)
    add_members(group, ben)
    services.member_ban(manager=ada, group=group, member_id=chidi.pk)
    with pytest.raises(PermissionDenied) as caught:
        services.group_invite(inviter=ben, group=group, invitee=chidi)
    assert "banned" not in caught.value.message
    with pytest.raises(Conflict):
        services.group_invite(inviter=ada, group=group, invitee=chidi)


def test_nobody_bans_a_deactivated_account(ada, ben):
    from rapport.accounts.models import User

    group = make_group(ada)
    User.objects.filter(pk=ben.pk).update(is_active=False)
    with pytest.raises(NotFound):
        services.member_ban(manager=ada, group=group, member_id=ben.pk)


def test_narrowing_a_group_ends_plain_members_invitations_and_hides_its_address(
    ada, ben, chidi, dana
):
    group = make_group(ada, "Acme Layoffs")
    add_members(group, ben)
    services.group_invite(inviter=ben, group=group, invitee=chidi)  # a plain member's
    services.group_invite(inviter=ada, group=group, invitee=dana)  # the owner's
    edited = services.group_edit(manager=ada, group=group, visibility="private")
    assert edited.slug.startswith("acme-layoffs-")
    assert group.memberships.get(member=chidi).state == "declined"
    assert group.memberships.get(member=dana).state == "invited"
    with pytest.raises(NotFound):
        services.group_join(member=chidi, group=edited)
    # Someone else naming a group alike learns nothing of it.
    assert make_group(ben, "Acme Layoffs").slug == "acme-layoffs"


def test_making_a_group_private_ends_the_requests_waiting(ada, ben):
    group = make_group(ada, visibility="closed")
    services.group_join(member=ben, group=group)
    services.group_edit(manager=ada, group=group, visibility="private")
    assert group.memberships.get(member=ben).state == "declined"


def test_leaving_a_private_group_over_the_api_answers_what_happened(ada, ben):
    group = make_group(ada, visibility="private")
    add_members(group, ben)
    response = _api(ben).post(f"/api/v1/groups/{group.slug}/leave")
    assert response.status_code == 200
    assert response.json()["my_state"] == "left"


def test_a_closed_groups_managers_are_named_to_members_only(ada, ben, chidi):
    group = make_group(ada, visibility="closed")
    add_members(group, ben)
    assert "<h3>Managers</h3>" in _api(ben).get(f"/groups/{group.slug}/about/").content.decode()
    assert (
        "<h3>Managers</h3>" not in _api(chidi).get(f"/groups/{group.slug}/about/").content.decode()
    )


def test_shared_groups_leave_out_deactivated_accounts(ada, ben):
    from rapport.accounts.models import User
    from rapport.groups.selectors import shared_groups

    group = make_group(ada)
    add_members(group, ben)
    User.objects.filter(pk=ben.pk).update(is_active=False)
    assert shared_groups(ada, [ben.pk]) == {}
