"""Invitations through the service layer on a demo community: one database per run, JSON out.

Every send goes through `invitation_send` with all its checks (connection, pending
pair, history, preferences, the note coach with the pair's shared context,
standing, quota slots, the notification on commit), each in its own transaction
as a request would. Then some recipients accept and some answer "I don't know"
(which re-reads the sender's standing). The coach is also timed alone.

Run through `python -m bench`, which starts this once per database after the
search benchmark has loaded the community (`--reuse`); alone, it loads its own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import partial
from pathlib import Path
from random import Random
from typing import Any

SEED = 1
# Sends per sender: far below any cap, so a refusal never ends the run.
PER_SENDER = 4
# Generous limits; each sender's first send creates `cap` slot rows per kind (see
# rapport/limits/services/quota.py), so the caps are raised, not made huge.
DAILY_CAP = 50
WEEKLY_CAP = 200
# How often each kind of note is written.
LABELS = ("default", "personal", "mediocre", "pitch")
WEIGHTS = (45, 35, 10, 10)
FOCUSES = ("data quality", "developer experience", "pricing", "hiring", "onboarding", "search")
WARM_UP = 20
TABLE = re.compile(r'(?:FROM|INTO|UPDATE)\s+"?(\w+)"?')


def _stats(timings: list[float]) -> dict[str, float]:
    ordered = sorted(timings)
    total = sum(ordered)
    return {
        "count": len(ordered),
        "per_second": len(ordered) / total if total else 0.0,
        "median_ms": statistics.median(ordered) * 1000,
        "p95_ms": ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000,
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
    parser.add_argument("--sends", type=int, default=1000)
    parser.add_argument(
        "--reuse", action="store_true", help="Use the demo community already loaded."
    )
    parser.add_argument(
        "--processes", type=int, default=2, help="Processes accepting at once (accept_parallel)."
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from rapport.accounts.models import User
    from rapport.invitations.models import Invitation
    from rapport.limits.services import limits_set
    from rapport.network.models import Connection

    call_command("migrate", verbosity=0)
    load_seconds = None
    if not (args.reuse and User.objects.filter(is_staff=False).count() == args.members):
        call_command("flush", interactive=False, verbosity=0)
        started = time.perf_counter()
        with open(os.devnull, "w") as quiet:
            call_command("demo", members=args.members, seed=SEED, stdout=quiet)
        load_seconds = time.perf_counter() - started
    limits_set(
        by=None,
        changes={"invitations.daily_cap": DAILY_CAP, "invitations.weekly_cap": WEEKLY_CAP},
    )
    before = Invitation.objects.count()
    plan = _plan(args.sends)

    connections_before = Connection.objects.count()
    tables: Counter[str] = Counter()

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        """Which table each query of a send reads or writes first: where the time goes."""
        found = TABLE.search(sql)
        tables[found.group(1) if found else sql.split()[0].lower()] += 1
        return execute(sql, params, many, context)

    from rapport.invitations.services import (
        invitation_accept,
        invitation_decline,
        invitation_send,
    )

    def send(item: dict[str, Any]) -> Callable[[], object]:
        def call() -> None:
            item["invitation"] = invitation_send(**item["send"])

        return call

    _timed([send(item) for item in plan[:WARM_UP]])
    measured = plan[WARM_UP:]
    with connection.execute_wrapper(count):
        send_times = _timed([send(item) for item in measured])
    first_sends = [t for t, item in zip(send_times, measured, strict=True) if item["first"]]
    later_sends = [t for t, item in zip(send_times, measured, strict=True) if not item["first"]]

    # Recipients answer: every other invitation accepted (half of them one at a time, half
    # by several processes at once), every fourth "I don't know".
    sent = [item["invitation"] for item in measured]
    accept_times = _timed(
        [partial(invitation_accept, member=i.recipient, invitation_id=i.pk) for i in sent[0::4]]
    )
    decline_times = _timed(
        [partial(invitation_decline, member=i.recipient, invitation_id=i.pk) for i in sent[1::4]]
    )
    parallel = _in_processes(
        [partial(invitation_accept, member=i.recipient, invitation_id=i.pk) for i in sent[2::4]],
        args.processes,
    )

    from rapport.invitations.coach import analyze_note

    notes = [(item["send"]["note"], item["context"]) for item in plan]
    coach_times = []
    for _ in range(3):
        coach_times += _timed([partial(analyze_note, n, c) for n, c in notes])

    print(
        json.dumps(
            {
                "database": connection.vendor,
                "members": User.objects.filter(is_staff=False).count(),
                "connections": connections_before,
                "invitations_before": before,
                "load_seconds": load_seconds,
                "senders": len({item["send"]["sender"].pk for item in plan}),
                "mix": dict(Counter(item["quality"] for item in measured)),
                "queries_per_send": sum(tables.values()) / len(measured),
                "queries_by_table": {
                    table: round(n / len(measured), 2) for table, n in tables.most_common()
                },
                "send": _stats(send_times),
                "send_first": _stats(first_sends),
                "send_later": _stats(later_sends),
                "accept": _stats(accept_times),
                "accept_parallel": parallel,
                "decline": _stats(decline_times),
                "coach": _stats(coach_times),
                "caps": {"daily": DAILY_CAP, "weekly": WEEKLY_CAP},
                "per_sender": PER_SENDER,
            }
        )
    )


def _in_processes(calls: list[Callable[[], object]], processes: int) -> dict[str, float]:
    """Run the calls split across `processes` forked processes, all starting together, as
    `rapport serve`'s workers would serve them; the rate is calls over the wall time."""
    import multiprocessing

    from django.db import connections

    connections.close_all()  # each process opens its own connection
    context = multiprocessing.get_context("fork")
    start = context.Event()
    shares = [calls[k::processes] for k in range(processes)]

    def work(share: list[Callable[[], object]]) -> None:
        start.wait()
        for call in share:
            call()
        connections.close_all()

    workers = [context.Process(target=work, args=(share,)) for share in shares]
    for worker in workers:
        worker.start()
    time.sleep(0.5)  # every process forked and waiting
    started = time.perf_counter()
    start.set()
    for worker in workers:
        worker.join()
        if worker.exitcode:
            raise SystemExit(f"an accepting process failed ({worker.exitcode})")
    wall = time.perf_counter() - started
    return {"count": len(calls), "processes": processes, "per_second": len(calls) / wall}


