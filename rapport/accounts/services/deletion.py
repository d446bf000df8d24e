"""A member deleting their account: asked for with their password, erased after a grace
period in which logging in cancels it. The erasure itself reaches every capability, so
it is done by the top layer (operations/erasure.py); this is the account's part."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from rapport.accounts.models import User
from rapport.core import limits
from rapport.core.errors import Conflict, ValidationFailed


def account_deletion_request(
    *, member: User, password: str, confirm: str, now: dt.datetime | None = None
) -> User:
    """Schedule the erasure of `member`'s account. Their API tokens stop working at once
    (nothing may act for them while they wait), and they are told by e-mail."""
    now = now or timezone.now()
    if confirm.strip().lower() != "delete":
        raise ValidationFailed(
            'Type "delete" to confirm that you want your account deleted.',
            code="account.deletion_unconfirmed",
            field="confirm",
        )
    if not member.check_password(password):
        raise ValidationFailed(
            "That is not your password.", code="account.wrong_password", field="password"
        )
    days = limits.value("accounts.deletion_grace_days")
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=member.pk)
        if locked.erased_at is not None:
            raise Conflict("This account is already deleted.", code="account.erased")
        if locked.deletion_due_at is None:
            locked.deletion_due_at = now + dt.timedelta(days=days)
            locked.save(update_fields=["deletion_due_at"])
        locked.access_tokens.filter(revoked_at=None).update(revoked_at=now)
        transaction.on_commit(lambda: _mail(locked.pk))
    return locked


def _mail(member_id: int) -> None:
    from rapport.accounts.tasks import deletion_scheduled_send

    deletion_scheduled_send.enqueue(member_id)


def account_deletion_cancel(*, member: User) -> bool:
    """Logging in during the grace period keeps the account. Returns whether a deletion
    was waiting (a conditional update: a login racing the erasure job loses cleanly)."""
    cancelled = User.objects.filter(
        pk=member.pk, deletion_due_at__isnull=False, erased_at=None
    ).update(deletion_due_at=None)
    member.deletion_due_at = None
    return bool(cancelled)
