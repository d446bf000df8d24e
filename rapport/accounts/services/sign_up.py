"""Sign-up from the web: an account that waits for its address to be confirmed, and the
confirmation that activates it (decision 0012)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from rapport.accounts.models import User
from rapport.accounts.services.accounts import (
    AccountError,
    _account_fields,
    _clean_email,
    _handle_taken,
    account_create,
    handle_validate,
)
from rapport.core import limits
from rapport.core.errors import Conflict


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
    interval = dt.timedelta(minutes=limits.value("accounts.sign_up_mail_minutes"))
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
