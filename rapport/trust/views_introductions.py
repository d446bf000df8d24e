"""Introduction pages: ask along a proposed route, answer as a hop or as the target,
and see who could introduce you at a company."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rapport.accounts.models import User
from rapport.companies.selectors import company_by_slug
from rapport.core.errors import RapportError, ValidationFailed
from rapport.members.selectors import member_by_handle
from rapport.network.selectors import degrees_for
from rapport.trust import selectors, services
from rapport.trust.forms import AskForm, ForwardForm


def _me(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _other(handle: str) -> User:
    other = member_by_handle(handle)
    if other is None:
        raise Http404("No member with that handle.")
    return other


@login_required
def with_member(request: HttpRequest, handle: str) -> HttpResponse:
    """The profile's slot: "Ask for an introduction" for a 2nd- or 3rd-degree member."""
    me, other = _me(request), _other(handle)
    degree = degrees_for(me.pk, [other.pk]).get(other.pk) if other.pk != me.pk else 0
    return render(request, "trust/_with_member.html", {"other": other, "can_ask": degree in (2, 3)})


@login_required
def ask(request: HttpRequest, handle: str) -> HttpResponse:
    me, other = _me(request), _other(handle)
    proposals = selectors.path_proposals(me, other)
    chosen = request.POST.get("via") or (proposals[0].via.handle if proposals else "")
    form = AskForm(request.POST or None, initial={"via": chosen})
    if request.method == "POST" and form.is_valid():
        via = member_by_handle(chosen)
        try:
            if via is None:
                raise ValidationFailed("Choose whom to ask first.", code="introduction.bad_route")
            intro = services.introduction_request(
                requester=me,
                target=other,
                via=via,
                reason=form.cleaned_data["reason"],
                offer=form.cleaned_data["offer"],
            )
        except RapportError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                f"Asked {via.display_name}. Nobody further along hears of it unless they pass "
                "it on.",
            )
            return redirect("trust:introduction", introduction_id=intro.pk)
    return render(
        request,
        "trust/ask.html",
        {
            "other": other,
            "proposals": proposals,
            "chosen": chosen,
            "all_weak": bool(proposals) and all(p.weak for p in proposals),
            "form": form,
        },
    )


@login_required
def introductions(request: HttpRequest) -> HttpResponse:
    return render(
        request, "trust/introductions.html", {"groups": selectors.introductions_of(_me(request))}
    )


@login_required
def introduction(request: HttpRequest, introduction_id: int) -> HttpResponse:
    try:
        view = selectors.introduction_for(_me(request), introduction_id)
    except RapportError as exc:
        raise Http404(exc.message) from exc
    return render(request, "trust/introduction.html", {"view": view, "form": ForwardForm()})


ACTIONS = ("forward", "decline", "accept", "withdraw")


@login_required
@require_POST
def act(request: HttpRequest, introduction_id: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404("No such action.")
    me = _me(request)
    try:
        if action == "forward":
            form = ForwardForm(request.POST)
            if not form.is_valid():
                view = selectors.introduction_for(me, introduction_id)
                return render(
                    request, "trust/introduction.html", {"view": view, "form": form}, status=400
                )
            services.introduction_forward(
                member=me, introduction_id=introduction_id, note=form.cleaned_data["note"]
            )
            messages.success(request, "Passed on, with your note.")
        elif action == "decline":
            services.introduction_decline(member=me, introduction_id=introduction_id)
            messages.success(
                request, "Declined. The requester hears only that it could not go ahead."
            )
        elif action == "accept":
            intro = services.introduction_accept(member=me, introduction_id=introduction_id)
            messages.success(request, "Accepted: say hello.")
            assert intro.conversation_id is not None
            return redirect("conversations:detail", conversation_id=intro.conversation_id)
        else:
            services.introduction_withdraw(member=me, introduction_id=introduction_id)
            messages.success(request, "Withdrawn.")
    except RapportError as exc:
        if exc.status == 404:
            raise Http404(exc.message) from exc
        messages.error(request, exc.message)
    return redirect("trust:introduction", introduction_id=introduction_id)


@login_required
def introducers(request: HttpRequest, slug: str) -> HttpResponse:
    """Who can introduce me at a company: 2nd-degree people there, each with a connector."""
    company = company_by_slug(slug)
    if company is None:
        raise Http404("No such company.")
    return render(
        request,
        "trust/introducers.html",
        {"company": company, "rows": selectors.introducers_at(_me(request), company)},
    )
