"""A sender's standing: what they have sent, how people answered, and what limits apply.

Everything is computed from invitations over the policy window, except the
restriction, which is stored because a job lifts it and a moderator may end it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, DateTimeField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from rapport.accounts.models import User
from rapport.core.compiled import Reusable
from rapport.invitations.limits import DAY, WEEK
from rapport.invitations.models import Invitation, InvitationPreferences, State
from rapport.invitations.selectors.bands import AnswerCounts, band_of
from rapport.invitations.selectors.policy import Policy, policy
from rapport.invitations.states import DECIDED
from rapport.limits.models import Standing
from rapport.limits.selectors import Allowance, allowance, objections, restrictions_in_force


@dataclass
class StandingReport:
    policy: Policy
    decided: int
    accepted: int
    negatives: int
    last_negative_at: dt.datetime | None
    throttled: bool
    restricted: bool
    restricted_until: dt.datetime | None
    weekly: Allowance
    daily: Allowance
    pending: int
    oldest_pending_at: dt.datetime | None
    warnings: list[str] = field(default_factory=list)
    lifts: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        return self.accepted / self.decided if self.decided else None

    @property
    def weekly_cap(self) -> int:
        return self.weekly.cap

    @property
    def daily_cap(self) -> int:
        return self.daily.cap

    @property
    def band(self) -> str:
        """good / fair / poor: what a recipient sees instead of the numbers."""
        counts = AnswerCounts(self.decided, self.accepted, self.negatives)
        return band_of(counts, restricted=self.restricted, rules=self.policy)


def _date(value: dt.datetime) -> str:
    return f"{value:%d %b %Y}"


def _since(stored: Standing | None, rules: Policy, now: dt.datetime) -> dt.datetime:
    """Where the window starts: its length back, or a fresh start a moderator granted."""
    since = now - dt.timedelta(days=rules.window_days)
    if stored is not None and stored.counting_since and stored.counting_since > since:
        since = stored.counting_since
    return since


def _answered(member: User, since: dt.datetime) -> tuple[int, int]:
    """How many of the member's invitations were answered since, and how many accepted."""
    decided = Invitation.objects.filter(sender=member, state__in=DECIDED, decided_at__gte=since)
    totals = decided.aggregate(
        decided=Count("pk"), accepted=Count("pk", filter=Q(state=State.ACCEPTED))
    )
    return totals["decided"], totals["accepted"]


def _throttles(rules: Policy, decided: int, accepted: int) -> bool:
    return decided >= rules.throttle_min_decided and accepted / decided < rules.throttle_rate


def throttled_now(member: User, *, stored: Standing | None, now: dt.datetime) -> bool:
    """Whether a low acceptance rate limits the member now: `standing_for`'s `throttled`
    in one query, for the answers that re-read it (the stored row is the caller's)."""
    rules = policy()
    return _throttles(rules, *_answered(member, _since(stored, rules, now)))


@dataclass(frozen=True)
class SendLimits:
    """What a send needs of the standing: its caps and whether a restriction applies."""

    daily_cap: int
    weekly_cap: int
    restricted: bool
    # The recipient's invitation settings, when asked for (None: they kept the defaults).
    recipient_preferences: InvitationPreferences | None = None
    # Until when a moderator stopped the member from inviting (None: no one did).
    moderator_until: dt.datetime | None = None


def _send_limits_query(
    *, member: int, now: dt.datetime, window_start: dt.datetime, recipient: int | None
) -> QuerySet[User, tuple[Any, ...]]:
    start = Value(window_start, DateTimeField())
    stored = Standing.objects.filter(member=OuterRef("pk"))
    # The window, or a later fresh start a moderator granted (`_since`).
    fresh_start = Standing.objects.filter(member=OuterRef("sender")).values("counting_since")
    answered = (
        Invitation.objects.filter(sender=OuterRef("pk"), state__in=DECIDED)
        .filter(decided_at__gte=start)
        .filter(decided_at__gte=Coalesce(Subquery(fresh_start[:1]), start))
        .order_by()
        .values("sender")
    )
    decided = answered.annotate(n=Count("pk")).values("n")
    accepted = answered.annotate(n=Count("pk", filter=Q(state=State.ACCEPTED))).values("n")
    settings = InvitationPreferences.objects.filter(member_id=recipient)
    moderated = restrictions_in_force(OuterRef("pk"), "invitations", now=now)
    return (
        User.objects.filter(pk=member)
        .annotate(
            until=Subquery(stored.values("restricted_until")[:1]),
            decided=Coalesce(Subquery(decided[:1]), 0),
            accepted=Coalesce(Subquery(accepted[:1]), 0),
            who_may_invite=Subquery(settings.values("who_may_invite")[:1]),
            note_required=Subquery(settings.values("note_required")[:1]),
            moderator_until=Subquery(moderated.values("ends_at")[:1]),
        )
        .values_list(
            "until", "decided", "accepted", "who_may_invite", "note_required", "moderator_until"
        )[:1]
    )


# Every send asks this: its SQL is built once (rapport/core/compiled.py).
_SEND_LIMITS = Reusable(_send_limits_query)


