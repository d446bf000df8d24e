"""Answers kept for the length of one page view, so a page asks each question once.

A page often asks the same read twice from different selectors — the viewer's private
connections, say, once for the degree badges and once for the paths (about 2 ms of
database each on a well-connected member). `remembered(key, compute)` answers the
second ask from the first, but only inside a GET or HEAD request (`RequestMemo`, a
middleware): such a request changes nothing the answer depends on, and the memo ends
with it, so no answer outlives the request that read it. Elsewhere — a form post, a
job, the shell, a test calling a selector — it computes every time.

Keys must name everything the answer depends on; the value must not be changed by a
caller (hand out a copy or an immutable value).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse

T = TypeVar("T")

# A context variable, not a thread-local: each request (and each asyncio task) sees its
# own memo, or none.
_memo: ContextVar[dict[Hashable, Any] | None] = ContextVar("rapport_request_memo", default=None)

# Requests that change nothing: only these keep answers.
READ_ONLY_METHODS = frozenset({"GET", "HEAD"})


def remembered(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, or its answer from earlier in this read-only request."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


class RequestMemo:
    """Opens a memo for each GET or HEAD request and drops it when the response is made."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in READ_ONLY_METHODS:
            return self.get_response(request)
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
