"""The notifications benchmark's data: a member with 10,000 notifications shaped exactly
as `notification_send` writes them, a busy post, and 10,000 members due a digest
(`bench.notifications` times them)."""

from __future__ import annotations

import datetime as dt
import os
import re
from random import Random
from typing import Any
from zoneinfo import ZoneInfo

NOTIFICATIONS = int(os.environ.get("BENCH_NOTIF_ROWS", "10000"))
MEMBERS = int(os.environ.get("BENCH_NOTIF_MEMBERS", "10000"))
ACTORS = 3_000
# The member's notifications by kind, in parts of 100.
MIX = {
    code: int(n)
    for code, n in re.findall(
        r"([\w.]+) (\d+)",
        """posts.reacted 30, posts.commented 12, posts.replied 5, posts.reposted 4,
        network.connection_made 6, invitations.accepted 5, invitations.received 6,
        invitations.answered 3, invitations.standing_warning 1, introductions.asked 1,
        introductions.accepted 1, conversations.request_received 2, posts.mentioned 12,
        members.job_changed 12""",
    )
}
# Where a notification's target lives and where it leads (members: the actor's profile).
TARGETS = {
    "invitations": ("invitations", "invitation", "invitations:detail"),
    "introductions": ("trust", "introduction", "trust:introduction"),
    "conversations": ("conversations", "conversation", "conversations:detail"),
    "members": ("companies", "position", "members:profile"),
}
ZONES = re.findall(
    r"\S+",
    """UTC Europe/London Europe/Lisbon Africa/Lagos America/Toronto America/Los_Angeles
    Asia/Kolkata Asia/Kathmandu Asia/Tokyo Australia/Sydney""",
)


def shaped(recipient: Any, code: str, actors: list[Any], target: Any, url: str, **kw: Any) -> Any:
    """A row as `notification_send` leaves it after `actors` (oldest first) joined."""
    from rapport.notifications import kinds
    from rapport.notifications.kinds import Email
    from rapport.notifications.models import Notification
    from rapport.notifications.services.sending import actors_phrase
    from rapport.notifications.tiers import tier_for

    kind = kinds.get(code)
    assert kind is not None, code
    filtered = kw.get("filtered", False)
    grouped = kind.grouped and bool(actors) and not filtered
    latest = actors[-1] if actors else None
    previous = actors[-2] if grouped and len(actors) > 1 else None
    count = len(actors) if grouped else 1
    name = "Someone" if latest is None else latest.display_name
    if grouped:
        name = actors_phrase(name, previous.display_name if previous else None, count)
    ct, target_id = target or (None, None)
    return Notification(
        recipient=recipient,
        kind=code,
        actor=latest,
        other_actor=previous,
        actor_count=count,
        target_type=ct,
        target_id=target_id,
        text=kind.template.format(actor=name, recipient=recipient.display_name)[:300],
        url=url[:300],
        tier=tier_for(code, from_network=kw.get("from_network")),
        group_key=(f"{code}:{ct.pk}:{target_id}" if ct else code) if grouped else "",
        on_site=kw.get("site", kind.site),
        is_filtered=filtered,
        email=Email.OFF if filtered else kw.get("email", kind.email),
        created_at=kw["start"],
        updated_at=kw["end"],
    )


