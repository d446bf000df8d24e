"""Making and removing connections. Invitations, imports and operators all come through here.

Each change is also appended to the change log in the same transaction, so every
process's graph index sees it within a second (decision 0008).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from rapport.accounts.models import User
from rapport.accounts.services import members_lock
from rapport.core.errors import Conflict, NotFound, ValidationFailed
from rapport.network import graph
from rapport.network.graph import changelog
from rapport.network.models import Block, Connection, ConnectionSource
from rapport.network.notification_kinds import CONNECTION_MADE
from rapport.notifications.services import notification_send


def _ordered(a: User, b: User) -> tuple[User, User]:
    return (a, b) if a.pk < b.pk else (b, a)


def connection_create(*, member: User, other: User, source: str, notify: bool = True) -> Connection:
    """Connect two members. Refuses oneself and an existing pair; safe against races."""
    if source not in ConnectionSource.values:
        raise ValidationFailed(f"Unknown connection source {source!r}.", code="connection.source")
    if member.pk == other.pk:
        raise ValidationFailed("You cannot connect with yourself.", code="connection.self")
    low, high = _ordered(member, other)
    try:
        with transaction.atomic():
            connection = Connection.objects.create(member_low=low, member_high=high, source=source)
            changelog.log_change(low.pk, high.pk, added=True)
            if notify:
                # `member` is the one who completed the connection (e.g. accepted);
                # the other side hears about it.
                notification_send(recipient=other, kind=CONNECTION_MADE.code, actor=member)
            transaction.on_commit(graph.changed)
    except IntegrityError as exc:
        raise Conflict(
            f"You are already connected with {other.display_name}.",
            code="connection.exists",
        ) from exc
    return connection


def connection_remove(*, member: User, other: User) -> None:
    """Remove a connection. Silent: the other side is not told."""
    low, high = _ordered(member, other)
    with transaction.atomic():
        deleted, _ = Connection.objects.filter(member_low=low, member_high=high).delete()
        if not deleted:
            raise NotFound(
                f"You are not connected with {other.display_name}.", code="connection.not_found"
            )
        changelog.log_change(low.pk, high.pk, added=False)
        transaction.on_commit(graph.changed)


def connections_changed_in_bulk() -> None:
    """Tell every graph index that connections were written without the services (a
    bulk import, a data migration): they rebuild from the table. Call after commit."""
    changelog.log_bulk_marker()
    transaction.on_commit(graph.changed)


# What else a block ends, for the capabilities above this one that own it (invitations
# end the pair's pending invitations). Not a signal: an explicit, ordered step of
# `block_create`, run in its transaction, so a failure undoes the block too.
BlockStep = Callable[[User, User, dt.datetime], None]
BLOCK_STEPS: list[BlockStep] = []


def block_step(step: BlockStep) -> BlockStep:
    """Register what a block ends (at app start-up, from the owning capability)."""
    if step not in BLOCK_STEPS:
        BLOCK_STEPS.append(step)
    return step


def block_create(*, member: User, other: User, now: dt.datetime | None = None) -> Block:
    """Block a member: the connection between them ends, silently, and stays ended, and
    each registered step ends what its capability holds between them, in one transaction.
    Messaging declines a waiting request itself (conversations.member_block).
    """
    now = now or timezone.now()
    if member.pk == other.pk:
        raise ValidationFailed("You cannot block yourself.", code="block.self")
    low, high = _ordered(member, other)
    try:
        with transaction.atomic():
            members_lock(member, other)  # a message being sent between them finishes first
            block = Block.objects.create(member=member, blocked=other)
            if Connection.objects.filter(member_low=low, member_high=high).delete()[0]:
                changelog.log_change(low.pk, high.pk, added=False)
                transaction.on_commit(graph.changed)
            for step in BLOCK_STEPS:
                step(member, other, now)
    except IntegrityError as exc:
        raise Conflict(
            f"You have already blocked {other.display_name}.", code="block.exists"
        ) from exc
    return block


def block_remove(*, member: User, other: User) -> None:
    """Unblock. The connection does not come back: they would have to connect again."""
    deleted, _ = Block.objects.filter(member=member, blocked=other).delete()
    if not deleted:
        raise NotFound(f"You have not blocked {other.display_name}.", code="block.not_found")


def connections_remove_all(*, member: User) -> list[int]:
    """Remove every connection and block of `member` (their account is being erased),
    each removal logged for the graph index. Returns who they were connected with."""
    pairs = list(
        Connection.objects.filter(Q(member_low=member) | Q(member_high=member)).values_list(
            "member_low_id", "member_high_id"
        )
    )
    with transaction.atomic():
        Connection.objects.filter(Q(member_low=member) | Q(member_high=member)).delete()
        changelog.log_changes([(low, high, False) for low, high in pairs])
        Block.objects.filter(Q(member=member) | Q(blocked=member)).delete()
        if pairs:
            transaction.on_commit(graph.changed)
    return [high if low == member.pk else low for low, high in pairs]
