"""The network in a real browser: degree badges, mutual connections, how you're
connected, and dismissing a suggestion."""

import pytest
from playwright.sync_api import expect

from rapport.accounts.tests.factories import PASSWORD, make_member
from rapport.members.services import privacy_update
from rapport.network.services import connection_create
from rapport.suggestions.models import Dismissal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_badges_mutuals_paths_and_dismissing_a_suggestion(page, shot):
    ada = make_member("ada", "Ada Lovelace", headline="Analyst")
    ben = make_member("ben", "Ben Okafor", headline="Product designer")
    chidi = make_member("chidi", "Chidi Anagonye", headline="Ethics lecturer")
    dee = make_member("dee", "Dee Mensah", headline="Data engineer")
    for a, b in ((ada, ben), (ben, chidi), (chidi, dee)):
        connection_create(member=a, other=b, source="operator", notify=False)
    for member in (ben, chidi, dee):
        privacy_update(member=member, connections_visibility="everyone")

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(ada.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto("/search/?q=Chidi")
    expect(page.get_by_test_id("results").get_by_test_id("degree")).to_have_text("2nd")
    shot("20-search-degree-badge")

    page.get_by_role("link", name="Chidi Anagonye").click()
    expect(page.get_by_test_id("degree")).to_have_text("2nd")
    expect(page.get_by_test_id("mutual-connections")).to_contain_text("1 mutual connection")
    expect(page.get_by_test_id("mutual-connections")).to_contain_text("Ben Okafor")
    shot("21-profile-mutual-connections")

    page.goto("/in/dee/")
    expect(page.get_by_test_id("degree")).to_have_text("3rd")
    expect(page.get_by_test_id("paths")).to_contain_text("Ben Okafor")
    expect(page.get_by_test_id("paths")).to_contain_text("Chidi Anagonye")
    shot("22-how-you-are-connected")

    page.get_by_role("link", name="People", exact=True).click()
    card = page.get_by_test_id("suggestion").filter(has_text="Chidi Anagonye")
    expect(card).to_contain_text("1 mutual connection")
    card.get_by_label("Why dismiss Chidi Anagonye").select_option("not_relevant")
    shot("23-people-you-may-know")
    card.get_by_role("button", name="Dismiss").click()
    expect(page.get_by_test_id("dismissed")).to_contain_text("will not be suggested again")
    assert Dismissal.objects.get(member=ada).dismissed == chidi
    page.reload()
    expect(page.get_by_test_id("suggestion").filter(has_text="Chidi Anagonye")).to_have_count(0)
    shot("24-after-dismissing")
