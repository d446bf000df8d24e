"""The header's counts, written in SQL for speed, agree with their definition in the ORM
(the lists' own rules) on many random inboxes: held, released, reported, archived,
deleted-for-me, read and unread, open, requested and declined."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from rapport.accounts.tests.factories import make_member
from rapport.conversations.models import Conversation, Message, Participant, State
from rapport.conversations.selectors import Counts, counts_for, visible_messages

pytestmark = pytest.mark.django_db

T0 = timezone.now() - dt.timedelta(days=30)


def _reference(member) -> Counts:
    """The counts as the ORM defines them (the rules of the folders)."""
    in_inbox = Q(sender=member) | Q(held=False) | Q(released_at__isnull=False)
    mine = Participant.objects.filter(member=member, archived=False)
    visible = visible_messages(member).filter(recipient=member)
    unread = (
        visible_messages(member)
        .exclude(sender=member)
        .filter(in_inbox, conversation__state=State.OPEN)
        .filter(
            Exists(
                mine.filter(conversation=OuterRef("conversation")).filter(
                    Q(last_read_at__isnull=True) | Q(last_read_at__lt=OuterRef("created_at"))
                )
            )
        )
        .values("conversation")
        .distinct()
        .count()
    )
    requests = (
        Conversation.objects.filter(
            state=State.REQUEST, participants__member=member, participants__archived=False
        )
        .exclude(started_by=member)
        .filter(Exists(visible.filter(in_inbox, conversation=OuterRef("pk"))))
        .count()
    )
    filtered = visible.filter(
        recipient=member, held=True, released_at__isnull=True, reported_at__isnull=True
    ).count()
    return Counts(unread=unread, requests=requests, filtered=filtered)


def _maybe(rng: random.Random, chance: float, value):
    return value if rng.random() < chance else None


@pytest.mark.parametrize("seed", range(12))
def test_the_counts_agree_with_their_definition(seed):
    rng = random.Random(seed)
    people = [make_member(f"p{seed}x{i}") for i in range(4)]
    for n in range(10):
        a, b = rng.sample(people, 2)
        conversation = Conversation.objects.create(
            state=rng.choice(State.values),
            started_by=a,
            created_at=T0,
            pair_key=f"{seed}-{n}",
        )
        for member in (a, b):
            Participant.objects.create(
                conversation=conversation,
                member=member,
                archived=rng.random() < 0.2,
                last_read_at=_maybe(rng, 0.5, T0 + dt.timedelta(days=rng.randint(0, 5))),
                cleared_at=_maybe(rng, 0.15, T0 + dt.timedelta(days=rng.randint(0, 5))),
            )
        for _ in range(rng.randint(0, 5)):
            sender, recipient = (a, b) if rng.random() < 0.5 else (b, a)
            held = rng.random() < 0.3
            Message.objects.create(
                conversation=conversation,
                sender=sender,
                recipient=recipient,
                text="hello",
                created_at=T0
                + dt.timedelta(days=rng.randint(0, 6), minutes=rng.choice([0, 7, 42])),
                held=held,
                checked=True,
                released_at=_maybe(rng, 0.3 if held else 0, T0 + dt.timedelta(days=26)),
                reported_at=_maybe(rng, 0.2 if held else 0, T0 + dt.timedelta(days=27)),
            )
    seen = set()
    for member in people:
        counts = counts_for(member)
        assert counts == _reference(member), member.handle
        seen.add(counts)
    assert len(seen) > 1 or seed % 3, "the scenarios should not all count alike"


def test_a_message_written_at_the_moment_last_read_is_read():
    ada, ben = make_member("ada"), make_member("ben")
    conversation = Conversation.objects.create(started_by=ben, created_at=T0, pair_key="x")
    Participant.objects.create(conversation=conversation, member=ada, last_read_at=T0)
    Participant.objects.create(conversation=conversation, member=ben)
    Message.objects.create(
        conversation=conversation, sender=ben, recipient=ada, text="hi", created_at=T0
    )
    assert counts_for(ada) == _reference(ada) == Counts(unread=0, requests=0, filtered=0)
    Participant.objects.filter(member=ada).update(cleared_at=T0)  # deleted for herself
    Participant.objects.filter(member=ada).update(last_read_at=None)
    assert counts_for(ada) == _reference(ada) == Counts(unread=0, requests=0, filtered=0)
