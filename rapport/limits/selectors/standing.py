"""Whether a member is restricted, and who objected to them (from every source)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from rapport.accounts.models import User
from rapport.limits.models import Complaint, ComplaintOutcome, ComplaintSource, Standing
from rapport.limits.registry import OBJECTION_SOURCES


def restricted(member: User | int, *, now: dt.datetime | None = None) -> bool:
    """A restriction is in force (what messaging and introductions refuse on)."""
    now = now or timezone.now()
    member_id = member if isinstance(member, int) else member.pk
    return Standing.objects.filter(member_id=member_id, restricted_until__gt=now).exists()


def restricted_among(member_ids: list[int], *, now: dt.datetime) -> set[int]:
    return set(
        Standing.objects.filter(member_id__in=member_ids, restricted_until__gt=now).values_list(
            "member_id", flat=True
        )
    )


def objections(member_ids: list[int], *, since: dt.datetime) -> list[tuple[int, int, dt.datetime]]:
    """(member, objector, when) for each complaint and each objection a capability
    registered (invitations' "I don't know this person" and reports) since `since`."""
    found: list[tuple[int, int, dt.datetime]] = list(
        Complaint.objects.filter(member_id__in=member_ids, created_at__gte=since)
        .exclude(outcome=ComplaintOutcome.DISMISSED)  # a moderator found it unfounded
        # A profile report needs no contact at all: five throwaway accounts could restrict
        # anyone. It waits for a moderator, who decides; it is no objection by itself.
        .exclude(source=ComplaintSource.PROFILE)
        .values_list("member_id", "reporter_id", "created_at")
    )
    for source in OBJECTION_SOURCES:
        found.extend(source(member_ids, since))
    return found
