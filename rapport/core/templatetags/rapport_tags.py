"""Template helpers used across apps."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()

DEGREE_LABELS = {0: "You", 1: "1st", 2: "2nd", 3: "3rd"}


@register.filter
def get(mapping: dict[Any, Any] | None, key: Any) -> Any:
    """`{{ degrees|get:member.pk }}`: a dictionary lookup by a variable key."""
    if not mapping:
        return None
    return mapping.get(key)


@register.inclusion_tag("includes/degree.html")
def degree_badge(degrees: dict[int, int | None] | None, member_id: int) -> dict[str, Any]:
    """The 1st / 2nd / 3rd / out-of-network badge for a member, from a page's batch."""
    if degrees is None or member_id not in degrees:
        return {"label": None}
    degree = degrees[member_id]
    if degree == 0:
        return {"label": None}
    label = DEGREE_LABELS.get(degree, "Out of network") if degree is not None else "Out of network"
    return {"label": label, "degree": degree}
