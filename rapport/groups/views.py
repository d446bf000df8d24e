"""Pages about groups and who is in them; a group's discussions are the discussions app's.

Thin: parse, call a service or a selector, render. A refusal comes back as the service's
own message (a 4xx for htmx), and nothing changes; a group the viewer may not know of
is a 404, exactly as one that does not exist.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from rapport.accounts.models import User
from rapport.core.errors import NotFound, RapportError
from rapport.core.pagination import page_number
from rapport.core.redirects import redirect_local
from rapport.groups import selectors, services
from rapport.groups.forms import (
    AnswerForm,
    BanForm,
    GroupEditForm,
    GroupForm,
    InviteForm,
    MemberForm,
    NoteForm,
    RoleForm,
    SearchForm,
    SettingsForm,
)
from rapport.groups.models import MembershipState
from rapport.groups.selectors import GroupPage

PAGE = 20
HANDLE = re.compile(r"[A-Za-z0-9-]{1,30}")


def _me(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _page(request: HttpRequest, slug: str) -> GroupPage:
    try:
        return selectors.group_page(_me(request), slug)
    except NotFound as error:
        raise Http404(error.message) from error


def _first_error(form: GroupForm | NoteForm | InviteForm | MemberForm | SettingsForm) -> str:
    field, errors = next(iter(form.errors.items()))
    return f"{field}: {errors[0]}" if field != "__all__" else str(errors[0])


def _act(request: HttpRequest, default: str, action: Callable[[], str]) -> HttpResponse:
    """Run a service call; tell the member what happened and go back where they were."""
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
    return redirect_local(request, request.POST.get("next", ""), default)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Your groups, groups your connections are in, and every group you may find."""
    me = _me(request)
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    found = selectors.search_groups(
        me, query=query, page=page_number(request.GET.get("page")), size=PAGE
    )
    return render(
        request,
        "groups/index.html",
        {
            "form": form,
            "found": found,
            "page": found,
            "query": urlencode({"q": query}) if query else "",
            "mine": selectors.groups_of(me) if not query else [],
            "connections": selectors.connections_groups(me) if not query else [],
        },
    )


@login_required
def create(request: HttpRequest) -> HttpResponse:
    form = GroupForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            group = services.group_create(creator=_me(request), **data)
        except RapportError as error:
            form.add_error(getattr(error, "field", None) or None, error.message)
        else:
            messages.success(request, f"{group.name} is ready. Invite the first members.")
            return redirect("groups:members", group.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "groups/create.html", {"form": form}, status=status)


@login_required
def about(request: HttpRequest, slug: str) -> HttpResponse:
    page = _page(request, slug)
    return render(
        request,
        "groups/about.html",
        {
            "g": page,
            # Who manages a group is part of its member list: open groups show it to
            # anyone signed in, others to fellow members.
            "managers": selectors.managers_of(page.group).order_by("display_name")[:20]
            if selectors.can_see_members(_me(request), page.group, page.membership)
            else None,
            "settings_form": SettingsForm(
                initial={
                    "follow_closely": page.membership.follow_closely,
                    "show_in_top": page.membership.show_in_top,
                }
            )
            if page.is_member and page.membership is not None
            else None,
        },
    )


@login_required
@cache_control(private=True, max_age=3600)
def cover(request: HttpRequest, slug: str) -> HttpResponseBase:
    """A group's cover, for whoever may know the group (not served from the media folder:
    a private group's picture is as private as its name)."""
    page = _page(request, slug)
    if not page.group.cover:
        raise Http404("This group has no cover.")
    try:
        return FileResponse(page.group.cover.open("rb"))
    except FileNotFoundError as error:  # replaced a moment ago
        raise Http404("This group has no cover.") from error


@login_required
def members(request: HttpRequest, slug: str) -> HttpResponse:
    page = _page(request, slug)
    shown = request.GET.get("show", MembershipState.MEMBER)
    managing_lists = (MembershipState.REQUESTED, MembershipState.INVITED, MembershipState.BANNED)
    if shown not in (MembershipState.MEMBER, *managing_lists) or (
        shown in managing_lists and not page.manages
    ):
        shown = MembershipState.MEMBER
    visible = selectors.can_see_members(_me(request), page.group, page.membership)
    listed = (
        selectors.members_page(
            page.group, page=page_number(request.GET.get("page")), size=PAGE, state=shown
        )
        if visible
        else None
    )
    return render(
        request,
        "groups/members.html",
        {
            "g": page,
            "page": listed,
            "shown": shown,
            "query": f"show={shown}",
            "invite_form": InviteForm() if page.is_member else None,
        },
    )


@login_required
def requests(request: HttpRequest, slug: str) -> HttpResponse:
    """Where a request-to-join notification leads: the waiting requests, for managers."""
    page = _page(request, slug)
    if not page.manages:
        return redirect("groups:about", slug)
    return redirect(f"{reverse('groups:members', args=[slug])}?show=requested")


@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    page = _page(request, slug)
    if not page.manages:
        raise Http404("No group here, or it is not open to you.")
    group = page.group
    form = GroupEditForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "name": group.name,
            "description": group.description,
            "rules": group.rules,
            "visibility": group.visibility,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            edited = services.group_edit(manager=_me(request), group=group, **form.cleaned_data)
        except RapportError as error:
            form.add_error(getattr(error, "field", None) or None, error.message)
        else:
            messages.success(request, "Saved.")
            return redirect("groups:about", edited.slug)  # a group made private moves
    status = 400 if request.method == "POST" else 200
    return render(request, "groups/manage.html", {"g": page, "form": form}, status=status)


