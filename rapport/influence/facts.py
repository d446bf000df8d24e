"""What people did in response to members, read in bulk for the scoring arithmetic.

One pass reads, for every member asked about, the responses to their posts and
articles (reactions, comments, reposts and shares), who saw them, who replied to them or
wrote to them first, how their invitations were answered, and their accepted
introductions — over the last `influence.days` (a limit) days. The number of queries
does not depend on how many members are asked about (`gather` for everyone is the
daily job; for one member it is the recompute after an event).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Count, Q

from rapport.accounts.models import User
from rapport.conversations.models import Conversation, Message
from rapport.conversations.models import State as ConversationState
from rapport.core import limits
from rapport.influence.models import Influence
from rapport.influence.scoring import Community, Facts, Response
from rapport.invitations.models import Invitation
from rapport.invitations.models import State as InvitationState
from rapport.limits.models import Complaint, ComplaintOutcome, ComplaintSource, Standing
from rapport.network.models import Connection
from rapport.posts.models import Comment, Post, PostShare, PostViewer, Reaction, ShareVia, State
from rapport.trust.models import Introduction, IntroductionState, IntroductionStep, StepRole

# Reported by this many different people in the window: their responses count nothing.
REPORTERS_TO_DISCOUNT = 2
DECIDED = [
    InvitationState.ACCEPTED,
    InvitationState.DECLINED,
    InvitationState.REPORTED,
    InvitationState.IGNORED,
    InvitationState.EXPIRED,
]


def _title(post: Mapping[str, Any]) -> str:
    text = str(post["title"] or post["body"] or "").strip().splitlines()
    first = text[0] if text else "a post"
    return first if len(first) <= 60 else first[:59] + "…"


def gather(member_ids: list[int] | None, now: dt.datetime) -> tuple[dict[int, Facts], Community]:
    """Facts for `member_ids` (every active member with None), and the community's
    weights, as they stood at `now` (so a past day can be scored). A fixed number of
    queries either way."""
    since = now - dt.timedelta(days=limits.value("influence.days"))
    members = User.objects.filter(is_active=True, is_staff=False)
    if member_ids is not None:
        members = members.filter(pk__in=member_ids)
    facts = {pk: Facts(member=pk) for pk in members.values_list("pk", flat=True)}
    wanted = set(facts)
    one = member_ids is not None

    def only(field: str) -> Q:
        return Q(**{f"{field}__in": list(wanted)}) if one else Q()

    posts = {
        p["pk"]: p
        for p in Post.objects.filter(
            only("author_id"),
            state=State.PUBLISHED,
            deleted_at=None,
            repost_of=None,
            published_at__gte=since,
            published_at__lte=now,
        ).values("pk", "author_id", "title", "body")
    }
    author = {pk: p["author_id"] for pk, p in posts.items()}
    for pk, p in posts.items():
        if p["author_id"] in facts:
            facts[p["author_id"]].titles[pk] = _title(p)
    post_ids = list(posts)
    # Responder → whose posts they answered (reactions, comments, shares): what an
    # engagement pod is made of. Conversations are mutual by nature and stay out of it.
    gave: dict[int, set[int]] = defaultdict(set)

    def respond(post_id: int, responder: int, kind: str) -> None:
        owner = author.get(post_id)
        if owner is None or owner == responder:
            return
        gave[responder].add(owner)
        if owner in facts:
            facts[owner].content.append(Response(responder, post_id, kind))

    until = Q(created_at__lte=now)  # responses as they stood at `now`
    for post_id, who in Reaction.objects.filter(until, post_id__in=post_ids).values_list(
        "post_id", "member_id"
    ):
        respond(post_id, who, "reaction")
    for post_id, who in Comment.objects.filter(
        until, post_id__in=post_ids, deleted_at=None
    ).values_list("post_id", "author_id"):
        respond(post_id, who, "comment")
    for post_id, who, via in PostShare.objects.filter(
        until, post_id__in=post_ids, member__isnull=False
    ).values_list("post_id", "member_id", "via"):
        # Copying a link costs nothing and may go nowhere: it weighs as a reaction. A post
        # sent to someone in a message is a share.
        respond(post_id, who, "share" if via == ShareVia.MESSAGE else "reaction")
    for post_id, who in Post.objects.filter(
        repost_of_id__in=post_ids, state=State.PUBLISHED, deleted_at=None, published_at__lte=now
    ).values_list("repost_of_id", "author_id"):
        respond(post_id, who, "share")

    seen: dict[int, set[str]] = defaultdict(set)
    for post_id, key in PostViewer.objects.filter(
        post_id__in=post_ids, viewer_key__startswith="m", first_seen_on__lte=now.date()
    ).values_list("post_id", "viewer_key"):
        owner = author[post_id]
        if key != f"m{owner}":
            seen[owner].add(key)
    for owner, keys in seen.items():
        if owner in facts:
            facts[owner].reached = len(keys)

    # Replies to their comments.
    for parent_author, who in (
        Comment.objects.filter(
            only("parent__author_id"), created_at__gte=since, created_at__lte=now, deleted_at=None
        )
        .exclude(parent=None)
        .values_list("parent__author_id", "author_id")
    ):
        if parent_author != who and parent_author in facts:
            facts[parent_author].talked.add(who)

    # Conversations: everyone who wrote in a conversation the member also wrote in (a
    # reply, or the member answering them), and those who started an accepted one.
    senders: dict[int, set[int]] = defaultdict(set)
    conversation_filter = Q(conversation__participants__member_id__in=list(wanted)) if one else Q()
    for conversation, sender in (
        # A message held by the guard and never let in, or reported, is no reply.
        Message.objects.filter(conversation_filter, created_at__gte=since, created_at__lte=now)
        .exclude(held=True, released_at=None)
        .exclude(reported_at__isnull=False)
        .values_list("conversation_id", "sender_id")
        .distinct()
    ):
        senders[conversation].add(sender)
    for people in senders.values():
        for a in people:
            for b in people:
                if a != b and a in facts:
                    facts[a].talked.add(b)
    for _conversation, starter, other in Conversation.objects.filter(
        only("participants__member_id"),
        state=ConversationState.OPEN,
        created_at__gte=since,
        created_at__lte=now,
    ).values_list("pk", "started_by_id", "participants__member_id"):
        if other in facts and starter != other:
            facts[other].talked.add(starter)

    ignored = discounted(now, since)
    # An answer from a restricted or reported member counts for nothing, either way.
    for sender, state, n in (
        Invitation.objects.filter(
            only("sender_id"), state__in=DECIDED, decided_at__gte=since, decided_at__lte=now
        )
        .exclude(recipient_id__in=list(ignored))
        .values("sender_id", "state")
        .annotate(n=Count("pk"))
        .values_list("sender_id", "state", "n")
    ):
        if sender in facts:
            f = facts[sender]
            f.invitations_decided += n
            if state == InvitationState.ACCEPTED:
                f.invitations_accepted += n
            elif state in (InvitationState.DECLINED, InvitationState.REPORTED):
                f.dont_know += n

    for who, n in (
        IntroductionStep.objects.filter(
            only("member_id"),
            role=StepRole.INTRODUCER,
            introduction__state=IntroductionState.ACCEPTED,
            introduction__decided_at__gte=since,
            introduction__decided_at__lte=now,
        )
        .exclude(introduction__target_id__in=list(ignored))  # as with invitations
        .values("member_id")
        .annotate(n=Count("introduction_id", distinct=True))
        .values_list("member_id", "n")
    ):
        if who in facts:
            facts[who].introductions_made = n
    for who, n in (
        Introduction.objects.filter(
            only("requester_id"),
            state=IntroductionState.ACCEPTED,
            decided_at__gte=since,
            decided_at__lte=now,
        )
        .exclude(target_id__in=list(ignored))
        .values("requester_id")
        .annotate(n=Count("pk"))
        .values_list("requester_id", "n")
    ):
        if who in facts:
            facts[who].introductions_received = n

    circles: dict[int, set[int]] = defaultdict(set)
    for low, high in Connection.objects.filter(
        Q(member_low_id__in=list(wanted)) | Q(member_high_id__in=list(wanted)) if one else Q()
    ).values_list("member_low_id", "member_high_id"):
        circles[low].add(high)
        circles[high].add(low)
    for pk, f in facts.items():
        f.connections = frozenset(circles.get(pk, ()))

    if one:
        # Reciprocity needs whom these members answered too, not only who answered them
        # (the daily pass sees every response; this one read only those to them).
        for responder, owner in _answered_by(wanted, since, now):
            if responder != owner:
                gave[responder].add(owner)
    # Who responds weighs by their score before the daily pass; how closed their circle
    # is needs everyone's responses. One member's recompute reads both as the last daily
    # pass used them, for the people who responded to them only.
    if one:
        last = Influence.objects.filter(member_id__in=list(_responders(facts.values())))
        stored = list(last.values_list("member_id", "standing", "closeness"))
    else:
        stored = [(pk, s, 0.0) for pk, s in Influence.objects.values_list("member_id", "score")]
    return facts, Community(
        discounted=frozenset(ignored),
        responds_to={k: frozenset(v) for k, v in gave.items()},
        closeness={pk: closeness for pk, _, closeness in stored} if one else None,
        scores={pk: score for pk, score, _ in stored},
    )


def _responders(facts: Iterable[Facts]) -> set[int]:
    return {r.responder for f in facts for r in f.content} | {
        who for f in facts for who in f.talked
    }


def _answered_by(wanted: set[int], since: dt.datetime, now: dt.datetime) -> list[tuple[int, int]]:
    """(responder, author) for the responses `wanted` members gave to others' posts in
    the window."""
    recent = Q(
        post__state=State.PUBLISHED,
        post__deleted_at=None,
        post__repost_of=None,
        post__published_at__gte=since,
        post__published_at__lte=now,
        created_at__lte=now,
    )
    pairs: list[tuple[int, int]] = []
    pairs += Reaction.objects.filter(recent, member_id__in=wanted).values_list(
        "member_id", "post__author_id"
    )
    pairs += Comment.objects.filter(recent, author_id__in=wanted, deleted_at=None).values_list(
        "author_id", "post__author_id"
    )
    pairs += PostShare.objects.filter(recent, member_id__in=wanted).values_list(
        "member_id", "post__author_id"
    )
    # Reposts as the daily pass counts them: published and kept, of a post in the window.
    pairs += Post.objects.filter(
        author_id__in=wanted,
        state=State.PUBLISHED,
        deleted_at=None,
        published_at__lte=now,
        repost_of__state=State.PUBLISHED,
        repost_of__deleted_at=None,
        repost_of__repost_of=None,
        repost_of__published_at__gte=since,
        repost_of__published_at__lte=now,
    ).values_list("author_id", "repost_of__author_id")
    return pairs


def discounted(now: dt.datetime, since: dt.datetime) -> set[int]:
    """Members whose responses count for nothing: restricted now, or reported by
    `REPORTERS_TO_DISCOUNT` or more people in the window."""
    restricted = set(
        Standing.objects.filter(restricted_until__gt=now).values_list("member_id", flat=True)
    )
    reporters: dict[int, set[int]] = defaultdict(set)
    for member, reporter in (
        Complaint.objects.filter(created_at__gte=since, created_at__lte=now)
        .exclude(outcome=ComplaintOutcome.DISMISSED)
        .exclude(source=ComplaintSource.PROFILE)
        .values_list("member_id", "reporter_id")
    ):
        reporters[member].add(reporter)
    for member, reporter in Invitation.objects.filter(
        state=InvitationState.REPORTED, decided_at__gte=since, decided_at__lte=now
    ).values_list("sender_id", "recipient_id"):
        reporters[member].add(reporter)
    return restricted | {m for m, who in reporters.items() if len(who) >= REPORTERS_TO_DISCOUNT}
