"""Joining, asking, inviting, approving, leaving, removing and banning.

Every change of a membership goes through `_move`, which checks the declared
transition, keeps the group's member count and the append-only change log in the same
transaction, and drops a departing manager's role. The membership row is locked first
(or created under the unique constraint), so two requests at once cannot both join, both
count, or approve and ban over each other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from rapport.accounts.models import User
from rapport.core import limits
from rapport.core.errors import Conflict, LimitReached, NotFound, PermissionDenied, ValidationFailed
from rapport.core.text import clean_line
from rapport.core.transactions import retry_on_deadlock
from rapport.groups import notification_kinds as kinds
from rapport.groups.limits import INVITATIONS, JOINS
from rapport.groups.models import (
    NOTE_MAX_CHARS,
    Group,
    GroupVisit,
    Membership,
    MembershipChange,
    MembershipState,
    Role,
    Visibility,
)
from rapport.groups.selectors import MANAGING, managers_of
from rapport.groups.states import MEMBERSHIP
from rapport.limits.services import slot_take
from rapport.network import selectors as network
from rapport.notifications.services import notification_send

S = MembershipState


def _locked(group: Group, member_id: int) -> Membership:
    """The membership row, locked; or a new one (not saved) that starts as LEFT."""
    found = Membership.objects.select_for_update().filter(group=group, member_id=member_id).first()
    return found or Membership(group=group, member_id=member_id, state=S.LEFT)


def _changing(
    group: Group,
    member_id: int,
    change: Callable[[Membership], Membership],
    first: Callable[[], object] | None = None,
) -> Membership:
    """Run `change` on the locked membership in a transaction; a row created by a parallel
    request at the same moment is locked and `change` runs again on it. `first` runs in
    the same transaction before that lock: a manager's own row is always locked before
    the row they act on, in every service, so two of their actions cannot deadlock."""
    for attempt in range(2):
        try:
            with transaction.atomic():
                if first is not None:
                    first()
                return change(_locked(group, member_id))
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")


def _move(ms: Membership, target: str, *, now: dt.datetime, by: User | None = None) -> None:
    was_member = ms.state == S.MEMBER
    MEMBERSHIP.transition(ms, target)
    ms.updated_at = now
    if by is not None:
        ms.by = by
    if target == S.MEMBER and not was_member:
        # (The day's post counter is kept: leaving and rejoining does not refill it.)
        ms.joined_at = now
        Group.objects.filter(pk=ms.group_id).update(member_count=F("member_count") + 1)
        MembershipChange.objects.create(
            group_id=ms.group_id, member_id=ms.member_id, joined=True, at=now
        )
    elif was_member and target != S.MEMBER:
        ms.role, ms.follow_closely = Role.MEMBER, False
        Group.objects.filter(pk=ms.group_id).update(member_count=F("member_count") - 1)
        MembershipChange.objects.create(
            group_id=ms.group_id, member_id=ms.member_id, joined=False, at=now
        )
    ms.save()


def _note(note: str) -> str:
    note = clean_line(note)
    if len(note) > NOTE_MAX_CHARS:
        raise ValidationFailed(
            f"Keep it to {NOTE_MAX_CHARS} characters.", code="group.note_too_long", field="note"
        )
    return note


def _group_url(group: Group, name: str = "groups:about") -> str:
    return reverse(name, args=[group.slug])


def _tell_later(
    recipients: Callable[[], list[User]], kind: str, actor: User, group: Group, url: str
) -> None:
    def send() -> None:
        for recipient in recipients():
            notification_send(recipient=recipient, kind=kind, actor=actor, target=group, url=url)

    transaction.on_commit(send)


def _take_join_slot(member: User, now: dt.datetime) -> None:
    cap = limits.value("groups.joins_per_day")
    slot_take(
        member=member,
        kind=JOINS,
        cap=cap,
        now=now,
        message=f"A member joins or asks to join up to {cap} groups a day; you can join "
        "more tomorrow.",
    )


def group_join(
    *, member: User, group: Group, note: str = "", now: dt.datetime | None = None
) -> Membership:
    """Join an open group, accept an invitation, or ask to join a closed group (managers
    are told). A private group is joined by invitation only; to anyone else it does not
    exist. Joining twice changes nothing."""
    now = now or timezone.now()
    note = _note(note)
    if not member.is_active:
        raise PermissionDenied("This account cannot join groups.", code="group.inactive")

    def change(ms: Membership) -> Membership:
        # Who may join is read afresh in the transaction: a group made private a moment
        # ago is private.
        visibility = Group.objects.values_list("visibility", flat=True).get(pk=group.pk)
        if ms.state == S.MEMBER:
            return ms
        if ms.state == S.BANNED:
            if visibility == Visibility.PRIVATE:
                raise NotFound("No group here, or it is not open to you.", code="group.not_found")
            raise PermissionDenied("The group's managers removed you from it.", code="group.banned")
        # A request still waiting when its group was opened is as good as joining.
        if ms.state == S.REQUESTED and visibility != Visibility.OPEN:
            raise Conflict(
                "Your request to join is waiting for the group's managers.",
                code="group.request_pending",
            )
        if ms.state not in (S.INVITED, S.REQUESTED) and visibility == Visibility.PRIVATE:
            raise NotFound("No group here, or it is not open to you.", code="group.not_found")
        if ms.state != S.REQUESTED:  # the request took its slot already
            _take_join_slot(member, now)
        if ms.state in (S.INVITED, S.REQUESTED) or visibility == Visibility.OPEN:
            _move(ms, S.MEMBER, now=now)
            return ms
        ms.note = note
        _move(ms, S.REQUESTED, now=now)
        _tell_later(
            lambda: list(managers_of(group)),
            kinds.REQUESTED.code,
            member,
            group,
            _group_url(group, "groups:requests"),
        )
        return ms

    return _changing(group, member.pk, change)


def group_leave(*, member: User, group: Group, now: dt.datetime | None = None) -> Membership:
    """Leave a group, withdraw a request or decline an invitation. The owner hands the
    group to someone first."""
    now = now or timezone.now()

    def change(ms: Membership) -> Membership:
        if ms.role == Role.OWNER:
            raise Conflict(
                "You own this group: make another member its owner before you leave.",
                code="group.owner_leaves",
            )
        if ms.state == S.MEMBER or ms.state == S.REQUESTED:
            _move(ms, S.LEFT, now=now)
        elif ms.state == S.INVITED:
            _move(ms, S.DECLINED, now=now)
        return ms

    return _changing(group, member.pk, change)


def _authority(actor: User, group: Group) -> Membership:
    """The actor's own membership, locked, if they manage the group; else refused."""
    mine = Membership.objects.select_for_update().filter(group=group, member_id=actor.pk).first()
    if mine is None or mine.state != S.MEMBER or mine.role not in MANAGING:
        raise PermissionDenied("Only the group's managers do that.", code="group.not_manager")
    return mine


