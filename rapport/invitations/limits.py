"""The invitation limits (decision 0007), declared once: core/limits.py reads them."""

from __future__ import annotations

from rapport.core.limits import Limit, declare, rule

declare(
    Limit(
        "invitations.weekly_cap",
        100,
        "invitations",
        "Invitations a member may send in any seven days.",
        minimum=1,
        env="RAPPORT_INVITATIONS_WEEKLY_CAP",
    ),
    Limit(
        "invitations.daily_cap",
        25,
        "invitations",
        "Invitations a member may send in any 24 hours.",
        minimum=1,
        env="RAPPORT_INVITATIONS_DAILY_CAP",
    ),
    Limit(
        "invitations.window_days",
        90,
        "days",
        "How many days of answers a sender's acceptance rate and negative answers count.",
        minimum=1,
        maximum=3650,
        env="RAPPORT_INVITATIONS_WINDOW_DAYS",
    ),
    Limit(
        "invitations.throttle_rate",
        0.30,
        "share of answers",
        "Acceptance rate below which a sender's weekly allowance shrinks (0 to 1).",
        maximum=1,
        whole=False,
        env="RAPPORT_INVITATIONS_THROTTLE_RATE",
    ),
    Limit(
        "invitations.throttle_min_decided",
        20,
        "answers",
        "Answered invitations needed before the acceptance rate can throttle anyone.",
        minimum=1,
        env="RAPPORT_INVITATIONS_THROTTLE_MIN_DECIDED",
    ),
    Limit(
        "invitations.throttled_weekly_cap",
        20,
        "invitations",
        "The weekly allowance of a throttled sender.",
        env="RAPPORT_INVITATIONS_THROTTLED_WEEKLY_CAP",
    ),
    Limit(
        "invitations.restrict_negatives",
        5,
        "answers",
        "'I don't know them' and spam answers, from distinct people, that restrict a sender.",
        minimum=1,
        env="RAPPORT_INVITATIONS_RESTRICT_NEGATIVES",
    ),
    Limit(
        "invitations.restriction_days",
        30,
        "days",
        "Days without a new negative answer before a restriction lifts by itself.",
        minimum=1,
        maximum=3650,
        env="RAPPORT_INVITATIONS_RESTRICTION_DAYS",
    ),
    Limit(
        "invitations.expiry_days",
        90,
        "days",
        "Days an unanswered invitation waits before it expires.",
        minimum=1,
        maximum=3650,
        env="RAPPORT_INVITATIONS_EXPIRY_DAYS",
    ),
    Limit(
        "invitations.cooldown_days",
        21,
        "days",
        "Days before someone may invite again the person who declined them.",
        maximum=3650,
        env="RAPPORT_INVITATIONS_COOLDOWN_DAYS",
    ),
    Limit(
        "invitations.thread_limit",
        6,
        "messages",
        "Messages in one 'how do we know each other?' thread on an invitation.",
        minimum=1,
        maximum=100,
        env="RAPPORT_INVITATIONS_THREAD_LIMIT",
    ),
)
rule(
    ["invitations.throttled_weekly_cap", "invitations.weekly_cap"],
    lambda v: v["invitations.throttled_weekly_cap"] <= v["invitations.weekly_cap"],
    "A throttled sender's weekly allowance cannot be above everyone's.",
)
