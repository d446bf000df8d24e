"""Background work for accounts. Each task is idempotent."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from rapport.accounts.models import User
from rapport.accounts.services import confirmation_link_parts, password_reset_recipient


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


@task()
def sign_up_confirmation_send(member_id: int, site: str) -> bool:
    """E-mail the link that confirms a sign-up. Safe to run twice: both links work, once."""
    member = User.objects.filter(pk=member_id, awaiting_confirmation=True).first()
    if member is None:
        return False
    uid, token = confirmation_link_parts(member)
    link = site + reverse("accounts:confirm", kwargs={"uidb64": uid, "token": token})
    send_mail(
        subject="Confirm your Rapport account",
        message=render_to_string(
            "accounts/email/sign_up_confirm.txt", {"member": member, "link": link}
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[member.email],
    )
    return True


@task()
def sign_up_attempt_notice_send(member_id: int, site: str) -> bool:
    """Tell a member that someone tried to sign up with their address, with a reset link.

    This is what a sign-up with a taken address sends instead of an error on the page, so
    the page never reveals who has an account; the owner learns of it, and if it was them
    (a forgotten account) the link sets a new password.
    """
    member = User.objects.filter(pk=member_id, is_active=True).first()
    if member is None:
        return False
    uid = urlsafe_base64_encode(force_bytes(member.pk))
    token = default_token_generator.make_token(member)
    reset = site + reverse(
        "accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token}
    )
    send_mail(
        subject="Someone tried to sign up to Rapport with your address",
        message=render_to_string(
            "accounts/email/sign_up_attempt.txt",
            {"member": member, "reset": reset, "login": site + reverse("accounts:login")},
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[member.email],
    )
    return True


@task()
def password_reset_send(email: str, site: str) -> bool:
    """E-mail a password-reset link to the account with this address, if there is one and
    none was sent within the interval. The reset form queues this for every address, so
    the page never reveals, even by how long it takes, whether an address has an account.
    Safe to run twice: the second run finds the interval not yet passed."""
    member = password_reset_recipient(email=email)
    if member is None:
        return False
    uid = urlsafe_base64_encode(force_bytes(member.pk))
    token = default_token_generator.make_token(member)
    link = site + reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    context = {"member": member, "link": link}
    subject = render_to_string("accounts/email/password_reset_subject.txt", context)
    send_mail(
        subject="".join(subject.splitlines()),
        message=render_to_string("accounts/email/password_reset.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[member.email],
    )
    return True


@task()
def deletion_scheduled_send(member_id: int) -> bool:
    """Confirm a deletion request by e-mail, with the date and how to cancel."""
    member = User.objects.filter(pk=member_id, deletion_due_at__isnull=False).first()
    if member is None or member.deletion_due_at is None:
        return False
    send_mail(
        subject="Your Rapport account will be deleted",
        message=(
            f"Hello {member.display_name},\n\n"
            "You asked us to delete your Rapport account. It will be erased on "
            f"{member.deletion_due_at:%d %B %Y} (UTC): your profile, history, connections, "
            "invitations, messages nobody answered, posts nobody commented on, and "
            "everything else that is yours. What others replied to stays, shown as written "
            "by a former member.\n\n"
            "Changed your mind? Log in before then and the deletion is cancelled.\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[member.email],
    )
    return True
