"""Degrees, mutual connections and paths on members' pages, honouring privacy."""

import datetime as dt

import pytest
from django.urls import reverse

from rapport.accounts.tests.factories import make_member
from rapport.companies.services import position_add
from rapport.members.services import privacy_update
from rapport.network.services import connection_create

pytestmark = pytest.mark.django_db


def connect(a, b):
    connection_create(member=a, other=b, source="operator", notify=False)


@pytest.fixture
def chain(ada, ben, chidi):
    """ada — ben — chidi — dee: ben is 1st, chidi 2nd, dee 3rd for ada."""
    dee = make_member("dee", "Dee Mensah")
    connect(ada, ben)
    connect(ben, chidi)
    connect(chidi, dee)
    for member in (ben, chidi, dee):
        privacy_update(member=member, connections_visibility="everyone")
    return {"ada": ada, "ben": ben, "chidi": chidi, "dee": dee}


@pytest.mark.parametrize(("handle", "badge"), [("ben", "1st"), ("chidi", "2nd"), ("dee", "3rd")])
def test_profile_shows_the_degree(client, chain, handle, badge):
    client.force_login(chain["ada"])
    page = client.get(reverse("members:profile", args=[handle])).content.decode()
    assert f'data-testid="degree">{badge}<' in page


def test_a_stranger_is_out_of_network(client, chain):
    make_member("zed", "Zed Far")
    client.force_login(chain["ada"])
    page = client.get(reverse("members:profile", args=["zed"])).content.decode()
    assert 'data-testid="degree">Out of network<' in page


def test_profile_names_mutual_connections_and_how_you_are_connected(client, chain):
    client.force_login(chain["ada"])
    page = client.get(reverse("members:profile", args=["dee"])).content.decode()
    assert 'data-testid="paths"' in page
    assert page.index("Ben Okafor") < page.index("Chidi Anagonye")
    page = client.get(reverse("members:profile", args=["chidi"])).content.decode()
    assert "1 mutual connection" in page and "Ben Okafor" in page


def test_a_hidden_list_hides_the_mutual_and_the_path_through_it(client, chain):
    privacy_update(member=chain["ben"], connections_visibility="only_me")
    client.force_login(chain["ada"])
    page = client.get(reverse("members:profile", args=["chidi"])).content.decode()
    assert "No mutual connections you can see" in page
    page = client.get(reverse("members:profile", args=["dee"])).content.decode()
    assert 'data-testid="paths"' not in page


def test_a_path_step_the_viewer_may_not_see_is_not_shown(client, chain):
    # chidi shows connections only to connections; ada is not one, and dee hides too.
    privacy_update(member=chain["chidi"], connections_visibility="connections")
    privacy_update(member=chain["dee"], connections_visibility="connections")
    client.force_login(chain["ada"])
    page = client.get(reverse("members:profile", args=["dee"])).content.decode()
    assert 'data-testid="paths"' not in page


def test_home_shows_the_second_degree_network_size(client, chain):
    client.force_login(chain["ada"])
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="second-degree">1<' in page


def test_search_results_carry_degree_badges(client, chain):
    client.force_login(chain["ada"])
    page = client.get(reverse("members:search"), {"q": "Dee"}).content.decode()
    assert 'data-testid="degree">3rd<' in page


def test_company_page_lists_who_in_my_network_works_there(client, chain):
    for member in (chain["ben"], chain["chidi"], chain["dee"]):
        position_add(
            member=member,
            company_name="Engines Ltd",
            title="Engineer",
            started_on=dt.date(2020, 1, 1),
            is_current=True,
        )
    client.force_login(chain["ada"])
    page = client.get(reverse("companies:detail", args=["engines-ltd"])).content.decode()
    section = page[page.index('data-testid="in-network"') : page.index("People who work here")]
    assert "Ben Okafor" in section and "Chidi Anagonye" in section and "Dee Mensah" not in section
    assert "through" in section  # chidi is reached through ben


def test_company_page_shows_ten_of_my_network_and_links_to_the_rest(client, ada):
    for i in range(12):
        colleague = make_member(f"colleague{i}", f"Colleague {i:02d}")
        connect(ada, colleague)
        position_add(
            member=colleague,
            company_name="Engines Ltd",
            title="Engineer",
            started_on=dt.date(2020, 1, 1),
            is_current=True,
        )
    client.force_login(ada)
    page = client.get(reverse("companies:detail", args=["engines-ltd"])).content.decode()
    section = page[page.index('data-testid="in-network"') : page.index("People who work here")]
    assert section.count('<span class="degree">1st</span>') == 10
    assert 'data-testid="in-network-all"' in section and "See all 12 in search" in section
    assert "/search/?company=Engines%20Ltd" in section
