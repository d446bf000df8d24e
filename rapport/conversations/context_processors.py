"""The header's message counts, computed at most once per request."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from rapport.conversations.selectors import Counts, counts_for


def counts_of(request: HttpRequest) -> Counts:
    """The member's counts for this request; a page that shows them too reuses them."""
    cached = getattr(request, "_message_counts", None)
    if cached is None:
        cached = counts_for(request.user)  # type: ignore[arg-type]
        request._message_counts = cached  # type: ignore[attr-defined]
    return cached


def message_counts(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: a page that never shows the header (a poll fragment) costs no queries.
    return {"message_counts": SimpleLazyObject(lambda: counts_of(request))}
