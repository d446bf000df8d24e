"""The notifications messaging sends. Ordinary messages show as unread counts, not notifications."""

from rapport.notifications.kinds import Category, Email, register

REQUEST_RECEIVED = register(
    "conversations.request_received",
    label="Message request",
    template="{actor} sent you a message request.",
    category=Category.MESSAGES,
    email=Email.INSTANT,
)
REQUEST_ACCEPTED = register(
    "conversations.request_accepted",
    label="Message request accepted",
    template="{actor} accepted your message request.",
    category=Category.MESSAGES,
    email=Email.DIGEST,
)
