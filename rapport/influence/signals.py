"""Significant events mark a member's score for a recompute: someone responded to their
post, replied to them, or answered their invitation. One job a member until it runs,
however many reactions arrive meanwhile (`influence_mark_stale`)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from rapport.invitations.models import Invitation
from rapport.posts.models import Comment, Post, PostShare, Reaction


def _later(member_ids: set[int]) -> None:
    def queue() -> None:
        from rapport.influence.services import influence_mark_stale
        from rapport.influence.tasks import influence_recompute_member

        for member_id in influence_mark_stale(member_ids):
            influence_recompute_member.enqueue(member_id)

    transaction.on_commit(queue)


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


@receiver(post_save, sender=Post)
def _reposted(sender: Any, instance: Post, created: bool, **_: Any) -> None:
    if instance.repost_of_id is not None and instance.published_at is not None:
        _later({instance.repost_of.author_id})  # type: ignore[union-attr]


@receiver(post_save, sender=Invitation)
def _answered(sender: Any, instance: Invitation, created: bool, **_: Any) -> None:
    if not created and instance.decided_at is not None:
        _later({instance.sender_id})
