"""The invitation limits (decision 0007), declared once: core/limits.py reads them; the
two allowances invitations take; and the answers that count as objections."""

from __future__ import annotations

import datetime as dt

from rapport.core.limits import Limit, declare, rule
from rapport.limits.registry import objection_source, quota_kind

DAY = quota_kind(
    "day",
    window=dt.timedelta(days=1),
    label="Invitations, rolling day",
    refusal="invitation.day_limit",
)
WEEK = quota_kind(
    "week",
    window=dt.timedelta(days=7),
    label="Invitations, rolling week",
    refusal="invitation.week_limit",
)


@objection_source
def negative_answers(
    member_ids: list[int], since: dt.datetime
) -> list[tuple[int, int, dt.datetime]]:
    """ "I don't know this person" and reports: the recipient objected to the sender."""
    from rapport.invitations.models import Invitation, State
    from rapport.invitations.states import NEGATIVE
    from rapport.limits.models import Complaint, ComplaintOutcome, ComplaintSource

    # A report a moderator dismissed no longer counts (its complaint says so).
    dismissed = Complaint.objects.filter(
        source=ComplaintSource.INVITATION, outcome=ComplaintOutcome.DISMISSED
    ).values("reference")
    rows = (
        Invitation.objects.filter(
            sender_id__in=member_ids, state__in=NEGATIVE, decided_at__gte=since
        )
        .exclude(state=State.REPORTED, pk__in=dismissed)
        .values_list("sender_id", "recipient_id", "decided_at")
    )
    return [(sender, recipient, at) for sender, recipient, at in rows if at is not None]


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
