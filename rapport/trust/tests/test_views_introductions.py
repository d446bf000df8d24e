"""Introduction pages: the profile button, asking, answering, and privacy of the chain."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rapport.trust.models import Introduction, IntroductionState
from rapport.trust.tests.factories import OFFER, REASON, ask, chain

pytestmark = pytest.mark.django_db


def test_the_profile_slot_offers_an_introduction_only_beyond_the_first_degree(
    client, ada, ben, chidi
):
    chain(ada, ben, chidi)
    client.force_login(ada)
    assert (
        "Ask for an introduction"
        in client.get(reverse("trust:with_member", args=["chidi"])).content.decode()
    )
    assert (
        "Ask for an introduction"
        not in client.get(reverse("trust:with_member", args=["ben"])).content.decode()
    )


def test_ask_page_proposes_routes_and_sends(client, ada, ben, chidi):
    chain(ada, ben, chidi)
    client.force_login(ada)
    page = client.get(reverse("trust:ask", args=["chidi"])).content.decode()
    assert "Ben Okafor" in page and 'data-testid="all-weak"' in page
    response = client.post(
        reverse("trust:ask", args=["chidi"]), {"via": "ben", "reason": REASON, "offer": OFFER}
    )
    intro = Introduction.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{intro.pk}/")
    bad = client.post(
        reverse("trust:ask", args=["chidi"]), {"via": "ben", "reason": "hi", "offer": OFFER}
    )
    assert bad.status_code == 200 and Introduction.objects.count() == 1


def test_forward_and_accept_through_the_pages(client, ada, ben, chidi):
    chain(ada, ben, chidi)
    intro = ask(ada, chidi, [ada, ben, chidi])
    client.force_login(chidi)
    assert client.get(reverse("trust:introduction", args=[intro.pk])).status_code == 404
    client.force_login(ben)
    page = client.get(reverse("trust:introduction", args=[intro.pk])).content.decode()
    assert "Pass it on" in page and REASON[:20] in page
    empty = client.post(reverse("trust:act", args=[intro.pk, "forward"]), {"note": ""})
    assert empty.status_code == 400
    client.post(reverse("trust:act", args=[intro.pk, "forward"]), {"note": "I'll vouch for her."})
    client.force_login(chidi)
    page = client.get(reverse("trust:introduction", args=[intro.pk])).content.decode()
    assert "I&#x27;ll vouch for her." in page or "I'll vouch for her." in page
    response = client.post(reverse("trust:act", args=[intro.pk, "accept"]))
    intro.refresh_from_db()
    assert intro.state == IntroductionState.ACCEPTED
    assert response["Location"] == reverse("conversations:detail", args=[intro.conversation_id])
    assert client.post(reverse("trust:act", args=[intro.pk, "dance"])).status_code == 404


def test_the_list_and_the_company_page(client, ada, ben, chidi):
    chain(ada, ben, chidi)
    ask(ada, chidi, [ada, ben, chidi])
    client.force_login(ben)
    page = client.get(reverse("trust:introductions")).content.decode()
    assert "Ada Lovelace would like to meet Chidi Anagonye" in page
    assert client.get(reverse("trust:introducers", args=["no-such"])).status_code == 404


def test_the_introductions_page_and_api_cost_fixed_queries(client, ada, ben, chidi):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from rapport.accounts.tests.factories import make_member
    from rapport.conversations.tests.factories import connect
    from rapport.core.tests.test_api import as_member

    chain(ada, ben, chidi)
    client.force_login(ben)

    def cost():
        with CaptureQueriesContext(connection) as page:
            assert client.get(reverse("trust:introductions")).status_code == 200
        with CaptureQueriesContext(connection) as api:
            assert as_member(ben).get("/introductions").status_code == 200
        return len(page), len(api)

    ask(ada, chidi, [ada, ben, chidi])
    few = cost()
    for i in range(4):
        target = make_member(f"far{i}", f"Far {i}")
        connect(ben, target)
        ask(ada, target, [ada, ben, target])
    assert cost() == few


def test_answered_introductions_are_folded_away(client, ada, ben, chidi):
    chain(ada, ben, chidi)
    intro = ask(ada, chidi, [ada, ben, chidi])
    client.force_login(ben)
    client.post(reverse("trust:act", args=[intro.pk, "forward"]), {"note": "I'll vouch for her."})
    page = client.get(reverse("trust:introductions")).content.decode()
    past = page[page.index('data-testid="past"') :]
    assert "Answered (1)" in past and "Ada Lovelace → Chidi Anagonye" in past
    assert '<details class="more-list" data-testid="past">' in page  # closed until asked
