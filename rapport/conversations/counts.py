"""The header's message counts: read on every page, so written for speed."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from rapport.accounts.models import User
from rapport.conversations.models import Conversation, Message, Participant, State


@dataclass(frozen=True)
class Counts:
    unread: int  # inbox conversations with a message the member has not read
    requests: int
    filtered: int


def counts_for(member: User) -> Counts:
    """The header's numbers, on every page: one query whatever the size of the inbox.

    Written in SQL because the ORM spent longer building its three nested queries than
    the database spent answering them (about 8 ms a page). The rules are those of the
    lists: a message is visible unless its reader deleted the conversation for
    themselves after it; "in the inbox" means not held by the guard, or moved out of
    Filtered; a request counts while it waits, unarchived, with a visible message to the
    member (test_counts pins this against the lists themselves)."""
    message, conversation, participant = (
        Message._meta.db_table,
        Conversation._meta.db_table,
        Participant._meta.db_table,
    )
    # `p` is the member's own row in the conversation (one per member: a constraint).
    visible = "(p.cleared_at IS NULL OR p.cleared_at < m.created_at)"
    sql = f"""
        SELECT
          (SELECT COUNT(DISTINCT m.conversation_id)
             FROM {message} m
             JOIN {conversation} c ON c.id = m.conversation_id
             JOIN {participant} p ON p.conversation_id = m.conversation_id AND p.member_id = %s
            WHERE c.state = %s AND m.sender_id <> %s AND {visible}
              AND (m.held = %s OR m.released_at IS NOT NULL)
              AND p.archived = %s
              AND (p.last_read_at IS NULL OR p.last_read_at < m.created_at)),
          (SELECT COUNT(*)
             FROM {conversation} c
             JOIN {participant} p ON p.conversation_id = c.id AND p.member_id = %s
            WHERE c.state = %s AND p.archived = %s AND c.started_by_id <> %s
              AND EXISTS (
                SELECT 1 FROM {message} m
                 WHERE m.conversation_id = c.id AND m.recipient_id = %s AND {visible}
                   AND (m.sender_id = %s OR m.held = %s OR m.released_at IS NOT NULL))),
          (SELECT COUNT(*)
             FROM {message} m
             JOIN {participant} p ON p.conversation_id = m.conversation_id AND p.member_id = %s
            WHERE m.recipient_id = %s AND m.held = %s AND m.released_at IS NULL
              AND m.reported_at IS NULL AND {visible})
    """  # noqa: S608 — table names from the models; every value is a parameter
    me = member.pk
    params: list[int | bool | str] = [
        *(me, State.OPEN, me, False, False),
        *(me, State.REQUEST, False, me, me, me, False),
        *(me, me, True),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        unread, requests, filtered = cursor.fetchone()
    return Counts(unread=unread, requests=requests, filtered=filtered)
