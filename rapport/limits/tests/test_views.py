"""The operators' limits page."""

from __future__ import annotations

import pytest
from django.test import Client

from rapport.accounts.models import AuditEntry, User
from rapport.core import limits
from rapport.core.models import LimitValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(ada) -> Client:
    User.objects.filter(pk=ada.pk).update(is_operator=True)
    client = Client()
    client.force_login(ada)
    return client


def _form() -> dict[str, str]:
    return {f"limit:{name}": f"{value:g}" for name, value in limits.current().items()}


def test_the_page_lists_every_limit_for_operators_only(operator, ben):
    page = operator.get("/operators/limits/")
    assert page.status_code == 200
    html = page.content.decode()
    assert all(f'data-testid="limit-{name}"' in html for name in limits.REGISTRY)
    member = Client()
    member.force_login(ben)
    assert member.get("/operators/limits/").status_code == 403
    assert (
        member.post("/operators/limits/", {"limit:posts.mentions_per_post": "1"}).status_code == 403
    )
    assert Client().get("/operators/limits/").status_code == 302
    assert not LimitValue.objects.exists()


def test_saving_changes_only_what_was_edited_with_the_reason(operator):
    form = {**_form(), "limit:posts.mentions_per_post": "4", "reason": "too many @s"}
    response = operator.post("/operators/limits/", form)
    assert response.status_code == 302
    assert list(LimitValue.objects.values_list("name", "value")) == [("posts.mentions_per_post", 4)]
    entry = AuditEntry.objects.get()
    assert (entry.target, entry.reason, entry.detail) == (
        "posts.mentions_per_post",
        "too many @s",
        {"from": 10, "to": 4},
    )
    html = operator.get("/operators/limits/").content.decode()
    assert "an operator" in html


def test_a_bad_value_is_a_400_with_the_reason_and_changes_nothing(operator):
    form = {
        **_form(),
        "limit:posts.mentions_per_post": "4",
        "limit:invitations.throttle_rate": "1.5",
    }
    response = operator.post("/operators/limits/", form)
    assert response.status_code == 400
    html = response.content.decode()
    assert "between 0 and 1" in html and 'value="1.5"' in html
    assert not LimitValue.objects.exists() and not AuditEntry.objects.exists()
