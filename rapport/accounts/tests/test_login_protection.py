"""Log-in protection: failed log-ins are throttled per account and per address with a
cool-off (never a permanent lock-out), on the member log-in, the admin's log-in and the
current-password check; passwords are reset by e-mail."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.db.models import F
from django.urls import reverse

from rapport.accounts.models import User
from rapport.accounts.tests.factories import PASSWORD, make_member

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
WRONG = "not the right password"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
    settings.RAPPORT = {**settings.RAPPORT, "LOGIN_FAILURES_PER_ADDRESS": 6}


def _log_in(client, email, password, address="203.0.113.7", url=LOGIN):
    return client.post(url, {"username": email, "password": password}, REMOTE_ADDR=address)


def _cool_off_passes():
    """The clock moves past the cool-off: every recorded failure is now older than it."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - dt.timedelta(minutes=16))


def test_after_n_wrong_passwords_the_right_one_is_refused_with_a_clear_message(client, ada):
    for _ in range(2):
        response = _log_in(client, "ada@example.com", WRONG)
        assert response.status_code == 200 and response.context["form"].errors
    assert _log_in(client, "ada@example.com", WRONG).status_code == 429
    response = _log_in(client, "ada@example.com", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed log-ins" in page and "Wait 15 minutes" in page
    assert reverse("accounts:password_reset") in page
    assert not client.get(reverse("home")).context["user"].is_authenticated


def test_after_the_cool_off_the_right_password_works(client, ada):
    for _ in range(3):
        _log_in(client, "ada@example.com", WRONG)
    assert _log_in(client, "ada@example.com", PASSWORD).status_code == 429
    _cool_off_passes()
    response = _log_in(client, "ada@example.com", PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"] == ada


def test_more_tries_while_locked_do_not_extend_the_cool_off(client, ada):
    for _ in range(3):
        _log_in(client, "ada@example.com", WRONG)
    locked = list(AccessAttempt.objects.values_list("attempt_time", "failures_since_start"))
    # Hammering while locked records nothing, so the cool-off still ends when it said.
    for _ in range(3):
        assert _log_in(client, "ada@example.com", WRONG).status_code == 429
    after = list(AccessAttempt.objects.values_list("attempt_time", "failures_since_start"))
    assert after == locked
    _cool_off_passes()
    assert _log_in(client, "ada@example.com", PASSWORD).status_code == 302


def test_the_account_is_throttled_whatever_the_address_or_case(client, ada):
    for n, email in enumerate(["ada@example.com", "ADA@Example.com", " ada@example.com"]):
        _log_in(client, email, WRONG, address=f"198.51.100.{n}")
    response = _log_in(client, "ada@example.com", PASSWORD, address="192.0.2.99")
    assert response.status_code == 429


def test_one_address_trying_many_accounts_is_throttled_at_its_own_higher_limit(client, ada):
    others = [make_member(f"m{i}") for i in range(6)]
    for member in others[:5]:
        assert _log_in(client, member.email, WRONG).status_code == 200
    assert _log_in(client, others[5].email, WRONG).status_code == 429
    # Ada, from that address, waits too; from elsewhere she gets in.
    assert _log_in(client, "ada@example.com", PASSWORD).status_code == 429
    assert _log_in(client, "ada@example.com", PASSWORD, address="192.0.2.1").status_code == 302


def test_the_admin_log_in_is_throttled_too(client, db):
    User.objects.create_superuser("op@example.com", "an operator password")
    admin_login = reverse("admin:login")
    for _ in range(3):
        _log_in(client, "op@example.com", WRONG, url=admin_login)
    response = _log_in(client, "op@example.com", "an operator password", url=admin_login)
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.content.decode()


def test_guessing_the_current_password_on_the_change_form_is_throttled(client, ada):
    client.force_login(ada)
    url = reverse("accounts:password_change")
    for _ in range(2):
        response = client.post(url, {"current": WRONG, "new": "a brand new secret"})
        assert "not right" in response.content.decode()
    assert client.post(url, {"current": WRONG, "new": "a brand new secret"}).status_code == 429
    response = client.post(url, {"current": PASSWORD, "new": "a brand new secret"})
    assert response.status_code == 429
    ada.refresh_from_db()
    assert ada.check_password(PASSWORD)


def _link_in(message) -> str:
    found = re.search(r"https?://[^/\s]+(/\S+)", message.body)
    assert found, message.body
    return found.group(1)


def test_password_reset_by_email_end_to_end(client, ada):
    login_page = client.get(LOGIN).content.decode()
    assert reverse("accounts:password_reset") in login_page
    response = client.post(reverse("accounts:password_reset"), {"email": "ADA@example.com"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ada@example.com"]
    link = _link_in(mail.outbox[0])
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": "a fresh long secret", "new_password2": "a fresh long secret"}
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:password_reset_complete")
    assert _log_in(client, "ada@example.com", "a fresh long secret").status_code == 302
    # The link worked once.
    client.post(reverse("accounts:logout"))
    assert not client.get(link, follow=True).context["validlink"]


def test_password_reset_answers_the_same_for_an_unknown_address(client, ada):
    known = client.post(reverse("accounts:password_reset"), {"email": "ada@example.com"})
    unknown = client.post(reverse("accounts:password_reset"), {"email": "who@example.com"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert [m.to for m in mail.outbox] == [["ada@example.com"]]


def test_a_password_reset_lifts_the_accounts_lock(client, ada):
    for _ in range(3):
        _log_in(client, "ada@example.com", WRONG)
    client.post(reverse("accounts:password_reset"), {"email": "ada@example.com"})
    set_url = client.get(_link_in(mail.outbox[0]), follow=True).redirect_chain[-1][0]
    client.post(
        set_url, {"new_password1": "a fresh long secret", "new_password2": "a fresh long secret"}
    )
    assert _log_in(client, "ada@example.com", "a fresh long secret").status_code == 302
