"""Gathering what trust is computed from, for one member and many connections at once.

A member with a thousand connections is recomputed in a fixed number of queries: one
per kind of fact, each filtered to the member and the connections asked about.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection

from django.db.models import Count, Q

from rapport.accounts.models import User
from rapport.companies.models import Position
from rapport.conversations.models import Message
from rapport.core.text import fold
from rapport.limits.selectors import objections, restricted_among
from rapport.members.models import Education, Profile
from rapport.network.models import Connection, ConnectionSource
from rapport.network.selectors import connections_since
from rapport.trust.models import Introduction, IntroductionState, IntroductionStep, StepState
from rapport.trust.scoring import REPLY_WITHIN, PairFacts

NEGATIVE_WINDOW = dt.timedelta(days=90)


def facts_for(
    member: User, *, others: Collection[int] | None = None, now: dt.datetime
) -> dict[int, PairFacts]:
    """Facts for each of the member's connections (or those of them in `others`)."""
    if others is None:
        connections = connections_since(member.pk)
    else:
        # A few pairs (after a message, a report): read only those connections.
        wanted = list(others)
        rows = Connection.objects.filter(
            Q(member_low_id=member.pk, member_high_id__in=wanted)
            | Q(member_high_id=member.pk, member_low_id__in=wanted)
        )
        connections = {row.other(member.pk): row for row in rows}
    facts = {
        other: PairFacts(
            connected_at=c.created_at, by_invitation=c.source == ConnectionSource.INVITATION
        )
        for other, c in connections.items()
    }
    if not facts:
        return facts
    ids = list(facts)
    _messages(member.pk, ids, facts)
    _shared_history(member.pk, ids, facts)
    _profiles(ids, facts)
    _introductions(ids, facts)
    _reports(member.pk, ids, facts, now=now)
    return facts


def _messages(me: int, ids: list[int], facts: dict[int, PairFacts]) -> None:
    """Counts, turns and quick replies from the one-to-one messages between the two."""
    rows = (
        Message.objects.filter(
            Q(sender_id=me, recipient_id__in=ids) | Q(sender_id__in=ids, recipient_id=me)
        )
        .order_by("created_at", "pk")
        .values_list(
            "sender_id", "recipient_id", "created_at", "flags", "released_at", "reported_at"
        )
    )
    last: dict[int, tuple[int, dt.datetime]] = {}
    for sender, recipient, at, flags, released_at, reported_at in rows.iterator(chunk_size=2000):
        other = recipient if sender == me else sender
        f = facts[other]
        if sender == me:
            f.sent_by_me += 1
        else:
            # A flagged message the member moved to their inbox no longer counts against.
            flags = flags if released_at is None else []
            f.pitches_to_me += "pitch" in flags
            f.automated_to_me += "automated" in flags
            f.bulk_to_me += "bulk" in flags
            f.reported_by_me += reported_at is not None
            if flags or reported_at is not None:
                # A pitch or a template is contact, but not through an appropriate
                # channel: it builds no rapport (no conversation, no recency).
                continue
            f.sent_by_them += 1
        previous = last.get(other)
        if previous is not None and previous[0] != sender:
            f.turns += 1
            if at - previous[1] <= REPLY_WITHIN:
                f.quick_replies += 1
        last[other] = (sender, at)
        f.last_contact_at = at


def _years(start: dt.date, end: dt.date | None) -> str:
    return f"{start.year}–{end.year if end else 'now'}"


def _shared_history(me: int, ids: list[int], facts: dict[int, PairFacts]) -> None:
    """Overlapping tenure at one employer; the same school in overlapping years."""
    positions = defaultdict(list)
    for member_id, company, name, start, end in Position.objects.filter(
        member_id__in=[me, *ids]
    ).values_list("member_id", "company_id", "company__name", "started_on", "ended_on"):
        positions[member_id].append((company, name, start, end))
    today = dt.date.today()
    for other in ids:
        seen: set[str] = set()
        for company, name, start, end in positions[other]:
            for my_company, _, my_start, my_end in positions[me]:
                if company != my_company:
                    continue
                overlap_start = max(start, my_start)
                overlap_end = min(end or today, my_end or today)
                if overlap_start <= overlap_end and name not in seen:
                    seen.add(name)
                    facts[other].worked_together.append(
                        f"{name} ({_years(overlap_start, overlap_end)})"
                    )
    schools = defaultdict(list)
    for member_id, school, name, first, last in Education.objects.filter(
        member_id__in=[me, *ids]
    ).values_list("member_id", "school_id", "school__name", "start_year", "end_year"):
        schools[member_id].append((school, name, first, last or today.year))
    for other in ids:
        seen = set()
        for school, name, first, last in schools[other]:
            for my_school, _, my_first, my_last in schools[me]:
                overlap = max(first, my_first) <= min(last, my_last)
                if school == my_school and overlap and name not in seen:
                    seen.add(name)
                    facts[other].studied_together.append(name)


def _introductions(ids: list[int], facts: dict[int, PairFacts]) -> None:
    accepted = Introduction.objects.filter(state=IntroductionState.ACCEPTED)
    for member_id in IntroductionStep.objects.filter(
        member_id__in=ids, state=StepState.FORWARDED, introduction__in=accepted
    ).values_list("member_id", flat=True):
        facts[member_id].introductions_made += 1
    # Asked for, or accepted as the target: either way they met through the network.
    for requester_id, target_id in accepted.filter(
        Q(requester_id__in=ids) | Q(target_id__in=ids)
    ).values_list("requester_id", "target_id"):
        for member_id in (requester_id, target_id):
            if member_id in facts:
                facts[member_id].introduced += 1


def _profiles(ids: list[int], facts: dict[int, PairFacts]) -> None:
    """How complete the profile is, and whether its headline agrees with the position
    they say they hold now (a consistent profile is part of credibility)."""
    rows = Profile.objects.filter(member_id__in=ids).annotate(skill_count=Count("skills"))
    with_positions: set[int] = set()
    current: dict[int, list[str]] = defaultdict(list)
    for member_id, title, company, is_current in Position.objects.filter(
        member_id__in=ids
    ).values_list("member_id", "title", "company__name", "is_current"):
        with_positions.add(member_id)
        if is_current:
            current[member_id] += [fold(title), fold(company)]
    for p in rows.values_list("member_id", "headline", "location", "about", "skill_count"):
        member_id, headline, location, about, skill_count = p
        facts[member_id].profile_parts = sum(
            [bool(headline), bool(location), bool(about), skill_count >= 3]
        ) + (member_id in with_positions)
        if headline and current[member_id]:
            said = fold(headline)
            facts[member_id].consistent = any(part and part in said for part in current[member_id])


def _reports(me: int, ids: list[int], facts: dict[int, PairFacts], *, now: dt.datetime) -> None:
    """Other members' reports and "I don't know" answers (the member's own count as
    `reported_by_me`); restricted accounts."""
    since = now - NEGATIVE_WINDOW
    # Distinct members who objected ("I don't know this person", reports of invitations,
    # messages, posts): one person reporting three messages is one voice.
    objected = {(m, who) for m, who, _ in objections(ids, since=since) if who != me}
    for member_id, _ in objected:
        facts[member_id].reported_by_others += 1
    for member_id in restricted_among(ids, now=now):
        facts[member_id].restricted = True
