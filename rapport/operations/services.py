"""The moderation console's actions: each reported thing handled in one transaction —
the owning capability removes the content, `limits` records and enforces the decision,
the reports are closed — and each step audited by the service that takes it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from rapport.accounts.models import User
from rapport.accounts.services import operator_require
from rapport.conversations.services import message_take_down
from rapport.core.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    RapportError,
    ValidationFailed,
)
from rapport.invitations.services import appeal_decide, invitation_take_down
from rapport.limits.models import Complaint, ComplaintOutcome, ComplaintSource, SanctionKind
from rapport.limits.services import (
    reports_handle,
    sanction_appeal_decide,
    sanction_impose,
)
from rapport.members.services import profile_take_down
from rapport.posts.services import comment_take_down, post_take_down

ACTIONS = ("dismiss", "warn", "remove", "restrict", "suspend")
# Most reported things one bulk action may handle.
MAX_SELECTED = 100


@dataclass
class Outcome:
    done: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # "key: why"


def parse_keys(raw: list[str]) -> list[tuple[str, int]]:
    """ "post:12" → ("post", 12); anything else is a clear 400, never a 500."""
    keys = []
    for item in raw[: MAX_SELECTED + 1]:
        source, _, number = item.partition(":")
        if source not in ComplaintSource.values or not number.isascii() or not number.isdigit():
            raise ValidationFailed(f"{item[:40]!r} names no report.", code="moderation.key")
        if len(number) > 18:
            raise ValidationFailed(f"{item[:40]!r} names no report.", code="moderation.key")
        keys.append((source, int(number)))
    if len(keys) > MAX_SELECTED:
        raise ValidationFailed(
            f"Handle at most {MAX_SELECTED} reports at a time.", code="moderation.too_many"
        )
    if not keys:
        raise ValidationFailed("Select at least one report.", code="moderation.none_selected")
    return keys


def _remove(operator: User, source: str, reference: int, member: User) -> None:
    if source == ComplaintSource.POST:
        post_take_down(moderator=operator, post_id=reference)
    elif source == ComplaintSource.COMMENT:
        comment_take_down(moderator=operator, comment_id=reference)
    elif source == ComplaintSource.MESSAGE:
        message_take_down(moderator=operator, message_id=reference)
    elif source == ComplaintSource.INVITATION:
        invitation_take_down(moderator=operator, invitation_id=reference)
    elif source == ComplaintSource.PROFILE:
        profile_take_down(moderator=operator, member=member)


def console_act(
    *,
    operator: User,
    keys: list[tuple[str, int]],
    action: str,
    reason: str = "",
    capability: str = "",
    days: int | None = None,
    now: dt.datetime | None = None,
) -> Outcome:
    """Apply one action to each selected reported thing; each in its own transaction, so
    one that was removed meanwhile does not undo the others."""
    operator_require(operator)
    if action not in ACTIONS:
        raise ValidationFailed("Choose an action.", code="moderation.action")
    now = now or timezone.now()
    result = Outcome()
    for source, reference in keys:
        key = f"{source}:{reference}"
        try:
            with transaction.atomic():
                _act_on(operator, source, reference, action, reason, capability, days, now)
        except RapportError as exc:
            result.refused.append(f"{key}: {exc.message}")
        else:
            result.done.append(key)
    return result


def _act_on(
    operator: User,
    source: str,
    reference: int,
    action: str,
    reason: str,
    capability: str,
    days: int | None,
    now: dt.datetime,
) -> None:
    # The open reports, locked: two moderators (or a double submit) act once.
    member_id = (
        Complaint.objects.select_for_update()
        .filter(source=source, reference=reference, handled_at=None)
        .values_list("member_id", flat=True)
        .first()
    )
    if member_id is None:
        if Complaint.objects.filter(source=source, reference=reference).exists():
            raise Conflict("These reports were handled already.", code="moderation.handled")
        raise NotFound("Nobody reported that.", code="moderation.no_reports")
    if member_id == operator.pk:
        raise PermissionDenied(
            "Moderators do not handle reports about themselves.", code="moderation.own"
        )
    member = User.objects.get(pk=member_id)
    if action == "dismiss":
        reports_handle(
            operator=operator,
            keys=[(source, reference)],
            outcome=ComplaintOutcome.DISMISSED,
            note=reason,
            now=now,
        )
        return
    # What does not belong to the action (days for a warning) is refused by
    # sanction_impose, before anything is removed.
    kind = {
        "remove": SanctionKind.REMOVAL,
        "warn": SanctionKind.WARNING,
        "restrict": SanctionKind.RESTRICTION,
        "suspend": SanctionKind.SUSPENSION,
    }[action]
    if action != "restrict" and capability:
        capability = ""  # the form sends its capability whatever the action
    if action == "remove" and source == ComplaintSource.INVITATION:
        # Only the person who reported it ever read the note; taking it down would show
        # the sender which invitation was reported (answers stay private).
        raise ValidationFailed(
            "An invitation's note was seen only by the person who reported it: dismiss, "
            "warn or restrict instead.",
            code="moderation.invitation_not_removable",
        )
    if action == "remove":
        if days is not None:
            raise ValidationFailed(
                "Only restrictions and suspensions last.", code="moderation.days"
            )
        _remove(operator, source, reference, member)
    sanction_impose(
        operator=operator,
        member=member,
        kind=kind,
        reason=reason,
        capability=capability,
        days=days,
        source=source,
        reference=reference,
        now=now,
    )
    reports_handle(
        operator=operator,
        keys=[(source, reference)],
        outcome=ComplaintOutcome.ACTIONED,
        note=reason,
        now=now,
    )


def appeal_answer(*, operator: User, kind: str, pk: int, accept: bool, note: str = "") -> None:
    """Decide an appeal from the console, whichever kind it is."""
    if kind == "decision":
        sanction_appeal_decide(operator=operator, sanction_id=pk, accept=accept, note=note)
    elif kind == "standing":
        appeal_decide(moderator=operator, appeal_id=pk, accept=accept, note=note)
    else:
        raise ValidationFailed("No appeal of that kind.", code="appeal.kind")
