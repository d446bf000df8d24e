"""Personal access tokens for the API: issued once, stored as a hash."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from rapport.accounts.models import AccessToken, User
from rapport.accounts.services.accounts import AccountError
from rapport.core import limits
from rapport.core.compiled import Reusable
from rapport.core.errors import LimitReached, NotFound
from rapport.core.text import clean_line

TOKEN_PREFIX = "rpt_"  # noqa: S105 (a public prefix, not a secret)


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
    limit = limits.value("accounts.tokens_per_member")
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


# Every API request asks it: built once (rapport/core/compiled.py).
_BY_DIGEST = Reusable(
    lambda *, digest: (
        AccessToken.objects.select_related("member")
        .filter(digest=digest, revoked_at__isnull=True, member__is_active=True)
        .order_by("pk")[:1]
    )
)


def token_authenticate(*, secret: str) -> User | None:
    """The member a token belongs to; None if unknown, revoked, or the member is inactive."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    found = _BY_DIGEST.objects(digest=_digest(secret))
    if not found:
        return None
    token = found[0]
    now = timezone.now()
    # Record use at most once a minute, so a busy client does not write on every request.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.member
