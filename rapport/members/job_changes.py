"""Job changes: telling a member's network when they start a new current position.

Only when the member chose "tell my network" on the form; "stay quiet" sends nothing.
It lives with members, above companies and network, because it reads both the
member's connections and the company's followers.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from rapport.accounts.models import User
from rapport.companies.models import CompanyFollow, Position
from rapport.members.notification_kinds import JOB_CHANGED
from rapport.network.selectors import blocked_ids, connected_ids
from rapport.notifications.services import notification_send


def job_change_recipients(*, member: User, position: Position) -> list[User]:
    """Active connections of the member and followers of the new company, each once,
    without anyone on either side of a block."""
    followers = set(
        CompanyFollow.objects.filter(company_id=position.company_id).values_list(
            "member_id", flat=True
        )
    )
    ids = (connected_ids(member.pk) | followers) - blocked_ids(member.pk) - {member.pk}
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def job_change_announce(*, member: User, position: Position) -> int:
    """Notify the member's network of a new current position; how many were told."""
    if not position.is_current or position.member_id != member.pk:
        return 0
    url = reverse("members:profile", args=[member.handle])
    with transaction.atomic():
        told = 0
        for recipient in job_change_recipients(member=member, position=position):
            told += (
                notification_send(
                    recipient=recipient,
                    kind=JOB_CHANGED.code,
                    actor=member,
                    target=position,
                    url=url,
                )
                is not None
            )
    return told
