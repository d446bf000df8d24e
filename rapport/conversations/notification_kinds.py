"""The notifications messaging sends. Ordinary messages show as unread counts, not notifications."""

from rapport.notifications.kinds import register

REQUEST_RECEIVED = register(
    "conversations.request_received",
    label="Message request",
    template="{actor} sent you a message request.",
)
REQUEST_ACCEPTED = register(
    "conversations.request_accepted",
    label="Message request accepted",
    template="{actor} accepted your message request.",
)
