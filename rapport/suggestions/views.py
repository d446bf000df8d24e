from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rapport.accounts.models import User
from rapport.core.errors import RapportError
from rapport.members.selectors import member_by_handle
from rapport.suggestions import selectors, services
from rapport.suggestions.models import DismissReason


@login_required
def people(request: HttpRequest) -> HttpResponse:
    me: User = request.user  # type: ignore[assignment]
    return render(
        request,
        "suggestions/people.html",
        {"suggestions": selectors.people_you_may_know(me), "reasons": DismissReason.choices},
    )


@login_required
@require_POST
def dismiss(request: HttpRequest, handle: str) -> HttpResponse:
    other = member_by_handle(handle)
    if other is None:
        raise Http404("No member with that handle.")
    try:
        services.suggestion_dismiss(
            member=request.user,  # type: ignore[arg-type]
            other=other,
            reason=request.POST.get("reason", ""),
        )
    except RapportError as exc:
        if request.htmx:  # type: ignore[attr-defined]
            return HttpResponse(exc.message, status=400)
        raise Http404(exc.message) from exc
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "suggestions/_dismissed.html", {"other": other})
    return redirect("suggestions:people")
