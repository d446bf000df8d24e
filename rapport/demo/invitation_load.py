"""Writing a planned set of invitations, with their threads, standings, appeals and quota slots.

Called by `community_load` inside its transaction, after members and connections,
with the same `now`: an accepted invitation's decided_at is then exactly its
connection's created_at. `invitation_send` would check history, preferences and
quotas one invitation at a time (see bench/invitations.py for how fast that is);
the plan already keeps those rules and the constraints check the rest.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable

from django.urls import reverse

from rapport.accounts.models import User
from rapport.demo.plan import ADA, BEN, Community, InvitationPlan, PlannedInvitation
from rapport.invitations import notification_kinds as kinds
from rapport.invitations.limits import DAY, WEEK
from rapport.invitations.models import Appeal, Invitation, InvitationMessage, State
from rapport.invitations.selectors.policy import policy
from rapport.limits.models import Complaint, ComplaintReason, ComplaintSource, QuotaSlot, Standing
from rapport.limits.selectors import window
from rapport.notifications.services import notification_send

BATCH = 1000
Progress = Callable[[str], None]


def invitations_load(
    *,
    community: Community,
    plan: InvitationPlan,
    ids: dict[int, int],
    now: dt.datetime,
    progress: Progress,
) -> None:
    def at(ago: int) -> dt.datetime:
        return now - dt.timedelta(seconds=ago)

    def maybe(ago: int | None) -> dt.datetime | None:
        return None if ago is None else at(ago)

    rows = [
        Invitation(
            sender_id=ids[p.sender],
            recipient_id=ids[p.recipient],
            note=p.note,
            how_we_know=p.how_we_know,
            how_detail=p.how_detail,
            mutual_id=None if p.mutual is None else ids[p.mutual],
            state=p.state,
            note_is_default=p.note_is_default,
            note_is_pitch=p.note_is_pitch,
            note_personalization=p.note_personalization,
            email_confirmed=p.email_confirmed,
            created_at=at(p.created_ago),
            decided_at=maybe(p.decided_ago),
        )
        for p in plan.invitations
    ]
    Invitation.objects.bulk_create(rows, batch_size=BATCH)
    _fill_ids(rows)
    messages = [
        InvitationMessage(
            invitation=row, author_id=ids[m.author], text=m.text, created_at=at(m.ago)
        )
        for row, p in zip(rows, plan.invitations, strict=True)
        for m in p.messages
    ]
    InvitationMessage.objects.bulk_create(messages, batch_size=BATCH)
    # An invitation reported as spam files a report for the moderators, as the service
    # does: the demo's moderation console starts with these in its queue.
    reports = [
        Complaint(
            member_id=row.sender_id,
            reporter_id=row.recipient_id,
            source=ComplaintSource.INVITATION,
            reference=row.pk,
            reason=ComplaintReason.SPAM,
            created_at=row.decided_at or row.created_at,
        )
        for row in rows
        if row.state == State.REPORTED
    ]
    Complaint.objects.bulk_create(reports, batch_size=BATCH)
    Standing.objects.bulk_create(
        [
            Standing(
                member_id=ids[s.member],
                restricted_at=maybe(s.restricted_at),
                restricted_until=maybe(s.restricted_until),
                warned_at=maybe(s.warned_at),
                throttled_since=maybe(s.throttled_since),
            )
            for s in plan.standings
        ],
        batch_size=BATCH,
    )
    Appeal.objects.bulk_create(
        [Appeal(member_id=ids[a.member], text=a.text, created_at=at(a.ago)) for a in plan.appeals]
    )
    slots = _quota_slots(plan.invitations, ids, at)
    QuotaSlot.objects.bulk_create(slots, batch_size=BATCH)
    progress(
        f"  invitations  {len(rows):>8,}  ({len(messages)} thread messages, "
        f"{len(plan.standings):,} standings, {len(plan.appeals)} appeal, {len(slots)} quota slots, "
        f"{len(reports)} reports)"
    )
    _notify(community, plan, rows, ids)


def _fill_ids(rows: list[Invitation]) -> None:
    """Ids for rows bulk_create could not return (older SQLite): one invitation per pair."""
    if all(row.pk is not None for row in rows):
        return
    found = {
        (sender, recipient): pk
        for pk, sender, recipient in Invitation.objects.values_list(
            "pk", "sender_id", "recipient_id"
        )
    }
    for row in rows:
        row.pk = found[(row.sender_id, row.recipient_id)]


def _quota_slots(
    invitations: list[PlannedInvitation],
    ids: dict[int, int],
    at: Callable[[int], dt.datetime],
) -> list[QuotaSlot]:
    """The slots recent invitations took (slot_take numbers them from 0, oldest first)."""
    rules = policy()
    caps: dict[str, int] = {DAY: rules.daily_cap, WEEK: rules.weekly_cap}
    recent: dict[tuple[int, str], list[int]] = defaultdict(list)
    for p in invitations:
        for kind in caps:
            if p.created_ago < window(kind).total_seconds():
                recent[(p.sender, kind)].append(p.created_ago)
    slots = []
    for (sender, kind), agos in sorted(recent.items()):
        for number, ago in enumerate(sorted(agos, reverse=True)[: caps[kind]]):
            slots.append(
                QuotaSlot(member_id=ids[sender], kind=kind, number=number, used_at=at(ago))
            )
    return slots


def _notify(
    community: Community, plan: InvitationPlan, rows: list[Invitation], ids: dict[int, int]
) -> None:
    """The demo log-ins are told of the invitations waiting for them, as on a real send."""
    logins = {m.index for m in community.members if m.handle in (ADA.handle, BEN.handle)}
    waiting = [
        (row, p)
        for row, p in zip(rows, plan.invitations, strict=True)
        if p.state == State.PENDING and p.recipient in logins
    ]
    people = User.objects.in_bulk({ids[p.sender] for _, p in waiting} | {ids[i] for i in logins})
    for row, p in sorted(waiting, key=lambda pair: -pair[1].created_ago):
        notification_send(
            recipient=people[ids[p.recipient]],
            kind=kinds.RECEIVED.code,
            actor=people[ids[p.sender]],
            target=row,
            url=reverse("invitations:detail", args=[row.pk]),
        )
