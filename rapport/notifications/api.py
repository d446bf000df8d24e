"""Notifications over the API: the inbox, the unread count, marking read."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from rapport.accounts.api import member_of
from rapport.core.api import page_of
from rapport.core.api_schemas import PageOut, PageQuery, errors
from rapport.notifications import selectors, services
from rapport.notifications.api_schemas import (
    MarkedOut,
    MarkReadIn,
    NotificationOut,
    UnreadOut,
    notification_out,
)

router = Router(tags=["notifications"])


@router.get("/notifications", response={200: PageOut[NotificationOut], **errors()})
def notifications(request: HttpRequest, paging: Query[PageQuery]) -> dict[str, Any]:
    """Your notifications, newest first."""
    return page_of(
        selectors.notifications_for(recipient=member_of(request)),
        page=paging.page,
        size=paging.size,
        render=notification_out,
    )


@router.get("/notifications/unread-count", response={200: UnreadOut, **errors()})
def unread_count(request: HttpRequest) -> dict[str, int]:
    """How many of your notifications are unread, and how many you have not seen yet."""
    member = member_of(request)
    return {
        "unread": selectors.unread_count(recipient=member),
        "unseen": selectors.unseen_count(recipient=member),
    }


@router.post("/notifications/seen", response={200: MarkedOut, **errors()})
def mark_seen(request: HttpRequest) -> dict[str, int]:
    """You looked at your notifications: the badge's count (`unseen`) clears; each one
    stays unread until opened or marked read."""
    return {"marked": services.notifications_mark_seen(recipient=member_of(request))}


@router.post("/notifications/read", response={200: MarkedOut, **errors()})
def mark_read(request: HttpRequest, payload: MarkReadIn | None = None) -> dict[str, int]:
    """Mark some of your notifications read (`ids`), or all of them (no body, or no `ids`)."""
    ids = payload.ids if payload is not None else None
    return {"marked": services.notifications_mark_read(recipient=member_of(request), ids=ids)}
