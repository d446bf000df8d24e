"""Reads for influence: a member's score with its parts and sentences, the week's change
with its reasons, and the history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.utils import timezone

from rapport.accounts.models import User
from rapport.influence.models import Influence, InfluenceDay
from rapport.influence.reasons import Reason, change_reasons, part_sentences
from rapport.influence.scoring import CURVE, PART_LABEL, PART_WEIGHT, Parts


def _parts(values: dict[str, float], counts: dict[str, int | str]) -> Parts:
    return Parts(
        content=float(values.get("content", 0)),
        conversation=float(values.get("conversation", 0)),
        network=float(values.get("network", 0)),
        reach=float(values.get("reach", 0)),
        counts=counts,
    )


@dataclass(frozen=True)
class Part:
    name: str
    label: str
    # Its share of the score (%), to the nearest ten: the exact values would give away,
    # change by change, the private scores responses are weighed by.
    share: int
    sentence: str


@dataclass(frozen=True)
class InfluenceView:
    member: User
    score: int
    computed_at: dt.datetime | None
    public: bool
    parts: list[Part]
    change: int  # since about a week ago
    since: dt.date | None
    reasons: list[Reason]
    history: list[tuple[str, int]]  # (ISO day, score)

    @property
    def ahead_of(self) -> int:
        """About what share of the community (%) the score is at or above: the inverse of
        the curve in `scoring.rank_of`."""
        return _ahead_of(self.score)


def _ahead_of(score: int) -> int:
    if score <= 1:
        return 0
    return round(100 * ((score - 1) / 99) ** (1 / CURVE))


def influence_of(member: User, *, now: dt.datetime | None = None) -> InfluenceView:
    """The member's own view (or, when they chose to show it, anyone's): score, parts
    with their sentences, this week's change and its reasons, and 180 days of history."""
    now = now or timezone.now()
    found = Influence.objects.filter(member=member).first()
    days = list(
        InfluenceDay.objects.filter(
            member=member, day__gte=now.date() - dt.timedelta(days=180)
        ).order_by("day")
    )
    if found is None:
        return InfluenceView(member, 1, None, False, [], 0, None, [], [])
    current = _parts(found.parts, found.counts)
    sentences = part_sentences(current) if found.counts else {}
    positive = sum(max(0.0, current.value(name)) for name in PART_WEIGHT)
    parts = [
        Part(
            name,
            PART_LABEL[name],
            10 * round(10 * max(0.0, current.value(name)) / positive) if positive else 0,
            sentences.get(name, ""),
        )
        for name in PART_WEIGHT
    ]
    week_ago = now.date() - dt.timedelta(days=7)
    before = next((d for d in reversed(days) if d.day <= week_ago), None)
    if before is None and days and days[0].day < now.date():
        before = days[0]  # a member newer than a week: since their first day
    change = found.score - before.score if before is not None else 0
    reasons = (
        change_reasons(_parts(before.parts, before.counts), current, change)
        if before is not None
        else []
    )
    return InfluenceView(
        member=member,
        score=found.score,
        computed_at=found.computed_at,
        public=found.public,
        parts=parts,
        change=change,
        since=before.day if before is not None else None,
        reasons=reasons,
        history=[(d.day.isoformat(), d.score) for d in days],
    )


def as_others_see(view: InfluenceView) -> InfluenceView:
    """What another member sees of a score its member chose to show: the number and its
    daily history — not the parts, sentences and reasons (they quote the member's posts,
    some only for their connections, and move with their messages, invitations and
    introductions), nor when it was last recomputed (a recompute follows an event)."""
    return replace(view, parts=[], reasons=[], computed_at=None)


@dataclass(frozen=True)
class Score:
    score: int
    public: bool

    @property
    def ahead_of(self) -> int:
        return _ahead_of(self.score)


def score_of(member: User) -> Score | None:
    """The number alone (for a profile), or None before the member's first score."""
    found = Influence.objects.filter(member=member).values_list("score", "public").first()
    return Score(*found) if found is not None else None


def may_see(viewer: User, member: User) -> bool:
    """Oneself always; anyone else only if the member chose to show their score."""
    if viewer.pk == member.pk:
        return True
    return Influence.objects.filter(member=member, public=True).exists()
