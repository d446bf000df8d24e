"""What moderators decide about reports and members, and members' appeals.

Each decision is one transaction with its audit entry; the member is told after commit,
in plain words, with the way to appeal. Removing the reported content itself is the
owning capability's (the console in `operations` calls it); these record and enforce.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from rapport.accounts.models import User
from rapport.accounts.services import audit_record, operator_require
from rapport.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from rapport.core.text import clean_paragraphs
from rapport.limits import notification_kinds as kinds
from rapport.limits.models import (
    AppealState,
    Capability,
    Complaint,
    ComplaintOutcome,
    ComplaintSource,
    Sanction,
    SanctionKind,
)
from rapport.limits.services.restrictions import restriction_review
from rapport.notifications.services import notification_send

# The longest restriction or suspension a moderator may set in one decision.
MAX_DAYS = 3650


def _tell(member: User, kind: str) -> None:
    url = reverse("limits:decisions")
    transaction.on_commit(lambda: notification_send(recipient=member, kind=kind, url=url))


def _reason(text: str) -> str:
    reason = clean_paragraphs(text)
    if len(reason) < 10:
        raise ValidationFailed(
            "Say in a sentence what the member did; they will read it (at least 10 characters).",
            code="moderation.reason_missing",
            field="reason",
        )
    return reason[:1000]


def reports_handle(
    *,
    operator: User,
    keys: Iterable[tuple[str, int]],
    outcome: str,
    note: str = "",
    now: dt.datetime | None = None,
) -> int:
    """Close the open reports about each (source, reference). Returns how many closed.

    A dismissed report stops counting against the member (objections skip it), so a
    restriction it caused is reviewed again by the caller's next standing read.
    """
    operator_require(operator)
    if outcome not in ComplaintOutcome.values:
        raise ValidationFailed("Dismiss or act on a report.", code="moderation.outcome")
    now = now or timezone.now()
    keys = list(keys)
    if not keys:
        raise ValidationFailed("Select at least one report.", code="moderation.none_selected")
    which = Q()
    for source, reference in keys:
        if source not in ComplaintSource.values:
            raise ValidationFailed("No reports of that kind.", code="moderation.source")
        which |= Q(source=source, reference=reference)
    with transaction.atomic():
        open_reports = Complaint.objects.select_for_update().filter(which, handled_at=None)
        members = set(open_reports.values_list("member_id", flat=True))
        if operator.pk in members:
            raise PermissionDenied(
                "Moderators do not handle reports about themselves.", code="moderation.own"
            )
        closed = Complaint.objects.filter(which, handled_at=None).update(
            handled_at=now, handled_by=operator, outcome=outcome
        )
        if closed and outcome == ComplaintOutcome.DISMISSED:
            # What the dismissed reports caused may no longer stand.
            for member in User.objects.filter(pk__in=members):
                restriction_review(member=member, now=now, may_lift=True)
        if closed:
            audit_record(
                actor=operator,
                action=f"reports.{outcome}",
                target=", ".join(f"{s} {r}" for s, r in keys)[:200],
                reason=note,
                detail={"reports": closed},
            )
    return closed


def sanction_impose(
    *,
    operator: User,
    member: User,
    kind: str,
    reason: str,
    capability: str = "",
    days: int | None = None,
    source: str = "",
    reference: int | None = None,
    now: dt.datetime | None = None,
) -> Sanction:
    """Warn, record a removal, restrict one capability for `days`, or suspend the
    account (for `days`, or until lifted). The member is told and may appeal."""
    operator_require(operator)
    now = now or timezone.now()
    if kind not in SanctionKind.values:
        raise ValidationFailed("Choose what to do.", code="moderation.kind")
    if member.pk == operator.pk:
        raise PermissionDenied("Moderators do not decide about themselves.", code="moderation.own")
    text = _reason(reason)
    ends_at = None
    if kind == SanctionKind.RESTRICTION:
        if capability not in Capability.values:
            raise ValidationFailed(
                "Choose what the restriction stops.", code="moderation.capability"
            )
        if days is None:
            raise ValidationFailed("Say for how many days.", code="moderation.days")
    elif capability:
        raise ValidationFailed(
            "Only a restriction stops one capability.", code="moderation.capability"
        )
    if days is not None:
        if kind not in (SanctionKind.RESTRICTION, SanctionKind.SUSPENSION):
            raise ValidationFailed(
                "Only restrictions and suspensions last.", code="moderation.days"
            )
        if not 1 <= days <= MAX_DAYS:
            raise ValidationFailed(
                f"A period is 1 to {MAX_DAYS} days.", code="moderation.days", field="days"
            )
        ends_at = now + dt.timedelta(days=days)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=member.pk)
        sanction = Sanction.objects.create(
            member=locked,
            kind=kind,
            capability=capability,
            source=source,
            reference=reference,
            reason=text,
            decided_by=operator,
            starts_at=now,
            ends_at=ends_at,
        )
        if kind == SanctionKind.SUSPENSION and locked.is_active:
            # Suspended: signed out everywhere the account is checked, hidden like a
            # deactivated account, until the period ends or an appeal succeeds.
            User.objects.filter(pk=locked.pk).update(is_active=False)
        audit_record(
            actor=operator,
            action=f"sanction.{kind}",
            target=f"member {member.pk} @{member.handle}",
            reason=text,
            detail={
                "sanction": sanction.pk,
                "capability": capability,
                "days": days,
                "about": f"{source} {reference}" if source else "",
            },
        )
        if kind == SanctionKind.SUSPENSION:
            transaction.on_commit(lambda: _suspension_mail(sanction.pk))
        else:
            _tell(locked, kinds.MODERATION_DECISION.code)
    return sanction


def _suspension_mail(sanction_id: int) -> None:
    from rapport.limits.tasks import suspension_mail

    suspension_mail.enqueue(sanction_id)


def _appeal_answer_mail(sanction_id: int) -> None:
    from rapport.limits.tasks import suspension_appeal_answer_mail

    suspension_appeal_answer_mail.enqueue(sanction_id)


def sanction_appeal(
    *, member: User, sanction_id: int, text: str, now: dt.datetime | None = None
) -> Sanction:
    """The member's one appeal against a decision about them."""
    now = now or timezone.now()
    appeal = clean_paragraphs(text)
    if len(appeal) < 20:
        raise ValidationFailed(
            "Tell the moderators in a sentence or two why the decision should change "
            "(at least 20 characters).",
            code="appeal.too_short",
            field="text",
        )
    with transaction.atomic():
        sanction = (
            Sanction.objects.select_for_update().filter(pk=sanction_id, member=member).first()
        )
        if sanction is None:
            raise NotFound("No such decision.", code="appeal.not_found")
        if sanction.appeal_state != AppealState.NONE:
            raise Conflict(
                "You have appealed this decision already.", code="appeal.already_appealed"
            )
        if sanction.lifted_at is not None:
            raise Conflict("This decision was already lifted.", code="appeal.lifted")
        sanction.appeal_state = AppealState.PENDING
        sanction.appeal_text = appeal[:2000]
        sanction.appealed_at = now
        sanction.save(update_fields=["appeal_state", "appeal_text", "appealed_at"])
    return sanction


