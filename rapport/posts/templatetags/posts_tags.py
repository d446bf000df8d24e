from __future__ import annotations

from django import template

from rapport.posts.models import ReactionKind

register = template.Library()


@register.simple_tag
def reaction_kinds() -> list[tuple[str, str]]:
    """The reactions a member can choose, for the reaction menu."""
    return list(ReactionKind.choices)
