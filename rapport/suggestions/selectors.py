"""People you may know: non-connections ranked by mutual connections, boosted by
shared history, never someone the member already answered or set aside."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from rapport.accounts.models import User
from rapport.companies.models import Position
from rapport.core.compiled import Reusable
from rapport.invitations.models import Invitation, State
from rapport.members.models import Education, Profile
from rapport.network import selectors as network
from rapport.suggestions.models import Dismissal

# Candidates drawn from the index before boosts re-rank them.
POOL = 200
# A shared employer with overlapping tenure says more than a shared city.
BOOST_COLLEAGUE = 0.6
BOOST_CLASSMATE = 0.4
BOOST_CITY = 0.2


@dataclass
class Suggestion:
    member: User
    mutual: int
    score: float
    reasons: list[str] = field(default_factory=list)


# The page's reads, on every view: built once (rapport/core/compiled.py).
_ANSWERED = Reusable(
    lambda *, member: Invitation.objects.filter(
        Q(sender_id=member) | Q(recipient_id=member),
        state__in=(State.PENDING, State.DECLINED, State.REPORTED),
    ).values_list("sender_id", "recipient_id")
)
_DISMISSED = Reusable(
    lambda *, member: Dismissal.objects.filter(member_id=member).values_list("dismissed_id")
)
_PEOPLE = Reusable(lambda *, ids: User.objects.filter(pk__in=ids).select_related("profile"))
# The pool is ranked on these; only the shown few are read whole (_PEOPLE).
_LOCATIONS = Reusable(
    lambda *, ids: Profile.objects.filter(member_id__in=ids).values_list("member_id", "location")
)
_TENURES = Reusable(
    lambda *, ids: Position.objects.filter(member_id__in=ids).values_list(
        "member_id", "company_id", "started_on", "ended_on"
    )
)
_SCHOOLS = Reusable(
    lambda *, ids: Education.objects.filter(member_id__in=ids).values_list("member_id", "school_id")
)
_CITY = Reusable(
    lambda *, member: (
        Profile.objects.filter(member_id=member)
        .annotate(l=Lower("location"))
        .order_by("pk")
        .values_list("l")[:1]
    )
)


def excluded_for(member: User) -> set[int]:
    """Members never suggested: pending either way, refused either way, dismissed, blocked."""
    excluded = {i for pair in _ANSWERED.rows(member=member.pk) for i in pair}
    excluded |= {dismissed for (dismissed,) in _DISMISSED.rows(member=member.pk)}
    excluded |= network.blocked_ids(member.pk)
    excluded.add(member.pk)
    return excluded


def _tenures(ids: set[int]) -> dict[int, list[tuple[int, dt.date, dt.date]]]:
    today = timezone.localdate().replace(day=1)
    found: dict[int, list[tuple[int, dt.date, dt.date]]] = {}
    for member_id, company_id, start, end in _TENURES.rows(ids=sorted(ids)):
        found.setdefault(member_id, []).append((company_id, start, end or today))
    return found


def _overlap(
    mine: list[tuple[int, dt.date, dt.date]], theirs: list[tuple[int, dt.date, dt.date]]
) -> bool:
    return any(a == b and s1 <= e2 and s2 <= e1 for a, s1, e1 in mine for b, s2, e2 in theirs)


def people_you_may_know(member: User, *, k: int = 20) -> list[Suggestion]:
    """Top-k suggestions with the reasons behind each, in a fixed number of queries."""
    pool = network.suggested_ids(member.pk, POOL, exclude=excluded_for(member))
    if not pool:
        return []
    ids = {i for i, _ in pool}
    locations = dict(_LOCATIONS.rows(ids=sorted(ids)))
    tenures = _tenures(ids | {member.pk})
    schools: dict[int, set[int]] = {}
    for member_id, school_id in _SCHOOLS.rows(ids=sorted(ids | {member.pk})):
        schools.setdefault(member_id, set()).add(school_id)
    found = _CITY.rows(member=member.pk)
    city = ((found[0][0] if found else "") or "").split(",")[0].strip()
    ranked: list[tuple[float, int, int, list[str]]] = []
    for other_id, mutual in pool:
        boost = 1.0
        reasons = [f"{mutual} mutual connection{'s' if mutual != 1 else ''}"]
        if _overlap(tenures.get(member.pk, []), tenures.get(other_id, [])):
            boost += BOOST_COLLEAGUE
            reasons.append("worked at the same company at the same time")
        if schools.get(member.pk, set()) & schools.get(other_id, set()):
            boost += BOOST_CLASSMATE
            reasons.append("went to the same school")
        location = locations.get(other_id) or ""
        if city and location.lower().split(",")[0].strip() == city:
            boost += BOOST_CITY
            reasons.append(f"also in {location.split(',')[0]}")
        ranked.append((mutual * boost, mutual, other_id, reasons))
    ranked.sort(key=lambda r: (-r[0], -r[1], r[2]))
    # Whole members only for those shown. One gone since the index was read is
    # skipped and the next shown instead: the rest of the pool in one more query.
    suggestions: list[Suggestion] = []
    for chunk in (ranked[:k], ranked[k:]):
        if len(suggestions) >= k or not chunk:
            break
        people = {p.pk: p for p in _PEOPLE.objects(ids=sorted(r[2] for r in chunk))}
        for score, mutual, other_id, reasons in chunk:
            if other_id in people and len(suggestions) < k:
                suggestions.append(Suggestion(people[other_id], mutual, score, reasons))
    return suggestions
