"""The answers to an invitation, its withdrawal and its expiry: each one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from rapport.accounts.models import User
from rapport.accounts.roles import is_operator
from rapport.accounts.services import audit_record
from rapport.core.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    RapportError,
    ValidationFailed,
)
from rapport.invitations import notification_kinds as kinds
from rapport.invitations.models import Invitation, State
from rapport.invitations.selectors.policy import policy
from rapport.invitations.services.common import as_recipient, decide, locked, notify_after_commit
from rapport.invitations.services.standing import after_answer
from rapport.invitations.states import NEGATIVE
from rapport.limits.models import ComplaintSource
from rapport.limits.services import complaint_file
from rapport.limits.signals import objection_recorded
from rapport.network.services import connection_create


@transaction.atomic
def invitation_accept(
    *, member: User, invitation_id: int, now: dt.datetime | None = None
) -> Invitation:
    """Accept: the connection is made in the same transaction, and the sender is told.

    A pair already connected some other way (an operator, an import) closes the
    invitation as accepted without telling anyone "you are now connected" again.
    """
    now = now or timezone.now()
    invitation = _open_for(member, invitation_id, now)
    decide(invitation, State.ACCEPTED, now)
    try:  # no need to ask first: the pair's unique constraint answers in the same statement
        connection_create(
            member=invitation.recipient, other=invitation.sender, source="invitation", notify=False
        )
    except Conflict as already:
        if already.code != "connection.exists":
            raise
    else:
        notify_after_commit(
            recipient=invitation.sender,
            kind=kinds.ACCEPTED.code,
            actor=invitation.recipient,
            target=invitation,
        )
    # An accepted invitation can end a throttle; standing must notice that too.
    after_answer(sender=invitation.sender, now=now, review=False)
    return invitation


def _open_for(member: User, invitation_id: int, now: dt.datetime) -> Invitation:
    """The recipient's pending invitation, if it can still be answered.

    One past its age, or from a member who has left, is refused even before the
    housekeeping job marks it expired.
    """
    invitation = as_recipient(member, invitation_id)
    too_old = invitation.created_at <= now - dt.timedelta(days=policy().expiry_days)
    if invitation.state == State.PENDING and (too_old or not invitation.sender.is_active):
        raise Conflict("This invitation has expired.", code="invitation.expired")
    return invitation


def _answer(member: User, invitation_id: int, state: str, now: dt.datetime | None) -> Invitation:
    """A 'no' of some kind from the recipient, which the sender's standing must hear about."""
    now = now or timezone.now()
    invitation = _open_for(member, invitation_id, now)
    decide(invitation, state, now)
    after_answer(sender=invitation.sender, now=now, review=True)
    if state == State.REPORTED:
        # Into the moderators' queue, with the invitation's note as the evidence.
        complaint_file(
            member=invitation.sender,
            reporter=member,
            source=ComplaintSource.INVITATION,
            reference=invitation.pk,
            now=now,
        )
    elif state in NEGATIVE:  # trust's view of the sender is stale now
        objection_recorded.send(
            sender=Invitation, member=invitation.sender, objector_id=member.pk, now=now
        )
    return invitation


@transaction.atomic
def invitation_ignore(
    *, member: User, invitation_id: int, now: dt.datetime | None = None
) -> Invitation:
    """Ignore: silent to the sender, and counts against their acceptance rate."""
    return _answer(member, invitation_id, State.IGNORED, now)


@transaction.atomic
def invitation_decline(
    *, member: User, invitation_id: int, now: dt.datetime | None = None
) -> Invitation:
    """'I don't know this person': the sender may not invite again, and their standing drops."""
    return _answer(member, invitation_id, State.DECLINED, now)


@transaction.atomic
def invitation_report(
    *, member: User, invitation_id: int, now: dt.datetime | None = None
) -> Invitation:
    """Report as spam: like 'I don't know', and visible to moderators as evidence."""
    return _answer(member, invitation_id, State.REPORTED, now)


@transaction.atomic
def invitation_withdraw(
    *, member: User, invitation_id: int, now: dt.datetime | None = None
) -> Invitation:
    invitation = locked(invitation_id)
    if invitation.sender_id != member.pk:
        raise NotFound("No such invitation.", code="invitation.not_found")
    decide(invitation, State.WITHDRAWN, now or timezone.now())
    return invitation


