from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rapport.core.pagination import page_number, paginate
from rapport.notifications import selectors, services


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = paginate(
        selectors.notifications_for(recipient=request.user),  # type: ignore[arg-type]
        page=page_number(request.GET.get("page")),
        size=settings.RAPPORT["SEARCH_PAGE_SIZE"],
    )
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_read(recipient=request.user)  # type: ignore[arg-type]
    return redirect("notifications:list")
