import pytest
from django.urls import reverse

from rapport.accounts.tests.factories import make_member
from rapport.network.services import connection_create
from rapport.suggestions.models import Dismissal

pytestmark = pytest.mark.django_db


def test_people_page_lists_and_dismisses_with_a_reason(client, ada, ben):
    hub = make_member("hub", "Hub Person")
    connection_create(member=ada, other=hub, source="operator", notify=False)
    connection_create(member=ben, other=hub, source="operator", notify=False)
    client.force_login(ada)
    page = client.get(reverse("suggestions:people")).content.decode()
    assert "Ben Okafor" in page and "1 mutual connection" in page
    response = client.post(
        reverse("suggestions:dismiss", args=["ben"]),
        {"reason": "not_relevant"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and b"will not be suggested again" in response.content
    assert Dismissal.objects.get(member=ada).dismissed == ben
    assert "Ben Okafor" not in client.get(reverse("suggestions:people")).content.decode()


def test_a_bad_reason_changes_nothing(client, ada, ben):
    client.force_login(ada)
    response = client.post(
        reverse("suggestions:dismiss", args=["ben"]), {"reason": "meh"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert not Dismissal.objects.exists()
