"""The folders' lists: which conversations a member sees in inbox, requests, Filtered
and archived, and each row's latest message, in a fixed number of queries.

Every read is for one member and only returns what that member is part of.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from rapport.accounts.models import User
from rapport.conversations.models import Conversation, Message, Participant, State
from rapport.core.compiled import Reusable
from rapport.core.errors import NotFound

FOLDERS = ("inbox", "requests", "filtered", "archived")


def visible_messages(member: User) -> QuerySet[Message]:
    """Messages the member may see at all: not cleared by them ("delete for me")."""
    me = Participant.objects.filter(conversation=OuterRef("conversation"), member=member)
    cleared = me.filter(cleared_at__isnull=False, cleared_at__gte=OuterRef("created_at"))
    return Message.objects.filter(Exists(me)).exclude(Exists(cleared))


def waiting_in_filtered(member: User) -> Q:
    """Held for the member by the guard, not moved to the inbox, not reported (a reported
    message is dealt with: it leaves Filtered and its count)."""
    return Q(recipient=member, held=True, released_at__isnull=True, reported_at__isnull=True)


def in_inbox(member: User) -> Q:
    """A message the member sees in the conversation's normal flow: theirs, or not held."""
    return Q(sender=member) | Q(held=False) | Q(released_at__isnull=False)


@dataclass(frozen=True)
class ConversationRow:
    conversation: Conversation
    others: list[User]
    last: Message | None
    unread: bool
    filtered: int  # messages waiting in Filtered


def _mine_query(*, member: int, ids: list[int]) -> QuerySet[Participant]:
    return Participant.objects.filter(member_id=member, conversation_id__in=ids)


def _people_query(*, member: int, ids: list[int]) -> QuerySet[Participant]:
    return (
        Participant.objects.filter(conversation_id__in=ids)
        .exclude(member_id=member)
        .select_related("member")
        .order_by("pk")
    )


def _last_query(*, member: int, ids: list[int], folder: str) -> QuerySet[Message]:
    visible = visible_messages(User(pk=member)).filter(conversation_id__in=ids)
    # In Filtered, a row shows the message waiting there (with its reasons), not a reply.
    shown = visible.filter(
        waiting_in_filtered(User(pk=member)) if folder == "filtered" else in_inbox(User(pk=member))
    )
    # Only each conversation's latest shown message, chosen in the database (a long
    # conversation's whole history was read here before, to keep one message of it).
    latest = shown.filter(conversation=OuterRef("pk")).order_by("-created_at", "-pk")
    last_ids = (
        Conversation.objects.filter(pk__in=ids)
        .annotate(last_id=Subquery(latest.values("pk")[:1]))
        .values("last_id")
    )
    return Message.objects.filter(pk__in=last_ids).select_related("sender")


def _held_query(*, member: int, ids: list[int]) -> QuerySet[Message, tuple[int]]:
    return (
        visible_messages(User(pk=member))
        .filter(conversation_id__in=ids)
        .filter(waiting_in_filtered(User(pk=member)))
        .values_list("conversation_id")
    )


# The messages page runs these on every view: their SQL is built once per folder and
# page size (rapport/core/compiled.py).
_MINE = Reusable(_mine_query)
_PEOPLE = Reusable(_people_query)
_LAST = Reusable(_last_query)
_HELD = Reusable(_held_query)
# The page size is a value (`window`): "show more" asks for more rows of the same
# statement, not for a statement per size (which a URL could grow without bound).
_FOLDER = Reusable(lambda *, member, folder: folder_conversations(User(pk=member), folder))


def folder_rows(
    member: User, conversations: list[Conversation], *, folder: str
) -> list[ConversationRow]:
    ids = [c.pk for c in conversations]
    mine = {p.conversation_id: p for p in _MINE.objects(member=member.pk, ids=ids)}
    people: dict[int, list[User]] = {}
    for p in _PEOPLE.objects(member=member.pk, ids=ids):
        people.setdefault(p.conversation_id, []).append(p.member)
    shape = {"folder": "filtered" if folder == "filtered" else "others"}
    last = {m.conversation_id: m for m in _LAST.objects(member=member.pk, ids=ids, shape=shape)}
    held: dict[int, int] = {}
    for (cid,) in _HELD.rows(member=member.pk, ids=ids):
        held[cid] = held.get(cid, 0) + 1
    rows = []
    for conversation in conversations:
        me = mine[conversation.pk]
        message = last.get(conversation.pk)
        unread = bool(
            message is not None
            and message.sender_id != member.pk
            and (me.last_read_at is None or message.created_at > me.last_read_at)
        )
        rows.append(
            ConversationRow(
                conversation=conversation,
                others=people.get(conversation.pk, []),
                last=message,
                unread=unread,
                filtered=held.get(conversation.pk, 0),
            )
        )
    return rows


def folder_for(member: User, folder: str, *, limit: int = 50) -> list[ConversationRow]:
    """One folder's conversations, most recent first.

    inbox: open conversations (and requests the member sent) with a message they see;
    requests: requests others sent them, unanswered; filtered: conversations holding
    messages the guard kept out of the inbox; archived: what they archived.
    """
    if folder not in FOLDERS:
        raise NotFound(f"No folder {folder!r}.", code="conversation.folder")
    conversations = _FOLDER.objects(
        member=member.pk, shape={"folder": folder}, window=(0, max(1, limit))
    )
    return folder_rows(member, conversations, folder=folder)


def folder_conversations(member: User, folder: str) -> QuerySet[Conversation]:
    """A folder's conversations as a query, for a caller that pages it; `folder_rows`
    then shapes one page."""
    if folder not in FOLDERS:
        raise NotFound(f"No folder {folder!r}.", code="conversation.folder")
    mine = Participant.objects.filter(conversation=OuterRef("pk"), member=member)
    visible = visible_messages(member).filter(conversation=OuterRef("pk"))
    qs = Conversation.objects.filter(Exists(mine))
    if folder == "filtered":
        qs = qs.filter(Exists(visible.filter(waiting_in_filtered(member))))
    else:
        archived = Exists(mine.filter(archived=True))
        qs = qs.filter(archived) if folder == "archived" else qs.exclude(archived)
        if folder == "requests":
            qs = qs.filter(state=State.REQUEST).exclude(started_by=member)
        else:
            qs = qs.filter(Q(state=State.OPEN) | Q(started_by=member))
        qs = qs.filter(Exists(visible.filter(in_inbox(member))))
    return qs.select_related("started_by").order_by("-last_message_at", "-pk")
