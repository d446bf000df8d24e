"""Background work for moderation decisions. Each task is idempotent."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

# A suspended member cannot log in, so their appeal link carries a signed token.
APPEAL_SALT = "rapport.limits.suspension-appeal"


def appeal_token(sanction_id: int) -> str:
    return signing.dumps(sanction_id, salt=APPEAL_SALT)


def appeal_token_read(token: str, *, max_age_days: int = 3650) -> int | None:
    try:
        value = signing.loads(token, salt=APPEAL_SALT, max_age=max_age_days * 86400)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


@task()
def suspension_mail(sanction_id: int) -> bool:
    """Tell a suspended member why, until when, and how to appeal (they cannot log in to
    read a notification). Sending twice only repeats the same letter."""
    from rapport.limits.models import Sanction

    sanction = Sanction.objects.select_related("member").filter(pk=sanction_id).first()
    if sanction is None or sanction.lifted_at is not None:
        return False
    link = settings.SITE_URL.rstrip("/") + reverse(
        "limits:suspension_appeal", args=[appeal_token(sanction.pk)]
    )
    send_mail(
        subject="Your Rapport account is suspended",
        message=render_to_string(
            "limits/email/suspended.txt", {"sanction": sanction, "link": link}
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[sanction.member.email],
    )
    return True


@task()
def suspension_appeal_answer_mail(sanction_id: int) -> bool:
    """Tell a suspended member the answer to their appeal, by e-mail."""
    from rapport.limits.models import AppealState, Sanction

    sanction = Sanction.objects.select_related("member").filter(pk=sanction_id).first()
    if sanction is None or sanction.appeal_state not in (
        AppealState.ACCEPTED,
        AppealState.REFUSED,
    ):
        return False
    accepted = sanction.appeal_state == AppealState.ACCEPTED
    send_mail(
        subject="Your appeal was " + ("accepted" if accepted else "refused"),
        message=render_to_string(
            "limits/email/appeal_answered.txt", {"sanction": sanction, "accepted": accepted}
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[sanction.member.email],
    )
    return True
