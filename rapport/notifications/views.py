from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rapport.core.errors import RapportError
from rapport.core.pagination import page_number, paginate
from rapport.core.redirects import redirect_local
from rapport.notifications import selectors, services
from rapport.notifications.models import MentionsFrom


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    member = request.user
    # Looking at the list clears the badge before the page (and its badge) renders.
    services.notifications_mark_seen(recipient=member)  # type: ignore[arg-type]
    page = paginate(
        selectors.notifications_for(recipient=member),  # type: ignore[arg-type]
        page=page_number(request.GET.get("page")),
        size=settings.RAPPORT["SEARCH_PAGE_SIZE"],
    )
    unread = selectors.unread_count(recipient=member)  # type: ignore[arg-type]
    return render(request, "notifications/list.html", {"page": page, "unread": unread})


@login_required
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Follow a notification: it is read now. Only one's own; the link stays on this site."""
    found = selectors.notifications_for(recipient=request.user).filter(pk=notification_id).first()  # type: ignore[arg-type]
    if found is None:
        raise Http404("No such notification.")
    services.notifications_mark_read(recipient=request.user, ids=[found.pk])  # type: ignore[arg-type]
    return redirect_local(request, found.url, "notifications:list")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_read(recipient=request.user)  # type: ignore[arg-type]
    return redirect("notifications:list")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    """Whose @mentions notify the member: anyone who may mention them, or only connections."""
    member = request.user
    current = selectors.mentions_from_of([member.pk])[member.pk]  # type: ignore[list-item,index]
    if request.method == "POST":
        try:
            services.mentions_from_set(
                member=member,  # type: ignore[arg-type]
                mentions_from=request.POST.get("mentions_from", ""),
            )
        except RapportError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Saved.")
            return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"current": current, "choices": MentionsFrom.choices},
    )
