"""The notifications introductions send, one per step, so nobody is left wondering."""

from rapport.notifications.kinds import Category, Email, register

ASKED = register(
    "introductions.asked",
    label="Introduction request",
    template="{actor} asked you to help with an introduction.",
    category=Category.INTRODUCTIONS,
    email=Email.INSTANT,
)
TO_TARGET = register(
    "introductions.to_target",
    label="Someone would like to be introduced",
    template="{actor} would like to introduce someone to you.",
    category=Category.INTRODUCTIONS,
    email=Email.INSTANT,
)
FORWARDED = register(
    "introductions.forwarded",
    label="Introduction passed on",
    template="{actor} passed on your introduction request.",
    category=Category.INTRODUCTIONS,
    email=Email.DIGEST,
)
COULD_NOT_HELP = register(
    "introductions.could_not_help",
    label="Introduction could not go ahead",
    template="Your introduction request could not go ahead this time.",
    category=Category.INTRODUCTIONS,
    email=Email.DIGEST,
)
ACCEPTED = register(
    "introductions.accepted",
    label="Introduction accepted",
    template="{actor} accepted the introduction: your conversation is open.",
    category=Category.INTRODUCTIONS,
    email=Email.DIGEST,
)
NOT_ACCEPTED = register(
    "introductions.not_accepted",
    label="Introduction not accepted",
    template="{actor} did not take up the introduction this time.",
    category=Category.INTRODUCTIONS,
    email=Email.DIGEST,
)
WITHDRAWN = register(
    "introductions.withdrawn",
    label="Introduction request withdrawn",
    template="{actor} withdrew the introduction request they had sent your way.",
    category=Category.INTRODUCTIONS,
    email=Email.DIGEST,
)
ENDED = register(
    "introductions.ended",
    label="An introduction you passed on ended",
    template="An introduction you passed on did not go ahead this time.",
    category=Category.INTRODUCTIONS,
    email=Email.DIGEST,
)
EXPIRED = register(
    "introductions.expired",
    label="Introduction request expired",
    template="An introduction request waiting for you expired.",
    category=Category.INTRODUCTIONS,
    email=Email.DIGEST,
)
