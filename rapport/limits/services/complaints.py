"""Reports from every capability, counted against the reported member's standing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from rapport.accounts.models import User
from rapport.core.errors import ValidationFailed
from rapport.limits.models import Complaint, ComplaintReason
from rapport.limits.services.restrictions import restriction_review
from rapport.limits.signals import objection_recorded


@transaction.atomic
def complaint_file(
    *,
    member: User,
    reporter: User,
    source: str,
    reference: int,
    reason: str = ComplaintReason.SPAM,
    now: dt.datetime | None = None,
) -> bool:
    """Count a report (a message, a post, a comment) against `member`.

    Seed 003's spammers must not escape the limits by switching from invitations to
    messages: a report counts like an invitation reported. Returns False when the
    reporter already reported this thing (nothing changes).
    """
    now = now or timezone.now()
    if member.pk == reporter.pk:
        raise ValidationFailed("You cannot report yourself.", code="complaint.self")
    if reason not in ComplaintReason.values:
        raise ValidationFailed(
            f"A report's reason is one of {', '.join(ComplaintReason.values)}.",
            code="complaint.reason",
            field="reason",
        )
    _, created = Complaint.objects.get_or_create(
        reporter=reporter,
        source=source,
        reference=reference,
        defaults={"member": member, "reason": reason, "created_at": now},
    )
    if created:
        restriction_review(member=member, now=now)
        objection_recorded.send(sender=Complaint, member=member, objector_id=reporter.pk, now=now)
    return created
