"""Sending an invitation: every rule checked first, then one transaction."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from rapport.accounts.models import User
from rapport.accounts.services import members_lock
from rapport.core.errors import Conflict, NotFound, ValidationFailed
from rapport.core.text import clean_line, clean_paragraphs
from rapport.core.transactions import retry_on_deadlock
from rapport.invitations import notification_kinds as kinds
from rapport.invitations.coach import analyze_note
from rapport.invitations.limits import DAY, WEEK
from rapport.invitations.models import (
    HowWeKnow,
    Invitation,
    WhoMayInvite,
)
from rapport.invitations.selectors.context import note_context
from rapport.invitations.selectors.eligibility import (
    history_refusal,
    pair_invitations,
    pair_refusal,
    setting_refusal,
)
from rapport.invitations.selectors.standing import send_limits
from rapport.invitations.services.answers import invitation_accept
from rapport.invitations.services.common import (  # noqa: F401 (re-exported limits)
    MESSAGE_MAX,
    NOTE_MAX,
    InvitationRefused,
    notify_after_commit,
)
from rapport.limits.selectors.moderation import refuse_if_restricted
from rapport.limits.services import slots_take
from rapport.network import selectors as network


def _settled_between(
    sender: User, recipient: User, now: dt.datetime, invitations: list[Invitation] | None = None
) -> Invitation | None:
    """What the pair's state already answers: a refusal when they are connected, blocked
    or the sender's invitation is waiting; the acceptance of the recipient's own
    invitation when they asked first (a crossed invitation connects them, once).

    The acceptance happens only under both members' locks, with the state read again
    there: a concurrent answer may have settled the pair since the first look.
    """
    refusal, theirs = pair_refusal(sender, recipient, invitations)
    if refusal is not None:
        raise refusal
    if theirs is None:
        return None
    with transaction.atomic():
        members_lock(sender, recipient)
        refusal, theirs = pair_refusal(sender, recipient)
        if refusal is not None:
            raise refusal
        if theirs is None:
            return None
        # They already asked: saying yes to them is what the sender wants.
        return invitation_accept(member=sender, invitation_id=theirs.pk, now=now)


def _check_email(
    recipient: User,
    entered: str | None,
    *,
    why: str,
    code: str,
    sender: User,
    caps: tuple[int, int],
    now: dt.datetime,
) -> bool:
    """The sender must type the recipient's address. A wrong guess uses up an invitation.

    Otherwise the check would confirm guessed addresses for free, for exactly the
    members who asked to be reached only by people who know theirs.
    """
    if not entered:
        raise InvitationRefused(why, code=code)
    if entered.strip().lower() != recipient.email.lower():
        daily_cap, weekly_cap = caps
        with transaction.atomic():
            # The member's lock, as a send holds it while taking both allowances at once
            # (slots_take), so the two never take from the same allowances together.
            members_lock(sender)
            slots_take(member=sender, wants=[(DAY, daily_cap), (WEEK, weekly_cap)], now=now)
        raise InvitationRefused(
            "That is not the email address this member uses on Rapport. A wrong address "
            "counts as one of your invitations.",
            code="invitation.email_mismatch",
        )
    return True


def _clean_how(
    sender: User, recipient: User, how: str, detail: str, mutual: User | None
) -> tuple[str, str, User | None]:
    if how not in HowWeKnow.values:
        raise ValidationFailed(
            f"Choose how you know each other: {', '.join(HowWeKnow.values)}.",
            code="invitation.how_invalid",
            field="how_we_know",
        )
    detail = clean_line(detail)[:120]
    if how == HowWeKnow.MUTUAL:
        if mutual is None:
            raise ValidationFailed(
                "Say which mutual connection you share.",
                code="invitation.mutual_required",
                field="mutual",
            )
        if not network.is_visible_mutual(sender, recipient, mutual):
            raise ValidationFailed(
                f"{mutual.display_name} is not a mutual connection you can name: choose one "
                "from the list.",
                code="invitation.mutual_invalid",
                field="mutual",
            )
        return how, detail, mutual
    return how, detail, None


@retry_on_deadlock
def invitation_send(
    *,
    sender: User,
    recipient: User,
    note: str = "",
    how_we_know: str = HowWeKnow.OTHER,
    how_detail: str = "",
    mutual: User | None = None,
    recipient_email: str | None = None,
    now: dt.datetime | None = None,
) -> Invitation:
    """Invite `recipient` to connect, or accept their pending invitation to you.

    Checks run in order and the first refusal is raised with a stable code;
    nothing is written unless every check passes.
    """
    now = now or timezone.now()
    if sender.pk == recipient.pk:
        raise ValidationFailed("You cannot invite yourself.", code="invitation.self")
    # The sender's caps and restriction, the recipient's settings and a moderator's
    # restriction of the sender: one query, before any other check.
    standing = send_limits(sender, now=now, recipient=recipient)
    refuse_if_restricted("invitations", standing.moderator_until)
    if not recipient.is_active:
        raise NotFound("No such member.", code="invitation.recipient_not_found")
    history = pair_invitations(sender, recipient)  # read once for both first checks
    crossed = _settled_between(sender, recipient, now, history)
    if crossed is not None:
        return crossed
    note = clean_paragraphs(note)
    if len(note) > NOTE_MAX:
        raise ValidationFailed(
            f"A note is at most {NOTE_MAX} characters; yours has {len(note)}.",
            code="invitation.note_too_long",
            field="note",
        )
    how_we_know, how_detail, mutual = _clean_how(sender, recipient, how_we_know, how_detail, mutual)
    refusal = history_refusal(sender, recipient, now, history)
    if refusal is not None:
        raise refusal

    prefs = standing.recipient_preferences
    caps = (standing.daily_cap, standing.weekly_cap)
    email_confirmed = False
    refusal = setting_refusal(sender, recipient, prefs)
    if refusal is not None:
        raise refusal
    if prefs is not None and prefs.who_may_invite == WhoMayInvite.EMAIL:
        email_confirmed = _check_email(
            recipient,
            recipient_email,
            sender=sender,
            caps=caps,
            now=now,
            code="invitation.email_required",
            why=f"{recipient.display_name} accepts invitations only from people who know their "
            "email address; enter it to send.",
        )
    analysis = analyze_note(note, note_context(sender=sender, recipient=recipient))
    if prefs is not None and prefs.note_required and analysis.default_text:
        raise InvitationRefused(
            f"{recipient.display_name} asks for a personal note: say how you know each other "
            "and why you want to connect.",
            code="invitation.note_required",
            field="note",
        )

    if standing.restricted and not email_confirmed:
        email_confirmed = _check_email(
            recipient,
            recipient_email,
            sender=sender,
            caps=caps,
            now=now,
            code="invitation.restricted",
            why="Your invitations are restricted: enter this member's email address to show "
            "you know them. Your standing page says when the restriction lifts.",
        )
    try:
        with transaction.atomic():
            # The pair's state is checked again under both members' locks: a request
            # that checked before a crossed invitation or an acceptance committed must
            # not leave an invitation pending between two connected members.
            members_lock(sender, recipient)
            crossed = _settled_between(sender, recipient, now)
            if crossed is not None:
                return crossed
            slots_take(
                member=sender,
                wants=[(DAY, standing.daily_cap), (WEEK, standing.weekly_cap)],
                now=now,
            )
            invitation = Invitation.objects.create(
                sender=sender,
                recipient=recipient,
                note=note,
                how_we_know=how_we_know,
                how_detail=how_detail,
                mutual=mutual,
                created_at=now,
                note_is_default=analysis.default_text,
                note_is_pitch=analysis.pitch,
                note_personalization=analysis.personalization,
                email_confirmed=email_confirmed,
            )
            notify_after_commit(
                recipient=recipient, kind=kinds.RECEIVED.code, actor=sender, target=invitation
            )
    except IntegrityError as exc:
        # A concurrent request created the pending invitation first.
        raise Conflict(
            f"An invitation between you and {recipient.display_name} is already waiting.",
            code="invitation.pending",
        ) from exc
    return invitation
