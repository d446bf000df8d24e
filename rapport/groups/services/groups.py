"""Creating and describing groups."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import IO

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from rapport.accounts.models import User
from rapport.core import limits
from rapport.core.errors import PermissionDenied, ValidationFailed
from rapport.core.images import image_store
from rapport.core.text import clean_line, clean_paragraphs
from rapport.groups.limits import CREATIONS
from rapport.groups.models import (
    DESCRIPTION_MAX_CHARS,
    NAME_MAX_CHARS,
    RULES_MAX_CHARS,
    Group,
    Membership,
    MembershipChange,
    MembershipState,
    Role,
    Visibility,
)
from rapport.groups.selectors import membership_of
from rapport.limits.services import slot_take

COVER_FORMATS = ("JPEG", "PNG", "WEBP")


def _checked(name: str, description: str, rules: str, visibility: str) -> tuple[str, str, str]:
    name = clean_line(name)
    if not any(ch.isalnum() for ch in name):
        raise ValidationFailed(
            "Give the group a name with letters in it.", code="group.name", field="name"
        )
    if len(name) > NAME_MAX_CHARS:
        raise ValidationFailed(
            f"A group's name holds at most {NAME_MAX_CHARS} characters.",
            code="group.name",
            field="name",
        )
    description = clean_paragraphs(description)
    if len(description) > DESCRIPTION_MAX_CHARS:
        raise ValidationFailed(
            f"The description holds at most {DESCRIPTION_MAX_CHARS:,} characters.",
            code="group.description",
            field="description",
        )
    rules = clean_paragraphs(rules)
    if len(rules) > RULES_MAX_CHARS:
        raise ValidationFailed(
            f"The rules hold at most {RULES_MAX_CHARS:,} characters.",
            code="group.rules",
            field="rules",
        )
    if visibility not in Visibility.values:
        raise ValidationFailed(
            f"visibility is one of {', '.join(Visibility.values)}.",
            code="group.visibility",
            field="visibility",
        )
    return name, description, rules


def _store_cover(group: Group, upload: IO[bytes]) -> None:
    image_store(
        group.cover,
        upload,
        max_bytes=settings.RAPPORT["COVER_MAX_BYTES"],
        max_side=settings.RAPPORT["COVER_MAX_PIXELS"],
        formats=COVER_FORMATS,
        what="The cover",
        field="cover",
    )


# Words the group pages' own addresses use (/groups/new/, /groups/shared/…).
RESERVED_SLUGS = frozenset({"new", "shared", "with", "api"})


def _slug_for(name: str, visibility: str) -> str:
    """The group's address: its name in Latin letters, made unique. A private group's
    always ends in a random part, so no private group ever holds a plain name, and
    creating a group cannot tell anyone that a private one of that name exists."""
    base = slugify(name)[:50].strip("-")
    if (
        base
        and base not in RESERVED_SLUGS
        and visibility != Visibility.PRIVATE
        and not Group.objects.filter(slug=base).exists()
    ):
        return base
    return f"{base or 'group'}-{secrets.token_hex(3)}"


# Who may read, narrowest first: opening a group wider shows its past posts to more people.
WIDTH = {Visibility.PRIVATE: 0, Visibility.CLOSED: 1, Visibility.OPEN: 2}


def group_create(
    *,
    creator: User,
    name: str,
    description: str = "",
    rules: str = "",
    visibility: str = Visibility.OPEN,
    cover: IO[bytes] | None = None,
    now: dt.datetime | None = None,
) -> Group:
    """Create a group with its creator as owner; a member creates a few a day at most
    (a slot taken by a conditional update, so parallel requests cannot pass the cap)."""
    now = now or timezone.now()
    if not creator.is_active:
        raise PermissionDenied("This account cannot create groups.", code="group.inactive")
    name, description, rules = _checked(name, description, rules, visibility)
    for attempt in range(3):
        try:
            with transaction.atomic():
                cap = limits.value("groups.creations_per_day")
                slot_take(
                    member=creator,
                    kind=CREATIONS,
                    cap=cap,
                    now=now,
                    message=f"A member creates up to {cap} groups a day; you can create "
                    "another tomorrow.",
                )
                group = Group(
                    slug=_slug_for(name, visibility),
                    name=name,
                    description=description,
                    rules=rules,
                    visibility=visibility,
                    created_by=creator,
                    created_at=now,
                    member_count=1,
                )
                if cover is not None:
                    _store_cover(group, cover)
                group.save()
                Membership.objects.create(
                    group=group,
                    member=creator,
                    role=Role.OWNER,
                    state=MembershipState.MEMBER,
                    created_at=now,
                    updated_at=now,
                    joined_at=now,
                )
                MembershipChange.objects.create(group=group, member=creator, joined=True, at=now)
                return group
        except IntegrityError:
            if attempt == 2:  # the slug was taken three times over: something else is wrong
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def group_edit(
    *,
    manager: User,
    group: Group,
    name: str | None = None,
    description: str | None = None,
    rules: str | None = None,
    visibility: str | None = None,
    cover: IO[bytes] | None = None,
    confirm_wider: bool = False,
) -> Group:
    """Managers describe the group; only the owner changes who may see it, and opening
    it wider (private → closed or open, closed → open) needs `confirm_wider`: its past
    posts become readable by more people. A field left as None keeps its value (read
    under the lock, so a concurrent edit is not overwritten with a stale one). Narrowing
    it ends invitations sent by members who do not manage it (they invited people into
    an open group) and, for a private group, the requests waiting; a group made private
    gets an address with a random part, like every private group."""
    locked = Group.objects.select_for_update().get(pk=group.pk)
    name = locked.name if name is None else name
    description = locked.description if description is None else description
    rules = locked.rules if rules is None else rules
    visibility = locked.visibility if visibility is None else visibility
    before = locked.visibility
    mine = membership_of(manager, locked)
    if mine is None or mine.state != MembershipState.MEMBER or mine.role == Role.MEMBER:
        raise PermissionDenied("Only the group's managers change it.", code="group.not_manager")
    name, description, rules = _checked(name, description, rules, visibility)
    if visibility != locked.visibility and mine.role != Role.OWNER:
        raise PermissionDenied(
            "Only the owner changes who may see the group.",
            code="group.not_owner",
            field="visibility",
        )
    if WIDTH[Visibility(visibility)] > WIDTH[Visibility(locked.visibility)] and not confirm_wider:
        raise ValidationFailed(
            "Opening the group wider shows everything posted in it so far to more people. "
            "Tick the box to confirm.",
            code="group.confirm_wider",
            field="confirm_wider",
        )
    locked.name, locked.description, locked.rules, locked.visibility = (
        name,
        description,
        rules,
        visibility,
    )
    if cover is not None:
        _store_cover(locked, cover)
    if WIDTH[Visibility(visibility)] < WIDTH[Visibility(before)]:
        _narrowed(locked, now=timezone.now())
    locked.save()
    return locked


def _narrowed(group: Group, *, now: dt.datetime) -> None:
    managers = Membership.objects.filter(
        group=group, state=MembershipState.MEMBER, role__in=[Role.OWNER, Role.MANAGER]
    ).values("member_id")
    ended = Membership.objects.filter(group=group, state=MembershipState.INVITED).exclude(
        by_id__in=managers
    )
    if group.visibility == Visibility.PRIVATE:
        ended = ended | Membership.objects.filter(group=group, state=MembershipState.REQUESTED)
        group.slug = _slug_for(group.name, Visibility.PRIVATE)
    ended.update(state=MembershipState.DECLINED, updated_at=now)