def _sent_since(moment: dt.datetime) -> dict[int, int]:
    """Invitations each member sent since then (every one took a quota slot)."""
    from django.db.models import Count

    from rapport.invitations.models import Invitation

    return dict(
        Invitation.objects.filter(created_at__gte=moment)
        .values("sender_id")
        .annotate(n=Count("pk"))
        .values_list("sender_id", "n")
    )


def _plan(sends: int) -> list[dict[str, Any]]:
    """Distinct pairs who may invite each other, with notes, read from the loaded community.

    Nothing here is timed: senders in good standing, recipients mostly friends of
    friends (so a mutual connection can be named), notes in a realistic mix.
    """
    from django.utils import timezone

    from rapport.accounts.models import ConnectionsVisibility, User
    from rapport.companies.models import Position
    from rapport.demo.notes import DEFAULT, MEDIOCRE, PERSONAL, PITCH, Facts, note_text
    from rapport.invitations.coach import NoteContext
    from rapport.invitations.models import HowWeKnow, Invitation
    from rapport.invitations.selectors import bands_for
    from rapport.members.models import Education, Profile
    from rapport.network.models import Connection

    rng = Random(SEED)
    members = User.objects.in_bulk(
        list(User.objects.filter(is_staff=False, is_active=True).values_list("pk", flat=True))
    )
    ids = sorted(members)
    neighbours: dict[int, set[int]] = defaultdict(set)
    for low, high in Connection.objects.values_list("member_low_id", "member_high_id"):
        neighbours[low].add(high)
        neighbours[high].add(low)
    taken = {
        (min(a, b), max(a, b))
        for a, b in Invitation.objects.values_list("sender_id", "recipient_id")
    }
    employers: dict[int, set[str]] = defaultdict(set)
    for member_id, name in Position.objects.values_list("member_id", "company__name"):
        employers[member_id].add(name)
    schools: dict[int, set[str]] = defaultdict(set)
    for member_id, name in Education.objects.values_list("member_id", "school__name"):
        schools[member_id].add(name)
    cities = {
        member_id: location.split(",")[0]
        for member_id, location in Profile.objects.values_list("member_id", "location")
    }
    # As note_context: members who hide their connections are never named as mutual.
    hidden = set(
        User.objects.filter(connections_visibility=ConnectionsVisibility.ONLY_ME).values_list(
            "pk", flat=True
        )
    )
    bands: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        bands.update(bands_for(ids[start : start + 500], now=timezone.now()))
    # Runs repeat on a reused community: a sender whose earlier runs spent this day's or
    # week's quota would be refused (429), which is not what is measured.
    spent_day = _sent_since(timezone.now() - dt.timedelta(days=1))
    spent_week = _sent_since(timezone.now() - dt.timedelta(days=7))
    senders = [
        i
        for i in ids
        if bands[i] == "good"
        and neighbours[i]
        and spent_day.get(i, 0) + PER_SENDER <= DAILY_CAP
        and spent_week.get(i, 0) + PER_SENDER <= WEEKLY_CAP
    ]
    rng.shuffle(senders)
    qualities = {"default": DEFAULT, "personal": PERSONAL, "mediocre": MEDIOCRE, "pitch": PITCH}

    plan: list[dict[str, Any]] = []
    for sender_id in senders:
        for n in range(PER_SENDER):
            recipient_id = _recipient(sender_id, ids, neighbours, taken, rng)
            if recipient_id is None:
                continue
            taken.add((min(sender_id, recipient_id), max(sender_id, recipient_id)))
            sender, recipient = members[sender_id], members[recipient_id]
            label = rng.choices(LABELS, WEIGHTS)[0]
            mutual_ids = sorted((neighbours[sender_id] & neighbours[recipient_id]) - hidden)
            shared_work = sorted(employers[sender_id] & employers[recipient_id])
            shared_school = sorted(schools[sender_id] & schools[recipient_id])
            how, mutual = HowWeKnow.OTHER, None
            if label == "pitch":
                how = HowWeKnow.NOT_MET
            elif shared_work:
                how = HowWeKnow.COLLEAGUE
            elif shared_school:
                how = HowWeKnow.CLASSMATE
            elif mutual_ids:
                how, mutual = HowWeKnow.MUTUAL, members[rng.choice(mutual_ids)]
            facts = Facts(
                first=recipient.display_name.split()[0],
                me=sender.display_name.split()[0],
                me_full=sender.display_name,
                handle=sender.handle,
                city=cities.get(sender_id) or "Lisbon",
                industry="software",
                focus=rng.choice(FOCUSES),
                company=shared_work[0] if shared_work else "",
                school=shared_school[0] if shared_school else "",
                mutual=mutual.display_name if mutual else "",
                event=f"the {cities.get(sender_id) or 'Lisbon'} Product Meetup",
            )
            note = note_text(qualities[label], how, facts, rng)
            plan.append(
                {
                    "quality": label,
                    "first": n == 0,
                    "send": {
                        "sender": sender,
                        "recipient": recipient,
                        "note": note,
                        "how_we_know": how,
                        "how_detail": facts.company or facts.school,
                        "mutual": mutual,
                    },
                    "context": NoteContext(
                        recipient_name=recipient.display_name,
                        sender_name=sender.display_name,
                        mutual_names=tuple(members[m].display_name for m in mutual_ids[:50]),
                        shared_employers=tuple(shared_work[:5]),
                        shared_schools=tuple(shared_school[:5]),
                    ),
                }
            )
            if len(plan) >= sends + WARM_UP:
                return plan
    return plan


def _recipient(
    sender: int,
    ids: list[int],
    neighbours: dict[int, set[int]],
    taken: set[tuple[int, int]],
    rng: Random,
) -> int | None:
    """A friend of a friend most of the time, anyone otherwise; never a connection."""
    friends = sorted(neighbours[sender])
    for _ in range(50):
        near = rng.random() < 0.7 and friends
        pool = sorted(neighbours[rng.choice(friends)]) if near else ids
        other = pool[rng.randrange(len(pool))]
        pair = (min(sender, other), max(sender, other))
        if other != sender and other not in neighbours[sender] and pair not in taken:
            return other
    return None


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
