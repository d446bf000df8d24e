import pytest
from django.urls import reverse

from rapport.accounts.models import AccessToken
from rapport.accounts.services import token_create
from rapport.accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_log_in_with_email_then_out(client, ada):
    response = client.post(
        reverse("accounts:login"), {"username": "ada@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"] == ada
    client.post(reverse("accounts:logout"))
    assert not client.get(reverse("home")).context["user"].is_authenticated


def test_wrong_password_shows_an_error(client, ada):
    response = client.post(
        reverse("accounts:login"), {"username": "ada@example.com", "password": "nope nope nope"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors


def test_settings_page_shows_a_new_token_once(client, ada):
    client.force_login(ada)
    response = client.post(reverse("accounts:settings"), {"name": "script"})
    secret = response.context["new_secret"]
    assert secret.startswith("rpt_") and secret in response.content.decode()
    again = client.get(reverse("accounts:settings")).content.decode()
    assert secret not in again and "script" in again


def test_revoking_anothers_token_changes_nothing(client, ada, ben):
    issued = token_create(member=ada, name="ada's")
    client.force_login(ben)
    client.post(reverse("accounts:token_revoke", args=[issued.token.pk]))
    assert AccessToken.objects.get(pk=issued.token.pk).revoked_at is None


def test_password_change_keeps_the_member_logged_in(client, ada):
    client.force_login(ada)
    response = client.post(
        reverse("accounts:password_change"), {"current": PASSWORD, "new": "another long passphrase"}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"] == ada
