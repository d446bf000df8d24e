"""Notification settings: every kind per channel, the digest, whose mentions, and the
quick controls on a notification ("turn off this kind", "mute this post", "mute this
person's mentions")."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rapport.core.errors import NotFound, RapportError
from rapport.core.ids import parse_id
from rapport.notifications import kinds, selectors, services
from rapport.notifications.kinds import Email
from rapport.notifications.models import Digest, MentionsFrom
from rapport.notifications.services.choices import time_zones

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _int(raw: str | None, default: int) -> int:
    return int(raw) if raw is not None and raw.isascii() and raw.isdigit() else default


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    member = request.user
    if request.method == "POST":
        try:
            _save(request)
        except RapportError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Saved.")
            return redirect("notifications:preferences")
    choices = {c.kind.code: c for c in selectors.kind_choices(member)}  # type: ignore[arg-type]
    categories = [
        (label, [choices[k.code] for k in category_kinds])
        for _value, label, category_kinds in kinds.by_category()
    ]
    thing_mutes, mentioner_mutes = selectors.mutes_of(member)  # type: ignore[arg-type]
    return render(
        request,
        "notifications/preferences.html",
        {
            "prefs": selectors.preferences_of(member),  # type: ignore[arg-type]
            "categories": categories,
            "email_choices": Email.choices,
            "mention_choices": MentionsFrom.choices,
            "digest_choices": Digest.choices,
            "hours": range(24),
            "weekdays": list(enumerate(WEEKDAYS)),
            "time_zones": sorted(time_zones()),
            "mentioner_mutes": mentioner_mutes,
            "thing_mutes": thing_mutes.count(),
        },
    )


def _save(request: HttpRequest) -> None:
    """One form, three parts; each is validated by its service before anything changes
    (a bad value anywhere leaves every setting as it was)."""
    member = request.user
    post = request.POST
    with transaction.atomic():
        services.mentions_from_set(member=member, mentions_from=post.get("mentions_from", ""))  # type: ignore[arg-type]
        services.digest_set(
            member=member,  # type: ignore[arg-type]
            digest=post.get("digest", ""),
            hour=_int(post.get("digest_hour"), -1),
            weekday=_int(post.get("digest_weekday"), -1),
            time_zone=post.get("time_zone", ""),
        )
        current = {c.kind.code: c for c in selectors.kind_choices(member)}  # type: ignore[arg-type]
        for code, was in current.items():
            if was.kind.required and f"email:{code}" not in post:
                continue
            site = post.get(f"site:{code}") == "on" or was.kind.required
            email = post.get(f"email:{code}", was.email)
            if (site, email) != (was.site, was.email):
                services.kind_choice_set(member=member, kind=code, site=site, email=email)  # type: ignore[arg-type]


def _after_control(request: HttpRequest, said: str) -> HttpResponse:
    """htmx: the row answers with what happened and the badge refreshes; without
    JavaScript, back to the list with a message."""
    if getattr(request, "htmx", False):
        response = render(request, "notifications/_control_done.html", {"said": said})
        response["HX-Trigger"] = "notifications-changed"
        return response
    messages.success(request, said)
    return redirect("notifications:list")


def _control_failed(request: HttpRequest, error: RapportError) -> HttpResponse:
    if getattr(request, "htmx", False):
        return render(
            request, "notifications/_control_done.html", {"said": error.message}, status=400
        )
    messages.error(request, error.message)
    return redirect("notifications:list")


@login_required
@require_POST
def kind_off(request: HttpRequest, notification_id: int) -> HttpResponse:
    found = selectors.notification_of(recipient=request.user, notification_id=notification_id)  # type: ignore[arg-type]
    if found is None:
        return _control_failed(request, NotFound("No such notification."))
    try:
        services.kind_turn_off(member=request.user, kind=found.kind)  # type: ignore[arg-type]
    except RapportError as error:
        return _control_failed(request, error)
    kind = kinds.get(found.kind)
    label = kind.label if kind else found.kind
    return _after_control(request, f"Turned off: {label}. You can turn it back on in settings.")


@login_required
@require_POST
def thing_mute(request: HttpRequest, notification_id: int) -> HttpResponse:
    try:
        services.thing_mute(member=request.user, notification_id=notification_id)  # type: ignore[arg-type]
    except RapportError as error:
        return _control_failed(request, error)
    return _after_control(request, "Muted: nothing more about this post.")


@login_required
@require_POST
def mentioner_mute(request: HttpRequest, notification_id: int) -> HttpResponse:
    try:
        services.mentioner_mute(member=request.user, notification_id=notification_id)  # type: ignore[arg-type]
    except RapportError as error:
        return _control_failed(request, error)
    return _after_control(request, "Muted: their mentions of you no longer notify you.")


@login_required
@require_POST
def unmute(request: HttpRequest) -> HttpResponse:
    """Undo a mute from the settings page."""
    if request.POST.get("what") == "mentioner":
        services.mentioner_unmute(
            member=request.user,  # type: ignore[arg-type]
            actor_id=parse_id(request.POST.get("id", "")),
        )
    elif request.POST.get("what") == "things":
        for thing in selectors.mutes_of(request.user)[0]:  # type: ignore[arg-type]
            services.thing_unmute(
                member=request.user,  # type: ignore[arg-type]
                target_type_id=thing.target_type_id,
                target_id=thing.target_id,
            )
    messages.success(request, "Unmuted.")
    return redirect("notifications:preferences")
