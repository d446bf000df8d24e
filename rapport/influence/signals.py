"""Significant events mark a member's score for a recompute: someone responded to their
post, replied to them or wrote to them (a message, an accepted conversation request),
answered their invitation, or accepted an introduction they asked for or passed on. One
job a member until it runs, however many reactions arrive meanwhile
(`influence_mark_stale`)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from rapport.conversations.models import Conversation, Message, Participant
from rapport.conversations.models import State as ConversationState
from rapport.invitations.models import Invitation
from rapport.invitations.models import State as InvitationState
from rapport.posts.models import Comment, Post, PostShare, Reaction
from rapport.trust.models import Introduction, IntroductionState, IntroductionStep, StepRole


class _Pending:
    """The members and conversations a transaction's events named, marked once after
    its commit: a first message names its conversation twice (the message, and the
    conversation it opens), and a reply once more for each save."""

    def __init__(self) -> None:
        self.members: set[int] = set()
        self.conversations: set[int] = set()
        self.flushed = False

    def flush(self) -> None:
        self.flushed = True
        from rapport.influence.services import influence_mark_stale
        from rapport.influence.tasks import influence_recompute_member

        who = set(self.members)
        if self.conversations:
            who |= set(
                Participant.objects.filter(conversation_id__in=self.conversations).values_list(
                    "member_id", flat=True
                )
            )
        for member_id in influence_mark_stale(who) if who else []:
            influence_recompute_member.enqueue(member_id)


def _pending() -> _Pending:
    """This transaction's `_Pending`, registered to flush on commit once. A rollback
    drops the registration (and so the set), a savepoint's rollback the one made in it."""
    connection = transaction.get_connection()
    current: _Pending | None = getattr(connection, "_influence_pending", None)
    # Reused only if registered where every savepoint open now was open already: a
    # savepoint rolled back later then takes its own members with it.
    open_now = set(connection.savepoint_ids)
    if (
        current is not None
        and not current.flushed
        and any(f == current.flush and open_now <= sids for sids, f, _ in connection.run_on_commit)
    ):
        return current
    fresh = _Pending()
    connection._influence_pending = fresh
    transaction.on_commit(fresh.flush)
    return fresh


def _later(member_ids: set[int] | None = None, *, conversation: int | None = None) -> None:
    """After the commit (the writer's own queries stay as they were): mark these members,
    or a conversation's participants, stale and queue a recompute for each newly
    marked. Outside a transaction, at once."""
    in_transaction = transaction.get_connection().in_atomic_block
    pending = _pending() if in_transaction else _Pending()
    pending.members |= set(member_ids or ())
    if conversation is not None:
        pending.conversations.add(conversation)
    if not in_transaction:
        pending.flush()


@receiver(post_save, sender=Reaction)
@receiver(post_save, sender=PostShare)
def _responded(sender: Any, instance: Reaction | PostShare, created: bool, **_: Any) -> None:
    if created:
        _later({instance.post.author_id})


@receiver(post_save, sender=Comment)
def _commented(sender: Any, instance: Comment, created: bool, **_: Any) -> None:
    if created:
        owners = {instance.post.author_id}
        if instance.parent_id is not None:
            owners.add(instance.parent.author_id)  # type: ignore[union-attr]
        _later(owners - {instance.author_id})


def _saved(created: bool, kwargs: dict[str, Any], *fields: str) -> bool:
    """Created, or saved with one of `fields` (a save naming no fields may change any)."""
    named = kwargs.get("update_fields")
    return created or named is None or bool(set(named) & set(fields))


@receiver(post_save, sender=Post)
def _reposted(sender: Any, instance: Post, created: bool, **kwargs: Any) -> None:
    if (
        instance.repost_of_id is not None
        and instance.published_at is not None
        and _saved(created, kwargs, "state", "published_at", "deleted_at")
    ):
        _later({instance.repost_of.author_id})  # type: ignore[union-attr]


@receiver(post_save, sender=Invitation)
def _answered(sender: Any, instance: Invitation, created: bool, **kwargs: Any) -> None:
    # The answer counts for the sender; an acceptance also moves both members' circles,
    # and so what counts as reach for each.
    if not created and instance.decided_at is not None and _saved(False, kwargs, "state"):
        both = instance.state == InvitationState.ACCEPTED
        _later({instance.sender_id, *([instance.recipient_id] if both else [])})


@receiver(post_save, sender=Message)
def _wrote(sender: Any, instance: Message, created: bool, **_: Any) -> None:
    # A reply counts for those who wrote in the conversation before, and the writer
    # may now have answered someone: every participant is looked at.
    if created:
        _later(conversation=instance.conversation_id)


@receiver(post_save, sender=Conversation)
def _opened(sender: Any, instance: Conversation, created: bool, **kwargs: Any) -> None:
    # Someone who started an accepted conversation counts for the other participants;
    # saves of an open conversation after that change nothing new (the stale mark
    # keeps the repeats to one job).
    if instance.state == ConversationState.OPEN and _saved(created, kwargs, "state"):
        _later(conversation=instance.pk)


@receiver(post_save, sender=Introduction)
def _introduced(sender: Any, instance: Introduction, created: bool, **kwargs: Any) -> None:
    if instance.state == IntroductionState.ACCEPTED and _saved(created, kwargs, "state"):

        def members() -> set[int]:
            introducers = IntroductionStep.objects.filter(
                introduction_id=instance.pk, role=StepRole.INTRODUCER
            ).values_list("member_id", flat=True)
            return {instance.requester_id, *introducers}

        transaction.on_commit(lambda: _later(members()))
