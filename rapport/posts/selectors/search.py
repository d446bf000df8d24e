"""Finding posts and articles by their words, among those the searcher may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from rapport.accounts.models import User
from rapport.posts.models import Post
from rapport.posts.selectors.cards import with_related
from rapport.posts.selectors.visibility import visible_q

MAX_TERMS = 6


def search_posts(viewer: User, query: str) -> QuerySet[Post]:
    """Visible posts and articles holding every word of the query, newest first.

    Visibility is applied in the same query as the match, so a hidden post can neither
    be listed nor counted.
    """
    terms = [t for t in query.split() if t][:MAX_TERMS]
    qs = Post.objects.filter(visible_q(viewer))
    if not terms:
        return qs.none()
    for term in terms:
        qs = qs.filter(Q(body__icontains=term) | Q(title__icontains=term))
    return with_related(qs).order_by("-published_at", "-pk")