def _outranks(mine: Membership, theirs: Membership) -> None:
    """Managers act on members; only the owner acts on managers; nobody on the owner."""
    if theirs.member_id == mine.member_id:
        raise PermissionDenied("Not on yourself.", code="group.self")
    if theirs.role == Role.OWNER or (theirs.role == Role.MANAGER and mine.role != Role.OWNER):
        raise PermissionDenied(
            "Only the owner acts on a manager, and nobody on the owner.", code="group.outranked"
        )


@retry_on_deadlock
def request_answer(
    *, manager: User, group: Group, member_id: int, approve: bool, now: dt.datetime | None = None
) -> Membership:
    """Approve or decline a request to join; the member is told of an approval."""
    now = now or timezone.now()
    with transaction.atomic():
        _authority(manager, group)
        ms = Membership.objects.select_for_update().filter(group=group, member_id=member_id).first()
        if ms is None or ms.state != S.REQUESTED:
            raise NotFound("No request to join from this member.", code="group.no_request")
        _move(ms, S.MEMBER if approve else S.DECLINED, now=now, by=manager)
        if approve:
            ms_member = ms.member
            _tell_later(lambda: [ms_member], kinds.APPROVED.code, manager, group, _group_url(group))
        return ms


@retry_on_deadlock
def group_invite(
    *, inviter: User, group: Group, invitee: User, note: str = "", now: dt.datetime | None = None
) -> Membership:
    """Invite a member: any member of an open group may; in a closed or private group only
    managers (an invitation there is the approval). A member with a request waiting is
    approved. Invitations a day are limited."""
    now = now or timezone.now()
    note = _note(note)
    if invitee.pk == inviter.pk or not invitee.is_active:
        raise NotFound("No such member.", code="group.member_not_found")
    if network.is_blocked_between(inviter.pk, invitee.pk):
        raise NotFound("No such member.", code="group.member_not_found")
    held: list[Membership] = []

    def authority() -> None:
        mine = (
            Membership.objects.select_for_update().filter(group=group, member_id=inviter.pk).first()
        )
        if mine is None or mine.state != S.MEMBER:
            raise PermissionDenied(
                "Join the group before inviting others.", code="group.not_member"
            )
        visibility = Group.objects.values_list("visibility", flat=True).get(pk=group.pk)
        if visibility != Visibility.OPEN and mine.role not in MANAGING:
            raise PermissionDenied(
                "In a closed or private group only managers invite.", code="group.not_manager"
            )
        held[:] = [mine]

    def change(ms: Membership) -> Membership:
        if ms.state == S.MEMBER:
            raise Conflict(
                f"{invitee.display_name} is already a member.", code="group.already_member"
            )
        if ms.state == S.BANNED:
            # Only managers learn why: a member of an open group is not told of a ban.
            if held[0].role in MANAGING:
                raise Conflict(
                    f"{invitee.display_name} is banned from the group; lift the ban first.",
                    code="group.banned",
                )
            raise PermissionDenied(
                f"You cannot invite {invitee.display_name} to this group.",
                code="group.cannot_invite",
            )
        if ms.state == S.INVITED:
            return ms
        cap = limits.value("groups.invitations_per_day")
        slot_take(
            member=inviter,
            kind=INVITATIONS,
            cap=cap,
            now=now,
            message=f"A member sends up to {cap} invitations to groups a day; you can invite "
            "more tomorrow.",
        )
        if ms.state == S.REQUESTED:  # a manager's invitation answers the request
            _move(ms, S.MEMBER, now=now, by=inviter)
            _tell_later(lambda: [invitee], kinds.APPROVED.code, inviter, group, _group_url(group))
            return ms
        ms.note = note
        _move(ms, S.INVITED, now=now, by=inviter)
        _tell_later(lambda: [invitee], kinds.INVITED.code, inviter, group, _group_url(group))
        return ms

    return _changing(group, invitee.pk, change, first=authority)


