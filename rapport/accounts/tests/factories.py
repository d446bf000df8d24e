"""Test members made through the real services, so tests see what production sees."""

from __future__ import annotations

from typing import Any

from rapport.accounts.models import User

PASSWORD = "correct horse battery"


def make_member(handle: str, display_name: str | None = None, **profile: Any) -> User:
    from rapport.members.services import member_sign_up, profile_update

    member = member_sign_up(
        email=f"{handle}@example.com",
        display_name=display_name or handle.title(),
        handle=handle,
        password=PASSWORD,
        send_welcome=False,
    )
    if profile:
        profile_update(member=member, **profile)
    return member
