"""Who a password-reset e-mail goes to, and how often (decision 0012)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from rapport.accounts.models import User
from rapport.core import limits


def password_reset_recipient(*, email: str, now: dt.datetime | None = None) -> User | None:
    """The account a password-reset e-mail for `email` goes to now, if any.

    The background job asks this, never the request, so the reset page answers in the same
    time whether or not the address has an account. Django's rule for who may reset (an
    active account with a usable password); and one address is sent at most one reset
    e-mail per `PASSWORD_RESET_MAIL_MINUTES`, so resets cannot flood an inbox.
    """
    now = now or timezone.now()
    interval = dt.timedelta(minutes=limits.value("accounts.password_reset_mail_minutes"))
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
