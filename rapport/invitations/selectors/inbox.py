"""The recipient's inbox and the sender's outbox, with the context each card shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from rapport.accounts.models import User
from rapport.core.compiled import Reusable
from rapport.invitations.coach import NoteAnalysis, NoteContext, analyze_note
from rapport.invitations.models import (
    Appeal,
    Invitation,
    InvitationMessage,
    InvitationPreferences,
    State,
)
from rapport.invitations.selectors.bands import bands_for
from rapport.invitations.selectors.context import Shared, coach_context, shared_many
from rapport.invitations.selectors.policy import Policy, policy
from rapport.network import selectors as network

# An inbox is read whole to sort it by quality; beyond this many pending
# invitations the oldest wait for the next page load.
INBOX_LIMIT = 200


@dataclass
class Card:
    invitation: Invitation
    shared: Shared
    coach: NoteAnalysis
    band: str
    messages: list[InvitationMessage]
    degree: int | None = None

    @property
    def quality(self) -> int:
        """Best-first order: a personal note, mutual connections and shared history."""
        score = 0 if self.coach.default_text else self.coach.personalization
        score += 10 * min(self.shared.mutual_count, 5)
        score += 15 * (len(self.shared.employers) + len(self.shared.schools))
        if self.coach.pitch:
            score -= 40
        return score


# The header's count is read on every page: its SQL is built once (core/compiled.py).
# Grouped by the one recipient, so a member with none waiting gets no row.
_WAITING = Reusable(
    lambda *, recipient: (
        Invitation.objects.filter(recipient_id=recipient, state=State.PENDING)
        .values("recipient_id")
        .annotate(n=Count("pk"))
        .values_list("n")
    )
)


def waiting_count(member: User) -> int:
    """Invitations waiting for the member's answer (the header's number)."""
    found = _WAITING.rows(recipient=member.pk)
    return int(found[0][0]) if found else 0


def pending_received(
    member: User, *, now: dt.datetime | None = None, rules: Policy | None = None
) -> QuerySet[Invitation]:
    """Pending invitations the member can still answer.

    Invitations past their age and those from deactivated members are left out even
    before the housekeeping job marks them expired.
    """
    now = now or timezone.now()
    return _pending_received(member.pk, now - dt.timedelta(days=(rules or policy()).expiry_days))


def _pending_received(recipient_id: int, since: dt.datetime) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        recipient_id=recipient_id,
        state=State.PENDING,
        sender__is_active=True,
        created_at__gt=since,
    ).select_related("sender", "sender__profile", "mutual")


# The inbox page's own reads: built once (rapport/core/compiled.py).
_INBOX = Reusable(
    lambda *, recipient, since, limit: _pending_received(recipient, since).order_by("-created_at")[
        :limit
    ]
)
_THREADS = Reusable(
    lambda *, ids: InvitationMessage.objects.filter(invitation_id__in=ids).select_related("author")
)


@lru_cache(maxsize=1024)
def _coached(note: str, context: NoteContext) -> NoteAnalysis:
    """The coach's verdict on a note shown in an inbox. It depends only on the note and
    what the two members share (names, employers, schools, groups: the context), so a
    card shown again is not analysed again — about 0.8 ms a note, 5.5 ms for an inbox
    of seven on the demo. Per process; a changed context is a new key. Callers only
    read the verdict."""
    return analyze_note(note, context)


def inbox(member: User, *, sort: str = "best", show: str = "all") -> list[Card]:
    """Pending invitations to `member` as cards. sort: best|newest; show: all|personal|default."""
    rules = policy()
    since = timezone.now() - dt.timedelta(days=rules.expiry_days)
    invitations = _INBOX.objects(recipient=member.pk, since=since, shape={"limit": INBOX_LIMIT})
    if show == "personal":
        invitations = [i for i in invitations if not i.note_is_default]
    elif show == "default":
        invitations = [i for i in invitations if i.note_is_default]
    bands = bands_for([i.sender_id for i in invitations], rules=rules)
    threads: dict[int, list[InvitationMessage]] = {}
    for message in _THREADS.objects(ids=[i.pk for i in invitations]):
        threads.setdefault(message.invitation_id, []).append(message)
    shared = shared_many(viewer=member, others=[i.sender for i in invitations])
    degrees = network.degrees_for(member.pk, [i.sender_id for i in invitations])
    cards = []
    for invitation in invitations:
        sender = invitation.sender
        cards.append(
            Card(
                invitation=invitation,
                shared=shared[sender.pk],
                coach=_coached(
                    invitation.note,
                    coach_context(sender=sender, recipient=member, shared=shared[sender.pk]),
                ),
                band=bands[sender.pk],
                messages=threads.get(invitation.pk, []),
                degree=degrees.get(sender.pk),
            )
        )
    if sort == "best":
        cards.sort(key=lambda c: (c.quality, c.invitation.created_at), reverse=True)
    return cards


def sent_by(member: User, *, state: str | None = State.PENDING) -> QuerySet[Invitation]:
    """The member's sent invitations, each annotated with whether a thread was started."""
    qs = (
        Invitation.objects.filter(sender=member)
        .select_related("recipient", "recipient__profile")
        .annotate(has_thread=Exists(InvitationMessage.objects.filter(invitation=OuterRef("pk"))))
    )
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-created_at")


def answered_sent(member: User, *, limit: int = 30) -> list[Invitation]:
    return list(sent_by(member, state=None).exclude(state=State.PENDING)[:limit])


# The sender learns only that an invitation was not accepted: whether it was
# ignored, answered "I don't know" or reported stays the recipient's business.
PRIVATE_ANSWERS = (State.IGNORED, State.DECLINED, State.REPORTED)


def state_seen_by(invitation: Invitation, member_id: int) -> str:
    if member_id == invitation.sender_id and invitation.state in PRIVATE_ANSWERS:
        return "not_accepted"
    return invitation.state


STATE_LABELS = {**dict(State.choices), "not_accepted": "Not accepted"}


def preferences_of(member: User) -> InvitationPreferences | None:
    return InvitationPreferences.objects.filter(member=member).first()


def appeals_of(member: User, *, limit: int = 5) -> list[Appeal]:
    return list(Appeal.objects.filter(member=member).order_by("-created_at")[:limit])


def invitation_for(member: User, invitation_id: int) -> Invitation | None:
    """An invitation only its sender or recipient may see."""
    return (
        Invitation.objects.filter(pk=invitation_id)
        .filter(Q(sender=member) | Q(recipient=member))
        .select_related("sender", "recipient", "mutual")
        .first()
    )


def thread(invitation: Invitation) -> list[InvitationMessage]:
    return list(invitation.messages.select_related("author"))


def pending_between(a: User, b: User) -> Invitation | None:
    return (
        Invitation.objects.filter(state=State.PENDING)
        .filter(Q(sender=a, recipient=b) | Q(sender=b, recipient=a))
        .first()
    )
