"""Writes to member accounts and their access tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from rapport.accounts.models import HANDLE_PATTERN, PENDING_HANDLE_PREFIX, AccessToken, User
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
    if handle in RESERVED_HANDLES or handle.startswith(PENDING_HANDLE_PREFIX):
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


class SignUpMail(StrEnum):
    """Which e-mail a web sign-up sends, if any."""

    CONFIRM = "confirm"  # the link that confirms a new (or still unconfirmed) address
    NOTICE = "notice"  # "someone tried to sign up with your address", to its owner


@dataclass(frozen=True)
class SignUpRequest:
    member: User
    mail: SignUpMail | None  # None: one went to this address moments ago


def sign_up_request(
    *, email: str, display_name: str, handle: str, password: str, now: dt.datetime | None = None
) -> SignUpRequest:
    """Record a web sign-up awaiting confirmation by e-mail; say which e-mail to send.

    The page says "check your e-mail" whatever happens here, so sign-up never tells a
    stranger whether an address has an account (decision 0012): every field is checked
    the same way, and the password hashed, whether or not the address has an account.
    For a confirmed account nothing changes; its owner is sent a notice. An address
    still awaiting confirmation takes the latest sign-up's name, handle and password:
    whoever holds the mailbox confirms the one they chose, and the earlier link stops
    working (the token covers the password). One address is sent at most one sign-up
    e-mail per `SIGN_UP_MAIL_MINUTES`, so sign-up cannot be used to flood an inbox;
    a sign-up inside that interval changes nothing.
    """
    now = now or timezone.now()
    email = _clean_email(email)
    interval = dt.timedelta(minutes=settings.RAPPORT["SIGN_UP_MAIL_MINUTES"])
    with transaction.atomic():
        # Locked, so two sign-ups for one address at once cannot both send.
        existing = User.objects.select_for_update().filter(email__iexact=email).first()
        if existing is None:
            member = account_create(
                email=email,
                display_name=display_name,
                handle=handle,
                password=password,
                awaiting_confirmation=True,
            )
            User.objects.filter(pk=member.pk).update(sign_up_mailed_at=now)
            return SignUpRequest(member=member, mail=SignUpMail.CONFIRM)
        recent = existing.sign_up_mailed_at is not None and (
            now - existing.sign_up_mailed_at < interval
        )
        replace = existing.awaiting_confirmation and not recent
        # The same checks and password hashing on every path; only a pending account that
        # may be mailed again takes the new details.
        _account_fields(
            existing if replace else User(email=email),
            display_name=display_name,
            handle=handle,
            password=password,
            pending=True,
        )
        if recent:
            return SignUpRequest(member=existing, mail=None)
        existing.sign_up_mailed_at = now
        fields = ["sign_up_mailed_at"]
        if replace:
            fields += ["display_name", "requested_handle", "password"]
        try:
            with transaction.atomic():
                existing.save(update_fields=fields)
        except IntegrityError as exc:
            raise Conflict(
                "That handle was just taken; choose another.", code="account.taken"
            ) from exc
        mail = SignUpMail.CONFIRM if existing.awaiting_confirmation else SignUpMail.NOTICE
        return SignUpRequest(member=existing, mail=mail)


class ConfirmationTokens(PasswordResetTokenGenerator):
    """One-time links that confirm a sign-up's address.

    A salt of their own, so a password-reset link cannot confirm a sign-up or the other
    way round; the hash covers the pending state and the password, so the link stops
    working once used or once a later sign-up replaced the password.
    """

    key_salt = "rapport.accounts.ConfirmationTokens"

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        return f"{super()._make_hash_value(user, timestamp)}{user.awaiting_confirmation}"


confirmation_tokens = ConfirmationTokens()


def confirmation_link_parts(member: User) -> tuple[str, str]:
    return urlsafe_base64_encode(force_bytes(member.pk)), confirmation_tokens.make_token(member)


def account_pending(*, uidb64: str, token: str, lock: bool = False) -> User | None:
    """The account a confirmation link names, if the link is good and still unused."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    pending = User.objects.filter(pk=pk, awaiting_confirmation=True)
    member = (pending.select_for_update() if lock else pending).first()
    if member is None or not confirmation_tokens.check_token(member, token):
        return None
    return member


def requested_handle_free(member: User) -> bool:
    """Whether the handle a pending sign-up asked for can still be had: someone who
    confirmed first, with the same handle, has it otherwise."""
    return bool(member.requested_handle) and not _handle_taken(member.requested_handle)


def account_confirm(*, uidb64: str, token: str, handle: str | None = None) -> User:
    """Activate a signed-up account from the link e-mailed to it, with the handle it asked
    for — or `handle`, when someone confirmed that one first and the member chose again."""
    with transaction.atomic():
        # Locked, so two confirmations of one link cannot both go through.
        member = account_pending(uidb64=uidb64, token=token, lock=True)
        if member is None:
            raise AccountError(
                "That link has expired or was already used. Sign up again to get a new one, "
                "or log in if you already confirmed.",
                code="account.confirmation_invalid",
            )
        chosen = handle_validate(handle if handle is not None else member.requested_handle)
        taken = Conflict(
            f"Someone took @{chosen} before you confirmed; choose another handle.",
            code="account.handle_taken",
            field="handle",
        )
        if _handle_taken(chosen):
            raise taken
        member.handle = chosen
        member.requested_handle = ""
        member.is_active = True
        member.awaiting_confirmation = False
        try:
            with transaction.atomic():
                member.save(
                    update_fields=[
                        "handle",
                        "requested_handle",
                        "is_active",
                        "awaiting_confirmation",
                    ]
                )
        except IntegrityError as exc:
            # A confirmation with the same handle committed in between: the constraint holds.
            raise taken from exc
    return member


def password_reset_recipient(*, email: str, now: dt.datetime | None = None) -> User | None:
    """The account a password-reset e-mail for `email` goes to now, if any.

    The background job asks this, never the request, so the reset page answers in the same
    time whether or not the address has an account. Django's rule for who may reset (an
    active account with a usable password); and one address is sent at most one reset
    e-mail per `PASSWORD_RESET_MAIL_MINUTES`, so resets cannot flood an inbox.
    """
    now = now or timezone.now()
    interval = dt.timedelta(minutes=settings.RAPPORT["PASSWORD_RESET_MAIL_MINUTES"])
    with transaction.atomic():
        # Locked, so two queued resets for one address cannot both send.
        member = (
            User.objects.select_for_update()
            .filter(email__iexact=email.strip(), is_active=True)
            .first()
        )
        if member is None or not member.has_usable_password():
            return None
        last = member.password_reset_mailed_at
        if last is not None and now - last < interval:
            return None
        member.password_reset_mailed_at = now
        member.save(update_fields=["password_reset_mailed_at"])
    return member


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
