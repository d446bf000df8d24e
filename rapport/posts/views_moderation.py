"""The moderators' page for reported posts and comments (staff only)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rapport.accounts.roles import operator_required
from rapport.core.errors import RapportError
from rapport.posts import services
from rapport.posts.selectors.moderation import reported_content

_TAKE_DOWN = {
    "post": lambda me, pk: services.post_take_down(moderator=me, post_id=pk),
    "comment": lambda me, pk: services.comment_take_down(moderator=me, comment_id=pk),
}


@operator_required
def moderation(request: HttpRequest) -> HttpResponse:
    return render(request, "posts/moderation.html", {"rows": reported_content()})


@operator_required
@require_POST
def take_down(request: HttpRequest, source: str, reference: int) -> HttpResponse:
    if source not in _TAKE_DOWN:
        raise Http404("Nothing of that kind is reported.")
    try:
        _TAKE_DOWN[source](request.user, reference)
    except RapportError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"The {source} is down.")
    return redirect("posts:moderation")
