"""Every write about notifications. Capabilities call `notification_send`."""

from rapport.notifications.services.choices import (
    digest_off,
    digest_set,
    kind_choice_set,
    kind_turn_off,
    mentioner_mute,
    mentioner_unmute,
    mentions_from_set,
    thing_mute,
    thing_unmute,
)
from rapport.notifications.services.marking import (
    filtered_accept,
    filtered_dismiss,
    notifications_mark_read,
    notifications_mark_seen,
)
from rapport.notifications.services.sending import (
    actors_phrase,
    channels_for,
    history,
    notification_send,
)

__all__ = [
    "actors_phrase",
    "channels_for",
    "digest_off",
    "digest_set",
    "filtered_accept",
    "filtered_dismiss",
    "history",
    "kind_choice_set",
    "kind_turn_off",
    "mentioner_mute",
    "mentioner_unmute",
    "mentions_from_set",
    "notification_send",
    "notifications_mark_read",
    "notifications_mark_seen",
    "thing_mute",
    "thing_unmute",
]
