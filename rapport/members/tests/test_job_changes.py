"""Job changes: "tell my network" notifies connections and the company's followers once;
"stay quiet" tells nobody."""

import pytest

from rapport.accounts.tests.factories import make_member
from rapport.companies.models import CompanyFollow
from rapport.companies.services import company_get_or_create
from rapport.conversations.tests.factories import connect
from rapport.network.services import block_create
from rapport.notifications.models import Notification

pytestmark = pytest.mark.django_db


def add(client, tell: bool):
    data = {
        "company": "Harborline Software",
        "title": "Staff engineer",
        "started_on": "2026-01",
        "is_current": "on",
    }
    if tell:
        data["tell_network"] = "on"
    return client.post("/me/positions/new/", data)


def test_telling_the_network_notifies_connections_and_followers_once(client, ada, ben, chidi):
    connect(ada, ben)
    follower = make_member("fan")
    company = company_get_or_create(name="Harborline Software")
    CompanyFollow.objects.create(member=follower, company=company)
    CompanyFollow.objects.create(member=ben, company=company)  # a connection who follows too
    client.force_login(ada)
    assert add(client, tell=True).status_code == 302
    told = Notification.objects.filter(kind="members.job_changed")
    assert sorted(told.values_list("recipient__handle", flat=True)) == ["ben", "fan"]
    assert set(told.values_list("url", flat=True)) == {"/in/ada/"}


def test_staying_quiet_tells_nobody(client, ada, ben):
    connect(ada, ben)
    client.force_login(ada)
    assert add(client, tell=False).status_code == 302
    assert not Notification.objects.filter(kind="members.job_changed").exists()


def test_a_blocked_follower_is_not_told(client, ada):
    fan = make_member("fan")
    CompanyFollow.objects.create(
        member=fan, company=company_get_or_create(name="Harborline Software")
    )
    block_create(member=ada, other=fan)
    client.force_login(ada)
    add(client, tell=True)
    assert not Notification.objects.filter(kind="members.job_changed").exists()
