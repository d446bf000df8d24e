"""Whether a member may invite another, asked before they write a word.

`invitation_send` refuses with these same answers (it calls `pair_refusal`,
`history_refusal` and `setting_refusal`), so the profile's button, the compose page and
the service can never disagree: a member learns of a cooldown or a "does not accept
invitations from you" before writing the note, not after (issue 11, item 16).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, Subquery
from django.utils import timezone

from rapport.accounts.models import User
from rapport.core.compiled import Reusable
from rapport.core.errors import Conflict, RapportError, ValidationFailed
from rapport.invitations.models import Invitation, InvitationPreferences, State, WhoMayInvite
from rapport.invitations.selectors.policy import policy
from rapport.invitations.selectors.standing import StandingReport, standing_for
from rapport.network import selectors as network

# The recipient's answers that the sender sees only as "not accepted".
NOT_ACCEPTED = (State.IGNORED, State.DECLINED, State.REPORTED)


class InvitationRefused(ValidationFailed):
    code = "invitation.refused"


# Every send reads them: built once (rapport/core/compiled.py).
_PAIR_INVITATIONS = Reusable(
    lambda *, a, b: Invitation.objects.filter(
        Q(sender_id=a, recipient_id=b) | Q(sender_id=b, recipient_id=a)
    ).order_by("created_at", "pk")
)


def pair_invitations(a: User, b: User) -> list[Invitation]:
    """Every invitation between the two, either way, oldest first: the few rows both
    `pair_refusal` and `history_refusal` read, in one query."""
    return _PAIR_INVITATIONS.objects(a=a.pk, b=b.pk)


def _waiting_between(sender_id: int, recipient_id: int) -> dict[str, Subquery]:
    """The invitation waiting between the two, either way, and who sent it."""
    waiting = (
        Invitation.objects.filter(state=State.PENDING)
        .filter(
            Q(sender_id=sender_id, recipient_id=recipient_id)
            | Q(sender_id=recipient_id, recipient_id=sender_id)
        )
        .order_by("pk")
    )
    return {
        "waiting_id": Subquery(waiting.values("pk")[:1]),
        "waiting_from": Subquery(waiting.values("sender_id")[:1]),
    }


def pair_refusal(
    sender: User, recipient: User, invitations: list[Invitation] | None = None
) -> tuple[RapportError | None, Invitation | None]:
    """What the pair's state says: (a refusal, or None; their invitation to the sender,
    waiting, which sending would accept). `invitations`: the pair's, read already."""
    # A block, a connection and (unless the caller read the pair's invitations) the
    # one waiting between them, in one query.
    pair = network.pair_between(
        sender.pk, recipient.pk, also=_waiting_between if invitations is None else None
    )
    if pair.blocked:
        return (
            InvitationRefused(
                f"You cannot invite {recipient.display_name}: one of you has blocked the other.",
                code="invitation.blocked",
            ),
            None,
        )
    if pair.connected_at is not None:
        return (
            Conflict(
                f"You are already connected with {recipient.display_name}.",
                code="invitation.connected",
            ),
            None,
        )
    if invitations is None:
        waiting_id, waiting_from = pair.also["waiting_id"], pair.also["waiting_from"]
        if waiting_id is not None and waiting_from == recipient.pk:
            # Theirs, which sending accepts: the whole row, read under the same locks.
            return None, Invitation.objects.get(pk=waiting_id)
        pending_from_sender = waiting_id is not None
    else:
        pending = next((i for i in invitations if i.state == State.PENDING), None)
        if pending is not None and pending.sender_id == recipient.pk:
            return None, pending
        pending_from_sender = pending is not None
    if pending_from_sender:
        return (
            Conflict(
                f"Your invitation to {recipient.display_name} is still waiting.",
                code="invitation.pending",
            ),
            None,
        )
    return None, None