@retry_on_deadlock
def member_remove(
    *, manager: User, group: Group, member_id: int, now: dt.datetime | None = None
) -> Membership:
    """Take a member out of the group, or cancel an invitation; they may come back."""
    now = now or timezone.now()
    with transaction.atomic():
        mine = _authority(manager, group)
        ms = Membership.objects.select_for_update().filter(group=group, member_id=member_id).first()
        if ms is None or ms.state not in (S.MEMBER, S.INVITED):
            raise NotFound("No such member in this group.", code="group.member_not_found")
        _outranks(mine, ms)
        _move(ms, S.LEFT if ms.state == S.MEMBER else S.DECLINED, now=now, by=manager)
        return ms


@retry_on_deadlock
def member_ban(
    *, manager: User, group: Group, member_id: int, reason: str = "", now: dt.datetime | None = None
) -> Membership:
    """Ban someone from the group: out at once, their requests refused, their posts no
    longer theirs to read. A ban may precede any membership."""
    now = now or timezone.now()
    reason = _note(reason)
    if not User.objects.filter(pk=member_id, is_active=True).exists():
        raise NotFound("No such member.", code="group.member_not_found")
    held: list[Membership] = []

    def authority() -> None:
        held[:] = [_authority(manager, group)]

    def change(ms: Membership) -> Membership:
        _outranks(held[0], ms)
        if ms.state == S.BANNED:
            return ms
        ms.note = reason
        _move(ms, S.BANNED, now=now, by=manager)
        return ms

    return _changing(group, member_id, change, first=authority)


@retry_on_deadlock
def member_unban(
    *, manager: User, group: Group, member_id: int, now: dt.datetime | None = None
) -> Membership:
    now = now or timezone.now()
    with transaction.atomic():
        _authority(manager, group)
        ms = Membership.objects.select_for_update().filter(group=group, member_id=member_id).first()
        if ms is None or ms.state != S.BANNED:
            raise NotFound("Nobody by that id is banned here.", code="group.member_not_found")
        _move(ms, S.LEFT, now=now, by=manager)
        return ms


@retry_on_deadlock
def role_set(*, owner: User, group: Group, member_id: int, role: str) -> Membership:
    """The owner makes a member a manager or a manager a member again."""
    if role not in (Role.MANAGER, Role.MEMBER):
        raise ValidationFailed("role is manager or member.", code="group.role", field="role")
    with transaction.atomic():
        mine = _authority(owner, group)
        if mine.role != Role.OWNER:
            raise PermissionDenied("Only the owner names managers.", code="group.not_owner")
        ms = Membership.objects.select_for_update().filter(group=group, member_id=member_id).first()
        if ms is None or ms.state != S.MEMBER:
            raise NotFound("No such member in this group.", code="group.member_not_found")
        if ms.member_id == owner.pk:
            raise PermissionDenied("Hand the group on instead.", code="group.self")
        ms.role = role
        ms.save(update_fields=["role"])
        return ms


