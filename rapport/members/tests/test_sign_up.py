"""Sign-up never tells a stranger whether an address has an account: "check your e-mail"
either way; the e-mail differs (a confirmation link, or a note with a reset link)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.db.models import F
from django.urls import reverse

from rapport.accounts.models import User
from rapport.accounts.tests.factories import PASSWORD
from rapport.members.models import Profile

pytestmark = pytest.mark.django_db

SIGNUP = reverse("members:signup")


@pytest.fixture
def sign_up(client, django_capture_on_commit_callbacks):
    def post(email, handle="newbie", password="a long enough secret", name="New Bie"):  # noqa: S107
        # The e-mails go out after commit, as in production.
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                SIGNUP,
                {"display_name": name, "handle": handle, "email": email, "password": password},
                follow=True,
            )

    return post


def _without_csrf(content: bytes) -> str:
    # Each page carries a freshly masked CSRF token; everything else must be identical.
    return re.sub(r'(X-CSRFToken": "|value=")[A-Za-z0-9]{64}', r"\1…", content.decode())


def _interval_passes():
    """The clock moves past the interval between two sign-up e-mails to one address."""
    User.objects.update(sign_up_mailed_at=F("sign_up_mailed_at") - dt.timedelta(minutes=11))


def _link_in(message) -> str:
    found = re.search(r"https?://[^/\s]+(/\S+)", message.body)
    assert found, message.body
    return found.group(1)


def test_sign_up_with_an_existing_email_gives_the_same_page_as_a_new_one(client, sign_up, ada):
    new = sign_up("newbie@example.com", handle="newbie")
    taken = sign_up("ADA@example.com", handle="other-handle")
    assert new.status_code == taken.status_code == 200
    assert new.redirect_chain == taken.redirect_chain == [(reverse("members:signup_sent"), 302)]
    assert _without_csrf(new.content) == _without_csrf(taken.content)
    assert "Check your e-mail" in new.content.decode()
    # Ada's account is untouched and nobody is logged in.
    ada.refresh_from_db()
    assert ada.handle == "ada" and ada.check_password(PASSWORD)
    assert not User.objects.filter(handle="other-handle").exists()
    assert not client.get("/").context["user"].is_authenticated


def test_the_existing_account_is_told_with_a_reset_link(client, sign_up, ada):
    sign_up("ada@example.com", handle="someone")
    (notice,) = mail.outbox
    assert notice.to == ["ada@example.com"]
    assert "tried to sign up" in notice.subject
    body = str(notice.body)
    links = re.findall(r"https?://[^/\s]+(/\S+)", body)
    assert reverse("accounts:login") in links
    reset_link = next(link for link in links if "/password/reset/" in link)
    assert client.get(reset_link, follow=True).context["validlink"]


def test_a_new_sign_up_is_confirmed_by_the_emailed_link_then_logged_in(client, sign_up):
    sign_up("newbie@example.com")
    member = User.objects.get(requested_handle="newbie")
    assert not member.is_active and member.awaiting_confirmation
    assert Profile.objects.filter(member=member).exists()
    assert _sign_up_log_in_fails(client)
    (confirmation,) = mail.outbox
    assert confirmation.to == ["newbie@example.com"]
    link = _link_in(confirmation)
    # Following the link (as a mail scanner would) changes nothing; the button confirms.
    assert "Confirm and log in" in client.get(link).content.decode()
    assert User.objects.get(pk=member.pk).awaiting_confirmation
    response = client.post(link)
    assert response.status_code == 302 and response["Location"] == reverse("members:edit")
    assert client.get("/").context["user"].handle == "newbie"
    member.refresh_from_db()
    assert member.is_active and not member.awaiting_confirmation
    # The link works once.
    client.post(reverse("accounts:logout"))
    assert client.post(link).status_code == 400


def _sign_up_log_in_fails(client) -> bool:
    response = client.post(
        reverse("accounts:login"),
        {"username": "newbie@example.com", "password": "a long enough secret"},
    )
    return response.status_code == 200 and bool(response.context["form"].errors)


def test_a_later_sign_up_for_an_unconfirmed_address_replaces_it_and_kills_the_old_link(
    client, sign_up
):
    sign_up("newbie@example.com", handle="first-try", password="the first long secret")
    _interval_passes()
    sign_up("newbie@example.com", handle="second-try", password="the second long secret")
    first, second = mail.outbox
    assert client.post(_link_in(first)).status_code == 400
    assert client.post(_link_in(second)).status_code == 302
    member = User.objects.get(email="newbie@example.com")
    assert member.handle == "second-try" and member.check_password("the second long secret")
    assert User.objects.filter(email="newbie@example.com").count() == 1


def test_errors_read_the_same_whether_or_not_the_address_is_taken(client, sign_up, ada, ben):
    weak_new = sign_up("newbie@example.com", password="password")
    weak_taken = sign_up("ada@example.com", password="password")
    assert weak_new.status_code == weak_taken.status_code == 200
    assert weak_new.context["form"].errors == weak_taken.context["form"].errors
    handle_new = sign_up("newbie@example.com", handle="ben")
    handle_taken = sign_up("ada@example.com", handle="ben")
    assert handle_new.context["form"].errors == handle_taken.context["form"].errors
    assert "That handle is taken" in handle_new.content.decode()
    assert mail.outbox == []


def test_repeated_sign_ups_cannot_flood_an_inbox(client, sign_up, ada):
    for handle in ("try-one", "try-two", "try-three"):
        assert sign_up("ada@example.com", handle=handle).status_code == 200
        sign_up("newbie@example.com", handle=f"new-{handle}", password="a long enough secret")
    # One e-mail to each address within the interval; the pending sign-up kept its first details.
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@example.com", "newbie@example.com"]
    assert User.objects.get(email="newbie@example.com").requested_handle == "new-try-one"
    _interval_passes()
    sign_up("ada@example.com", handle="try-four")
    sign_up("newbie@example.com", handle="new-try-four")
    assert len(mail.outbox) == 4
    assert User.objects.get(email="newbie@example.com").requested_handle == "new-try-four"


def test_handle_reservation_does_not_reveal_whether_an_address_has_an_account(client, sign_up, ada):
    """The probe: sign up with the target address and a fresh handle, then with a
    throwaway address and the same handle. Its answer must not depend on the target."""
    # Target with an account.
    sign_up("ada@example.com", handle="probe-one")
    had_account = sign_up("throwaway-1@example.com", handle="probe-one")
    # Target without one.
    sign_up("fresh@example.com", handle="probe-two")
    was_new = sign_up("throwaway-2@example.com", handle="probe-two")
    assert had_account.status_code == was_new.status_code == 200
    assert had_account.redirect_chain == was_new.redirect_chain
    assert _without_csrf(had_account.content) == _without_csrf(was_new.content)
    assert "taken" not in was_new.content.decode()


def test_a_pending_sign_up_holds_no_handle_anyone_could_choose(sign_up):
    from rapport.accounts.services import AccountError, handle_validate

    sign_up("newbie@example.com", handle="newbie")
    member = User.objects.get(email="newbie@example.com")
    assert member.requested_handle == "newbie"
    assert member.handle != "newbie"
    with pytest.raises(AccountError):
        handle_validate(member.handle)


def test_two_pending_sign_ups_with_one_handle_first_to_confirm_gets_it(client, sign_up):
    sign_up("first@example.com", handle="same-handle")
    sign_up("second@example.com", handle="same-handle")
    first_link, second_link = (_link_in(m) for m in mail.outbox)
    assert client.post(first_link).status_code == 302
    assert User.objects.get(email="first@example.com").handle == "same-handle"
    client.post(reverse("accounts:logout"))
    # The second is asked for another handle, not refused.
    page = client.get(second_link)
    assert page.status_code == 200 and 'name="handle"' in page.content.decode()
    asked = client.post(second_link)
    assert asked.status_code == 409
    assert "choose another" in asked.content.decode()
    assert 'name="handle"' in asked.content.decode()
    assert User.objects.get(email="second@example.com").awaiting_confirmation
    # A taken or malformed handle is refused again; a free one confirms.
    assert client.post(second_link, {"handle": "same-handle"}).status_code == 409
    assert client.post(second_link, {"handle": "Not A Handle!"}).status_code == 400
    done = client.post(second_link, {"handle": "second-choice"})
    assert done.status_code == 302
    second = User.objects.get(email="second@example.com")
    assert second.is_active and second.handle == "second-choice"
    assert second.requested_handle == ""


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_pending_sign_ups_off_their_handles():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("accounts", "0004_user_email_findable")]
    after = [("accounts", "0005_pending_sign_ups_reserve_no_handle")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_user = executor.loader.project_state(before).apps.get_model("accounts", "User")
    # A pending sign-up as the earlier code left it, holding the handle it asked for.
    old_user.objects.create(
        email="old@example.com",
        display_name="Old",
        handle="old-style",
        is_active=False,
        awaiting_confirmation=True,
    )
    old_user.objects.create(email="ada@example.com", display_name="Ada", handle="ada")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    pending = User.objects.get(email="old@example.com")
    assert pending.requested_handle == "old-style"
    assert pending.handle.startswith("pending-")
    assert User.objects.get(email="ada@example.com").handle == "ada"  # confirmed: unchanged
