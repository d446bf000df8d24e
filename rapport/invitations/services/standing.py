"""Restrictions, throttle notices and appeals: the stored part of a sender's standing."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from rapport.accounts.models import User
from rapport.accounts.roles import is_operator
from rapport.accounts.services import audit_record
from rapport.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from rapport.core.text import clean_paragraphs
from rapport.invitations import notification_kinds as kinds
from rapport.invitations.models import Appeal, AppealState, Complaint, ComplaintReason, Standing
from rapport.invitations.selectors.standing import standing_for
from rapport.invitations.states import APPEAL
from rapport.notifications.services import notification_send


def _tell(member: User, kind: str) -> None:
    url = reverse("invitations:standing")
    transaction.on_commit(lambda: notification_send(recipient=member, kind=kind, url=url))


def after_answer(*, sender: User, now: dt.datetime) -> None:
    """Re-read the sender's standing after a negative answer or an expiry.

    Restricts when negative answers reach the threshold (each new one moves the
    lifting date), warns once when one more would restrict, and announces a
    throttle once when it starts.
    """
    report = standing_for(sender, now=now)
    rules = report.policy
    stored, _ = Standing.objects.select_for_update().get_or_create(member=sender)
    changed: list[str] = []
    until = (
        report.last_negative_at + dt.timedelta(days=rules.restriction_days)
        if report.last_negative_at
        else None
    )
    # A restriction runs from the latest negative answer; once that is old enough it
    # has lifted, even if the answers are still inside the rate window.
    if report.negatives >= rules.restrict_negatives and until is not None and until > now:
        if not report.restricted:
            stored.restricted_at = now
            _tell(sender, kinds.STANDING_LIMITED.code)
        if stored.restricted_until != until:
            stored.restricted_until = until
        changed += ["restricted_at", "restricted_until"]
    elif report.negatives + 1 >= rules.restrict_negatives and stored.warned_at is None:
        stored.warned_at = now
        changed.append("warned_at")
        _tell(sender, kinds.STANDING_WARNING.code)
    if report.throttled and stored.throttled_since is None:
        stored.throttled_since = now
        changed.append("throttled_since")
        _tell(sender, kinds.STANDING_LIMITED.code)
    elif not report.throttled and stored.throttled_since is not None:
        stored.throttled_since = None
        changed.append("throttled_since")
    if changed:
        stored.save(update_fields=sorted(set(changed)))


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
    """Count a report from another capability against `member`'s standing.

    Returns False when the reporter already reported this thing (nothing changes).
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
        after_answer(sender=member, now=now)
    return created


def standings_lift_due(*, now: dt.datetime | None = None) -> int:
    """Lift restrictions whose time has come, and tell the member. Idempotent."""
    now = now or timezone.now()
    done = 0
    for member_id in list(
        Standing.objects.filter(restricted_until__lte=now).values_list("member_id", flat=True)
    ):
        with transaction.atomic():
            stored = (
                Standing.objects.select_for_update()
                .select_related("member")
                .get(member_id=member_id)
            )
            if stored.restricted_until is None or stored.restricted_until > now:
                continue
            stored.restricted_at = None
            stored.restricted_until = None
            stored.warned_at = None
            stored.save(update_fields=["restricted_at", "restricted_until", "warned_at"])
            _tell(stored.member, kinds.STANDING_RESTORED.code)
            done += 1
    return done


def appeal_submit(*, member: User, text: str, now: dt.datetime | None = None) -> Appeal:
    now = now or timezone.now()
    report = standing_for(member, now=now)
    if not (report.restricted or report.throttled):
        raise Conflict(
            "No limit applies to your invitations, so there is nothing to appeal.",
            code="appeal.nothing_to_appeal",
        )
    text = clean_paragraphs(text)
    if len(text) < 20:
        raise ValidationFailed(
            "Tell the moderators in a sentence or two why the limit should "
            "lift (at least 20 characters).",
            code="appeal.too_short",
            field="text",
        )
    try:
        with transaction.atomic():
            return Appeal.objects.create(member=member, text=text[:2000], created_at=now)
    except IntegrityError as exc:
        raise Conflict(
            "Your earlier appeal is still waiting for a moderator.", code="appeal.pending"
        ) from exc


@transaction.atomic
def appeal_decide(
    *, moderator: User, appeal_id: int, accept: bool, note: str = "", now: dt.datetime | None = None
) -> Appeal:
    """A moderator's answer. Accepting lifts the limits and counts answers afresh from now."""
    if not is_operator(moderator):
        raise PermissionDenied("Only moderators decide appeals.", code="appeal.not_moderator")
    now = now or timezone.now()
    appeal = (
        Appeal.objects.select_for_update().select_related("member").filter(pk=appeal_id).first()
    )
    if appeal is None:
        raise NotFound("No such appeal.", code="appeal.not_found")
    if appeal.member_id == moderator.pk:
        raise PermissionDenied("Moderators do not decide their own appeals.", code="appeal.own")
    APPEAL.transition(appeal, AppealState.ACCEPTED if accept else AppealState.REFUSED)
    appeal.decided_at = now
    appeal.moderator = moderator
    appeal.moderator_note = clean_paragraphs(note)[:500]
    appeal.save()
    if accept:
        stored, _ = Standing.objects.select_for_update().get_or_create(member=appeal.member)
        stored.restricted_at = None
        stored.restricted_until = None
        stored.warned_at = None
        stored.throttled_since = None
        stored.counting_since = now
        stored.save()
    audit_record(
        actor=moderator,
        action="appeal.accept" if accept else "appeal.refuse",
        target=f"member {appeal.member_id}: invitation restriction appeal {appeal.pk}",
        reason=appeal.moderator_note,
    )
    _tell(appeal.member, kinds.APPEAL_DECIDED.code)
    return appeal
