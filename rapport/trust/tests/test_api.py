"""Trust over the API: only one's own view, strict input, silent pruning."""

from __future__ import annotations

import pytest

from rapport.conversations import services as messaging
from rapport.conversations.tests.factories import GENUINE, PITCH, connect
from rapport.core.tests.test_api import as_member, assert_error
from rapport.network.selectors import are_connected
from rapport.trust import services

pytestmark = pytest.mark.django_db


def test_list_filter_sort_and_reasons(ada, ben, chidi):
    connect(ada, ben, days_ago=100)
    connect(ada, chidi, days_ago=100)
    messaging.message_send(sender=ada, recipient=ben, text=GENUINE)
    messaging.message_send(sender=ben, recipient=ada, text="Thank you, Ada.")
    services.trust_recompute(member=ada)
    api = as_member(ada)
    everyone = api.get("/trust/connections").json()
    assert everyone["total"] == 2
    assert [i["member"]["handle"] for i in everyone["items"]] == ["ben", "chidi"]  # by trust
    a = api.get("/trust/connections", network="a").json()["items"]
    b = api.get("/trust/connections", network="b").json()["items"]
    assert [i["member"]["handle"] for i in a] == ["ben"]
    assert [i["member"]["handle"] for i in b] == ["chidi"]
    assert api.get("/trust/sizes").json() == {"a": 1, "b": 1, "prune": 0}
    detail = api.get("/trust/connections/ben").json()
    assert detail["a_network"] and {r["part"] for r in detail["reasons"]} >= {"rapport"}
    assert api.get("/trust/connections", network="c").status_code == 422
    assert api.get("/trust/connections", sort="score").status_code == 422


def test_nobody_reads_another_members_view(ada, ben, chidi):
    connect(ada, ben)
    services.trust_recompute(member=ada)
    services.trust_recompute(member=ben)
    chidi_api = as_member(chidi)
    assert chidi_api.get("/trust/connections").json()["total"] == 0
    assert_error(chidi_api.get("/trust/connections/ben"), 404, "trust.not_found")
    # Ben sees his own view of Ada; nothing in it is Ada's view of him.
    bens = as_member(ben).get("/trust/connections").json()["items"]
    assert [i["member"]["handle"] for i in bens] == ["ada"]


def test_prune_list_and_silent_removal(ada, ben, chidi):
    connect(ada, ben)
    messaging.message_send(sender=ben, recipient=ada, text=PITCH, send_anyway=True)
    services.trust_recompute(member=ada)
    api = as_member(ada)
    assert [i["member"]["handle"] for i in api.get("/trust/prune").json()] == ["ben"]
    assert api.delete("/trust/connections/ben").status_code == 204
    assert not are_connected(ada.pk, ben.pk)
    assert_error(api.delete("/trust/connections/ben"), 404, "trust.not_connected")
    assert_error(api.delete("/trust/connections/nobody"), 404, "member.not_found")


def test_the_reason_about_last_contact_is_true_when_it_is_read(ada, ben):
    import datetime as dt

    from django.utils import timezone

    connect(ada, ben, days_ago=100)
    two_days_ago = timezone.now() - dt.timedelta(days=2)
    messaging.message_send(sender=ben, recipient=ada, text=GENUINE, now=two_days_ago)
    services.trust_recompute(member=ada, now=two_days_ago)  # the row, as of then
    texts = [r["text"] for r in as_member(ada).get("/trust/connections/ben").json()["reasons"]]
    assert "Last contact 2 days ago" in texts and "Last contact today" not in texts
