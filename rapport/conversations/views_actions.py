"""Small POST actions on conversations and messages, and messaging settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from rapport.accounts.models import User
from rapport.conversations import selectors, services
from rapport.conversations.forms import MessagingPreferencesForm
from rapport.core.errors import RapportError
from rapport.core.redirects import redirect_local
from rapport.members.selectors import member_by_handle
from rapport.network import selectors as network

CONVERSATION_ACTIONS = {
    "archive": (
        lambda m, c: services.conversation_archive(member=m, conversation_id=c),
        "Archived.",
    ),
    "unarchive": (
        lambda m, c: services.conversation_archive(member=m, conversation_id=c, archived=False),
        "Back in your inbox.",
    ),
    "delete": (
        lambda m, c: services.conversation_delete_for_me(member=m, conversation_id=c),
        "Deleted for you. The other side keeps their copy.",
    ),
    "accept": (
        lambda m, c: services.request_accept(member=m, conversation_id=c),
        "Request accepted: it is in your inbox now.",
    ),
    "decline": (
        lambda m, c: services.request_decline(member=m, conversation_id=c),
        "Request declined. They are not told, and cannot write again unless you connect.",
    ),
}
MESSAGE_ACTIONS = ("release", "report", "trust")


def _member(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _other(handle: str) -> User:
    other = member_by_handle(handle)
    if other is None:
        raise Http404("No member with that handle.")
    return other


def _back(request: HttpRequest, default: str) -> HttpResponse:
    return redirect_local(request, request.POST.get("next") or "", default)


@login_required
@require_POST
def act(request: HttpRequest, conversation_id: int, action: str) -> HttpResponse:
    if action not in CONVERSATION_ACTIONS:
        raise Http404("No such action.")
    run, done = CONVERSATION_ACTIONS[action]
    try:
        run(_member(request), conversation_id)
    except RapportError as exc:
        if exc.status == 404:
            raise Http404(exc.message) from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    inbox = reverse("conversations:inbox")
    if action in ("delete", "decline", "archive"):
        return redirect(inbox)
    return redirect("conversations:detail", conversation_id=conversation_id)


@login_required
@require_POST
def on_message(request: HttpRequest, message_id: int, action: str) -> HttpResponse:
    """Release a filtered message, report it, or turn the guard off for its sender."""
    if action not in MESSAGE_ACTIONS:
        raise Http404("No such action.")
    me = _member(request)
    try:
        if action == "release":
            message = services.message_release(member=me, message_id=message_id)
            messages.success(request, "Moved to your inbox.")
        elif action == "report":
            message = services.message_report(member=me, message_id=message_id)
            messages.success(
                request, "Reported. Thank you: it counts against the sender's standing."
            )
        else:
            moved = services.sender_trust(member=me, message_id=message_id)
            message = services.message_release(member=me, message_id=message_id)
            messages.success(
                request,
                f"The guard is off for {message.sender.display_name}"
                + (f"; {moved} filtered messages moved to your inbox." if moved else "."),
            )
    except RapportError as exc:
        if exc.status == 404:
            raise Http404(exc.message) from exc
        messages.error(request, exc.message)
        return _back(request, reverse("conversations:inbox") + "?folder=filtered")
    return _back(request, reverse("conversations:detail", args=[message.conversation_id]))


@login_required
@require_POST
def block(request: HttpRequest, handle: str) -> HttpResponse:
    me, other = _member(request), _other(handle)
    try:
        services.member_block(member=me, other=other)
    except RapportError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"You blocked {other.display_name}. You are no longer connected, and neither of "
            "you can message or invite the other. They are not told.",
        )
    return _back(request, reverse("conversations:inbox"))


@login_required
@require_POST
def unblock(request: HttpRequest, handle: str) -> HttpResponse:
    me, other = _member(request), _other(handle)
    try:
        services.member_unblock(member=me, other=other)
    except RapportError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"You unblocked {other.display_name}.")
    return _back(request, reverse("conversations:preferences"))


@login_required
@require_POST
def guard_for(request: HttpRequest, handle: str) -> HttpResponse:
    """Turn the guard back on for a sender one had trusted."""
    me, other = _member(request), _other(handle)
    services.guard_unexempt(member=me, sender=other)
    messages.success(request, f"The guard checks {other.display_name}'s messages again.")
    return _back(request, reverse("conversations:preferences"))


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    me = _member(request)
    prefs = selectors.preferences_of(me)
    form = MessagingPreferencesForm(
        request.POST or None,
        initial={
            "who_may_message": prefs.who_may_message,
            "read_receipts": prefs.read_receipts,
            "guard_enabled": prefs.guard_enabled,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.messaging_preferences_update(member=me, **form.cleaned_data)
        messages.success(request, "Messaging settings saved.")
        return redirect("conversations:preferences")
    return render(
        request,
        "conversations/preferences.html",
        {
            "form": form,
            "exempted": selectors.exempted_by(me),
            "blocked": network.blocked_by(me.pk),
        },
    )
