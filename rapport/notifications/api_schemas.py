"""Response and request shapes for notifications."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.urls import reverse
from ninja import Schema
from pydantic import ConfigDict, Field

from rapport.core.api_schemas import Id, StrictInput
from rapport.notifications.models import Notification


class Actor(Schema):
    handle: str
    display_name: str
    profile_url: str
    avatar_url: str


class NotificationOut(Schema):
    id: int
    kind: str = Field(description="A stable code, e.g. `network.connection_made`.")
    text: str
    url: str
    is_read: bool
    is_seen: bool
    created_at: dt.datetime
    actor: Actor | None


class UnreadOut(Schema):
    unread: int = Field(description="Not yet opened or marked read.")
    unseen: int = Field(
        description="Arrived since you last looked (what a badge shows); "
        "`POST /notifications/seen` clears it."
    )


class MarkReadIn(StrictInput):
    model_config = ConfigDict(json_schema_extra={"examples": [{"ids": [1, 2]}, {}]})

    ids: Annotated[list[Id], Field(max_length=500)] | None = Field(
        None, description="The notifications to mark read; leave out to mark them all."
    )


class MarkedOut(Schema):
    marked: int = Field(description="How many notifications were unread and now are read.")


def notification_out(notification: Notification) -> dict[str, Any]:
    actor = notification.actor
    return {
        "id": notification.pk,
        "kind": notification.kind,
        "text": notification.text,
        "url": notification.url,
        "is_read": notification.is_read,
        "is_seen": notification.is_seen,
        "created_at": notification.created_at,
        "actor": None
        if actor is None
        else {
            "handle": actor.handle,
            "display_name": actor.display_name,
            "profile_url": reverse("members:profile", kwargs={"handle": actor.handle}),
            "avatar_url": reverse("members:avatar", kwargs={"handle": actor.handle}),
        },
    }
