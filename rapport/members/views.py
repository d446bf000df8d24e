"""Pages for members: home, sign-up, profiles, editing, connections and search."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from rapport.accounts.models import User
from rapport.core.errors import RapportError
from rapport.core.pagination import page_number, paginate
from rapport.members import network_views, selectors, services
from rapport.members.avatars import avatar_svg
from rapport.members.forms import PhotoForm, PrivacyForm, ProfileForm, SearchForm, SignUpForm
from rapport.members.models import Profile
from rapport.network import services as network_services


def _member(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _network_of(request: HttpRequest, members: list[User]) -> dict[str, object]:
    """Degree badges and mutual counts for a page of members, in one batch each."""
    view = network_views.for_members(_member(request), members)
    return {"degrees": view.degrees, "mutuals": view.mutuals}


def sign_up(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_sign_up_request(
                **form.cleaned_data, site=request.build_absolute_uri("/").rstrip("/")
            )
        except RapportError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            # The same page whether or not the address has an account (decision 0012).
            return redirect("members:signup_sent")
    return render(request, "members/signup.html", {"form": form})


def sign_up_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "members/signup_sent.html")


@login_required
def profile(request: HttpRequest, handle: str) -> HttpResponse:
    page = selectors.profile_page(viewer=_member(request), handle=handle)
    if page is None:
        raise Http404("No member with that handle.")
    return render(request, "members/profile.html", {"page": page})


@login_required
def connections(request: HttpRequest, handle: str) -> HttpResponse:
    owner = selectors.member_by_handle(handle)
    if owner is None:
        raise Http404("No member with that handle.")
    visible = selectors.visible_connections(viewer=_member(request), owner=owner)
    page = None
    if visible is not None:
        page = paginate(
            visible,
            page=page_number(request.GET.get("page")),
            size=settings.RAPPORT["SEARCH_PAGE_SIZE"],
        )
    return render(
        request,
        "members/connections.html",
        {
            "owner": owner,
            "page": page,
            "hidden": visible is None,
            "is_self": owner.pk == request.user.pk,
            **_network_of(request, page.items if page else []),
        },
    )


@login_required
@require_POST
def disconnect(request: HttpRequest, handle: str) -> HttpResponse:
    other = selectors.member_by_handle(handle)
    if other is None:
        raise Http404("No member with that handle.")
    try:
        network_services.connection_remove(member=_member(request), other=other)
    except RapportError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"You are no longer connected with {other.display_name}.")
    return redirect("members:profile", handle=other.handle)


def _profile_initial(member: User, profile: Profile) -> dict[str, object]:
    return {
        "display_name": member.display_name,
        "headline": profile.headline,
        "location": profile.location,
        "about": profile.about,
        "skills": ", ".join(profile.skills.values_list("name", flat=True)),
        "open_to": profile.open_to,
    }


@login_required
def edit(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    profile = services.profile_of(member)
    form = ProfileForm(request.POST or None, initial=_profile_initial(member, profile))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.profile_update(
                member=member,
                display_name=data["display_name"],
                headline=data["headline"],
                location=data["location"],
                about=data["about"],
                open_to=data["open_to"],
                skills=[s for s in data["skills"].split(",") if s.strip()],
            )
        except RapportError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Your profile is saved.")
            return redirect("members:profile", handle=member.handle)
    return _edit_page(request, form=form, profile=profile)


def _edit_page(
    request: HttpRequest,
    *,
    form: ProfileForm | None = None,
    profile: Profile | None = None,
    photo_form: PhotoForm | None = None,
    privacy_form: PrivacyForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The profile editor; a refused photo or privacy form comes back here with its errors."""
    member = _member(request)
    profile = profile or services.profile_of(member)
    if form is None:
        form = ProfileForm(initial=_profile_initial(member, profile))
    if privacy_form is None:
        privacy_form = PrivacyForm(
            initial={
                "connections_visibility": member.connections_visibility,
                "email_visibility": member.email_visibility,
                "email_findable": member.email_findable,
            }
        )
    return render(
        request,
        "members/edit.html",
        {
            "form": form,
            "photo_form": photo_form or PhotoForm(),
            "profile": profile,
            "privacy_form": privacy_form,
        },
        status=status,
    )


@login_required
@require_POST
def privacy(request: HttpRequest) -> HttpResponse:
    form = PrivacyForm(request.POST)
    if not form.is_valid():
        return _edit_page(request, privacy_form=form, status=400)
    services.privacy_update(member=_member(request), **form.cleaned_data)
    messages.success(request, "Your privacy settings are saved.")
    return redirect("members:edit")


@login_required
@require_POST
def photo(request: HttpRequest) -> HttpResponse:
    if request.POST.get("remove"):
        services.photo_remove(member=_member(request))
        messages.success(request, "Your photo is removed; your initials show instead.")
        return redirect("members:edit")
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.photo_set(member=_member(request), upload=form.cleaned_data["photo"])
        except RapportError as exc:
            form.add_error("photo", exc.message)
    if not form.is_valid():
        # Re-shown with the reason beside the field, as a 400: nothing was changed.
        return _edit_page(request, photo_form=form, status=400)
    messages.success(request, "Your photo is saved.")
    return redirect("members:edit")


@cache_control(max_age=3600, private=True)
def avatar(request: HttpRequest, handle: str) -> HttpResponseBase:
    member = selectors.member_by_handle(handle)
    if member is None:
        raise Http404("No member with that handle.")
    profile = selectors.profile_or_blank(member)
    if profile.photo and request.user.is_authenticated:
        return FileResponse(profile.photo.open("rb"))
    return HttpResponse(
        avatar_svg(initials=member.initials, seed=member.handle), content_type="image/svg+xml"
    )


@login_required
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    filters = selectors.SearchFilters()
    if form.is_valid():
        filters = selectors.SearchFilters(**form.cleaned_data)
    page = None
    network: dict[str, object] = {"degrees": {}, "mutuals": {}}
    if filters.active:
        results = selectors.search_members(
            viewer=_member(request),
            filters=filters,
            page=page_number(request.GET.get("page")),
            size=settings.RAPPORT["SEARCH_PAGE_SIZE"],
        )
        page = results.page
        # The ranking already asked the graph for these degrees; the badges reuse them.
        view = network_views.for_members(_member(request), page.items, degrees=results.degrees)
        network = {"degrees": view.degrees, "mutuals": view.mutuals}
    query = request.GET.copy()
    query.pop("page", None)
    template = "members/_results.html" if request.htmx else "members/search.html"  # type: ignore[attr-defined]
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            **network,
            "query": query.urlencode(),
            "search_url": reverse("members:search"),
        },
    )