def sanction_appeal_decide(
    *,
    operator: User,
    sanction_id: int,
    accept: bool,
    note: str = "",
    now: dt.datetime | None = None,
) -> Sanction:
    """Accepting lifts the decision: a restriction or suspension ends, the reports it
    answered stop counting. The member is told either way."""
    operator_require(operator)
    now = now or timezone.now()
    with transaction.atomic():
        sanction = (
            Sanction.objects.select_for_update()
            .select_related("member")
            .filter(pk=sanction_id)
            .first()
        )
        if sanction is None:
            raise NotFound("No such decision.", code="appeal.not_found")
        if sanction.member_id == operator.pk:
            raise PermissionDenied("Moderators do not decide their own appeals.", code="appeal.own")
        if sanction.appeal_state != AppealState.PENDING:
            raise Conflict("This appeal is not waiting.", code="appeal.not_pending")
        sanction.appeal_state = AppealState.ACCEPTED if accept else AppealState.REFUSED
        sanction.appeal_decided_at = now
        sanction.appeal_decided_by = operator
        sanction.appeal_note = clean_paragraphs(note)[:1000]
        fields = ["appeal_state", "appeal_decided_at", "appeal_decided_by", "appeal_note"]
        if accept:
            sanction.lifted_at = now
            fields.append("lifted_at")
            _lift_effects(sanction, now)
        sanction.save(update_fields=fields)
        audit_record(
            actor=operator,
            action="appeal.accept" if accept else "appeal.refuse",
            target=f"member {sanction.member_id}: {sanction.kind} {sanction.pk}",
            reason=sanction.appeal_note,
        )
        if sanction.kind == SanctionKind.SUSPENSION:
            # A suspended account gets no notifications: the answer goes by e-mail.
            transaction.on_commit(lambda: _appeal_answer_mail(sanction.pk))
        else:
            _tell(sanction.member, kinds.SANCTION_APPEAL_DECIDED.code)
    return sanction


def _lift_effects(sanction: Sanction, now: dt.datetime) -> None:
    if sanction.kind == SanctionKind.SUSPENSION and not _other_suspension(sanction, now):
        User.objects.filter(pk=sanction.member_id).update(is_active=True)
    if sanction.source and sanction.reference is not None:
        # The reports this decision answered no longer count against the member.
        Complaint.objects.filter(source=sanction.source, reference=sanction.reference).update(
            handled_at=now, outcome=ComplaintOutcome.DISMISSED
        )
        restriction_review(member=sanction.member, now=now, may_lift=True)


def _other_suspension(sanction: Sanction, now: dt.datetime) -> bool:
    return (
        Sanction.objects.filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=now),
            member_id=sanction.member_id,
            kind=SanctionKind.SUSPENSION,
            lifted_at=None,
        )
        .exclude(pk=sanction.pk)
        .exists()
    )


def sanctions_end_due(*, now: dt.datetime | None = None) -> int:
    """Give suspended accounts back when their period ends. Idempotent."""
    now = now or timezone.now()
    done = 0
    due = Sanction.objects.filter(
        kind=SanctionKind.SUSPENSION, lifted_at=None, ends_at__lte=now, member__is_active=False
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            sanction = Sanction.objects.select_for_update().select_related("member").get(pk=pk)
            if sanction.lifted_at is not None or sanction.member.is_active:
                continue
            if _other_suspension(sanction, now):
                continue  # another suspension is in force
            User.objects.filter(pk=sanction.member_id).update(is_active=True)
            audit_record(
                actor=None,
                action="sanction.suspension_ended",
                target=f"member {sanction.member_id}",
            )
            _tell(sanction.member, kinds.MODERATION_DECISION.code)
            done += 1
    return done
