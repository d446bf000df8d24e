"""A member's choices: per kind and channel, the digest, whose mentions, and mutes."""

from __future__ import annotations

import zoneinfo
from functools import cache

from django.db import transaction

from rapport.accounts.models import User
from rapport.core.errors import NotFound, ValidationFailed
from rapport.notifications import kinds
from rapport.notifications.kinds import Category, Email, Kind
from rapport.notifications.models import (
    Digest,
    KindPreference,
    MentionsFrom,
    MutedMentioner,
    MutedThing,
    Notification,
    NotificationPreferences,
)


@cache
def time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _kind(code: str) -> Kind:
    declared = kinds.get(code)
    if declared is None:
        raise ValidationFailed(f"No notification kind {code!r}.", code="notification.kind")
    return declared


def kind_choice_set(*, member: User, kind: str, site: bool, email: str) -> KindPreference:
    """Choose how one kind reaches the member. Account and safety notices stay on the
    site and e-mailed (at once or in the digest)."""
    declared = _kind(kind)
    if email not in Email.values:
        raise ValidationFailed(
            f"email is one of {', '.join(Email.values)}.", code="notification.email", field="email"
        )
    if declared.required and (not site or email == Email.OFF):
        raise ValidationFailed(
            f"{declared.label} is an account and safety notice: it cannot be switched off.",
            code="notification.required",
            field="kind",
        )
    with transaction.atomic():
        choice, _ = KindPreference.objects.update_or_create(
            member=member, kind=kind, defaults={"site": site, "email": email}
        )
        if not site:  # what is already there goes too, and the badge with it
            Notification.objects.filter(recipient=member, kind=kind, on_site=True).update(
                on_site=False
            )
        # What waits to be e-mailed follows the new choice: none, or the digest. Moving
        # to "at once" leaves what waits for the digest there, rather than a burst now.
        if email in (Email.OFF, Email.DIGEST):
            Notification.objects.filter(recipient=member, kind=kind, emailed_at=None).exclude(
                email__in=[Email.OFF, email]
            ).update(email=email)
    return choice


def kind_turn_off(*, member: User, kind: str) -> KindPreference:
    """ "Turn off this kind", from a notification: no more on the site or by e-mail."""
    return kind_choice_set(member=member, kind=kind, site=False, email=Email.OFF)


def _prefs(member: User) -> NotificationPreferences:
    prefs, _ = NotificationPreferences.objects.get_or_create(member=member)
    return prefs


def mentions_from_set(*, member: User, mentions_from: str) -> NotificationPreferences:
    """Choose whose mentions notify the member; the others wait in the filtered list."""
    if mentions_from not in MentionsFrom.values:
        raise ValidationFailed(
            f"mentions_from is one of {', '.join(MentionsFrom.values)}.",
            code="notification.mentions_from",
            field="mentions_from",
        )
    prefs, _ = NotificationPreferences.objects.update_or_create(
        member=member, defaults={"mentions_from": mentions_from}
    )
    return prefs


def digest_set(
    *, member: User, digest: str, hour: int, weekday: int, time_zone: str
) -> NotificationPreferences:
    """Daily or weekly (or no) digest, at a local hour in the member's time zone."""
    if digest not in Digest.values:
        raise ValidationFailed(
            f"digest is one of {', '.join(Digest.values)}.",
            code="notification.digest",
            field="digest",
        )
    if not 0 <= hour <= 23:
        raise ValidationFailed("hour is 0 to 23.", code="notification.hour", field="hour")
    if not 0 <= weekday <= 6:
        raise ValidationFailed(
            "weekday is 0 (Monday) to 6 (Sunday).", code="notification.weekday", field="weekday"
        )
    if time_zone not in time_zones():
        raise ValidationFailed(
            f"{time_zone[:64]!r} is not a time zone (try Europe/Paris or America/New_York).",
            code="notification.time_zone",
            field="time_zone",
        )
    prefs, _ = NotificationPreferences.objects.update_or_create(
        member=member,
        defaults={
            "digest": digest,
            "digest_hour": hour,
            "digest_weekday": weekday,
            "time_zone": time_zone,
        },
    )
    return prefs


def digest_off(*, member: User) -> NotificationPreferences:
    prefs = _prefs(member)
    if prefs.digest != Digest.OFF:
        prefs.digest = Digest.OFF
        prefs.save(update_fields=["digest"])
    return prefs


def _own(member: User, notification_id: int) -> Notification:
    found = Notification.objects.filter(recipient=member, pk=notification_id).first()
    if found is None:
        raise NotFound("No such notification.", code="notification.not_found")
    return found


@transaction.atomic
def thing_mute(*, member: User, notification_id: int) -> int:
    """ "Mute this post": nothing more about the notification's target; its rows go."""
    found = _own(member, notification_id)
    if found.target_type_id is None:
        raise ValidationFailed(
            "This notification is not about a post or other thing to mute.",
            code="notification.nothing_to_mute",
        )
    MutedThing.objects.get_or_create(
        member=member, target_type_id=found.target_type_id, target_id=found.target_id
    )
    required = [k.code for k in kinds.all_kinds() if k.required]
    return (
        Notification.objects.filter(
            recipient=member, target_type_id=found.target_type_id, target_id=found.target_id
        )
        .exclude(kind__in=required)
        .update(on_site=False, email=Email.OFF)
    )


def thing_unmute(*, member: User, target_type_id: int, target_id: int) -> bool:
    deleted, _ = MutedThing.objects.filter(
        member=member, target_type_id=target_type_id, target_id=target_id
    ).delete()
    return bool(deleted)


@transaction.atomic
def mentioner_mute(*, member: User, notification_id: int) -> int:
    """ "Mute this person's mentions", from one of their mentions."""
    found = _own(member, notification_id)
    declared = kinds.get(found.kind)
    if declared is None or declared.category != Category.MENTIONS or found.actor_id is None:
        raise ValidationFailed(
            "Only a mention's author can be muted from it.", code="notification.not_a_mention"
        )
    MutedMentioner.objects.get_or_create(member=member, actor_id=found.actor_id)
    mention_kinds = [k.code for k in kinds.all_kinds() if k.category == Category.MENTIONS]
    return Notification.objects.filter(
        recipient=member, actor_id=found.actor_id, kind__in=mention_kinds
    ).update(on_site=False, email=Email.OFF)


def mentioner_unmute(*, member: User, actor_id: int) -> bool:
    deleted, _ = MutedMentioner.objects.filter(member=member, actor_id=actor_id).delete()
    return bool(deleted)
