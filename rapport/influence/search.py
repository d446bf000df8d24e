"""Influence in search: off unless an operator turns it on (RAPPORT_INFLUENCE_IN_SEARCH),
and then only among results otherwise equal, and only for members who chose to show
their score (ranking by a private score would reveal it by the order)."""

from __future__ import annotations

from django.conf import settings

from rapport.influence.models import Influence
from rapport.members.selectors import search_boost_register, search_boost_unregister


def public_scores(member_ids: list[int]) -> dict[int, float]:
    return {
        pk: float(score)
        for pk, score in Influence.objects.filter(
            member_id__in=member_ids, public=True
        ).values_list("member_id", "score")
    }


def search_boost_apply() -> None:
    """Register or withdraw the tie-breaker as the setting says (settings can change in
    tests; `ready()` calls this once at start)."""
    if settings.RAPPORT.get("INFLUENCE_IN_SEARCH"):
        search_boost_register(public_scores)
    else:
        search_boost_unregister(public_scores)
