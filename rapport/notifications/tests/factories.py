"""Sending in tests where the notification is expected to exist."""

from __future__ import annotations

from typing import Any

from rapport.notifications.models import Notification
from rapport.notifications.services import notification_send


def sent(**fields: Any) -> Notification:
    notification = notification_send(**fields)
    assert notification is not None, "expected a notification to be recorded"
    return notification
