"""Messaging over the API: folders, conversations, sending with the guard, requests, blocks.

The same services and selectors as the pages. A conversation or message that is
not yours is "not found", never "forbidden", so ids reveal nothing.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from rapport.accounts.api import member_of
from rapport.accounts.models import User
from rapport.conversations import selectors, services
from rapport.conversations.api_schemas import (
    BlockIn,
    CheckIn,
    CheckOut,
    ConversationActionIn,
    ConversationDetailOut,
    ConversationOut,
    CountsOut,
    FolderQuery,
    MessageActionIn,
    MessageOut,
    MessagingPreferencesIn,
    MessagingPreferencesOut,
    NewMessageIn,
    ReplyIn,
    ReviewOut,
    SentMessageOut,
    message_out,
)
from rapport.core.api import page_of
from rapport.core.api_schemas import PageOut, PathHandle, PathId, errors
from rapport.core.errors import NotFound
from rapport.members.api_schemas import MemberCard, member_card
from rapport.members.selectors import member_by_handle, with_cards
from rapport.network import selectors as network

router = Router(tags=["messages"])


def _member(handle: str) -> User:
    member = member_by_handle(handle)
    if member is None:
        raise NotFound("No member with that handle.", code="member.not_found")
    return member


def _row_out(row: selectors.ConversationRow, viewer: User, cards: dict[int, Any]) -> dict[str, Any]:
    return {
        "id": row.conversation.pk,
        "state": row.conversation.state,
        "started_by": row.conversation.started_by.handle,
        "others": [cards[o.pk] for o in row.others if o.pk in cards],
        "last_message": message_out(row.last, viewer_id=viewer.pk) if row.last else None,
        "unread": row.unread,
        "filtered": row.filtered,
    }


def _cards_for(rows: list[selectors.ConversationRow]) -> dict[int, Any]:
    ids = {o.pk for row in rows for o in row.others}
    return {m.pk: member_card(m) for m in with_cards(User.objects.filter(pk__in=ids))}


def _sent(message: Any, me: User) -> Status[dict[str, Any]]:
    state = selectors.state_of(message.conversation_id)
    return Status(201, {**message_out(message, viewer_id=me.pk), "conversation_state": state})


REVIEW = {409: ReviewOut}


@router.get("/messages/counts", response={200: CountsOut, **errors()})
def message_counts(request: HttpRequest) -> dict[str, int]:
    """Unread inbox conversations, unanswered requests, filtered messages."""
    counts = selectors.counts_for(member_of(request))
    return {"unread": counts.unread, "requests": counts.requests, "filtered": counts.filtered}


@router.post("/messages", response={201: SentMessageOut, **errors(400, 403, 404, 429), **REVIEW})
def message_new(request: HttpRequest, payload: NewMessageIn) -> Status[dict[str, Any]]:
    """Write to a member: into your conversation with them, or as a first message.

    To someone you are not connected with it is a message request (one until they
    answer; counts against a weekly cap: `message.request_limit`, 429). When the
    first-contact guard would filter it, 409 `message.needs_review` with `reasons`
    and `suggestions`, and nothing is sent: edit it, or repeat with
    `send_anyway: true`. Refusals: `message.blocked`, `message.not_allowed`,
    `message.restricted` (403), `message.request_pending`, `message.request_declined` (409).
    """
    me = member_of(request)
    message = services.message_send(
        sender=me,
        recipient=_member(payload.handle),
        text=payload.text,
        send_anyway=payload.send_anyway,
    )
    return _sent(message, me)


@router.post("/messages/check", response={200: CheckOut, **errors(400, 403, 404, 409)})
def message_check(request: HttpRequest, payload: CheckIn) -> dict[str, Any]:
    """What the guard would say about a draft to this member, without sending it."""
    me = member_of(request)
    recipient = _member(payload.handle)
    # Read as the send reads them, so the draft gets the verdict the message would.
    existing = selectors.conversation_between(me.pk, recipient.pk, last_sender=True)
    reach = selectors.reach(me, recipient, existing=existing)
    if reach.how == "refused":
        # Say why the message cannot be sent at all, before what the guard would say.
        services.refuse_unreachable(reach)
    verdict = services.guard_check(
        sender=me,
        recipient=recipient,
        text=payload.text,
        request=reach.how == "request",
        now=timezone.now(),
        reach=reach,
        existing=existing,
    )
    return {
        "checked": verdict.checked,
        "flags": verdict.flags,
        "reasons": verdict.reasons,
        "suggestions": verdict.suggestions,
    }


@router.get("/conversations", response={200: PageOut[ConversationOut], **errors(404)})
def conversation_list(request: HttpRequest, query: Query[FolderQuery]) -> dict[str, Any]:
    """One folder, most recent first: inbox, requests, filtered or archived; paged like
    every list (a page past the last answers the last)."""
    me = member_of(request)
    archived = query.folder == "archived"

    def render(conversations: list[Any]) -> list[dict[str, Any]]:
        rows = selectors.folder_rows(me, conversations, folder=query.folder)
        cards = _cards_for(rows)
        return [{**_row_out(row, me, cards), "archived": archived} for row in rows]

    return page_of(
        selectors.folder_conversations(me, query.folder),
        page=query.page,
        size=query.size,
        render_many=render,
    )


@router.get(
    "/conversations/{conversation_id}", response={200: ConversationDetailOut, **errors(404)}
)
def conversation_detail(request: HttpRequest, conversation_id: PathId) -> dict[str, Any]:
    """A conversation you take part in, with its messages (and marks it read)."""
    me = member_of(request)
    conversation = selectors.conversation_for(me, conversation_id)
    items = selectors.messages_for(me, conversation)
    others = selectors.others_in(me, conversation)
    cards = {
        m.pk: member_card(m) for m in with_cards(User.objects.filter(pk__in=[o.pk for o in others]))
    }
    unread = selectors.unread_flag(me, conversation)
    services.conversation_mark_read(member=me, conversation_id=conversation.pk)
    held = sum(1 for m in items if m.recipient_id == me.pk and m.filtered)
    archived = selectors.is_archived(me, conversation)
    return {
        "id": conversation.pk,
        "state": conversation.state,
        "started_by": conversation.started_by.handle,
        "others": [cards[o.pk] for o in others],
        "last_message": message_out(items[-1], viewer_id=me.pk) if items else None,
        "unread": unread,
        "filtered": held,
        "archived": archived,
        "messages": [message_out(m, viewer_id=me.pk) for m in items],
        "seen_at": selectors.seen_at(me, conversation),
    }


@router.post(
    "/conversations/{conversation_id}/messages",
    response={201: SentMessageOut, **errors(400, 403, 404, 429), **REVIEW},
)
def conversation_reply(
    request: HttpRequest, conversation_id: PathId, payload: ReplyIn
) -> Status[dict[str, Any]]:
    """Write in a conversation you take part in (same rules and guard as POST /messages)."""
    me = member_of(request)
    message = services.message_send(
        sender=me,
        conversation_id=conversation_id,
        text=payload.text,
        send_anyway=payload.send_anyway,
    )
    return _sent(message, me)


@router.post("/conversations/{conversation_id}/actions", response={204: None, **errors(404, 409)})
def conversation_action(
    request: HttpRequest, conversation_id: PathId, payload: ConversationActionIn
) -> Status[None]:
    """archive / unarchive / delete (for you only) / read; accept or decline a request to you."""
    me = member_of(request)
    action = payload.action
    if action in ("archive", "unarchive"):
        services.conversation_archive(
            member=me, conversation_id=conversation_id, archived=action == "archive"
        )
    elif action == "delete":
        services.conversation_delete_for_me(member=me, conversation_id=conversation_id)
    elif action == "read":
        services.conversation_mark_read(member=me, conversation_id=conversation_id)
    elif action == "accept":
        services.request_accept(member=me, conversation_id=conversation_id)
    else:
        services.request_decline(member=me, conversation_id=conversation_id)
    return Status(204, None)


@router.post("/messages/{message_id}/actions", response={200: MessageOut, **errors(404, 409)})
def message_action(
    request: HttpRequest, message_id: PathId, payload: MessageActionIn
) -> dict[str, Any]:
    """On a message to you: `release` it to the inbox, `report` it as spam (counts against
    the sender's standing), or `trust` its sender (the guard stops checking them)."""
    me = member_of(request)
    if payload.action == "report":
        message = services.message_report(member=me, message_id=message_id)
    elif payload.action == "trust":
        services.sender_trust(member=me, message_id=message_id)
        message = services.message_release(member=me, message_id=message_id)
    else:
        message = services.message_release(member=me, message_id=message_id)
    return message_out(message, viewer_id=me.pk)


@router.get("/messages/preferences", response={200: MessagingPreferencesOut, **errors()})
def preferences_get(request: HttpRequest) -> Any:
    return selectors.preferences_of(member_of(request))


@router.patch("/messages/preferences", response={200: MessagingPreferencesOut, **errors(400)})
def preferences_set(request: HttpRequest, payload: MessagingPreferencesIn) -> Any:
    """Who may message you, read receipts, and the first-contact guard."""
    return services.messaging_preferences_update(
        member=member_of(request), **payload.model_dump(exclude_unset=True)
    )


@router.post("/blocks", response={204: None, **errors(400, 404, 409)})
def block_add(request: HttpRequest, payload: BlockIn) -> Status[None]:
    """Block a member: the connection ends silently; neither can message or invite."""
    services.member_block(member=member_of(request), other=_member(payload.handle))
    return Status(204, None)


@router.delete("/blocks/{handle}", response={204: None, **errors(404)})
def block_remove(request: HttpRequest, handle: PathHandle) -> Status[None]:
    services.member_unblock(member=member_of(request), other=_member(handle))
    return Status(204, None)


@router.get("/blocks", response={200: list[MemberCard], **errors()})
def block_list(request: HttpRequest) -> list[Any]:
    """The members you have blocked."""
    blocked = network.blocked_by(member_of(request).pk)
    return [member_card(m) for m in with_cards(blocked)]


@router.get("/messages/trusted", response={200: list[MemberCard], **errors()})
def trusted_list(request: HttpRequest) -> list[Any]:
    """The senders you turned the first-contact guard off for."""
    return [member_card(m) for m in with_cards(selectors.exempted_by(member_of(request)))]


@router.delete("/messages/trusted/{handle}", response={204: None, **errors(404)})
def trusted_remove(request: HttpRequest, handle: PathHandle) -> Status[None]:
    """Turn the guard back on for a sender you had trusted."""
    services.guard_unexempt(member=member_of(request), sender=_member(handle))
    return Status(204, None)
