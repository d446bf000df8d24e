"""Marking stored trust stale when what it is computed from changes.

Trust sits above messaging, limits and members, which cannot call it; so it listens (to
objections through limits' signal, whichever capability recorded them). The receivers
hold no business logic: they queue a recompute (after commit, so the job sees the
change) or drop the rows of a connection that no longer exists.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from rapport.companies.models import Position
from rapport.conversations.models import GuardExemption, Message
from rapport.limits.models import Standing
from rapport.limits.signals import objection_recorded
from rapport.members.models import Education, Profile
from rapport.network.models import Connection
from rapport.trust.models import TrustScore


def _later(task: Any, *args: int) -> None:
    transaction.on_commit(lambda: task.enqueue(*args))


def _stale(a_id: int, b_id: int) -> None:
    """The pair's trust is recomputed by the next drain (coalesced: services.refresh)."""
    from rapport.trust.services.refresh import trust_mark_stale

    transaction.on_commit(lambda: trust_mark_stale(a_id, b_id))


def _message_saved(sender: Any, instance: Message, **kwargs: Any) -> None:
    if instance.recipient_id is not None:
        _stale(instance.sender_id, instance.recipient_id)


def _exemption_saved(sender: Any, instance: GuardExemption, **kwargs: Any) -> None:
    # Trusting a sender moves their filtered messages to the inbox in one update.
    _stale(instance.member_id, instance.sender_id)


def _connection_saved(sender: Any, instance: Connection, created: bool, **kwargs: Any) -> None:
    if created:
        _stale(instance.member_low_id, instance.member_high_id)


def _connection_deleted(sender: Any, instance: Connection, **kwargs: Any) -> None:
    pair = [instance.member_low_id, instance.member_high_id]
    TrustScore.objects.filter(member_id__in=pair, other_id__in=pair).delete()
    # A recompute that read the connection just before it went could write its row back;
    # the drain after the removal finds no connection and drops it again.
    _stale(*pair)


def _about(member_id: int) -> None:
    from rapport.trust.tasks import trust_refresh_about

    _later(trust_refresh_about, member_id)


def _objection(sender: Any, member: Any, **kwargs: Any) -> None:
    _about(member.pk)


def _standing_saved(sender: Any, instance: Standing, **kwargs: Any) -> None:
    _about(instance.member_id)


def _profile_saved(sender: Any, instance: Profile, **kwargs: Any) -> None:
    _about(instance.member_id)


def _history_changed(sender: Any, instance: Position | Education, **kwargs: Any) -> None:
    from rapport.trust.tasks import trust_refresh_member

    _later(trust_refresh_member, instance.member_id)


post_save.connect(_message_saved, sender=Message, dispatch_uid="trust_message")
post_save.connect(_exemption_saved, sender=GuardExemption, dispatch_uid="trust_exemption")
post_save.connect(_connection_saved, sender=Connection, dispatch_uid="trust_connection")
post_delete.connect(_connection_deleted, sender=Connection, dispatch_uid="trust_unconnect")
objection_recorded.connect(_objection, dispatch_uid="trust_objection")
post_save.connect(_standing_saved, sender=Standing, dispatch_uid="trust_standing")
post_save.connect(_profile_saved, sender=Profile, dispatch_uid="trust_profile")
for model in (Position, Education):
    post_save.connect(_history_changed, sender=model, dispatch_uid=f"trust_{model.__name__}")
    post_delete.connect(_history_changed, sender=model, dispatch_uid=f"trust_del_{model.__name__}")