def send_limits(member: User, *, now: dt.datetime, recipient: User | None = None) -> SendLimits:
    """`standing_for`'s caps and restriction in one query (the stored row and the
    acceptance rate), for the send path; the page and the API show the whole report.
    With `recipient`, their invitation settings come back from the same query, and so
    does a moderator's restriction of the member's invitations."""
    rules = policy()
    rows = _SEND_LIMITS.rows(
        member=member.pk,
        now=now,
        window_start=now - dt.timedelta(days=rules.window_days),
        recipient=recipient.pk if recipient else None,
    )
    row = rows[0] if rows else None
    until, n_decided, n_accepted, who, note, moderated_until = (
        row if row is not None else (None, 0, 0, None, None, None)
    )
    throttled = _throttles(rules, n_decided, n_accepted)
    preferences = (
        InvitationPreferences(member=recipient, who_may_invite=who, note_required=bool(note))
        if recipient is not None and who is not None
        else None
    )
    return SendLimits(
        daily_cap=rules.daily_cap,
        weekly_cap=rules.throttled_weekly_cap if throttled else rules.weekly_cap,
        restricted=until is not None and until > now,
        recipient_preferences=preferences,
        moderator_until=moderated_until,
    )


def standing_for(member: User, *, now: dt.datetime | None = None) -> StandingReport:
    now = now or timezone.now()
    rules = policy()
    stored = Standing.objects.filter(member=member).first()
    since = _since(stored, rules, now)
    n_decided, n_accepted = _answered(member, since)
    # "I don't know this person", reports of invitations, and complaints from every
    # capability (a reported message counts like a reported invitation): each person once.
    objected = objections([member.pk], since=since)
    negatives = len({objector for _, objector, _ in objected})
    last_negative = max((at for _, _, at in objected), default=None)
    throttled = _throttles(rules, n_decided, n_accepted)
    restricted_until = stored.restricted_until if stored else None
    restricted = restricted_until is not None and restricted_until > now
    weekly_cap = rules.throttled_weekly_cap if throttled else rules.weekly_cap
    waiting = Invitation.objects.filter(sender=member, state=State.PENDING)
    oldest = waiting.order_by("created_at").values_list("created_at", flat=True).first()
    report = StandingReport(
        policy=rules,
        decided=n_decided,
        accepted=n_accepted,
        negatives=negatives,
        last_negative_at=last_negative,
        throttled=throttled,
        restricted=restricted,
        restricted_until=restricted_until if restricted else None,
        weekly=allowance(member=member, kind=WEEK, cap=weekly_cap, now=now),
        daily=allowance(member=member, kind=DAY, cap=rules.daily_cap, now=now),
        pending=waiting.count(),
        oldest_pending_at=oldest,
    )
    _explain(report, now)
    return report


def _explain(r: StandingReport, now: dt.datetime) -> None:
    """Warnings before a limit applies, and what will lift a limit that does."""
    rules = r.policy
    pct = round(rules.throttle_rate * 100)
    if not r.restricted and r.negatives + 1 >= rules.restrict_negatives:
        r.warnings.append(
            f"{r.negatives} people answered “I don't know this person” or reported your "
            f"invitations in the last {rules.window_days} days. One more and you will only be "
            "able to invite people whose email address you know."
        )
    next_refusal_throttles = (
        r.decided + 1 >= rules.throttle_min_decided
        and r.accepted / (r.decided + 1) < rules.throttle_rate
    )
    if not r.throttled and next_refusal_throttles:
        r.warnings.append(
            f"{r.accepted} of your last {r.decided} answered invitations were accepted. If "
            f"the next one is not, your acceptance rate falls below {pct} % and your weekly "
            f"limit drops from {rules.weekly_cap} to {rules.throttled_weekly_cap}."
        )
    if 0 < r.weekly.left <= 5:
        r.warnings.append(f"You have {r.weekly.left} invitations left this week.")
    if r.pending and r.oldest_pending_at and (now - r.oldest_pending_at).days >= 30:
        r.warnings.append(
            f"{r.pending} of your invitations are still waiting, the oldest since "
            f"{_date(r.oldest_pending_at)}. Unanswered invitations expire after "
            f"{rules.expiry_days} days and then count against you; withdraw the ones you no "
            "longer expect an answer to."
        )
    if r.throttled:
        r.lifts.append(
            f"Your weekly limit is {rules.throttled_weekly_cap} while fewer than {pct} % of your "
            f"answered invitations in the last {rules.window_days} days are accepted. It returns "
            f"to {rules.weekly_cap} when accepted invitations bring the rate back up, or as "
            "older refusals leave the window."
        )
    if r.restricted and r.restricted_until:
        r.lifts.append(
            f"The restriction lifts on {_date(r.restricted_until)} if nobody else answers "
            "“I don't know this person” or reports you before then — or sooner, if a moderator "
            "accepts your appeal."
        )
    if r.weekly.left == 0 and r.weekly.next_free_at:
        r.lifts.append(f"Your next weekly invitation frees up on {_date(r.weekly.next_free_at)}.")
    if r.daily.left == 0 and r.daily.next_free_at:
        r.lifts.append(f"You can send again after {r.daily.next_free_at:%H:%M} UTC.")