# Older than any invitation can be: pending ones expire long before this.
MAX_AGE_DAYS = 3650


def _each(ids: list[int], action: Callable[[int], object]) -> int:
    """Apply `action` to each id, skipping those answered meanwhile; how many succeeded."""
    done = 0
    for pk in ids:
        try:
            action(pk)
        except RapportError:
            continue
        done += 1
    return done


def invitations_withdraw_older(*, member: User, days: int, now: dt.datetime | None = None) -> int:
    """Withdraw every pending invitation the member sent more than `days` days ago."""
    if not 0 <= days <= MAX_AGE_DAYS:
        raise ValidationFailed(
            f"Give a number of days from 0 to {MAX_AGE_DAYS}.", code="invitation.days"
        )
    now = now or timezone.now()
    ids = list(
        Invitation.objects.filter(
            sender=member, state=State.PENDING, created_at__lte=now - dt.timedelta(days=days)
        ).values_list("pk", flat=True)
    )
    return _each(ids, lambda pk: invitation_withdraw(member=member, invitation_id=pk, now=now))


def invitations_ignore_many(
    *,
    member: User,
    ids: list[int] | None = None,
    default_text_only: bool = False,
    now: dt.datetime | None = None,
) -> int:
    """Bulk-ignore pending invitations to the member: the listed ones, or every default-text one."""
    if ids is None and not default_text_only:
        # Ignoring everything at once is never what a member means by a missing list.
        raise ValidationFailed(
            "Choose invitations to ignore, or ignore the default-text ones.",
            code="invitation.ignore_nothing",
        )
    now = now or timezone.now()
    qs = Invitation.objects.filter(recipient=member, state=State.PENDING)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    if default_text_only:
        qs = qs.filter(note_is_default=True)
    ids = list(qs.values_list("pk", flat=True))
    return _each(ids, lambda pk: invitation_ignore(member=member, invitation_id=pk, now=now))


def invitations_expire_due(*, now: dt.datetime | None = None) -> int:
    """Expire pending invitations older than the policy allows. Idempotent."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=policy().expiry_days)
    done = 0
    senders: dict[int, User] = {}
    for pk in list(
        Invitation.objects.filter(state=State.PENDING, created_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    ):
        with transaction.atomic():
            invitation = locked(pk)
            if invitation.state == State.PENDING:
                decide(invitation, State.EXPIRED, now)
                senders[invitation.sender_id] = invitation.sender
                done += 1
    for sender in senders.values():
        with transaction.atomic():
            after_answer(sender=sender, now=now, review=True)
    return done


def invitations_end_on_block(member: User, other: User, now: dt.datetime) -> None:
    """The invitations' step of a block (network.block_create): pending invitations
    between the two end. One received from the blocked member counts like ignoring it;
    one's own is simply withdrawn."""
    pending = Invitation.objects.filter(
        Q(sender=member, recipient=other) | Q(sender=other, recipient=member),
        state=State.PENDING,
    ).values_list("pk", "sender_id")
    for pk, sender_id in list(pending):
        if sender_id == member.pk:
            invitation_withdraw(member=member, invitation_id=pk, now=now)
        else:
            invitation_ignore(member=member, invitation_id=pk, now=now)


@transaction.atomic
def invitation_take_down(*, moderator: User, invitation_id: int) -> Invitation:
    """A moderator removes a reported invitation's note, and withdraws it if it still
    waits (the reports already count in the sender's standing)."""
    if not is_operator(moderator):
        raise PermissionDenied(
            "Only moderators take invitations down.", code="invitation.not_moderator"
        )
    invitation = Invitation.objects.select_for_update().filter(pk=invitation_id).first()
    if invitation is None:
        raise NotFound("No such invitation.", code="invitation.not_found")
    if invitation.state == State.PENDING:
        decide(invitation, State.WITHDRAWN, timezone.now())
    if invitation.note:
        invitation.note = ""
        invitation.save(update_fields=["note"])
    audit_record(
        actor=moderator,
        action="invitation.take_down",
        target=f"invitation {invitation.pk} by {invitation.sender_id}",
    )
    return invitation