def history_refusal(
    sender: User, recipient: User, now: dt.datetime, invitations: list[Invitation] | None = None
) -> RapportError | None:
    """A re-invitation the recipient already answered no to, or one still cooling down.

    Every "no" — ignored, "I don't know this person", reported — is final until the
    recipient invites the sender themselves, and all three read the same to the sender
    (the Sent page promises the recipient's choice stays private: a different refusal,
    or a date after one kind of "no" only, would tell which it was).
    """
    if invitations is None:
        invitations = pair_invitations(sender, recipient)
    mine = [i for i in invitations if i.sender_id == sender.pk]
    last_back = max(
        (i.created_at for i in invitations if i.sender_id == recipient.pk), default=None
    )
    refused = [
        i
        for i in mine
        if i.state in NOT_ACCEPTED
        # ...unless they invited you back since
        and (last_back is None or (i.decided_at is not None and i.decided_at > last_back))
    ]
    if refused:
        return InvitationRefused(
            f"{recipient.display_name} did not accept your last invitation, so you cannot "
            "invite them again unless they invite you.",
            code="invitation.not_accepted",
        )
    days = policy().cooldown_days
    cooling = max(
        (
            i.decided_at
            for i in mine
            if i.state in (State.WITHDRAWN, State.EXPIRED)
            and i.decided_at is not None
            and i.decided_at > now - dt.timedelta(days=days)
        ),
        default=None,
    )
    if cooling is not None:
        until = cooling + dt.timedelta(days=days)
        return InvitationRefused(
            f"Your last invitation to {recipient.display_name} ended recently; you can invite "
            f"them again from {until:%d %b %Y}.",
            code="invitation.cooldown",
        )
    return None


def setting_refusal(
    sender: User, recipient: User, prefs: InvitationPreferences | None
) -> RapportError | None:
    """The recipient's "who may invite me" when it shuts the sender out entirely."""
    mutual_only = prefs is not None and prefs.who_may_invite == WhoMayInvite.MUTUAL
    if mutual_only and not network.share_a_connection(sender, recipient):
        return InvitationRefused(
            f"{recipient.display_name} accepts invitations only from people who share a "
            "connection with them.",
            code="invitation.needs_mutual",
        )
    return None


@dataclass
class InviteCheck:
    """What the sender may do now: invite (perhaps with the recipient's e-mail address),
    respond to the recipient's own invitation, or nothing, and why."""

    refusal: RapportError | None = None
    respond_to: Invitation | None = None
    needs_email: bool = False
    standing: StandingReport | None = None
    prefs: InvitationPreferences | None = None

    @property
    def allowed(self) -> bool:
        return self.refusal is None and self.respond_to is None

    @property
    def code(self) -> str | None:
        return self.refusal.code if self.refusal is not None else None

    @property
    def message(self) -> str:
        return self.refusal.message if self.refusal is not None else ""


def invite_check(*, sender: User, recipient: User, now: dt.datetime | None = None) -> InviteCheck:
    """Every refusal `invitation_send` would give before the note is read, in its order,
    plus the allowance: an invitation with no slot left is refused here too."""
    now = now or timezone.now()
    if sender.pk == recipient.pk:
        return InviteCheck(ValidationFailed("You cannot invite yourself.", code="invitation.self"))
    invitations = pair_invitations(sender, recipient)
    refusal, theirs = pair_refusal(sender, recipient, invitations)
    if refusal is not None or theirs is not None:
        return InviteCheck(refusal, respond_to=theirs)
    refusal = history_refusal(sender, recipient, now, invitations)
    if refusal is not None:
        return InviteCheck(refusal)
    prefs = InvitationPreferences.objects.filter(member=recipient).first()
    refusal = setting_refusal(sender, recipient, prefs)
    if refusal is not None:
        return InviteCheck(refusal, prefs=prefs)
    standing = standing_for(sender, now=now)
    if standing.daily.left <= 0 or standing.weekly.left <= 0:
        day = standing.daily.left <= 0
        window, code = ("today's", "day_limit") if day else ("this week's", "week_limit")
        lifts = " ".join(standing.lifts)
        return InviteCheck(
            InvitationRefused(
                f"You have used {window} invitations. {lifts}".strip(), code=f"invitation.{code}"
            ),
            standing=standing,
            prefs=prefs,
        )
    needs_email = standing.restricted or (
        prefs is not None and prefs.who_may_invite == WhoMayInvite.EMAIL
    )
    return InviteCheck(needs_email=needs_email, standing=standing, prefs=prefs)
