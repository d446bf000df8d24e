"""Every write about groups and memberships."""

from rapport.groups.services.groups import group_create, group_edit
from rapport.groups.services.membership import (
    group_invite,
    group_join,
    group_leave,
    group_post_slot_take,
    group_visit_record,
    member_ban,
    member_remove,
    member_unban,
    membership_settings,
    memberships_erase,
    ownership_transfer,
    request_answer,
    role_set,
)

__all__ = [
    "group_create",
    "group_edit",
    "group_invite",
    "group_join",
    "group_leave",
    "group_post_slot_take",
    "group_visit_record",
    "member_ban",
    "member_remove",
    "member_unban",
    "membership_settings",
    "memberships_erase",
    "ownership_transfer",
    "request_answer",
    "role_set",
]
