"""What a member is told about limits on them. The codes keep the names they had when
invitations alone sent them, so members' choices about them carry over."""

from rapport.notifications.kinds import Category, Email, register

STANDING_WARNING = register(
    "invitations.standing_warning",
    label="Invitation standing warning",
    template="Your invitations are close to a limit. See your standing to keep your reach.",
    category=Category.ACCOUNT,
    email=Email.INSTANT,
)
STANDING_LIMITED = register(
    "invitations.standing_limited",
    label="Invitation limit applied",
    template="A limit now applies to your invitations. Your standing page says what lifts it.",
    category=Category.ACCOUNT,
    email=Email.INSTANT,
)
STANDING_RESTORED = register(
    "invitations.standing_restored",
    label="Invitation limit lifted",
    template="The limit on your invitations has lifted.",
    category=Category.ACCOUNT,
    email=Email.DIGEST,
)
MODERATION_DECISION = register(
    "limits.moderation_decision",
    label="A moderator's decision about you",
    template="A moderator made a decision about your account. See what happened and how to appeal.",
    category=Category.ACCOUNT,
    email=Email.INSTANT,
)
SANCTION_APPEAL_DECIDED = register(
    "limits.appeal_decided",
    label="Your appeal against a moderator's decision was answered",
    template="A moderator has answered your appeal.",
    category=Category.ACCOUNT,
    email=Email.INSTANT,
)
