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
from rapport.invitations.models import Appeal, AppealState
from rapport.invitations.selectors.standing import standing_for, throttled_now
from rapport.invitations.states import APPEAL
from rapport.limits import notification_kinds as limit_kinds
from rapport.limits.models import Standing
from rapport.limits.services.restrictions import restriction_review, standing_locked, tell
from rapport.notifications.services import notification_send


def _tell(member: User, kind: str) -> None:
    url = reverse("invitations:standing")
    transaction.on_commit(lambda: notification_send(recipient=member, kind=kind, url=url))


def after_answer(*, sender: User, now: dt.datetime, review: bool) -> None:
    """Re-read the sender's standing after an answer or an expiry.

    The restriction (objections from distinct people) is limits' to review (`review`)
    after every answer but an acceptance, which cannot add an objection; its warning
    ("one more and…") comes with the answers that can. The throttle (a low acceptance
    rate) is the invitations' own: announced once when it starts, forgotten when the
    rate recovers; any answer moves the rate.
    """
    if review:
        stored = restriction_review(member=sender, now=now)
    else:
        stored = standing_locked(member=sender)
    throttled = throttled_now(sender, stored=stored, now=now)
    if throttled and stored.throttled_since is None:
        stored.throttled_since = now
        stored.save(update_fields=["throttled_since"])
        tell(sender, limit_kinds.STANDING_LIMITED.code)
    elif not throttled and stored.throttled_since is not None:
        stored.throttled_since = None
        stored.save(update_fields=["throttled_since"])


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
