"""The groups' pages: thin over the services, 4xx for bad input, 404 for what is hidden."""

from __future__ import annotations

import pytest

from rapport.groups.models import Group, Membership
from rapport.groups.tests.factories import add_members, make_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_(client):
    def login(member):
        client.force_login(member)
        return client

    return login


def test_creating_a_group_from_the_form(as_, ada):
    client = as_(ada)
    assert client.get("/groups/new/").status_code == 200
    response = client.post(
        "/groups/new/",
        {
            "name": "Product Managers Guild",
            "description": "PMs",
            "rules": "Be kind",
            "visibility": "closed",
        },
    )
    assert response.status_code == 302
    group = Group.objects.get()
    assert response["Location"] == f"/groups/{group.slug}/members/"
    assert group.visibility == "closed"


@pytest.mark.parametrize(
    "data",
    [
        {"name": "", "visibility": "open"},
        {"name": "Fine", "visibility": "secret"},
        {"name": "x" * 101, "visibility": "open"},
        {"name": "!!!", "visibility": "open"},
    ],
)
def test_a_bad_form_is_a_400_and_makes_nothing(as_, ada, data):
    response = as_(ada).post("/groups/new/", data)
    assert response.status_code == 400
    assert not Group.objects.exists()


def test_the_index_lists_your_groups_and_finds_others(as_, ada, ben):
    make_group(ada, "Product Managers Guild")
    make_group(ada, "Secret Circle", visibility="private")
    page = as_(ben).get("/groups/").content.decode()
    assert "Product Managers Guild" in page and "Secret Circle" not in page
    found = as_(ben).get("/groups/?q=product").content.decode()
    assert "Product Managers Guild" in found
    assert "Secret Circle" not in as_(ben).get("/groups/?q=secret").content.decode()


@pytest.mark.parametrize("path", ["", "about/", "members/", "stats/", "manage/", "cover/"])
def test_a_private_group_is_a_404_to_outsiders_on_every_page(as_, ada, ben, path):
    group = make_group(ada, "Secret Circle", visibility="private")
    assert as_(ben).get(f"/groups/{group.slug}/{path}").status_code == 404
    assert as_(ben).get(f"/groups/no-such-group/{path}").status_code == 404


def test_join_and_request_from_the_page(as_, ada, ben):
    open_group = make_group(ada, "Open House")
    closed = make_group(ada, "Closed Shop", visibility="closed")
    client = as_(ben)
    assert client.post(f"/groups/{open_group.slug}/join/").status_code == 302
    assert Membership.objects.get(group=open_group, member=ben).state == "member"
    client.post(f"/groups/{closed.slug}/join/", {"note": "I organise PM meetups"})
    assert Membership.objects.get(group=closed, member=ben).state == "requested"
    page = client.get(f"/groups/{closed.slug}/").content.decode()
    assert "Only members read" in page


def test_a_join_to_a_private_group_without_invitation_is_a_404(as_, ada, ben):
    group = make_group(ada, "Secret Circle", visibility="private")
    assert as_(ben).post(f"/groups/{group.slug}/join/").status_code == 404
    assert not Membership.objects.filter(member=ben).exists()


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("answer/", {"member": "x", "approve": "1"}),
        ("answer/", {"member": "1", "approve": "maybe"}),
        ("remove/", {"member": "99999999999999"}),
        ("ban/", {"member": "-3"}),
        ("role/", {"member": "2", "role": "owner"}),
        ("transfer/", {}),
    ],
)
def test_bad_manager_actions_change_nothing(as_, ada, ben, path, data):
    group = make_group(ada)
    add_members(group, ben)
    before = list(Membership.objects.values_list("member_id", "state", "role").order_by("pk"))
    response = as_(ada).post(f"/groups/{group.slug}/{path}", data, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert (
        list(Membership.objects.values_list("member_id", "state", "role").order_by("pk")) == before
    )


def test_a_member_cannot_use_the_managers_actions(as_, ada, ben, chidi):
    group = make_group(ada)
    add_members(group, ben, chidi)
    response = as_(ben).post(
        f"/groups/{group.slug}/ban/", {"member": chidi.pk}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 403
    assert Membership.objects.get(group=group, member=chidi).state == "member"
    assert as_(ben).get(f"/groups/{group.slug}/manage/").status_code == 404


def test_managers_approve_requests_from_the_members_page(as_, ada, ben):
    group = make_group(ada, visibility="closed")
    as_(ben).post(f"/groups/{group.slug}/join/")
    page = as_(ada).get(f"/groups/{group.slug}/members/?show=requested").content.decode()
    assert ben.display_name in page and 'data-testid="approve"' in page
    as_(ada).post(f"/groups/{group.slug}/answer/", {"member": ben.pk, "approve": "1"})
    assert Membership.objects.get(group=group, member=ben).state == "member"


def test_a_closed_groups_members_are_shown_to_fellow_members_only(as_, ada, ben, chidi):
    group = make_group(ada, visibility="closed")
    add_members(group, ben)
    outsider_page = as_(chidi).get(f"/groups/{group.slug}/members/").content.decode()
    assert 'data-testid="members-hidden"' in outsider_page and ben.display_name not in outsider_page
    assert ben.display_name in as_(ada).get(f"/groups/{group.slug}/members/").content.decode()
    # A non-manager asking for the requests list gets the members list.
    assert (
        'data-testid="members-hidden"'
        in as_(chidi).get(f"/groups/{group.slug}/members/?show=requested").content.decode()
    )


def test_shared_groups_on_a_profile_and_in_search_results(as_, ada, ben, chidi):
    group = make_group(ada, "Product Managers Guild", visibility="private")
    add_members(group, ben)
    fragment = as_(ada).get(f"/groups/with/{ben.handle}/").content.decode()
    assert "Member of <strong>Product Managers Guild</strong>" in fragment
    assert as_(chidi).get(f"/groups/with/{ben.handle}/").content.decode().strip() == ""
    many = as_(ada).get(f"/groups/shared/?ids={ben.pk},{chidi.pk},abc,-1,").content.decode()
    assert f'id="shared-groups-{ben.pk}"' in many and "Product Managers Guild" in many
    assert f'id="shared-groups-{chidi.pk}"' not in many
    assert as_(chidi).get(f"/groups/shared/?ids={ben.pk}").content.decode().strip() == ""