@login_required
@require_POST
def join(request: HttpRequest, slug: str) -> HttpResponse:
    page = _page(request, slug)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""

    def act() -> str:
        ms = services.group_join(member=_me(request), group=page.group, note=note)
        if ms.state == MembershipState.REQUESTED:
            return "Asked to join; the group's managers will answer."
        return f"You are a member of {page.group.name}."

    return _act(request, reverse("groups:about", args=[slug]), act)


@login_required
@require_POST
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    page = _page(request, slug)

    def act() -> str:
        before = page.state
        services.group_leave(member=_me(request), group=page.group)
        said = {"invited": "Invitation declined.", "requested": "Request withdrawn."}
        return said.get(before, f"You left {page.group.name}.")

    return _act(request, reverse("groups:index"), act)


def _member_action(
    request: HttpRequest,
    slug: str,
    form_class: type[MemberForm],
    run: Callable[[GroupPage, dict], str],
) -> HttpResponse:
    page = _page(request, slug)
    form = form_class(request.POST)
    default = reverse("groups:members", args=[slug])
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return (
            HttpResponse(_first_error(form), status=400)
            if getattr(request, "htmx", False)
            else redirect_local(request, request.POST.get("next", ""), default)
        )
    return _act(request, default, lambda: run(page, form.cleaned_data))


@login_required
@require_POST
def answer(request: HttpRequest, slug: str) -> HttpResponse:
    def run(page: GroupPage, data: dict) -> str:
        services.request_answer(
            manager=_me(request),
            group=page.group,
            member_id=data["member"],
            approve=data["approve"],
        )
        return "Approved: they are a member now." if data["approve"] else "Request declined."

    return _member_action(request, slug, AnswerForm, run)


@login_required
@require_POST
def remove(request: HttpRequest, slug: str) -> HttpResponse:
    def run(page: GroupPage, data: dict) -> str:
        services.member_remove(manager=_me(request), group=page.group, member_id=data["member"])
        return "Removed from the group."

    return _member_action(request, slug, MemberForm, run)


@login_required
@require_POST
def ban(request: HttpRequest, slug: str) -> HttpResponse:
    def run(page: GroupPage, data: dict) -> str:
        services.member_ban(
            manager=_me(request), group=page.group, member_id=data["member"], reason=data["reason"]
        )
        return "Banned: they are out and cannot come back until a manager lifts the ban."

    return _member_action(request, slug, BanForm, run)


@login_required
@require_POST
def unban(request: HttpRequest, slug: str) -> HttpResponse:
    def run(page: GroupPage, data: dict) -> str:
        services.member_unban(manager=_me(request), group=page.group, member_id=data["member"])
        return "Ban lifted."

    return _member_action(request, slug, MemberForm, run)


@login_required
@require_POST
def role(request: HttpRequest, slug: str) -> HttpResponse:
    def run(page: GroupPage, data: dict) -> str:
        services.role_set(
            owner=_me(request), group=page.group, member_id=data["member"], role=data["role"]
        )
        return "Role changed."

    return _member_action(request, slug, RoleForm, run)


@login_required
@require_POST
def transfer(request: HttpRequest, slug: str) -> HttpResponse:
    def run(page: GroupPage, data: dict) -> str:
        services.ownership_transfer(owner=_me(request), group=page.group, member_id=data["member"])
        return "The group has a new owner; you stay on as a manager."

    return _member_action(request, slug, MemberForm, run)


@login_required
@require_POST
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    page = _page(request, slug)
    form = InviteForm(request.POST)
    default = reverse("groups:members", args=[slug])
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect_local(request, request.POST.get("next", ""), default)
    invitee = User.objects.filter(handle__iexact=form.cleaned_data["handle"].lstrip("@")).first()

    def act() -> str:
        if invitee is None:
            raise NotFound("No member with that handle.", code="group.member_not_found")
        services.group_invite(
            inviter=_me(request), group=page.group, invitee=invitee, note=form.cleaned_data["note"]
        )
        return f"Invited {invitee.display_name}."

    try:
        return _act(request, default, act)
    except Http404:
        messages.error(request, "No member with that handle.")
        return redirect(default)


@login_required
@require_POST
def membership_settings(request: HttpRequest, slug: str) -> HttpResponse:
    page = _page(request, slug)
    form = SettingsForm(request.POST)
    form.is_valid()  # booleans: a missing box is "no"

    def act() -> str:
        services.membership_settings(member=_me(request), group=page.group, **form.cleaned_data)
        return "Saved."

    return _act(
        request,
        reverse("groups:about", args=[slug]),
        act,
    )


@login_required
def with_member(request: HttpRequest, handle: str) -> HttpResponse:
    """The groups the viewer shares with a member, for the member's profile."""
    if not HANDLE.fullmatch(handle):
        raise Http404("No such member.")
    other = User.objects.filter(handle=handle, is_active=True).first()
    names = selectors.shared_groups(_me(request), [other.pk]).get(other.pk, []) if other else []
    return render(request, "groups/_shared.html", {"names": names})


@login_required
def shared(request: HttpRequest) -> HttpResponse:
    """Shared groups for a page of search results at once: each lands in its card's place
    (htmx out-of-band swaps), one request and one query for the page."""
    ids: list[int] = []
    for raw in request.GET.get("ids", "").split(",")[: settings.RAPPORT["SEARCH_PAGE_SIZE"]]:
        if raw.isascii() and raw.isdigit() and len(raw) < 10:
            ids.append(int(raw))
    found = selectors.shared_groups(_me(request), ids)
    return render(request, "groups/_shared_many.html", {"found": sorted(found.items())})
