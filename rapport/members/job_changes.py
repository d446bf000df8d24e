"""Job changes: telling a member's network when they start a new current position.

Only when the member chose "tell my network" on the form; "stay quiet" sends nothing.
It lives with members, above companies and network, because it reads both the
member's connections and the company's followers.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.db import transaction
from django.urls import reverse

from rapport.accounts.models import User
from rapport.companies.models import CompanyFollow, Position
from rapport.companies.notification_kinds import JOINED
from rapport.members.notification_kinds import JOB_CHANGED
from rapport.members.tasks import job_change_tell
from rapport.network.selectors import blocked_ids, connected_ids
from rapport.notifications.selectors import already_told
from rapport.notifications.services import notification_send


def job_change_recipients(*, member: User, position: Position) -> dict[int, str]:
    """Who is told, and as what: the member's active connections ("a job change"), and
    the new company's followers who are not connections ("someone joined a company you
    follow"); each once, nobody on either side of a block."""
    followers = set(
        CompanyFollow.objects.filter(company_id=position.company_id).values_list(
            "member_id", flat=True
        )
    )
    connections = connected_ids(member.pk)
    ids = (connections | followers) - blocked_ids(member.pk) - {member.pk}
    active = User.objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True)
    return {pk: JOB_CHANGED.code if pk in connections else JOINED.code for pk in sorted(active)}


def job_change_announce(*, member: User, position: Position) -> None:
    """Tell the member's network of a new current position — after the save commits, by
    a job: a member with thousands of connections must not wait for each to be told."""
    if not position.is_current or position.member_id != member.pk:
        return
    member_id, position_id = member.pk, position.pk
    transaction.on_commit(lambda: job_change_tell.enqueue(member_id, position_id))


def job_change_tell_now(*, member_id: int, position_id: int) -> int:
    """The job's work: one notification a recipient; how many were told."""
    member = User.objects.filter(pk=member_id, is_active=True).first()
    position = (
        Position.objects.select_related("company")
        .filter(pk=position_id, member_id=member_id, is_current=True)
        .first()
    )
    if member is None or position is None:
        return 0  # the position was removed or ended before the job ran
    profile = reverse("members:profile", args=[member.handle])
    # "Congratulate them?": a connection's notification opens a message to them with a
    # first line to change or send (the message guard applies as always); a follower
    # who is not a connection is shown the profile.
    first_name = member.display_name.split()[0] if member.display_name else member.handle
    company = position.company.name
    congratulate = (
        reverse("conversations:compose", args=[member.handle])
        + "?"
        + urlencode({"text": f"Congratulations on the new role at {company}, {first_name}!"})
    )
    recipients = job_change_recipients(member=member, position=position)
    told_before = already_told(
        kinds_=[JOB_CHANGED.code, JOINED.code], actor_id=member.pk, target=position
    )
    recipients = {pk: kind for pk, kind in recipients.items() if pk not in told_before}
    people = User.objects.in_bulk(list(recipients))
    told = 0
    for recipient_id, kind in recipients.items():
        recipient = people[recipient_id]
        url = congratulate if kind == JOB_CHANGED.code else profile
        told += (
            notification_send(
                recipient=recipient, kind=kind, actor=member, target=position, url=url
            )
            is not None
        )
    return told
