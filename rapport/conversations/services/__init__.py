"""Every write for messaging."""

from rapport.conversations.services.folders import (
    conversation_archive,
    conversation_delete_for_me,
    conversation_mark_read,
    group_conversation_open,
    request_accept,
    request_decline,
)
from rapport.conversations.services.guarding import (
    guard_exempt,
    guard_unexempt,
    member_block,
    member_unblock,
    message_release,
    message_report,
    message_take_down,
    messaging_preferences_update,
    sender_trust,
)
from rapport.conversations.services.sending import (
    GuardVerdict,
    NeedsReview,
    guard_check,
    message_send,
    refuse_unreachable,
)

__all__ = [
    "GuardVerdict",
    "NeedsReview",
    "conversation_archive",
    "conversation_delete_for_me",
    "conversation_mark_read",
    "group_conversation_open",
    "guard_check",
    "guard_exempt",
    "guard_unexempt",
    "member_block",
    "member_unblock",
    "message_release",
    "message_report",
    "message_send",
    "message_take_down",
    "messaging_preferences_update",
    "refuse_unreachable",
    "request_accept",
    "request_decline",
    "sender_trust",
]
