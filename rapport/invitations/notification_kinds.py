"""The notifications the invitation capability sends."""

from rapport.notifications.kinds import Category, Email, register

RECEIVED = register(
    "invitations.received",
    label="Invitation received",
    template="{actor} invited you to connect.",
    category=Category.INVITATIONS,
    email=Email.INSTANT,
)
ACCEPTED = register(
    "invitations.accepted",
    label="Invitation accepted",
    template="{actor} accepted your invitation.",
    category=Category.INVITATIONS,
    email=Email.DIGEST,
    grouped=True,
    group_by_target=False,
)
ASKED = register(
    "invitations.asked",
    label="How do we know each other?",
    template="{actor} asked how you know each other.",
    category=Category.INVITATIONS,
    email=Email.INSTANT,
)
ANSWERED = register(
    "invitations.answered",
    label="Answer about how you know each other",
    template="{actor} answered your question about their invitation.",
    category=Category.INVITATIONS,
    email=Email.DIGEST,
)
APPEAL_DECIDED = register(
    "invitations.appeal_decided",
    label="Appeal decided",
    template="A moderator has answered your appeal.",
    category=Category.ACCOUNT,
    email=Email.INSTANT,
)
