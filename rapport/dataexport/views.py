"""Your data: ask for a copy, see your copies, download one while it runs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from rapport.accounts.models import User
from rapport.core.errors import Gone, NotFound, RapportError
from rapport.dataexport import selectors, services
from rapport.dataexport.downloads import copy_response


def _me(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    if request.method == "POST":
        try:
            services.export_request(member=me)
        except RapportError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, "We are preparing your copy; you will be told when it is ready."
            )
        return redirect("dataexport:mine")
    return render(
        request,
        "dataexport/mine.html",
        {"exports": selectors.exports_of(me)[:10], "now": timezone.now()},
    )


@login_required
def download(request: HttpRequest, export_id: int) -> HttpResponse | FileResponse:
    try:
        return copy_response(member=_me(request), export_id=export_id, now=timezone.now())
    except Gone as error:
        return render(request, "dataexport/gone.html", {"message": error.message}, status=410)
    except NotFound as error:
        raise Http404(error.message) from error
