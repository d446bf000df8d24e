"""The one way any capability tells a member something.

A write costs a fixed number of queries however busy the thing is: the member's
choice for the kind and any mute (one or two reads), then either a new row or — for
a grouped kind with an open group inside the window — one locked read, one insert of
the actor and one update of the group. Nothing is ever loaded to be counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, OuterRef, QuerySet, Subquery, Value
from django.utils import timezone

from rapport.accounts.models import User
from rapport.core import limits
from rapport.core.compiled import Reusable
from rapport.core.errors import ValidationFailed
from rapport.notifications import kinds
from rapport.notifications.kinds import Category, Email, Kind
from rapport.notifications.models import (
    Digest,
    KindPreference,
    MutedMentioner,
    MutedThing,
    Notification,
    NotificationActor,
    NotificationPreferences,
)
from rapport.notifications.tiers import tier_for

# Inside `history()`, notifications are written as already told: the demo community's
# past is not news, and a fresh install must not e-mail hundreds of invented members.
_HISTORY: ContextVar[bool] = ContextVar("notifications_history", default=False)


@contextmanager
def history() -> Iterator[None]:
    """Record notifications without e-mailing them, now or in a digest."""
    token = _HISTORY.set(True)
    try:
        yield
    finally:
        _HISTORY.reset(token)


def actors_phrase(first: str, second: str | None, count: int) -> str:
    """ "Ada Mensah", "Ada Mensah and Ben Okafor", "Ada Mensah, Ben Okafor and 12 others"."""
    if count <= 1 or second is None:
        return first if count <= 1 else f"{first} and {count - 1} other{'s' if count > 2 else ''}"
    if count == 2:
        return f"{first} and {second}"
    rest = count - 2
    return f"{first}, {second} and {rest} other{'s' if rest > 1 else ''}"


def _sentence(kind: Kind, recipient: User, actors: str) -> str:
    return kind.template.format(actor=actors, recipient=recipient.display_name)[:300]


def _channels_query(
    *,
    member: int,
    kind: str,
    target_type: int | None = None,
    target: int | None = None,
    mentioner: int | None = None,
) -> QuerySet[Any]:
    """The member's channels for a kind and, when asked, whether they muted the target
    or the one who mentioned them: one row, so a notification costs one read."""
    chosen = KindPreference.objects.filter(member_id=OuterRef("pk"), kind=kind)
    muted_thing: Exists | Value = Value(False)
    if target is not None:
        muted_thing = Exists(
            MutedThing.objects.filter(
                member_id=OuterRef("pk"), target_type_id=target_type, target_id=target
            )
        )
    muted_mentioner: Exists | Value = Value(False)
    if mentioner is not None:
        muted_mentioner = Exists(
            MutedMentioner.objects.filter(member_id=OuterRef("pk"), actor_id=mentioner)
        )
    return (
        User.objects.filter(pk=member)
        .annotate(
            kind_site=Subquery(chosen.values("site")[:1]),
            kind_email=Subquery(chosen.values("email")[:1]),
            digest=Subquery(
                NotificationPreferences.objects.filter(member_id=OuterRef("pk")).values("digest")[
                    :1
                ]
            ),
            muted_thing=muted_thing,
            muted_mentioner=muted_mentioner,
        )
        .values_list("kind_site", "kind_email", "digest", "muted_thing", "muted_mentioner")[:1]
    )


# Every notification asks this: its SQL is built once (rapport/core/compiled.py).
_CHANNELS = Reusable(_channels_query)


def _channels(member_id: int, kind: Kind, chosen: tuple[Any, ...] | None) -> tuple[bool, str]:
    site, email, digest = chosen[:3] if chosen is not None else (None, None, None)
    if site is None or email is None:
        site, email = kind.site, kind.email
    if kind.required:
        site = True
        email = email if email != Email.OFF else kind.email
    if email == Email.DIGEST and digest == Digest.OFF:
        email = Email.INSTANT if kind.required else Email.OFF
    return site, email


def channels_for(member_id: int, kind: Kind) -> tuple[bool, str]:
    """(shown on the site, e-mail) for this member and kind, in one query: their choice,
    else the kind's default. Account notices are always on the site and always
    e-mailed. "In the digest" for someone who takes no digest would reach nobody: it is
    no e-mail — except for account notices, which then go at once."""
    rows = _CHANNELS.rows(member=member_id, shape={"kind": kind.code})
    return _channels(member_id, kind, rows[0] if rows else None)


def _choices(
    recipient: User, kind: Kind, actor: User | None, target: models.Model | None
) -> tuple[bool, bool, str]:
    """(muted, shown on the site, e-mail) in one query: a muted post or mentioner
    silences all but the notices every member gets (`required`)."""
    values: dict[str, Any] = {"member": recipient.pk}
    shape: dict[str, Any] = {"kind": kind.code, "target": None, "mentioner": None}
    # An unsaved target has no id to send (its notification fails on its constraint).
    if not kind.required and target is not None and target.pk is not None:
        values |= {"target_type": ContentType.objects.get_for_model(target).pk, "target": target.pk}
        del shape["target"]
    if not kind.required and kind.category == Category.MENTIONS and actor is not None:
        values["mentioner"] = actor.pk
        del shape["mentioner"]
    rows = _CHANNELS.rows(shape=shape, **values)
    chosen = rows[0] if rows else None
    muted = chosen is not None and bool(chosen[3] or chosen[4])
    return (muted, *_channels(recipient.pk, kind, chosen))


def notification_send(
    *,
    recipient: User,
    kind: str,
    actor: User | None = None,
    target: models.Model | None = None,
    url: str = "",
    from_network: bool | None = None,
    filtered: bool = False,
    now: dt.datetime | None = None,
) -> Notification | None:
    """Tell `recipient` that `actor` did `kind` to `target`.

    Nothing is recorded for one's own action, for a muted post or mentioner, or for a
    kind the member switched off on every channel. `from_network` (whether the actor
    is among the recipient's connections) ranks mentions; `filtered` keeps a mention
    in the member's filtered list instead of their notifications.
    """
    declared = kinds.get(kind)
    if declared is None:
        raise ValidationFailed(f"Unknown notification kind {kind!r}.", code="notification.kind")
    if actor is not None and actor.pk == recipient.pk:
        return None
    now = now or timezone.now()
    muted, site, email = _choices(recipient, declared, actor, target)
    if muted or (not site and email == Email.OFF):
        return None
    if filtered or _HISTORY.get():
        # A filtered mention waits to be reviewed; history is not news: neither e-mails.
        email = Email.OFF
    fields = {
        "kind": kind,
        "actor": actor,
        "target_type": ContentType.objects.get_for_model(target) if target is not None else None,
        "target_id": target.pk if target is not None else None,
        "url": url[:300],
        "tier": tier_for(kind, from_network=from_network),
        "on_site": site,
        "is_filtered": filtered,
        "email": email,
    }
    if declared.grouped and actor is not None and not filtered:
        notification, grew = _group_join(recipient, declared, fields, now)
        created = grew
    else:
        notification = Notification.objects.create(
            recipient=recipient,
            text=_sentence(declared, recipient, actor.display_name if actor else "Someone"),
            created_at=now,
            updated_at=now,
            **fields,
        )
        created = True
    if created and notification.email == Email.INSTANT:
        from rapport.notifications.tasks import notification_email_send

        pk = notification.pk
        transaction.on_commit(lambda: notification_email_send.enqueue(pk))
    return notification


def _group_key(kind: Kind, fields: dict[str, object]) -> str:
    if fields["target_type"] is None or not kind.group_by_target:
        return kind.code
    return f"{kind.code}:{fields['target_type'].pk}:{fields['target_id']}"  # type: ignore[attr-defined]


def _group_join(
    recipient: User, kind: Kind, fields: dict[str, object], now: dt.datetime
) -> tuple[Notification, bool]:
    """Join the open group inside the window, or start one. Returns (row, whether it
    is news: started, or grown by someone new)."""
    key = _group_key(kind, fields)
    actor: User = fields["actor"]  # type: ignore[assignment]
    window = dt.timedelta(hours=limits.value("notifications.group_hours"))
    for _attempt in range(3):
        with transaction.atomic():
            group = (
                Notification.objects.select_for_update(of=("self",))
                .select_related("actor")
                .filter(recipient=recipient, group_key=key, group_open=True)
                .first()
            )
            if group is not None and group.updated_at >= now - window:
                return _grow(group, recipient, kind, fields, now)
            if group is not None:  # the window passed: that group is history
                Notification.objects.filter(pk=group.pk).update(group_open=False)
            try:
                with transaction.atomic():
                    started = Notification.objects.create(
                        recipient=recipient,
                        text=_sentence(kind, recipient, actor.display_name),
                        group_key=key,
                        group_open=True,
                        created_at=now,
                        updated_at=now,
                        **fields,
                    )
            except IntegrityError:
                continue  # someone else started it a moment ago: join theirs
            NotificationActor.objects.create(notification=started, actor=actor, at=now)
            return started, True
    raise RuntimeError("could not start or join a notification group")  # pragma: no cover


def _grow(
    group: Notification,
    recipient: User,
    kind: Kind,
    fields: dict[str, object],
    now: dt.datetime,
) -> tuple[Notification, bool]:
    actor: User = fields["actor"]  # type: ignore[assignment]
    try:
        with transaction.atomic():
            NotificationActor.objects.create(notification=group, actor=actor, at=now)
    except IntegrityError:
        return group, False  # the same person again (a reaction changed): not news
    previous = group.actor
    group.other_actor_id = previous.pk if previous is not None else None
    group.actor = actor
    group.actor_count += 1
    group.text = _sentence(
        kind,
        recipient,
        actors_phrase(
            actor.display_name,
            previous.display_name if previous is not None else None,
            group.actor_count,
        ),
    )
    group.updated_at = now
    group.is_seen = group.is_read = False
    group.tier = min(group.tier, int(fields["tier"]))  # type: ignore[call-overload]
    group.on_site = bool(fields["on_site"])
    group.url = str(fields["url"]) or group.url
    update = [
        "actor",
        "other_actor",
        "actor_count",
        "text",
        "updated_at",
        "is_seen",
        "is_read",
        "tier",
        "on_site",
        "url",
    ]
    # The member's current choice applies to the news (they may have changed it since
    # the group began); digest and instant alike tell the grown group again.
    group.email = str(fields["email"])
    group.emailed_at = None
    update += ["email", "emailed_at"]
    group.save(update_fields=update)
    return group, True