def load(rng: Random, now: dt.datetime, due: dt.datetime) -> dict[str, int]:
    """Flush the database and write the scenario; returns the ids the timings need."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection
    from django.urls import reverse

    from rapport.accounts.models import User
    from rapport.members.notification_kinds import JOB_CHANGED
    from rapport.notifications.models import KindPreference, Notification, NotificationActor
    from rapport.notifications.models import NotificationPreferences as Prefs
    from rapport.notifications.services.sending import channels_for
    from rapport.posts.models import Post
    from rapport.posts.services.mentions import notification_url

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    users = User.objects.bulk_create(
        [
            User(email=f"m{i}@bench.example", handle=f"m{i}", display_name=f"Member {i}")
            for i in range(3 + MEMBERS)
        ],
        batch_size=2000,
    )
    me, author, mentioned, others = users[0], users[1], users[2], users[3:]
    pool = others[:ACTORS]
    posts = Post.objects.bulk_create(
        [
            Post(author=u, state="published", published_at=now, body="On the job.", body_html="x")
            for u in [me] * 400 + [author] + others
        ],
        batch_size=2000,
    )
    mine, busy, theirs = posts[:400], posts[400], posts[401:]
    post_ct = ContentType.objects.get_for_model(Post)
    cts = {app: ContentType.objects.get_by_natural_key(*t[:2]) for app, t in TARGETS.items()}
    KindPreference.objects.create(member=me, kind="members.job_changed", site=False)
    assert channels_for(me.pk, JOB_CHANGED) == (False, "digest")
    rows: list[tuple[Any, list[Any]]] = []  # each row with its actors, oldest first

    def about(app: str, n: int, actors: list[Any], post: Any = None) -> tuple[Any, str]:
        if app == "posts":
            post = post or rng.choice(mine)
            return (post_ct, post.pk), notification_url(post.pk)
        if app in TARGETS:
            arg = actors[-1].handle if app == "members" else n
            return (cts[app], n), reverse(TARGETS[app][2], args=[arg])
        return None, ""

    for n, code in enumerate(rng.choices(list(MIX), list(MIX.values()), k=NOTIFICATIONS), 1):
        age = dt.timedelta(days=400 * rng.random() ** 2)
        days, size, extra = age / dt.timedelta(days=1), 1, {}
        if code == "posts.reacted":
            big = rng.random() < 0.01
            size = rng.randint(200, 1500) if big else min(60, 1 + int(rng.expovariate(1 / 5)))
        elif code in ("posts.commented", "network.connection_made"):
            size = 1 + int(rng.expovariate(1 / 2))
        elif code in ("posts.replied", "posts.reposted"):
            size = rng.randint(1, 3)
        actors = [] if code == "invitations.standing_warning" else rng.sample(pool, size)
        target, url = about(code.split(".")[0], n, actors)
        if code == "invitations.standing_warning":
            url = reverse("invitations:standing")
        if code == "posts.mentioned":  # "only my connections": a stranger's is filtered
            extra["from_network"] = rng.random() < 0.7
            extra["filtered"] = not extra["from_network"]
        if code == "members.job_changed":  # turned off on the site 120 days ago
            extra["site"] = days > 120
        span = dt.timedelta(hours=rng.uniform(0, 72) if size > 1 else 0)
        row = shaped(me, code, actors, target, url, start=now - age - span, end=now - age, **extra)
        row.is_read = rng.random() < (0.97 if days > 14 else 0.4)
        row.is_seen = row.is_read or (days > 1 and rng.random() < 0.9)
        if row.email != "off" and days > 1:  # told at once, or by a digest since
            row.emailed_at = row.updated_at + dt.timedelta(hours=12 if row.email == "digest" else 0)
        rows.append((row, actors))
    for member, post in zip(others, theirs, strict=True):  # three digest-bound rows each
        for code, size in (
            ("posts.reacted", rng.randint(1, 8)),
            ("posts.commented", rng.randint(1, 3)),
            ("members.job_changed", 1),
        ):
            actors = [a for a in rng.sample(pool, size + 1) if a.pk != member.pk][:size]
            target, url = about(code.split(".")[0], 1, actors, post)
            end = now - dt.timedelta(hours=rng.uniform(1, 150))
            row = shaped(member, code, actors, target, url, start=end, end=end)
            row.is_read = row.is_seen = rng.random() < 0.2
            rows.append((row, actors))
    latest: dict[tuple[int, str], Any] = {}  # the newest group per key is the open one
    for row, _ in rows:
        key = (row.recipient.pk, row.group_key)
        if row.group_key and (key not in latest or row.updated_at > latest[key].updated_at):
            latest[key] = row
    for row in latest.values():
        row.group_open = True
    Notification.objects.bulk_create([row for row, _ in rows], batch_size=2000)
    NotificationActor.objects.bulk_create(
        [
            NotificationActor(notification=row, actor=a, at=row.created_at)
            for row, actors in rows
            if row.group_key
            for a in actors
        ],
        batch_size=5000,
    )
    prefs = [Prefs(member=me, mentions_from="network", digest="daily", digest_hour=due.hour)]
    for member, tz in zip(others, rng.choices(ZONES, k=len(others)), strict=True):
        at = due.astimezone(ZoneInfo(tz))  # due now, wherever they are
        how = rng.choices(["daily", "weekly", "off"], [50, 40, 10])[0]
        prefs.append(Prefs(member=member, digest=how, time_zone=tz, digest_hour=at.hour))
        prefs[-1].digest_weekday = at.weekday()
    Prefs.objects.bulk_create(prefs, batch_size=2000)
    with connection.cursor() as cursor:  # autovacuum's steady state
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {"me": me.pk, "author": author.pk, "mentioned": mentioned.pk, "post": busy.pk}
