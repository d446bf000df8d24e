"""Writes to member accounts and their access tokens."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from rapport.accounts.models import HANDLE_PATTERN, AccessToken, User
from rapport.core.errors import Conflict, LimitReached, NotFound, ValidationFailed
from rapport.core.text import clean_line

TOKEN_PREFIX = "rpt_"  # noqa: S105 (a public prefix, not a secret)
RESERVED_HANDLES = frozenset(
    {
        "admin",
        "api",
        "me",
        "static",
        "media",
        "accounts",
        "search",
        "network",
        "notifications",
        "companies",
        "settings",
        "signup",
        "login",
        "logout",
        "help",
        "about",
        "rapport",
    }
)


class AccountError(ValidationFailed):
    code = "account.invalid"


def _clean_email(email: str) -> str:
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise AccountError(
            "Enter a valid email address.", code="account.email_invalid", field="email"
        ) from exc
    return email


def handle_validate(handle: str) -> str:
    handle = handle.strip().lower()
    if not re.match(HANDLE_PATTERN, handle):
        raise AccountError(
            "A handle is 1–30 lowercase letters, digits or dashes, not starting or ending "
            "with a dash.",
            code="account.handle_invalid",
            field="handle",
        )
    if handle in RESERVED_HANDLES:
        raise AccountError(
            "That handle is reserved; choose another.", code="account.handle_taken", field="handle"
        )
    return handle


def account_create(*, email: str, display_name: str, handle: str, password: str | None) -> User:
    """Create a member account. `password=None` makes an account that cannot log in yet."""
    email = _clean_email(email)
    handle = handle_validate(handle)
    display_name = clean_line(display_name)[:100]
    if not display_name:
        raise AccountError("Enter your name.", code="account.name_required", field="display_name")
    user = User(email=email, display_name=display_name, handle=handle)
    if password is not None:
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            raise AccountError(
                " ".join(exc.messages), code="account.password_weak", field="password"
            ) from exc
        user.set_password(password)
    else:
        user.set_unusable_password()
    if User.objects.filter(email__iexact=email).exists():
        raise Conflict(
            "An account with this email exists; log in instead.", code="account.email_taken"
        )
    if User.objects.filter(handle=handle).exists():
        raise Conflict("That handle is taken; choose another.", code="account.handle_taken")
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        # Lost a race with a concurrent sign-up: the constraint is the real guard.
        raise Conflict(
            "That email or handle was just taken; choose another.", code="account.taken"
        ) from exc
    return user


def account_update(*, member: User, display_name: str) -> User:
    display_name = clean_line(display_name)[:100]
    if not display_name:
        raise AccountError("Enter your name.", code="account.name_required", field="display_name")
    member.display_name = display_name
    member.save(update_fields=["display_name"])
    return member


def password_change(*, member: User, current: str, new: str) -> None:
    if not member.check_password(current):
        raise AccountError(
            "Your current password is not right.", code="account.password_wrong", field="current"
        )
    try:
        password_validation.validate_password(new, member)
    except ValidationError as exc:
        raise AccountError(
            " ".join(exc.messages), code="account.password_weak", field="new"
        ) from exc
    member.set_password(new)
    member.save(update_fields=["password"])


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: AccessToken
    secret: str


def token_create(*, member: User, name: str) -> IssuedToken:
    """Issue a personal access token. The secret is returned once and never stored."""
    name = clean_line(name)[:60]
    if not name:
        raise AccountError(
            "Name the token so you can recognise it later.",
            code="token.name_required",
            field="name",
        )
    limit = settings.RAPPORT["TOKENS_PER_MEMBER"]
    with transaction.atomic():
        # Lock the member row so two concurrent requests cannot both pass the limit.
        User.objects.select_for_update().filter(pk=member.pk).first()
        active = AccessToken.objects.filter(member=member, revoked_at__isnull=True).count()
        if active >= limit:
            raise LimitReached(
                f"You have {active} active tokens; revoke one before creating another.",
                code="token.limit",
            )
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = AccessToken.objects.create(
            member=member, name=name, prefix=secret[:10], digest=_digest(secret)
        )
    return IssuedToken(token=token, secret=secret)


def token_revoke(*, member: User, token_id: int) -> AccessToken:
    token = AccessToken.objects.filter(member=member, pk=token_id).first()
    if token is None:
        raise NotFound("No such token.", code="token.not_found")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_authenticate(*, secret: str) -> User | None:
    """The member a token belongs to; None if unknown, revoked, or the member is inactive."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = (
        AccessToken.objects.select_related("member")
        .filter(digest=_digest(secret), revoked_at__isnull=True, member__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Record use at most once a minute, so a busy client does not write on every request.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.member


def members_lock(*members: User) -> None:
    """Lock the members' rows, in id order, until the current transaction ends.

    What happens between two members — a message, a block — takes both locks first, so
    checks made after them see every earlier change between the two (one request per
    pair, bulk detection over a sender's history, a block made a moment ago). Id order
    keeps two such transactions from waiting on each other. SQLite runs write
    transactions one at a time already (IMMEDIATE mode); the lock is for PostgreSQL.
    """
    ids = sorted({member.pk for member in members})
    list(User.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
