"""Job changes: telling a member's network when they start a new current position.

Only when the member chose "tell my network" on the form; "stay quiet" sends nothing.
It lives with members, above companies and network, because it reads both the
member's connections and the company's followers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from urllib.parse import urlencode

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from rapport.accounts.models import User
from rapport.companies.models import CompanyFollow, Position
from rapport.companies.notification_kinds import JOINED
from rapport.core.compiled import Reusable
from rapport.core.errors import Conflict, NotFound, ValidationFailed
from rapport.members.notification_kinds import JOB_CHANGED
from rapport.members.tasks import job_change_tell
from rapport.network.selectors import blocked_ids, connected_ids, connected_q
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


def job_change_announce(*, member: User, position: Position) -> bool:
    """Tell the member's network of a new current position: mark it announced (once —
    a conditional update, so two requests cannot announce it twice) and, after the save
    commits, queue the job that notifies: a member with thousands of connections must
    not wait for each to be told. Whether this call announced it."""
    if position.member_id != member.pk:
        return False
    now = timezone.now()
    marked = Position.objects.filter(
        pk=position.pk, member_id=member.pk, is_current=True, announced_at=None
    ).update(announced_at=now)
    if not marked:
        return False
    position.announced_at = now
    member_id, position_id = member.pk, position.pk
    transaction.on_commit(lambda: job_change_tell.enqueue(member_id, position_id))
    return True


def position_announce(*, member: User, position_id: int) -> Position:
    """ "Tell my network" for a current position the member did not announce when adding
    it (from the work-history page or the API)."""
    position = (
        Position.objects.select_related("company").filter(pk=position_id, member=member).first()
    )
    if position is None:
        # Someone else's position is reported as missing, so ids reveal nothing.
        raise NotFound("No such position in your work history.", code="position.not_found")
    if not position.is_current:
        raise ValidationFailed(
            "Only a current position can be announced.", code="position.not_current"
        )
    if not job_change_announce(member=member, position=position):
        raise Conflict(
            "Your network was already told of this position.", code="position.already_announced"
        )
    return position


def job_changes_seen_by(
    member: User, *, since: dt.datetime, blocked: Collection[int] = (), limit: int = 400
) -> list[Position]:
    """The job changes the member's feed shows: current positions announced since
    `since` by their connections, or at companies they follow; newest first, none by
    the member or anyone on either side of a block."""
    return _SEEN_BY.objects(
        member=member.pk, since=since, blocked=sorted(blocked), shape={"limit": limit}
    )


def _seen_by_query(
    *, member: int, since: dt.datetime, blocked: list[int], limit: int
) -> QuerySet[Position]:
    followed = CompanyFollow.objects.filter(member_id=member).values("company_id")
    rows = (
        Position.objects.filter(
            connected_q(member, "member_id") | Q(company_id__in=followed),
            announced_at__gte=since,
            is_current=True,
            member__is_active=True,
        )
        .exclude(member_id=member)
        .select_related("member", "member__profile", "company")
        .order_by("-announced_at", "-pk")
    )
    if blocked:
        rows = rows.exclude(member_id__in=blocked)
    return rows[:limit]


# Every home page asks it: built once (rapport/core/compiled.py).
_SEEN_BY = Reusable(_seen_by_query)


def congratulate_url(member: User, company: str) -> str:
    """A message to the member with a first line to change or send ("Congratulate")."""
    first_name = member.display_name.split()[0] if member.display_name else member.handle
    text = f"Congratulations on the new role at {company}, {first_name}!"
    return reverse("conversations:compose", args=[member.handle]) + "?" + urlencode({"text": text})


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
    congratulate = congratulate_url(member, position.company.name)
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
