"""Notifications over the API: the list (grouped, tiered, paginated), seen and read,
settings per kind and channel, and the filtered mentions."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Query, Router

from rapport.accounts.api import member_of
from rapport.accounts.models import User
from rapport.core.api import page_of
from rapport.core.api_schemas import PageOut, PageQuery, PathId, errors
from rapport.core.errors import NotFound
from rapport.notifications import selectors, services
from rapport.notifications.api_schemas import (
    AcceptIn,
    ActorOut,
    IdsIn,
    MarkedOut,
    NotificationOut,
    SettingsIn,
    SettingsOut,
    UnreadOut,
    actor_out,
    kind_choice_out,
    notification_out,
)

router = Router(tags=["notifications"])


@router.get("/notifications", response={200: PageOut[NotificationOut], **errors()})
def notifications(request: HttpRequest, paging: Query[PageQuery]) -> dict[str, Any]:
    """Your notifications, grouped (one row per thing, with everyone who acted) and
    ranked: unread by tier — waiting for your answer, talking to you, the rest — newest
    first within a tier, then the read ones. Reading the list does not mark it seen:
    clients call `POST /notifications/seen` with the ids they showed."""
    return page_of(
        selectors.notification_ids_for(recipient=member_of(request)),
        page=paging.page,
        size=paging.size,
        render_many=lambda ids: [notification_out(n) for n in selectors.notifications_in(ids)],
    )


@router.get("/notifications/unread-count", response={200: UnreadOut, **errors()})
def unread_count(request: HttpRequest) -> dict[str, int]:
    """How many of your notifications are unread, unseen, and filtered."""
    return selectors.counts_for(recipient=member_of(request))


@router.post("/notifications/seen", response={200: MarkedOut, **errors()})
def mark_seen(request: HttpRequest, payload: IdsIn | None = None) -> dict[str, int]:
    """You showed these notifications (`ids`; leave out for all): the badge's count
    (`unseen`) drops; each stays unread until opened or marked read."""
    ids = payload.ids if payload is not None else None
    return {"marked": services.notifications_mark_seen(recipient=member_of(request), ids=ids)}


@router.post("/notifications/read", response={200: MarkedOut, **errors()})
def mark_read(request: HttpRequest, payload: IdsIn | None = None) -> dict[str, int]:
    """Mark some of your notifications read (`ids`), or all of them (no body, or no `ids`)."""
    ids = payload.ids if payload is not None else None
    return {"marked": services.notifications_mark_read(recipient=member_of(request), ids=ids)}


@router.get("/notifications/filtered", response={200: PageOut[NotificationOut], **errors()})
def filtered(request: HttpRequest, paging: Query[PageQuery]) -> dict[str, Any]:
    """Mentions held back by your “mentions from” setting, newest first."""
    return page_of(
        selectors.filtered_for(recipient=member_of(request)),
        page=paging.page,
        size=paging.size,
        render=notification_out,
    )


@router.post("/notifications/filtered/accept", response={200: MarkedOut, **errors()})
def filtered_accept(request: HttpRequest, payload: AcceptIn) -> dict[str, int]:
    """Move filtered mentions into your notifications."""
    return {"marked": services.filtered_accept(recipient=member_of(request), ids=payload.ids)}


@router.post("/notifications/filtered/dismiss", response={200: MarkedOut, **errors()})
def filtered_dismiss(request: HttpRequest, payload: IdsIn | None = None) -> dict[str, int]:
    """Throw away filtered mentions (`ids`, or all of them)."""
    ids = payload.ids if payload is not None else None
    return {"marked": services.filtered_dismiss(recipient=member_of(request), ids=ids)}


def _settings(member: User) -> dict[str, Any]:
    prefs = selectors.preferences_of(member)
    return {
        "kinds": [kind_choice_out(c) for c in selectors.kind_choices(member)],
        "digest": prefs.digest,
        "digest_hour": prefs.digest_hour,
        "digest_weekday": prefs.digest_weekday,
        "time_zone": prefs.time_zone,
        "mentions_from": prefs.mentions_from,
    }


@router.get("/notifications/settings", response={200: SettingsOut, **errors()})
def settings_get(request: HttpRequest) -> dict[str, Any]:
    """Every kind with how it reaches you (site, e-mail), the digest, and whose
    mentions notify you."""
    return _settings(member_of(request))


@router.patch("/notifications/settings", response={200: SettingsOut, **errors(400)})
def settings_set(request: HttpRequest, payload: SettingsIn) -> dict[str, Any]:
    """Change some settings; what you leave out stays. All or nothing: one bad value
    (an unknown kind, switching off an account notice, a time zone that is not one)
    is a 400 and changes nothing."""
    member = member_of(request)
    with transaction.atomic():
        for choice in payload.kinds:
            services.kind_choice_set(
                member=member, kind=choice.kind, site=choice.site, email=choice.email
            )
        if payload.mentions_from is not None:
            services.mentions_from_set(member=member, mentions_from=payload.mentions_from)
        digest_fields = (
            payload.digest,
            payload.digest_hour,
            payload.digest_weekday,
            payload.time_zone,
        )
        if any(v is not None for v in digest_fields):
            prefs = selectors.preferences_of(member)
            services.digest_set(
                member=member,
                digest=payload.digest if payload.digest is not None else prefs.digest,
                hour=payload.digest_hour if payload.digest_hour is not None else prefs.digest_hour,
                weekday=payload.digest_weekday
                if payload.digest_weekday is not None
                else prefs.digest_weekday,
                time_zone=payload.time_zone if payload.time_zone is not None else prefs.time_zone,
            )
    return _settings(member)


@router.get(
    "/notifications/{notification_id}/people", response={200: PageOut[ActorOut], **errors(404)}
)
def people(
    request: HttpRequest, notification_id: PathId, paging: Query[PageQuery]
) -> dict[str, Any]:
    """Everyone a (grouped) notification stands for, latest first. Only your own."""
    found = selectors.notification_of(recipient=member_of(request), notification_id=notification_id)
    if found is None:
        raise NotFound("No such notification.", code="notification.not_found")
    return page_of(
        selectors.group_actors(notification=found),
        page=paging.page,
        size=paging.size,
        render=lambda row: {**actor_out(row.actor), "at": row.at},
    )


@router.post(
    "/notifications/{notification_id}/turn-off", response={200: MarkedOut, **errors(400, 404)}
)
def turn_off(request: HttpRequest, notification_id: PathId) -> dict[str, int]:
    """ "Turn off this kind": no more of this notification's kind on the site or by
    e-mail (account and safety notices refuse, 400)."""
    member = member_of(request)
    found = selectors.notification_of(recipient=member, notification_id=notification_id)
    if found is None:
        raise NotFound("No such notification.", code="notification.not_found")
    services.kind_turn_off(member=member, kind=found.kind)
    return {"marked": 1}


@router.post("/notifications/{notification_id}/mute", response={200: MarkedOut, **errors(400, 404)})
def mute(request: HttpRequest, notification_id: PathId) -> dict[str, int]:
    """ "Mute this post": nothing more about this notification's post."""
    return {
        "marked": services.thing_mute(member=member_of(request), notification_id=notification_id)
    }


@router.post(
    "/notifications/{notification_id}/mute-mentions", response={200: MarkedOut, **errors(400, 404)}
)
def mute_mentions(request: HttpRequest, notification_id: PathId) -> dict[str, int]:
    """ "Mute this person's mentions", from one of their mention notifications."""
    return {
        "marked": services.mentioner_mute(
            member=member_of(request), notification_id=notification_id
        )
    }
