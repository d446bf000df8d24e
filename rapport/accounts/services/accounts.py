"""Writes to member accounts: the checks every account passes, creation, name, password."""

from __future__ import annotations

import re
import secrets

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.transaction import TransactionManagementError

from rapport.accounts.models import (
    ERASED_HANDLE_PREFIX,
    HANDLE_PATTERN,
    PENDING_HANDLE_PREFIX,
    User,
)
from rapport.core.compiled import Reusable
from rapport.core.errors import Conflict, ValidationFailed
from rapport.core.text import clean_line

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
    if handle in RESERVED_HANDLES or handle.startswith(
        (PENDING_HANDLE_PREFIX, ERASED_HANDLE_PREFIX)
    ):
        raise AccountError(
            "That handle is reserved; choose another.", code="account.handle_taken", field="handle"
        )
    return handle


def _placeholder_handle() -> str:
    """What a pending sign-up holds as its handle: one no member can choose."""
    return PENDING_HANDLE_PREFIX + secrets.token_hex(11)


def _handle_taken(handle: str) -> bool:
    # Only confirmed accounts hold real handles (pending ones hold placeholders), so a
    # pending sign-up never makes a handle look taken: that would tell whoever tries the
    # same handle whether the pending sign-up's address was new (decision 0012).
    return User.objects.filter(handle=handle).exists()


def _account_fields(
    user: User, *, display_name: str, handle: str, password: str | None, pending: bool
) -> None:
    """Check and set the name, handle and password a sign-up gives, on `user`. A `pending`
    account keeps the handle as `requested_handle` and holds a placeholder in `handle`."""
    chosen = handle_validate(handle)
    if pending:
        user.requested_handle = chosen
        if not user.handle.startswith(PENDING_HANDLE_PREFIX):
            user.handle = _placeholder_handle()
    else:
        user.handle = chosen
    user.display_name = clean_line(display_name)[:100]
    if not user.display_name:
        raise AccountError("Enter your name.", code="account.name_required", field="display_name")
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
    # Handles are public (every profile shows one), so saying one is taken reveals nothing.
    if _handle_taken(chosen):
        raise Conflict(
            "That handle is taken; choose another.", code="account.handle_taken", field="handle"
        )


def account_create(
    *,
    email: str,
    display_name: str,
    handle: str,
    password: str | None,
    awaiting_confirmation: bool = False,
) -> User:
    """Create a member account. `password=None` makes an account that cannot log in yet;
    `awaiting_confirmation` one that is inactive until `account_confirm`."""
    email = _clean_email(email)
    user = User(email=email)
    _account_fields(
        user,
        display_name=display_name,
        handle=handle,
        password=password,
        pending=awaiting_confirmation,
    )
    if User.objects.filter(email__iexact=email).exists():
        raise Conflict(
            "An account with this email exists; log in instead.", code="account.email_taken"
        )
    if awaiting_confirmation:
        user.is_active = False
        user.awaiting_confirmation = True
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


def members_lock(*members: User) -> None:
    """Lock the members' rows, in id order, until the current transaction ends.

    What happens between two members — a message, a block — takes both locks first, so
    checks made after them see every earlier change between the two (one request per
    pair, bulk detection over a sender's history, a block made a moment ago). Id order
    keeps two such transactions from waiting on each other. SQLite runs write
    transactions one at a time already (IMMEDIATE mode); the lock is for PostgreSQL.
    """
    ids = sorted({member.pk for member in members})
    if not ids:
        return
    if connection.get_autocommit():
        # As the ORM refuses a select_for_update outside a transaction: the lock
        # would end with the statement.
        raise TransactionManagementError("members_lock needs a transaction.")
    if len(ids) <= 2:  # a member, or a pair: every write between two members
        _LOCK.rows(low=ids[0], high=ids[-1])
        return
    list(User.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))


# Taken by every write between two members: its SQL is built once (core/compiled.py).
_LOCK = Reusable(
    lambda *, low, high: (
        User.objects.select_for_update().filter(pk__in=[low, high]).order_by("pk").values_list("pk")
    )
)
