"""Messages through the service layer on the demo community: one database per run, JSON out.

Every send goes through `message_send` with all its checks (blocks, connection or
request rules, standing for requests, the quota slot for requests) and, where it
applies, the first-contact guard: the classifier plus bulk detection against the
sender's recent messages. Each send is its own transaction, as a request would be.

Three streams, timed separately:
- guarded: senders write to connections made minutes ago (operator connections,
  so both sides are checked), a mix of genuine, pitch, automated and mail-merge
  texts; each sender has written before, so bulk detection compares against a
  real history. Flagged ones are sent anyway, so every send is written.
- unguarded: replies within older connections (the guard does not look; the
  MinHash signature is still computed and stored for later bulk checks).
- requests: first messages to 2nd-degree members (guarded, and a quota slot).

Run through `python -m bench`, after the search benchmark has loaded the community.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import time
from collections.abc import Callable
from random import Random
from typing import Any

SEED = 3
WARM_UP = 10
GENUINE = [
    "Hi {first}, good to meet you at the {topic} meetup. I'll send the notes from the second "
    "talk tonight; the part on measuring outcomes was the best bit.",
    "{first}, thanks for the advice on {topic}. We tried it last sprint and it helped.",
    "Hey {first}, you mentioned a book on {topic} over lunch. What was it called?",
    "Congratulations on the new role, {first}! How are the first weeks?",
]
PITCH = [
    "Hi {first}, we help companies like yours improve {topic} results by 30 %. Do you have 15 "
    "minutes this week for a quick call?",
    "Great to connect, {first}! Our {topic} platform is 20 % off this month. Book a demo here.",
]
AUTOMATED = ["Hi , thanks for connecting!", "Thanks for following! Let me know if I can help!"]
MERGE = (
    "Hi {first}, I'm organising a small round table on {topic} for people in our alumni "
    "network next month. Would you like a seat? Reply and I'll send the details."
)
TOPICS = ["data", "design", "hiring", "product", "security", "research"]


def _stats(timings: list[float]) -> dict[str, float]:
    ordered = sorted(timings)
    total = sum(ordered)
    return {
        "count": len(ordered),
        "per_second": len(ordered) / total if total else 0.0,
        "median_ms": statistics.median(ordered) * 1000 if ordered else 0.0,
        "p95_ms": ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000 if ordered else 0.0,
    }


def _timed(calls: list[Callable[[], object]]) -> list[float]:
    timings = []
    for call in calls:
        started = time.perf_counter()
        call()
        timings.append(time.perf_counter() - started)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, required=True)
    parser.add_argument("--sends", type=int, default=600)
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db.models import Q
    from django.utils import timezone

    from bench import demo_community
    from rapport.accounts.models import User
    from rapport.conversations.models import Message, MessagingPreferences
    from rapport.conversations.services import message_send
    from rapport.limits.models import Standing
    from rapport.limits.services import limits_set
    from rapport.network.models import Connection
    from rapport.network.services import connection_create

    demo_community(args.members, reuse=args.reuse)
    # Above the 3 requests each asker sends; each sender's first request creates this
    # many slot rows (decision 0007), so it is raised only as far as needed.
    limits_set(by=None, changes={"conversations.message_requests_per_week": 10})
    rng = Random(SEED)
    restricted = set(
        Standing.objects.exclude(restricted_until=None).values_list("member_id", flat=True)
    )
    members = list(User.objects.filter(is_staff=False).exclude(pk__in=restricted).order_by("pk"))
    by_id = {m.pk: m for m in members}

    def neighbours(member_id: int) -> set[int]:
        rows = Connection.objects.filter(
            Q(member_low_id=member_id) | Q(member_high_id=member_id)
        ).values_list("member_low_id", "member_high_id")
        return {a if b == member_id else b for a, b in rows}

    def first(member: Any) -> str:
        return str(member.display_name.split()[0])

    # --- guarded: 20 senders, each to fresh connections ---------------------------------
    n = args.sends
    senders = rng.sample(members, 20)
    sender_ids = {s.pk for s in senders}
    pool = [m for m in members if m.pk not in sender_ids]
    rng.shuffle(pool)
    plan: list[tuple[Any, Any, str]] = []
    texts = 0
    for sender in senders:
        mine = neighbours(sender.pk)
        fresh = [m for m in pool if m.pk not in mine][: n // len(senders) + 1]
        pool = pool[len(fresh) :]
        for recipient in fresh:
            connection_create(member=sender, other=recipient, source="operator", notify=False)
            kind = texts % 10
            topic = rng.choice(TOPICS)
            if kind < 4:
                text = rng.choice(GENUINE).format(first=first(recipient), topic=topic)
            elif kind < 6:
                text = rng.choice(PITCH).format(first=first(recipient), topic=topic)
            elif kind < 7:
                text = rng.choice(AUTOMATED)
            else:
                text = MERGE.format(first=first(recipient), topic=senders.index(sender) % 6)
            plan.append((sender, recipient, text))
            texts += 1
    plan = plan[:n]
    rng.shuffle(plan)

    def send(sender: Any, recipient: Any, text: str) -> Callable[[], object]:
        return lambda: message_send(sender=sender, recipient=recipient, text=text, send_anyway=True)

    before = Message.objects.count()
    _timed([send(*item) for item in plan[:WARM_UP]])
    guarded = _timed([send(*item) for item in plan[WARM_UP:]])
    written = Message.objects.filter(pk__gt=0).count() - before
    recent = Message.objects.order_by("-pk")[: len(plan)]
    flags: dict[str, int] = {}
    for message in recent:
        for flag in message.flags:
            flags[flag] = flags.get(flag, 0) + 1

    # --- unguarded: replies in those conversations a month later -------------------------
    later = timezone.now() + dt.timedelta(days=30)

    def reply(sender: Any, recipient: Any) -> Callable[[], object]:
        text = "Thanks, good to hear from you."
        return lambda: message_send(sender=recipient, recipient=sender, text=text, now=later)

    replies = [reply(s, r) for s, r, _ in plan[: n // 2]]
    unguarded = _timed(replies)

    # --- requests to 2nd-degree members ---------------------------------------------------
    MessagingPreferences.objects.filter(who_may_message="connections").delete()
    requests: list[Callable[[], object]] = []
    askers = rng.sample([m for m in members if m.pk not in sender_ids], 40)
    for asker in askers:
        mine = neighbours(asker.pk)
        seconds = set()
        for friend in list(mine)[:5]:
            seconds |= neighbours(friend)
        seconds -= mine | {asker.pk}
        for target_id in sorted(seconds)[:3]:
            target = by_id.get(target_id)
            if target is None:
                continue
            text = rng.choice(GENUINE).format(first=first(target), topic=rng.choice(TOPICS))
            requests.append(send(asker, target, text))
    from rapport.core.errors import RapportError

    def tolerant(call: Callable[[], object]) -> Callable[[], object]:
        def run() -> object:
            try:
                return call()
            except RapportError:  # a conversation already open between the pair
                return None

        return run

    before_requests = Message.objects.count()
    request_timings = _timed([tolerant(c) for c in requests])
    requests_written = Message.objects.count() - before_requests

    from rapport.conversations.guard import classify_message

    sample = [text for _, _, text in plan]
    rounds = []
    for _ in range(5):
        started = time.perf_counter()
        for text in sample:
            classify_message(text)
        rounds.append(len(sample) / (time.perf_counter() - started))

    from django.db import connection as db

    print(
        json.dumps(
            {
                "database": db.vendor,
                "members": len(members),
                "guarded": _stats(guarded),
                "unguarded": _stats(unguarded),
                "requests": _stats(request_timings),
                "flags": flags,
                "written": written,
                "requests_written": requests_written,
                "classify_per_second_median": statistics.median(rounds),
                "senders": len(senders),
            }
        )
    )


if __name__ == "__main__":
    main()
