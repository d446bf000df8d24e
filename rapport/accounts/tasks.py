"""Background work for accounts. Each task is idempotent."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task

from rapport.accounts.models import User


@task()
def welcome_email_send(member_id: int) -> bool:
    """Greet a new member by email. Safe to run twice: it only ever sends a greeting."""
    member = User.objects.filter(pk=member_id, is_active=True).first()
    if member is None:
        return False
    send_mail(
        subject="Welcome to Rapport",
        message=(
            f"Hello {member.display_name},\n\n"
            "Your Rapport account is ready. Fill in your profile and work history so the "
            "people you know can find you.\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[member.email],
    )
    return True
