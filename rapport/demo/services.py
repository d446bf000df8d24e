"""Writing a planned community into the database, fast and all at once.

Thousands of members go in through `bulk_create` in batches, inside one
transaction: a failure leaves the database as it was, and SQLite commits once
instead of once per row. The services a member's own edits go through
(`profile_update`, `position_add`, `connection_create`) validate and notify one
row at a time, which would take minutes here; the plan is built to satisfy the
same rules and the database constraints check them anyway.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from rapport.accounts.models import User
from rapport.companies.models import Company, Position
from rapport.core.errors import Conflict
from rapport.demo.invitation_load import invitations_load
from rapport.demo.plan import (
    ADA,
    BEN,
    DEMO_LOGINS,
    OPERATOR,
    Community,
    DemoLogin,
    InvitationPlan,
)
from rapport.members.models import Education, Profile, School, Skill
from rapport.members.search_entries import entries_rebuild
from rapport.network.models import Connection, ConnectionSource
from rapport.network.notification_kinds import CONNECTION_MADE
from rapport.network.services import connections_changed_in_bulk
from rapport.notifications.services import notification_send, notifications_mark_read

BATCH = 1000
# How many "you are now connected" notifications each demo member finds, and how
# many of those are still unread, so the header badge has something to show.
NOTIFIED = {ADA.handle: 6, BEN.handle: 3}
UNREAD = 3

M = TypeVar("M", bound=models.Model)
Progress = Callable[[str], None]


class CommunityNotEmpty(Conflict):
    code = "demo.not_empty"


def member_count() -> int:
    return User.objects.count()


def demo_logins_present() -> list[DemoLogin]:
    """The demo log-ins this database has, e.g. after an earlier `rapport demo`."""
    emails = set(
        User.objects.filter(email__in=[login.email for login in DEMO_LOGINS]).values_list(
            "email", flat=True
        )
    )
    return [login for login in DEMO_LOGINS if login.email in emails]


def community_load(
    *,
    community: Community,
    password_hash: str,
    invitations: InvitationPlan | None = None,
    progress: Progress = lambda line: None,
) -> dict[int, int]:
    """Write the community, and its invitations if planned; returns each planned member's
    index → their account id.

    Refuses, changing nothing, if the database already has members.
    """
    now = timezone.now()
    with transaction.atomic():
        existing = member_count()
        if existing:
            raise CommunityNotEmpty(
                f"database is not empty: it has {existing:,} member"
                f"{'' if existing == 1 else 's'}. The demo community only goes into an "
                "empty database.",
            )
        ids = _members(community, password_hash, now, progress)
        _skills(community, ids, progress)
        _work(community, ids, progress)
        _education(community, ids, progress)
        made = invitations.made_connections() if invitations else set()
        _connections(community, ids, now, made, progress)
        _notifications(community, ids, progress)
        # bulk_create sends no signals: the members' search entries are built here.
        entries_rebuild()
        if invitations is not None:
            invitations_load(
                community=community, plan=invitations, ids=ids, now=now, progress=progress
            )
    return ids


def _bulk(model: type[M], rows: Sequence[M]) -> None:
    model._default_manager.bulk_create(rows, batch_size=BATCH)


def _slug_ids(model: type[models.Model], wanted: dict[str, dict[str, Any]]) -> dict[str, int]:
    """Ids of rows by slug, creating the missing ones; rows left from before are reused."""
    found = dict(model._default_manager.filter(slug__in=list(wanted)).values_list("slug", "pk"))
    missing = [model(slug=slug, **fields) for slug, fields in wanted.items() if slug not in found]
    _bulk(model, missing)
    return dict(model._default_manager.filter(slug__in=list(wanted)).values_list("slug", "pk"))


def _members(
    community: Community, password_hash: str, now: dt.datetime, progress: Progress
) -> dict[int, int]:
    accounts = [
        User(
            email=m.email,
            display_name=m.display_name,
            handle=m.handle,
            # One hash for everyone: argon2 is slow by design, and 2,000 hashes would
            # take minutes. Each account still checks the password on its own.
            password=password_hash,
            connections_visibility=m.connections_visibility,
            email_visibility=m.email_visibility,
            date_joined=now - dt.timedelta(days=m.joined_days_ago),
        )
        for m in community.members
    ]
    accounts.append(
        User(
            email=OPERATOR.email,
            display_name=OPERATOR.display_name,
            handle=OPERATOR.handle,
            password=password_hash,
            is_staff=True,
            is_superuser=True,
            is_operator=True,
            date_joined=now - dt.timedelta(days=1100),
        )
    )
    _bulk(User, accounts)
    by_handle = dict(User.objects.values_list("handle", "pk"))
    ids = {m.index: by_handle[m.handle] for m in community.members}
    profiles = [
        Profile(
            member_id=ids[m.index],
            headline=m.headline,
            location=m.location,
            about=m.about,
            open_to=list(m.open_to),
            updated_at=now,
        )
        for m in community.members
    ]
    profiles.append(
        Profile(member_id=by_handle[OPERATOR.handle], headline="Runs this Rapport community")
    )
    _bulk(Profile, profiles)
    progress(f"  members      {len(community.members):>8,}  (and the operator account)")
    return ids


def _skills(community: Community, ids: dict[int, int], progress: Progress) -> None:
    # Two names that slugify alike are one skill, as they are in profile_update.
    names = {slugify(name)[:60]: {"name": name} for name in community.skills}
    skill_ids = _slug_ids(Skill, names)
    through = Profile.skills.through
    rows = []
    for m in community.members:
        for slug in dict.fromkeys(slugify(name)[:60] for name in m.skills):
            rows.append(through(profile_id=ids[m.index], skill_id=skill_ids[slug]))
    _bulk(through, rows)
    progress(f"  skills       {len(rows):>8,}  ({len(skill_ids)} different)")


def _work(community: Community, ids: dict[int, int], progress: Progress) -> None:
    company_ids = _slug_ids(
        Company,
        {
            c.slug: {
                "name": c.name,
                "industry": c.industry,
                "location": c.location,
                "website": c.website,
                "description": c.description,
            }
            for c in community.companies
        },
    )
    rows = [
        Position(
            member_id=ids[m.index],
            company_id=company_ids[p.company],
            title=p.title,
            started_on=p.started_on,
            ended_on=p.ended_on,
            is_current=p.is_current,
            description=p.description,
        )
        for m in community.members
        for p in m.positions
    ]
    _bulk(Position, rows)
    progress(f"  positions    {len(rows):>8,}  at {len(company_ids)} companies")


def _education(community: Community, ids: dict[int, int], progress: Progress) -> None:
    school_ids = _slug_ids(School, {s.slug: {"name": s.name} for s in community.schools})
    rows = [
        Education(
            member_id=ids[m.index],
            school_id=school_ids[e.school],
            degree=e.degree,
            field=e.field,
            start_year=e.start_year,
            end_year=e.end_year,
        )
        for m in community.members
        for e in m.education
    ]
    _bulk(Education, rows)
    progress(f"  education    {len(rows):>8,}  at {len(school_ids)} schools")


def _connections(
    community: Community,
    ids: dict[int, int],
    now: dt.datetime,
    made: set[tuple[int, int]],
    progress: Progress,
) -> None:
    """`made`: the pairs an accepted invitation connected, whose source says so."""
    rows = []
    for c in community.connections:
        low, high = sorted((ids[c.low], ids[c.high]))
        rows.append(
            Connection(
                member_low_id=low,
                member_high_id=high,
                source=ConnectionSource.INVITATION if (c.low, c.high) in made else c.source,
                created_at=now - dt.timedelta(days=c.days_ago),
            )
        )
    for start in range(0, len(rows), 10 * BATCH):
        _bulk(Connection, rows[start : start + 10 * BATCH])
        done = min(len(rows), start + 10 * BATCH)
        progress(f"  connections  {done:>8,}  of {len(rows):,}")
    # Written past the services: every graph index must rebuild from the table.
    connections_changed_in_bulk()


def _notifications(community: Community, ids: dict[int, int], progress: Progress) -> None:
    """A few "you are now connected" notifications, newest connections last, some unread."""
    by_handle = {m.handle: m.index for m in community.members}
    sent = 0
    for handle, count in NOTIFIED.items():
        index = by_handle.get(handle)
        if index is None:
            continue
        mine = [c for c in community.connections if index in (c.low, c.high)]
        newest = sorted(mine, key=lambda c: (c.days_ago, c.low, c.high))[:count]
        oldest_first = list(reversed(newest))
        others = [c.high if c.low == index else c.low for c in oldest_first]
        people = User.objects.in_bulk([ids[index], *(ids[o] for o in others)])
        recipient = people[ids[index]]
        # Told when each connection was made, so those days apart are separate rows and
        # those close together group ("… and 2 others"), as they would have.
        now = timezone.now()
        notes = [
            notification_send(
                recipient=recipient,
                kind=CONNECTION_MADE.code,
                actor=people[ids[o]],
                now=now - dt.timedelta(days=c.days_ago),
            )
            for o, c in zip(others, oldest_first, strict=True)
        ]
        recent = {n.pk for n in notes[-UNREAD:] if n is not None}
        read = [n.pk for n in notes[:-UNREAD] if n is not None and n.pk not in recent]
        if read:
            notifications_mark_read(recipient=recipient, ids=read)
        sent += len(notes)
    operator = User.objects.get(handle=OPERATOR.handle)
    notification_send(recipient=operator, kind="system.welcome")
    progress(f"  notifications {sent + 1:>7,}  for the demo log-ins")