@retry_on_deadlock
def ownership_transfer(*, owner: User, group: Group, member_id: int) -> Membership:
    """Hand the group to another member; the former owner stays on as a manager."""
    with transaction.atomic():
        mine = _authority(owner, group)
        if mine.role != Role.OWNER:
            raise PermissionDenied("Only the owner hands the group on.", code="group.not_owner")
        ms = Membership.objects.select_for_update().filter(group=group, member_id=member_id).first()
        if ms is None or ms.state != S.MEMBER or ms.member_id == owner.pk:
            raise NotFound("No such member in this group.", code="group.member_not_found")
        mine.role = Role.MANAGER
        mine.save(update_fields=["role"])
        ms.role = Role.OWNER
        ms.save(update_fields=["role"])
        return ms


def membership_settings(
    *,
    member: User,
    group: Group,
    follow_closely: bool | None = None,
    show_in_top: bool | None = None,
) -> Membership:
    with transaction.atomic():
        ms = Membership.objects.select_for_update().filter(group=group, member=member).first()
        if ms is None or ms.state != S.MEMBER:
            raise NotFound("You are not a member of this group.", code="group.not_member")
        if follow_closely is not None:
            ms.follow_closely = follow_closely
        if show_in_top is not None:
            ms.show_in_top = show_in_top
        ms.save(update_fields=["follow_closely", "show_in_top"])
        return ms


def group_visit_record(*, group: Group, member: User, day: dt.date) -> None:
    """That the member read the group today (once a day however often)."""
    GroupVisit.objects.bulk_create(
        [GroupVisit(group=group, member=member, day=day)], ignore_conflicts=True
    )


def group_post_slot_take(*, group: Group, member: User, now: dt.datetime) -> None:
    """Check the author may post in the group now, inside the posting transaction: a member
    (not banned), and a new member within the day's allowance — taken by one conditional
    update on the membership's counter, so parallel posts cannot pass it."""
    # Locked: a ban committed first is seen; one that comes later waits for the post.
    ms = Membership.objects.select_for_update().filter(group=group, member=member).first()
    if ms is None or ms.state != S.MEMBER:
        raise PermissionDenied("Join the group to post in it.", code="group.not_member")
    new_for = dt.timedelta(days=limits.value("groups.new_member_days"))
    if ms.role in MANAGING or ms.joined_at is None or ms.joined_at <= now - new_for:
        return
    today = timezone.localdate(now)
    cap = limits.value("groups.new_member_posts_per_day")
    taken = (
        Membership.objects.filter(pk=ms.pk, state=S.MEMBER)
        .filter(~Q(posts_day=today) | Q(posts_day__isnull=True) | Q(posts_today__lt=cap))
        .update(
            posts_today=Case(When(posts_day=today, then=F("posts_today") + 1), default=Value(1)),
            posts_day=today,
        )
    )
    if not taken:
        raise LimitReached(
            f"New members post up to {cap} times a day in a group; you can post again tomorrow.",
            code="group.new_member_post_limit",
        )


def memberships_erase(*, member: User, now: dt.datetime | None = None) -> list[int]:
    """For an account's erasure: leave every group (each counted as a departure), hand a
    group they own to its longest-serving manager or else member, and keep the join and
    departure log without them. Returns the groups they were in."""
    now = now or timezone.now()
    groups: list[int] = []
    for ms in Membership.objects.select_for_update().filter(member=member).order_by("pk"):
        groups.append(ms.group_id)
        if ms.role == Role.OWNER:
            successor = (
                Membership.objects.filter(group_id=ms.group_id, state=S.MEMBER)
                .exclude(pk=ms.pk)
                .order_by(Case(When(role=Role.MANAGER, then=0), default=1), "joined_at", "pk")
                .first()
            )
            ms.role = Role.MEMBER  # the one owner's place is free for the successor
            ms.save(update_fields=["role"])
            if successor is not None:
                Membership.objects.select_for_update().filter(pk=successor.pk).first()
                successor.role = Role.OWNER
                successor.save(update_fields=["role"])
        if ms.state == S.MEMBER:
            _move(ms, S.LEFT, now=now)
    Membership.objects.filter(member=member).delete()
    Membership.objects.filter(by=member).update(by=None)
    GroupVisit.objects.filter(member=member).delete()
    MembershipChange.objects.filter(member=member).update(member=None)
    Group.objects.filter(created_by=member).update(created_by=None)
    return groups
