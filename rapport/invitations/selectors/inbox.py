"""The recipient's inbox and the sender's outbox, with the context each card shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from rapport.accounts.models import User
from rapport.invitations.coach import NoteAnalysis, analyze_note
from rapport.invitations.models import Invitation, InvitationMessage, Policy, Standing, State
from rapport.invitations.selectors.context import Shared, coach_context, shared_many
from rapport.invitations.selectors.policy import policy
from rapport.invitations.states import DECIDED, NEGATIVE

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

    @property
    def quality(self) -> int:
        """Best-first order: a personal note, mutual connections and shared history."""
        score = 0 if self.coach.default_text else self.coach.personalization
        score += 10 * min(self.shared.mutual_count, 5)
        score += 15 * (len(self.shared.employers) + len(self.shared.schools))
        if self.coach.pitch:
            score -= 40
        return score


def bands_for(
    sender_ids: list[int], *, now: dt.datetime | None = None, rules: Policy | None = None
) -> dict[int, str]:
    """Standing bands for many senders in two queries (the inbox shows one per card)."""
    now = now or timezone.now()
    rules = rules or policy()
    since = now - dt.timedelta(days=rules.window_days)
    stored = {s.member_id: s for s in Standing.objects.filter(member_id__in=sender_ids)}
    rows = (
        Invitation.objects.filter(
            sender_id__in=sender_ids, state__in=DECIDED, decided_at__gte=since
        )
        .values("sender_id")
        .annotate(
            decided=Count("pk"),
            accepted=Count("pk", filter=Q(state=State.ACCEPTED)),
            negatives=Count("recipient", filter=Q(state__in=NEGATIVE), distinct=True),
        )
    )
    found = {r["sender_id"]: r for r in rows}
    bands = {}
    for sender_id in sender_ids:
        row = found.get(sender_id, {"decided": 0, "accepted": 0, "negatives": 0})
        s = stored.get(sender_id)
        if s is not None and s.counting_since and s.counting_since > since:
            row = {"decided": 0, "accepted": 0, "negatives": 0}  # forgiven: counts afresh
        decided, accepted = row["decided"], row["accepted"]
        restricted = bool(s and s.restricted_until and s.restricted_until > now)
        throttled = (
            decided >= rules.throttle_min_decided and accepted / decided < rules.throttle_rate
        )
        if restricted or throttled:
            bands[sender_id] = "poor"
        elif row["negatives"] >= 2 or (decided >= 5 and accepted / decided < 0.5):
            bands[sender_id] = "fair"
        else:
            bands[sender_id] = "good"
    return bands


def pending_received(member: User) -> QuerySet[Invitation]:
    return Invitation.objects.filter(recipient=member, state=State.PENDING).select_related(
        "sender", "sender__profile", "mutual"
    )


def inbox(member: User, *, sort: str = "best", show: str = "all") -> list[Card]:
    """Pending invitations to `member` as cards. sort: best|newest; show: all|personal|default."""
    invitations = list(pending_received(member).order_by("-created_at")[:INBOX_LIMIT])
    if show == "personal":
        invitations = [i for i in invitations if not i.note_is_default]
    elif show == "default":
        invitations = [i for i in invitations if i.note_is_default]
    bands = bands_for([i.sender_id for i in invitations])
    threads: dict[int, list[InvitationMessage]] = {}
    for message in InvitationMessage.objects.filter(invitation__in=invitations).select_related(
        "author"
    ):
        threads.setdefault(message.invitation_id, []).append(message)
    shared = shared_many(viewer=member, others=[i.sender for i in invitations])
    cards = []
    for invitation in invitations:
        sender = invitation.sender
        cards.append(
            Card(
                invitation=invitation,
                shared=shared[sender.pk],
                coach=analyze_note(
                    invitation.note,
                    coach_context(sender=sender, recipient=member, shared=shared[sender.pk]),
                ),
                band=bands[sender.pk],
                messages=threads.get(invitation.pk, []),
            )
        )
    if sort == "best":
        cards.sort(key=lambda c: (c.quality, c.invitation.created_at), reverse=True)
    return cards


def sent_by(member: User, *, state: str | None = State.PENDING) -> QuerySet[Invitation]:
    qs = Invitation.objects.filter(sender=member).select_related("recipient", "recipient__profile")
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-created_at")


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
