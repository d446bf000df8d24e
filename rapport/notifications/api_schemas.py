"""Response and request shapes for notifications."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.urls import reverse
from ninja import Schema
from pydantic import ConfigDict, Field

from rapport.accounts.models import User
from rapport.core.api_schemas import Id, StrictInput
from rapport.notifications.models import Notification
from rapport.notifications.selectors import KindChoice


class Actor(Schema):
    handle: str
    display_name: str
    profile_url: str
    avatar_url: str


class NotificationOut(Schema):
    id: int
    kind: str = Field(description="A stable code, e.g. `network.connection_made`.")
    text: str = Field(
        description="The sentence, grouped: “Ada Mensah, Ben Okafor and 12 others reacted…”."
    )
    url: str
    tier: int = Field(
        description="1: waiting for your answer, 2: talking to you, 3: everything else. "
        "The list is unread by tier (newest first within a tier), then read, newest first."
    )
    count: int = Field(description="How many people this (grouped) notification stands for.")
    actors: list[Actor] = Field(description="The latest two of them, latest first.")
    is_read: bool
    is_seen: bool
    is_filtered: bool
    created_at: dt.datetime
    updated_at: dt.datetime = Field(description="The latest activity (a group grows).")
    actor: Actor | None = Field(description="The latest actor (the first of `actors`).")


class ActorOut(Actor):
    at: dt.datetime = Field(description="When they joined this notification.")


class UnreadOut(Schema):
    unread: int = Field(description="Not yet opened or marked read.")
    unseen: int = Field(
        description="Arrived since you last looked (what a badge shows); "
        "`POST /notifications/seen` clears it."
    )
    filtered: int = Field(description="Mentions waiting in your filtered list.")


class IdsIn(StrictInput):
    model_config = ConfigDict(json_schema_extra={"examples": [{"ids": [1, 2]}, {}]})

    ids: Annotated[list[Id], Field(max_length=500)] | None = Field(
        None, description="The notifications to mark; leave out to mark them all."
    )


class AcceptIn(StrictInput):
    ids: Annotated[list[Id], Field(min_length=1, max_length=500)]


class MarkedOut(Schema):
    marked: int = Field(description="How many notifications changed.")


class KindChoiceOut(Schema):
    kind: str
    label: str
    category: str
    site: bool = Field(description="Shown on the site (the list and the badge).")
    email: str = Field(description="`instant`, `digest` or `off`.")
    required: bool = Field(description="Account and safety: cannot be switched off.")
    chosen: bool = Field(description="False while the default applies.")


class KindChoiceIn(StrictInput):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"kind": "posts.reacted", "site": True, "email": "off"}]}
    )

    kind: str = Field(max_length=60)
    site: bool
    email: str = Field(max_length=8, description="`instant`, `digest` or `off`.")


class SettingsOut(Schema):
    kinds: list[KindChoiceOut]
    digest: str = Field(description="`daily`, `weekly` or `off`.")
    digest_hour: int
    digest_weekday: int = Field(description="0 = Monday … 6 = Sunday (weekly digests).")
    time_zone: str
    mentions_from: str = Field(description="`everyone`, `network` or `a_network`.")


class SettingsIn(StrictInput):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kinds": [{"kind": "posts.reacted", "site": False, "email": "off"}],
                    "digest": "daily",
                    "digest_hour": 7,
                    "time_zone": "Europe/Paris",
                    "mentions_from": "network",
                }
            ]
        }
    )

    kinds: Annotated[list[KindChoiceIn], Field(max_length=100)] = []
    digest: str | None = Field(None, max_length=6)
    digest_hour: int | None = Field(None, ge=0, le=23)
    digest_weekday: int | None = Field(None, ge=0, le=6)
    time_zone: str | None = Field(None, max_length=64)
    mentions_from: str | None = Field(None, max_length=9)


def actor_out(actor: User) -> dict[str, str]:
    return {
        "handle": actor.handle,
        "display_name": actor.display_name,
        "profile_url": reverse("members:profile", kwargs={"handle": actor.handle}),
        "avatar_url": reverse("members:avatar", kwargs={"handle": actor.handle}),
    }


def notification_out(notification: Notification) -> dict[str, Any]:
    actors = [a for a in (notification.actor, notification.other_actor) if a is not None]
    return {
        "id": notification.pk,
        "kind": notification.kind,
        "text": notification.text,
        "url": notification.url,
        "tier": notification.tier,
        "count": notification.actor_count,
        "actors": [actor_out(a) for a in actors],
        "is_read": notification.is_read,
        "is_seen": notification.is_seen,
        "is_filtered": notification.is_filtered,
        "created_at": notification.created_at,
        "updated_at": notification.updated_at,
        "actor": actor_out(notification.actor) if notification.actor is not None else None,
    }


def kind_choice_out(choice: KindChoice) -> dict[str, Any]:
    return {
        "kind": choice.kind.code,
        "label": choice.kind.label,
        "category": choice.kind.category,
        "site": choice.site,
        "email": choice.email,
        "required": choice.kind.required,
        "chosen": choice.chosen,
    }
