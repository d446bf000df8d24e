"""Template helpers used across apps."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone
from django.utils.timesince import timesince

from rapport.core.links import href

register = template.Library()

DEGREE_LABELS = {0: "You", 1: "1st", 2: "2nd", 3: "3rd"}


@register.filter
def get(mapping: dict[Any, Any] | None, key: Any) -> Any:
    """`{{ degrees|get:member.pk }}`: a dictionary lookup by a variable key."""
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def since(value: dt.datetime | None, now: dt.datetime | None = None) -> str:
    """`{{ sent_at|since }}`: "just now" under a minute, else "5 minutes ago", "3 days
    ago" (the largest unit only) — never Django's "0 minutes ago"."""
    if value is None:
        return ""
    now = now or timezone.now()
    if now - value < dt.timedelta(minutes=1):
        return "just now"
    return f"{timesince(value, now, depth=1)} ago"


@register.filter
def tenure(months: int) -> str:
    """`{{ position.months|tenure }}`: "8 mos", "1 yr", "7 yrs 2 mos", as work histories
    are read, rather than "86 months"."""
    years, rest = divmod(max(0, int(months)), 12)
    parts = []
    if years:
        parts.append(f"{years} yr{'s' if years != 1 else ''}")
    if rest or not years:
        parts.append(f"{rest} mo{'s' if rest != 1 else ''}")
    return " ".join(parts)


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


@register.simple_tag(name="href")
def href_tag(name: str, *args: object) -> str:
    """`{% href "members:profile" handle %}`: `{% url %}` for a route of fixed shape,
    reversed once per process (core.links)."""
    return href(name, *args)
