"""Request and response shapes for messaging over the API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.conf import settings
from ninja import Schema
from pydantic import Field, StringConstraints

from rapport.conversations.models import Message
from rapport.core.api_schemas import TEXT_PATTERN, ErrorOut, PageQuery, StrictInput
from rapport.members.api_schemas import MemberCard

MessageText = Annotated[
    str,
    StringConstraints(
        strict=True,
        pattern=TEXT_PATTERN,
        min_length=1,
        max_length=settings.RAPPORT["MESSAGE_MAX_CHARS"],
    ),
]
Handle = Annotated[str, StringConstraints(strict=True, pattern=r"^[A-Za-z0-9-]{1,30}$")]


class FolderQuery(PageQuery):
    folder: Literal["inbox", "requests", "filtered", "archived"] = "inbox"


class NewMessageIn(StrictInput):
    handle: Handle = Field(description="Whom to write to.")
    text: MessageText
    send_anyway: bool = Field(
        False, description="Deliver even when the first-contact guard would filter it."
    )


class ReplyIn(StrictInput):
    text: MessageText
    send_anyway: bool = False


class CheckIn(StrictInput):
    handle: Handle = Field(description="Whom the draft is for: the guard depends on them.")
    text: MessageText


class CheckOut(Schema):
    checked: bool = Field(description="Whether the guard looks at messages to this member.")
    flags: list[str] = Field(description="pitch, automated, bulk: why it would be filtered.")
    reasons: list[str]
    suggestions: list[str]


class ReviewOut(ErrorOut):
    """409 `message.needs_review`: the guard would filter the message; nothing was sent."""

    flags: list[str] = []
    reasons: list[str] = []
    suggestions: list[str] = []


class MessageOut(Schema):
    id: int
    conversation_id: int
    sender: str = Field(description="The sender's handle.")
    text: str
    created_at: dt.datetime
    filtered: bool = Field(description="In your Filtered folder (messages to you only).")
    flags: list[str] = Field(description="Why the guard filtered it (messages to you only).")
    reasons: list[str]
    reported: bool


class ConversationOut(Schema):
    id: int
    state: Literal["open", "request", "declined"]
    started_by: str
    others: list[MemberCard]
    last_message: MessageOut | None
    unread: bool
    filtered: int
    archived: bool = False


class ConversationDetailOut(ConversationOut):
    messages: list[MessageOut]
    seen_at: dt.datetime | None = Field(
        description="When the other side last read it, if you both share read receipts."
    )


class CountsOut(Schema):
    unread: int
    requests: int
    filtered: int


class ConversationActionIn(StrictInput):
    action: Literal["archive", "unarchive", "delete", "accept", "decline", "read"]


class MessageActionIn(StrictInput):
    action: Literal["release", "report", "trust"]


class MessagingPreferencesIn(StrictInput):
    who_may_message: Literal["connections", "second", "anyone"] | None = None
    read_receipts: bool | None = None
    guard_enabled: bool | None = None


class MessagingPreferencesOut(Schema):
    who_may_message: str
    read_receipts: bool
    guard_enabled: bool


class BlockIn(StrictInput):
    handle: Handle


class SentMessageOut(MessageOut):
    conversation_state: str


def message_out(message: Message, *, viewer_id: int) -> dict[str, Any]:
    """A message as the viewer may see it: the guard's verdict only on messages to them."""
    to_viewer = message.sender_id != viewer_id
    return {
        "id": message.pk,
        "conversation_id": message.conversation_id,
        "sender": message.sender.handle,
        "text": message.text,
        "created_at": message.created_at,
        "filtered": to_viewer and message.filtered,
        "flags": list(message.flags) if to_viewer and message.held else [],
        "reasons": list(message.reasons) if to_viewer and message.held else [],
        "reported": to_viewer and message.reported_at is not None,
    }
