"""Pages for editing one's work history and education."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rapport.accounts.models import User
from rapport.companies import selectors as companies
from rapport.companies import services as company_services
from rapport.core.errors import RapportError
from rapport.members import selectors, services
from rapport.members.forms import EducationForm, PositionForm
from rapport.members.job_changes import job_change_announce, position_announce


def _member(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
def history(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    return render(
        request,
        "members/history.html",
        {
            "positions": companies.positions_of(member=member),
            "education": selectors.education_of(member),
            "position_form": PositionForm(),
            "education_form": EducationForm(),
        },
    )


@login_required
def position_edit(request: HttpRequest, position_id: int | None = None) -> HttpResponse:
    member = _member(request)
    position = None
    initial = {}
    if position_id is not None:
        position = companies.positions_of(member=member).filter(pk=position_id).first()
        if position is None:
            raise Http404("No such position in your work history.")
        initial = {
            "company": position.company.name,
            "title": position.title,
            "started_on": position.started_on,
            "ended_on": position.ended_on,
            "is_current": position.is_current,
            "description": position.description,
        }
    form = PositionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = dict(
            company_name=data["company"],
            title=data["title"],
            started_on=data["started_on"],
            ended_on=data["ended_on"],
            is_current=data["is_current"],
            description=data["description"],
        )
        try:
            if position is None:
                added = company_services.position_add(member=member, **fields)
                if data["tell_network"] and added.is_current:
                    job_change_announce(member=member, position=added)
            else:
                company_services.position_update(member=member, position_id=position.pk, **fields)
        except RapportError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Your work history is saved.")
            return redirect("members:history")
    return render(request, "members/position_form.html", {"form": form, "position": position})


@login_required
@require_POST
def position_delete(request: HttpRequest, position_id: int) -> HttpResponse:
    try:
        company_services.position_remove(member=_member(request), position_id=position_id)
    except RapportError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "The position is removed.")
    return redirect("members:history")


@login_required
@require_POST
def position_tell(request: HttpRequest, position_id: int) -> HttpResponse:
    try:
        position_announce(member=_member(request), position_id=position_id)
    except RapportError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Your network will hear of your new position.")
    return redirect("members:history")


@login_required
@require_POST
def education_add(request: HttpRequest) -> HttpResponse:
    form = EducationForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.education_add(
                member=_member(request),
                school_name=data["school"],
                degree=data["degree"],
                field=data["field"],
                start_year=data["start_year"],
                end_year=data["end_year"],
            )
        except RapportError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Your education is saved.")
    else:
        messages.error(request, "Enter the school and a start year.")
    return redirect("members:history")


@login_required
@require_POST
def education_delete(request: HttpRequest, education_id: int) -> HttpResponse:
    try:
        services.education_remove(member=_member(request), education_id=education_id)
    except RapportError as exc:
        messages.error(request, exc.message)
    return redirect("members:history")
