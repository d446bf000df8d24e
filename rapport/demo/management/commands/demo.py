"""`rapport demo`: fill an empty database with a believable, reproducible community.

`make run` calls it with `--if-empty`, so the first run loads the demo and later
runs leave the data alone; either way it prints the log-ins to try the site with.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from rapport.companies.services import insights_refresh_all
from rapport.demo.companies import companies_load
from rapport.demo.conversations import conversations_load
from rapport.demo.generator import (
    MAX_MEMBERS,
    MIN_MEMBERS,
    CommunityStats,
    community_plan,
    community_stats,
)
from rapport.demo.groups import groups_load
from rapport.demo.introductions import introductions_load
from rapport.demo.invitation_plan import invitation_plan
from rapport.demo.plan import (
    DEFAULT_SEED,
    DEMO_LOGINS,
    DEMO_PASSWORD,
    Community,
    DemoLogin,
    InvitationPlan,
    PlannedMember,
)
from rapport.demo.posts import posts_load
from rapport.demo.selectors import invitation_summary
from rapport.demo.services import (
    CommunityNotEmpty,
    community_load,
    demo_logins_present,
    member_count,
)
from rapport.influence.services import influence_recompute_all
from rapport.invitations.selectors.policy import policy
from rapport.notifications.services import history as notification_history

DEFAULT_MEMBERS = 2000


class Command(BaseCommand):
    help = (
        "Fill an empty database with a demo community: members with work histories, "
        "schools, skills and clustered connections. The same --seed gives the same community."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--members",
            type=int,
            default=DEFAULT_MEMBERS,
            help=f"How many members (default {DEFAULT_MEMBERS:,}).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Which community; the same seed and size give the same one "
            f"(default {DEFAULT_SEED}).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="If the database already has members, skip instead of refusing.",
        )
        parser.add_argument(
            "--without-activity",
            action="store_true",
            help="Members, connections and invitations only: no conversations, trust "
            "scores, introductions or posts (loads several times faster).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        size: int = options["members"]
        seed: int = options["seed"]
        existing = member_count()
        if existing:
            if not options["if_empty"]:
                raise CommandError(_not_empty(existing))
            self.stdout.write(
                f"The database already has {existing:,} member{'s' if existing != 1 else ''}; "
                "leaving it as it is (no demo community loaded)."
            )
            self._logins(demo_logins_present())
            return
        if not MIN_MEMBERS <= size <= MAX_MEMBERS:
            raise CommandError(
                f"--members must be between {MIN_MEMBERS} and {MAX_MEMBERS:,}; got {size}."
            )
        started = time.monotonic()
        self.stdout.write(f"Planning a community of {size:,} members (seed {seed})…")
        community = community_plan(size=size, seed=seed, today=timezone.localdate())
        stats = community_stats(community)
        # The operator's limits if they were set before the load, else the defaults.
        invitations = invitation_plan(community, rules=policy())
        self.stdout.write(f"Planned in {time.monotonic() - started:.1f}s. Writing…")
        with notification_history():
            self._load(community, invitations, seed, options["without_activity"], stats, started)

    def _load(
        self,
        community: Community,
        invitations: InvitationPlan,
        seed: int,
        without_activity: bool,
        stats: CommunityStats,
        started: float,
    ) -> None:
        """Everything the demo writes is history: its notifications are not e-mailed."""
        try:
            community_load(
                community=community,
                # Hashed once and shared: see rapport.demo.services._members.
                password_hash=make_password(DEMO_PASSWORD),
                invitations=invitations,
                progress=self.stdout.write,
            )
        except CommunityNotEmpty as exc:
            # Someone signed up between our check and the load; nothing was written.
            raise CommandError(exc.message) from exc
        # Company pages show their workforce figures from the first visit (the worker then
        # recomputes them daily and when histories change).
        activity = [f"workforce insights computed for {insights_refresh_all():,} companies"]
        if not without_activity:
            with transaction.atomic():
                conversations = conversations_load(
                    seed=seed, now=timezone.now(), progress=lambda _: None
                )
            with transaction.atomic():
                trust = introductions_load(seed=seed, now=timezone.now(), progress=lambda _: None)
            with transaction.atomic():
                posts = posts_load(seed=seed, now=timezone.now(), progress=lambda _: None)
            with transaction.atomic():
                companies = companies_load(seed=seed, now=timezone.now())
            with transaction.atomic():
                in_groups = groups_load(seed=seed, now=timezone.now())
            # Scores from day one (the worker re-ranks everyone daily after that), with the
            # score of a week ago in the history, so "this week" has something to explain.
            now = timezone.now()
            influence_recompute_all(now=now - dt.timedelta(days=7))
            scored = influence_recompute_all(now=now)
            activity += [
                conversations.line(),
                trust.line(),
                posts.line(),
                companies.line(),
                in_groups.line(),
                f"influence scored for {scored:,} members (see /influence/)",
            ]
        self.stdout.write(
            self.style.SUCCESS(f"Loaded the demo community in {time.monotonic() - started:.1f}s:")
        )
        top = ", ".join(f"@{handle} ({degree:,})" for handle, degree in stats.top_connectors)
        self.stdout.write(
            f"  {stats.members:,} members, {stats.connections:,} connections "
            f"(max degree {stats.max_degree:,}, median {stats.median_degree:g}), "
            f"{stats.companies} companies, {stats.positions:,} positions, "
            f"{stats.schools} schools, {stats.skills} skills\n"
            f"  {stats.clustered_share:.0%} of connections share an employer, school or city; "
            f"most connected: {top}"
        )
        self.stdout.write(f"  {invitation_summary().line()}")
        self.stdout.write(f"  {_parts(community.members, invitations)}")
        for line in activity:
            self.stdout.write(f"  {line}")
        self._logins(list(DEMO_LOGINS))

    def _logins(self, logins: list[DemoLogin]) -> None:
        if not logins:
            self.stdout.write("No demo log-ins: this database was not filled by `rapport demo`.")
            return
        self.stdout.write(f"Demo log-ins (password for each: {DEMO_PASSWORD}):")
        width = max(len(login.email) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login.email:<{width}}  {login.display_name} — {login.role}")


def _parts(members: list[PlannedMember], plan: InvitationPlan) -> str:
    """Where to look for each standing band (log in as the operator to see their pages)."""

    def handles(role: str) -> str:
        return ", ".join(f"@{members[i].handle}" for i in plan.roles.get(role, ())) or "nobody"

    appeal = ", ".join(f"@{members[a.member].handle}" for a in plan.appeals) or "nobody"
    return (
        f"throttled collector: {handles('collector')}; restricted spammers: "
        f"{handles('spammer')} (appeal waiting from {appeal}); fair: {handles('fair')}"
    )


def _not_empty(existing: int) -> str:
    return (
        f"database is not empty: it has {existing:,} member{'s' if existing != 1 else ''}, "
        "and nothing was changed. `rapport demo` fills only an empty database; "
        "add --if-empty to skip it instead, or point DATABASE_URL at a new database."
    )
