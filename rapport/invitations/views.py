"""Pages for invitations: compose with the live coach, inbox, sent, thread, standing."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from rapport.accounts.models import User
from rapport.core.errors import RapportError
from rapport.core.ids import parse_ids
from rapport.core.pagination import page_number, paginate
from rapport.core.redirects import redirect_local
from rapport.invitations import selectors, services
from rapport.invitations.coach import analyze_note
from rapport.invitations.forms import (
    ASK_TEMPLATE,
    AppealForm,
    InvitationForm,
    MessageForm,
    PreferencesForm,
    WithdrawOlderForm,
)
from rapport.invitations.models import State
from rapport.members.selectors import member_by_handle


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
def compose(request: HttpRequest, handle: str) -> HttpResponse:
    me, other = _member(request), _other(handle)
    if other.pk == me.pk:
        raise Http404("You cannot invite yourself.")
    shared = selectors.shared_between(viewer=me, other=other)
    mutual_choices = [(m.handle, m.display_name) for m in shared.mutual]
    form = InvitationForm(
        request.POST or None, mutual_choices=mutual_choices, initial={"how_we_know": "other"}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        mutual = member_by_handle(data["mutual"]) if data["mutual"] else None
        try:
            invitation = services.invitation_send(
                sender=me,
                recipient=other,
                note=data["note"],
                how_we_know=data["how_we_know"],
                how_detail=data["how_detail"],
                mutual=mutual,
                recipient_email=data["recipient_email"] or None,
            )
        except RapportError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            if invitation.state == State.ACCEPTED:
                messages.success(
                    request, f"{other.display_name} had already invited you: you are now connected."
                )
            else:
                messages.success(request, f"Your invitation to {other.display_name} is sent.")
            return redirect("members:profile", handle=other.handle)
    context = selectors.coach_context(sender=me, recipient=other, shared=shared)
    check = selectors.invite_check(sender=me, recipient=other)
    return render(
        request,
        "invitations/compose.html",
        {
            "form": form,
            "other": other,
            "shared": shared,
            "coach": analyze_note(form["note"].value() or "", context),
            "standing": check.standing or selectors.standing_for(me),
            "prefs": check.prefs,
            "check": check,
        },
    )


@login_required
@require_POST
def coach(request: HttpRequest, handle: str) -> HttpResponse:
    """The live coach: re-rendered as the sender types (htmx)."""
    me, other = _member(request), _other(handle)
    note = request.POST.get("note", "")[:2000]
    analysis = analyze_note(note, selectors.note_context(sender=me, recipient=other))
    return render(request, "invitations/_coach.html", {"coach": analysis})


@login_required
def with_member(request: HttpRequest, handle: str) -> HttpResponse:
    """The invitation button on a profile: connect, pending, respond, or why not —
    before the member writes anything."""
    me, other = _member(request), _other(handle)
    return render(
        request,
        "invitations/_with_member.html",
        {
            "other": other,
            "is_self": me.pk == other.pk,
            "check": selectors.invite_check(sender=me, recipient=other),
            "pending": selectors.pending_between(me, other),
        },
    )


# Cards and rows shown at once; the shared pager walks the rest (decision 0013).
INBOX_PAGE_SIZE = 20
SENT_PAGE_SIZE = 30


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    sort = request.GET.get("sort", "best")
    show = request.GET.get("show", "all")
    if sort not in {"best", "newest"}:
        sort = "best"
    if show not in {"all", "personal", "default"}:
        show = "all"
    page = paginate(
        selectors.inbox(_member(request), sort=sort, show=show),
        page=page_number(request.GET.get("page")),
        size=INBOX_PAGE_SIZE,
    )
    return render(
        request,
        "invitations/inbox.html",
        {
            "cards": page.items,
            "page": page,
            "query": urlencode({"sort": sort, "show": show}),
            "sort": sort,
            "show": show,
            "actions": RECIPIENT_ACTIONS,
        },
    )


RECIPIENT_ACTIONS = [
    ("accept", "Accept"),
    ("ignore", "Ignore"),
    ("decline", "I don't know this person"),
    ("report", "Report spam"),
]


ACTIONS = {
    "accept": (services.invitation_accept, "You are now connected with {name}."),
    "ignore": (services.invitation_ignore, "Ignored. {name} will not be told."),
    "decline": (
        services.invitation_decline,
        "Noted: you don't know {name}. They cannot invite you again.",
    ),
    "report": (services.invitation_report, "Reported as spam. Thank you — moderators will see it."),
    "withdraw": (services.invitation_withdraw, "Your invitation to {name} is withdrawn."),
}


@login_required
@require_POST
def act(request: HttpRequest, invitation_id: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404("No such action.")
    service, done = ACTIONS[action]
    invitation = selectors.invitation_for(_member(request), invitation_id)
    if invitation is None:
        raise Http404("No such invitation.")
    other = invitation.recipient if action == "withdraw" else invitation.sender
    try:
        service(member=_member(request), invitation_id=invitation_id)
    except RapportError as exc:
        message, ok = exc.message, False
    else:
        message, ok = done.format(name=other.display_name), True
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "invitations/_done.html", {"message": message, "ok": ok})
    (messages.success if ok else messages.error)(request, message)
    return _back(request, reverse("invitations:inbox"))


@login_required
@require_POST
def ignore_many(request: HttpRequest) -> HttpResponse:
    ids = parse_ids(request.POST.getlist("ids"))
    default_only = request.POST.get("default_text") == "1"
    count = services.invitations_ignore_many(
        member=_member(request), ids=None if default_only else ids, default_text_only=default_only
    )
    messages.success(request, f"Ignored {count} invitation{'s' if count != 1 else ''}.")
    return redirect("invitations:inbox")


@login_required
def sent(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "invitations/sent.html",
        {
            "page": paginate(
                selectors.sent_by(_member(request)),
                page=page_number(request.GET.get("page")),
                size=SENT_PAGE_SIZE,
            ),
            "answered": selectors.answered_sent(_member(request)),
        },
    )


@login_required
def detail(request: HttpRequest, invitation_id: int) -> HttpResponse:
    me = _member(request)
    invitation = selectors.invitation_for(me, invitation_id)
    if invitation is None:
        raise Http404("No such invitation.")
    thread = selectors.thread(invitation)
    is_recipient = invitation.recipient_id == me.pk
    initial = {}
    if is_recipient and not thread:
        initial["text"] = ASK_TEMPLATE.format(first_name=invitation.sender.display_name.split()[0])
    form = MessageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_message_add(
                member=me, invitation_id=invitation.pk, text=form.cleaned_data["text"]
            )
        except RapportError as exc:
            form.add_error("text", exc.message)
        else:
            messages.success(request, "Sent. The invitation stays open meanwhile.")
            return redirect("invitations:detail", invitation_id=invitation.pk)
    other = invitation.sender if is_recipient else invitation.recipient
    return render(
        request,
        "invitations/detail.html",
        {
            "invitation": invitation,
            "state_label": selectors.STATE_LABELS[selectors.state_seen_by(invitation, me.pk)],
            "thread": thread,
            "form": form,
            "is_recipient": is_recipient,
            "other": other,
            "can_write": invitation.state == State.PENDING and (thread or is_recipient),
            "shared": selectors.shared_between(viewer=me, other=other),
        },
    )


@login_required
def standing(request: HttpRequest) -> HttpResponse:
    me = _member(request)
    appeal_form = AppealForm(request.POST or None) if request.POST.get("appeal") else AppealForm()
    withdraw_form = WithdrawOlderForm(request.POST if request.POST.get("withdraw") else None)
    if request.method == "POST" and request.POST.get("appeal") and appeal_form.is_valid():
        try:
            services.appeal_submit(member=me, text=appeal_form.cleaned_data["text"])
        except RapportError as exc:
            appeal_form.add_error("text", exc.message)
        else:
            messages.success(request, "Your appeal is with the moderators.")
            return redirect("invitations:standing")
    if request.method == "POST" and request.POST.get("withdraw") and withdraw_form.is_valid():
        count = services.invitations_withdraw_older(
            member=me, days=withdraw_form.cleaned_data["days"]
        )
        messages.success(request, f"Withdrew {count} invitation{'s' if count != 1 else ''}.")
        return redirect("invitations:standing")
    return render(
        request,
        "invitations/standing.html",
        {
            "report": selectors.standing_for(me),
            "appeal_form": appeal_form,
            "withdraw_form": withdraw_form,
            "pending": selectors.sent_by(me)[:50],
            "appeals": selectors.appeals_of(me),
        },
    )


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    me = _member(request)
    current = selectors.preferences_of(me)
    form = PreferencesForm(
        request.POST or None,
        initial={
            "who_may_invite": current.who_may_invite if current else "anyone",
            "note_required": current.note_required if current else False,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.preferences_update(member=me, **form.cleaned_data)
        messages.success(request, "Saved: who may invite you.")
        return redirect("invitations:preferences")
    return render(request, "invitations/preferences.html", {"form": form})
