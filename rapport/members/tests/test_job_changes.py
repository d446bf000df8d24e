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


@pytest.fixture
def add(django_capture_on_commit_callbacks):
    """Save a current position as the form does; telling the network is a job queued on
    commit, run here as the worker would."""

    def save(client, tell: bool):
        data = {
            "company": "Harborline Software",
            "title": "Staff engineer",
            "started_on": "2026-01",
            "is_current": "on",
        }
        if tell:
            data["tell_network"] = "on"
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/me/positions/new/", data)

    return save


def test_telling_the_network_notifies_connections_and_followers_once(add, client, ada, ben, chidi):
    connect(ada, ben)
    follower = make_member("fan")
    company = company_get_or_create(name="Harborline Software")
    CompanyFollow.objects.create(member=follower, company=company)
    CompanyFollow.objects.create(member=ben, company=company)  # a connection who follows too
    client.force_login(ada)
    assert add(client, tell=True).status_code == 302
    told = Notification.objects.filter(kind__in=["members.job_changed", "companies.joined"])
    assert sorted(told.values_list("recipient__handle", "kind")) == [
        ("ben", "members.job_changed"),  # a connection hears of a job change…
        ("fan", "companies.joined"),  # …a follower, of someone joining their company
    ]
    urls = dict(told.values_list("kind", "url"))
    assert urls["companies.joined"] == "/in/ada/"


def test_congratulate_opens_a_message_with_a_first_line_to_change_or_send(add, client, ada, ben):
    from rapport.conversations.models import Message

    connect(ada, ben)
    client.force_login(ada)
    add(client, tell=True)
    told = Notification.objects.get(kind="members.job_changed")
    assert told.url.startswith("/messages/to/ada/?text=")
    client.force_login(ben)
    page = client.get(told.url, follow=True).content.decode()
    assert "Congratulations on the new role at Harborline Software, Ada!" in page
    assert not Message.objects.exists()  # nothing is sent for ben
    # With a conversation already open, the line waits in its reply box.
    client.post(told.url.split("?")[0], {"text": "Hello Ada"})
    reply = client.get(told.url, follow=True)
    assert reply.redirect_chain and "/messages/" in reply.redirect_chain[-1][0]
    assert "Congratulations on the new role at Harborline Software, Ada!" in reply.content.decode()


def test_the_job_that_tells_them_is_safe_to_run_twice(add, client, ada, ben):
    from rapport.companies.models import Position
    from rapport.members.job_changes import job_change_tell_now

    connect(ada, ben)
    client.force_login(ada)
    add(client, tell=True)
    position = Position.objects.get(member=ada)
    assert job_change_tell_now(member_id=ada.pk, position_id=position.pk) == 0
    assert Notification.objects.filter(kind="members.job_changed").count() == 1


def test_staying_quiet_tells_nobody(add, client, ada, ben):
    connect(ada, ben)
    client.force_login(ada)
    assert add(client, tell=False).status_code == 302
    assert not Notification.objects.filter(
        kind__in=["members.job_changed", "companies.joined"]
    ).exists()


def test_a_blocked_follower_is_not_told(add, client, ada):
    fan = make_member("fan")
    CompanyFollow.objects.create(
        member=fan, company=company_get_or_create(name="Harborline Software")
    )
    block_create(member=ada, other=fan)
    client.force_login(ada)
    add(client, tell=True)
    assert not Notification.objects.filter(
        kind__in=["members.job_changed", "companies.joined"]
    ).exists()
