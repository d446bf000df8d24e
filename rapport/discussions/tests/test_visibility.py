"""Who reads a group's posts, through every path a post can travel (issue 17).

Each visibility × each place a viewer can hold in the group × each path: the post's
page, the group's discussions, the home feed, search, the author's activity, their
comments, the API's post and discussion reads, a mention's notification, a reply's
notification and a reaction. Open groups are read by anyone signed in who is not banned;
closed and private ones by their members only; nobody signed out reads any.
"""

from __future__ import annotations

from contextlib import suppress

import pytest
from django.test import Client

from rapport.accounts.tests.factories import make_member
from rapport.core.errors import NotFound, ValidationFailed
from rapport.groups import services as groups
from rapport.groups.tests.factories import make_group
from rapport.notifications.models import Notification
from rapport.posts import selectors, services
from rapport.posts.selectors.groups import group_discussions
from rapport.posts.selectors.search import search_posts
from rapport.posts.tests.factories import connect

pytestmark = pytest.mark.django_db

PLACES = ("owner", "manager", "member", "invited", "requested", "banned", "left", "outsider")
READS = {
    "open": {"owner", "manager", "member", "invited", "requested", "left", "outsider"},
    "closed": {"owner", "manager", "member"},
    "private": {"owner", "manager", "member"},
}


def _world(visibility: str, place: str):
    owner = make_member("owner", "Olive Owner")
    author = make_member("author", "Arthur Author")
    viewer = owner if place == "owner" else make_member("viewer", "Vera Viewer")
    group = make_group(owner, "Guild", visibility="open")
    groups.group_join(member=author, group=group)
    if place in ("manager", "member", "banned", "left", "requested", "invited"):
        groups.group_join(member=viewer, group=group)
    if place == "manager":
        groups.role_set(owner=owner, group=group, member_id=viewer.pk, role="manager")
    if place == "banned":
        groups.member_ban(manager=owner, group=group, member_id=viewer.pk)
    if place in ("left", "requested", "invited"):
        groups.group_leave(member=viewer, group=group)
    # The viewer is the author's connection: a connection's post must not reach them
    # through the feed because of it.
    connect(viewer, author) if viewer != owner else connect(owner, author)
    groups.group_edit(
        manager=owner, group=group, name="Guild", description="", rules="", visibility=visibility
    )
    group.refresh_from_db()
    if place == "requested" and visibility == "closed":
        groups.group_join(member=viewer, group=group)
    # Only a closed group takes requests: elsewhere "requested" is an outsider's place.
    if place == "invited":
        groups.group_invite(inviter=owner, group=group, invitee=viewer)
    post = services.group_post_publish(
        author=author, group=group, body="Roadmap tradeoffs: zanzibarine budgets", question=True
    )
    services.comment_add(member=author, post_id=post.pk, body="Context: more below")
    return owner, author, viewer, group, post


@pytest.mark.parametrize("visibility", ["open", "closed", "private"])
@pytest.mark.parametrize("place", PLACES)
def test_a_group_post_reaches_exactly_its_readers(
    visibility, place, django_capture_on_commit_callbacks
):
    _owner, author, viewer, group, post = _world(visibility, place)
    expected = place in READS[visibility]

    def sees_page() -> bool:
        try:
            selectors.post_for(viewer, post.pk)
            return True
        except NotFound:
            return False

    paths = {
        "post page": sees_page(),
        "feed": any(c.post.pk == post.pk for c in selectors.feed_page(viewer).cards),
        "search": search_posts(viewer, "zanzibarine").filter(pk=post.pk).exists(),
        "activity": selectors.posts_by(viewer, author).filter(pk=post.pk).exists(),
        "comments": selectors.comments_by(viewer, author).filter(post_id=post.pk).exists(),
    }
    pinned, page = group_discussions(viewer, group)
    paths["discussions"] = any(c.post.pk == post.pk for c in pinned + page.items)
    client = Client()
    client.force_login(viewer)
    paths["api post"] = client.get(f"/api/v1/posts/{post.pk}").status_code == 200
    paths["api discussions"] = client.get(f"/api/v1/groups/{group.slug}/posts").status_code == 200
    paths["web post"] = client.get(f"/posts/{post.pk}/").status_code == 200
    # A mention and a reply reach the viewer only if they may read the post.
    # (The post's author is told plainly when the one they name cannot read it.)
    with django_capture_on_commit_callbacks(execute=True), suppress(ValidationFailed):
        services.comment_add(
            member=author, post_id=post.pk, body=f"What do you think, @{viewer.handle}?"
        )
    paths["mention"] = Notification.objects.filter(
        recipient=viewer, kind="posts.mentioned"
    ).exists()
    wrong = {path: seen for path, seen in paths.items() if seen != expected}
    # The feed lists group posts only from the viewer's own groups: an open group's
    # outsider reads the post but is not sent it.
    if visibility == "open" and place in ("invited", "requested", "left", "outsider"):
        wrong.pop("feed", None)
        assert not paths["feed"]
    assert not wrong, f"{visibility} group, {place}: {wrong}"


@pytest.mark.parametrize("visibility", ["open", "closed", "private"])
def test_nobody_signed_out_reads_a_group_post(visibility):
    owner = make_member("owner", "Olive Owner")
    group = make_group(owner, visibility=visibility)
    post = services.group_post_publish(author=owner, group=group, body="members only words")
    with pytest.raises(NotFound):
        selectors.post_for(None, post.pk)
    assert not selectors.visible_posts(None).filter(pk=post.pk).exists()
    client = Client()
    assert client.get(f"/posts/{post.pk}/").status_code in (302, 404)
    assert client.get(f"/api/v1/posts/{post.pk}").status_code in (401, 404)


@pytest.mark.parametrize("visibility", ["closed", "private"])
def test_outsiders_cannot_act_on_a_group_post(visibility):
    owner = make_member("owner", "Olive Owner")
    outsider = make_member("outsider", "Otto Outsider")
    group = make_group(owner, visibility=visibility)
    post = services.group_post_publish(author=owner, group=group, body="members only")
    for act in (
        lambda: services.comment_add(member=outsider, post_id=post.pk, body="hi"),
        lambda: services.reaction_set(member=outsider, post_id=post.pk),
        lambda: services.repost_create(member=outsider, original_id=post.pk, body=""),
        lambda: services.post_report(reporter=outsider, post_id=post.pk, reason="spam"),
    ):
        with pytest.raises(NotFound):
            act()
    assert not post.comments.exists() and not post.reactions.exists()


def test_a_group_post_is_never_reposted_even_by_a_member():
    from rapport.core.errors import PermissionDenied

    owner = make_member("owner", "Olive Owner")
    group = make_group(owner)
    post = services.group_post_publish(author=owner, group=group, body="stays here")
    with pytest.raises(PermissionDenied):
        services.repost_create(member=owner, original_id=post.pk, body="look")


def test_the_author_cannot_mention_an_outsider_and_a_commenter_mentions_nobody_outside():
    owner = make_member("owner", "Olive Owner")
    outsider = make_member("outsider", "Otto Outsider")
    group = make_group(owner, visibility="closed")
    with pytest.raises(ValidationFailed) as caught:
        services.group_post_publish(author=owner, group=group, body="Hey @outsider look")
    assert "group's members" in caught.value.message
    assert not Notification.objects.filter(recipient=outsider).exists()
