import pytest
from django.contrib.auth import authenticate
from django.db import IntegrityError, transaction

from config import settings as project_settings
from rapport.accounts import services
from rapport.accounts.models import AccessToken, User
from rapport.accounts.tests.factories import PASSWORD, make_member
from rapport.core.errors import Conflict, LimitReached, NotFound, ValidationFailed

pytestmark = pytest.mark.django_db


def test_project_hashes_passwords_with_argon2(settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    member = services.account_create(
        email="dee@example.com", display_name="Dee", handle="dee", password=PASSWORD
    )
    assert member.password.startswith("argon2$")


def test_login_is_by_email_whatever_its_case(ada):
    assert authenticate(username="ADA@Example.com", password=PASSWORD) == ada
    assert authenticate(username="ada@example.com", password="wrong password") is None
    assert authenticate(username="nobody@example.com", password=PASSWORD) is None


def test_email_is_unique_ignoring_case(ada):
    with pytest.raises(Conflict) as exc:
        services.account_create(
            email="Ada@EXAMPLE.com", display_name="Other", handle="other", password=PASSWORD
        )
    assert exc.value.code == "account.email_taken"
    assert User.objects.count() == 1


def test_database_refuses_duplicate_email_in_other_case(ada):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="ADA@example.com", display_name="X", handle="x")


@pytest.mark.parametrize("handle", ["-ada", "ada-", "Ada Lovelace", "a" * 31, "", "admin"])
def test_bad_handles_are_refused(handle):
    with pytest.raises(ValidationFailed):
        services.account_create(
            email="x@example.com", display_name="X", handle=handle, password=PASSWORD
        )
    assert not User.objects.exists()


def test_database_refuses_handle_outside_pattern():
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="y@example.com", display_name="Y", handle="UPPER")


def test_weak_password_is_refused_with_field(db):
    with pytest.raises(ValidationFailed) as exc:
        services.account_create(
            email="z@example.com", display_name="Z", handle="zed", password="12345678"
        )
    assert exc.value.code == "account.password_weak" and exc.value.field == "password"


def test_password_change_needs_current_password(ada):
    with pytest.raises(ValidationFailed):
        services.password_change(member=ada, current="not it", new="a much longer secret")
    services.password_change(member=ada, current=PASSWORD, new="a much longer secret")
    assert authenticate(username="ada@example.com", password="a much longer secret") == ada


def test_token_authenticates_until_revoked(ada):
    issued = services.token_create(member=ada, name="laptop")
    assert issued.secret.startswith("rpt_")
    assert issued.secret not in issued.token.digest
    assert services.token_authenticate(secret=issued.secret) == ada
    services.token_revoke(member=ada, token_id=issued.token.pk)
    assert services.token_authenticate(secret=issued.secret) is None


def test_token_of_inactive_member_does_not_authenticate(ada):
    issued = services.token_create(member=ada, name="laptop")
    User.objects.filter(pk=ada.pk).update(is_active=False)
    assert services.token_authenticate(secret=issued.secret) is None


def test_member_cannot_revoke_anothers_token(ada, ben):
    issued = services.token_create(member=ada, name="laptop")
    with pytest.raises(NotFound):
        services.token_revoke(member=ben, token_id=issued.token.pk)
    assert AccessToken.objects.get(pk=issued.token.pk).revoked_at is None


def test_active_tokens_are_limited(limit, ada, settings):
    limit("accounts.tokens_per_member", 2)
    services.token_create(member=ada, name="one")
    services.token_create(member=ada, name="two")
    with pytest.raises(LimitReached):
        services.token_create(member=ada, name="three")
    assert AccessToken.objects.filter(member=ada).count() == 2


def test_initials_come_from_first_and_last_name(db):
    assert make_member("grace", "Grace Brewster Hopper").initials == "GH"
    assert make_member("plato", "Plato").initials == "P"
