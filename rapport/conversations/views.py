"""Pages for messaging: folders, a conversation that updates itself, writing to someone."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from rapport.accounts.models import User
from rapport.conversations import selectors, services
from rapport.conversations.context_processors import counts_of
from rapport.conversations.forms import ComposeForm
from rapport.conversations.models import Conversation, State
from rapport.core.errors import RapportError
from rapport.core.ids import parse_id
from rapport.core.pagination import page_number
from rapport.core.text import clean_line
from rapport.members.selectors import member_by_handle
from rapport.network import selectors as network

MESSAGE_ACTIONS = [
    ("release", "Move to inbox"),
    ("report", "Report as spam"),
    ("trust", "Turn the guard off for this person"),
]
FOLDER_TITLES = {
    "inbox": "Inbox",
    "requests": "Requests",
    "filtered": "Filtered",
    "archived": "Archived",
}


def _member(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _conversation(request: HttpRequest, conversation_id: int) -> Conversation:
    try:
        return selectors.conversation_for(_member(request), conversation_id)
    except RapportError as exc:
        raise Http404(exc.message) from exc


FOLDER_PAGE_SIZE = 50  # conversations listed at once; "Show more" adds as many again


@login_required
def folder(request: HttpRequest) -> HttpResponse:
    me = _member(request)
    name = request.GET.get("folder", "inbox")
    if name not in selectors.FOLDERS:
        raise Http404("No such folder.")
    # "Show more" rather than numbered pages: each step lists as many again, newest first,
    # so a member who reads down never meets a conversation twice.
    steps = page_number(request.GET.get("page"))
    shown = steps * FOLDER_PAGE_SIZE
    rows = selectors.folder_for(me, name, limit=shown + 1)
    return render(
        request,
        "conversations/folder.html",
        {
            "folder": name,
            "titles": FOLDER_TITLES,
            "rows": rows[:shown],
            "more": steps + 1 if len(rows) > shown else None,
            "counts": counts_of(request),
        },
    )


@login_required
def counts(request: HttpRequest) -> HttpResponse:
    """The header badge, polled so new messages show without a reload."""
    return render(
        request,
        "conversations/_counts.html",
        {"message_counts": counts_of(request)},
    )


def _detail_context(
    request: HttpRequest, conversation: Conversation, form: ComposeForm | None = None
) -> dict[str, object]:
    me = _member(request)
    items = selectors.messages_for(me, conversation)
    others = selectors.others_in(me, conversation)
    other = others[0] if len(others) == 1 else None
    reach = selectors.reach(me, other) if other is not None else None
    return {
        "conversation": conversation,
        "items": items,
        "last_id": items[-1].pk if items else 0,
        "others": others,
        "other": other,
        "participant": selectors.participant_of(me, conversation),
        "reach": reach,
        "request_to_me": conversation.state == State.REQUEST
        and conversation.started_by_id != me.pk,
        "request_from_me": conversation.state != State.OPEN and conversation.started_by_id == me.pk,
        "seen_at": selectors.seen_at(me, conversation),
        "blocked_by_me": other is not None and network.has_blocked(me.pk, other.pk),
        "form": form or ComposeForm(),
        "poll_seconds": selectors.message_settings()["MESSAGE_POLL_SECONDS"],
        "message_actions": MESSAGE_ACTIONS,
    }


@login_required
def detail(request: HttpRequest, conversation_id: int) -> HttpResponse:
    me = _member(request)
    conversation = _conversation(request, conversation_id)
    services.conversation_mark_read(member=me, conversation_id=conversation.pk)
    return render(
        request,
        "conversations/detail.html",
        _detail_context(request, conversation, form=_draft(request)),
    )


DRAFT_MAX_CHARS = 300


def _draft(request: HttpRequest) -> ComposeForm | None:
    """A message started elsewhere (`?text=`, e.g. "Congratulate" on a job change), put in
    the box for the member to change and send — never sent for them."""
    text = clean_line(request.GET.get("text", ""))[:DRAFT_MAX_CHARS]
    return ComposeForm(initial={"text": text}) if text else None


@login_required
def poll(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """New messages since `after`, and the poller itself with the new watermark."""
    me = _member(request)
    conversation = _conversation(request, conversation_id)
    raw = request.GET.get("after", "0")
    # 0 is the watermark of a conversation shown with no messages yet.
    after = 0 if raw == "0" else parse_id(raw, field="after")
    items = selectors.messages_for(me, conversation, after_id=after)
    if items:
        services.conversation_mark_read(member=me, conversation_id=conversation.pk)
    return render(
        request,
        "conversations/_poll.html",
        {
            "conversation": conversation,
            "items": items,
            "last_id": items[-1].pk if items else after,
            "seen_at": selectors.seen_at(me, conversation),
            "poll_seconds": selectors.message_settings()["MESSAGE_POLL_SECONDS"],
            "message_actions": MESSAGE_ACTIONS,
        },
    )


def _warning(exc: services.NeedsReview, form: ComposeForm) -> ComposeForm:
    """The form again, with the text kept and "send anyway" armed."""
    data = {**form.data.dict(), "send_anyway": "on"}  # type: ignore[attr-defined]
    fresh = ComposeForm(data)
    fresh.is_valid()
    fresh.review = exc.verdict  # type: ignore[attr-defined]
    return fresh


@login_required
@require_POST
def send(request: HttpRequest, conversation_id: int) -> HttpResponse:
    me = _member(request)
    conversation = _conversation(request, conversation_id)
    form = ComposeForm(request.POST)
    if form.is_valid():
        try:
            services.message_send(
                sender=me,
                conversation_id=conversation.pk,
                text=form.cleaned_data["text"],
                send_anyway=form.cleaned_data["send_anyway"],
            )
        except services.NeedsReview as exc:
            form = _warning(exc, form)
        except RapportError as exc:
            form.add_error("text" if exc.field == "text" else None, exc.message)
        else:
            return redirect("conversations:detail", conversation_id=conversation.pk)
    return render(
        request, "conversations/detail.html", _detail_context(request, conversation, form)
    )


@login_required
def with_member(request: HttpRequest, handle: str) -> HttpResponse:
    """The Message button on a profile, or why one cannot write, before writing."""
    me = _member(request)
    other = member_by_handle(handle)
    if other is None:
        raise Http404("No such member.")
    return render(
        request,
        "conversations/_with_member.html",
        {"other": other, "reach": selectors.reach(me, other)},
    )


@login_required
def compose(request: HttpRequest, handle: str) -> HttpResponse:
    """Write to a member: their conversation if there is one, else a first message."""
    me = _member(request)
    other = member_by_handle(handle)
    if other is None or other.pk == me.pk:
        raise Http404("No such member.")
    existing = selectors.conversation_between(me.pk, other.pk)
    if existing is not None and request.method == "GET":
        there = reverse("conversations:detail", kwargs={"conversation_id": existing.pk})
        draft = _draft(request)
        return redirect(f"{there}?{urlencode({'text': draft.initial['text']})}" if draft else there)
    form = (
        ComposeForm(request.POST)
        if request.method == "POST"
        else (_draft(request) or ComposeForm())
    )
    if request.method == "POST" and form.is_valid():
        try:
            message = services.message_send(
                sender=me,
                recipient=other,
                text=form.cleaned_data["text"],
                send_anyway=form.cleaned_data["send_anyway"],
            )
        except services.NeedsReview as exc:
            form = _warning(exc, form)
        except RapportError as exc:
            form.add_error("text" if exc.field == "text" else None, exc.message)
        else:
            if message.conversation.state == State.REQUEST:
                messages.success(
                    request,
                    f"Your message request is sent. {other.display_name} sees it in their "
                    "Requests and can accept it.",
                )
            return redirect("conversations:detail", conversation_id=message.conversation_id)
    return render(
        request,
        "conversations/compose.html",
        {"form": form, "other": other, "reach": selectors.reach(me, other)},
    )
