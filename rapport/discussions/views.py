"""A group's discussions and its statistics: the group's main page.

Who may read is the groups app's rule (`GroupPage.can_read`); the posts still pass
the posts app's visibility, so blocks and deactivated authors hold here as everywhere.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from rapport.accounts.models import User
from rapport.core.errors import NotFound, RapportError, ValidationFailed
from rapport.core.pagination import page_number
from rapport.core.redirects import redirect_local
from rapport.discussions import selectors
from rapport.discussions.forms import GroupPostForm, PinForm
from rapport.discussions.tasks import group_stats_ask
from rapport.groups import selectors as groups
from rapport.groups.selectors import GroupPage
from rapport.groups.services import group_visit_record
from rapport.posts import services as posts
from rapport.posts.selectors import shown_ids
from rapport.posts.selectors.groups import SHOWS, SORTS, group_discussions
from rapport.posts.stats.recording import views_enqueue

# Ten discussions a page (and the pinned few on the first): a group's posts are read one
# by one, and a page of ten renders in half the time of twenty (docs/benchmarks.md).
PAGE = 10


def _me(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _page(request: HttpRequest, slug: str) -> GroupPage:
    try:
        return groups.group_page(_me(request), slug)
    except NotFound as error:
        raise Http404(error.message) from error


@login_required
def group(request: HttpRequest, slug: str) -> HttpResponse:
    """The group's discussions (pinned first, then new or active), or for those who may
    not read them, what the group is and how to join."""
    page = _page(request, slug)
    if not page.can_read:
        return render(request, "discussions/closed.html", {"g": page, "tab": "discussions"})
    sort = request.GET.get("sort", "new")
    sort = sort if sort in SORTS else "new"
    show = request.GET.get("show", "all")
    show = show if show in SHOWS else "all"
    number = page_number(request.GET.get("page"))
    pinned, listed = group_discussions(
        _me(request), page.group, sort=sort, show=show, page=number, size=PAGE, may_read=True
    )
    if page.is_member:
        # Once a day is all the statistics count; the session remembers it was recorded.
        today, key = timezone.now().date().isoformat(), f"group-read-{page.group.pk}"
        if request.session.get(key) != today:
            group_visit_record(group=page.group, member=_me(request), day=timezone.now().date())
            request.session[key] = today
    views_enqueue(
        request=request,
        post_ids=shown_ids(pinned + listed.items, except_author=request.user.pk),
        source="group",
    )
    return render(
        request,
        "discussions/group.html",
        {
            "g": page,
            "tab": "discussions",
            "pinned": pinned,
            "page": listed,
            "sort": sort,
            "show": show,
            "query": f"sort={sort}&show={show}",
            "form": GroupPostForm() if page.is_member else None,
        },
    )


@login_required
@require_POST
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    page = _page(request, slug)
    form = GroupPostForm(request.POST)
    back = reverse("discussions:group", args=[slug])
    if not form.is_valid():
        messages.error(request, f"Not posted: {next(iter(form.errors.values()))[0]}")
        return redirect(back)
    try:
        posts.group_post_publish(
            author=_me(request),
            group=page.group,
            body=form.cleaned_data["body"],
            question=form.cleaned_data["question"],
        )
    except RapportError as error:
        messages.error(request, f"Not posted: {error.message}")
        return redirect(back)
    messages.success(request, "Asked." if form.cleaned_data["question"] else "Posted.")
    return redirect(back)


def _managed(request: HttpRequest, slug: str, action: Callable[[], str]) -> HttpResponse:
    """A manager's action on a post of the group; back to the discussions with its outcome."""
    _page(request, slug)
    try:
        said = action()
    except NotFound as error:
        raise Http404(error.message) from error
    except RapportError as error:
        if getattr(request, "htmx", False):
            return HttpResponse(error.message, status=error.status, content_type="text/plain")
        messages.error(request, error.message)
    else:
        messages.success(request, said)
    return redirect_local(
        request, request.POST.get("next", ""), reverse("discussions:group", args=[slug])
    )


@login_required
@require_POST
def pin(request: HttpRequest, slug: str, post_id: int) -> HttpResponse:
    form = PinForm(request.POST)

    def act() -> str:
        if not form.is_valid():
            raise ValidationFailed("pinned is 1 or 0.", code="group.pin_value", field="pinned")
        pinned = form.cleaned_data["pinned"]
        posts.group_post_pin(manager=_me(request), post_id=post_id, pinned=pinned)
        return "Pinned to the top." if pinned else "Unpinned."

    return _managed(request, slug, act)


@login_required
@require_POST
def remove(request: HttpRequest, slug: str, post_id: int) -> HttpResponse:
    def act() -> str:
        posts.group_post_remove(manager=_me(request), post_id=post_id)
        return "Removed from the group."

    return _managed(request, slug, act)


@login_required
def stats(request: HttpRequest, slug: str) -> HttpResponse:
    """Participation statistics: in full for managers, in summary for members."""
    page = _page(request, slug)
    if not page.is_member:
        raise Http404("No group here, or it is not open to you.")
    shown = selectors.stats_for(page.group, full=page.manages)
    if shown is None:  # never computed: the job does it, the page does not count rows
        group_stats_ask(page.group.pk)
    return render(
        request,
        "discussions/stats.html",
        {"g": page, "tab": "stats", "stats": shown, "charts": shown.charts if shown else None},
    )
