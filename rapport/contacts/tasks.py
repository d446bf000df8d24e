"""Background work for contacts: reading big files, writing big imports, join e-mails.

Each is idempotent: reading acts only on an import still being read, writing
resumes at its progress counter, and a join e-mail is recorded before it is sent.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django_tasks import task

from rapport.accounts.models import User
from rapport.contacts.models import ContactImport, ImportState, JoinOptOut
from rapport.contacts.services import imports
from rapport.contacts.services.inviting import _digest


@task()
def contacts_read(import_id: int) -> str:
    found = imports.import_read(import_id=import_id)
    return found.state if found else "skipped"


@task()
def contacts_write(import_id: int) -> str:
    found = imports.import_commit(import_id=import_id)
    if found is None:
        state = ContactImport.objects.filter(pk=import_id).values_list("state", flat=True).first()
        return str(state or "missing")
    return ImportState.DONE


@task()
def join_email_send(sender_id: int, email: str, name: str, opt_out_token: str, site: str) -> bool:
    """The one join e-mail; the opt-out list is checked again right before sending."""
    sender = User.objects.filter(pk=sender_id, is_active=True).first()
    if sender is None or JoinOptOut.objects.filter(email_digest=_digest(email)).exists():
        return False
    opt_out = site + reverse("contacts:opt_out", args=[opt_out_token])
    send_mail(
        subject=f"{sender.display_name} invites you to Rapport",
        message=(
            f"Hello {name},\n\n{sender.display_name} would like to connect with you on Rapport.\n"
            f"Join at {site}/\n\n"
            f"Never receive these e-mails again (one click): {opt_out}\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[email],
    )
    return True
