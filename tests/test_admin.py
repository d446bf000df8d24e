"""Operators use the Django admin: every registered model's pages open for staff."""

import pytest
from django.contrib import admin
from django.urls import reverse

from rapport.accounts.models import AuditEntry, User
from rapport.network.services import connection_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(db):
    return User.objects.create_superuser("op@example.com", "an operator password")


@pytest.mark.parametrize(
    "model",
    [
        m
        for m in admin.site._registry
        if m._meta.app_label in {"accounts", "members", "companies", "network", "notifications"}
    ],
    ids=lambda m: m._meta.label,
)
def test_admin_list_and_add_pages_open(client, operator, ada, ben, model):
    connection_create(member=ada, other=ben, source="operator")
    client.force_login(operator)
    info = (model._meta.app_label, model._meta.model_name)
    assert client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200
    # The audit log is read-only, even here.
    expected = 403 if model is AuditEntry else 200
    assert client.get(reverse("admin:{}_{}_add".format(*info))).status_code == expected


def test_operator_creates_a_member_in_the_admin(client, operator):
    client.force_login(operator)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "new@example.com",
            "display_name": "New Member",
            "handle": "new-member",
            "usable_password": "true",
            "password1": "a long enough secret",
            "password2": "a long enough secret",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(handle="new-member").check_password("a long enough secret")


def test_members_cannot_open_the_admin(client, ada):
    client.force_login(ada)
    response = client.get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
