"""Conversations for the demo community, written through the messaging services.

Unlike members and invitations (bulk-inserted from a plan), messages go through
`message_send`, so the first-contact guard, requests and bulk detection decide
what lands where exactly as they would for real members. There are only a few
hundred, so that takes seconds. What the demo log-ins find:

- Ada and Ben: threads with older connections, some unread; message requests from
  people their connections know; a filtered pitch, an automated greeting and a
  mass message from new connections.
- Elsewhere: conversations between connected members, a recruiter who sends the
  same text to many new connections (bulk), and a few requests.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q

from rapport.accounts.models import User
from rapport.conversations import services
from rapport.conversations.models import Message, MessagingPreferences, WhoMayMessage
from rapport.core.errors import RapportError
from rapport.demo.plan import ADA, BEN
from rapport.network import selectors as network
from rapport.network.models import Connection
from rapport.network.services import connection_create

Progress = Callable[[str], None]

OPENERS = [
    "Hi {first}, it was good to see you at the {topic} meetup. Did you find the slides from "
    "the second talk? I can send my notes if that helps.",
    "{first}, thanks again for the advice on {topic} last month. We tried the approach you "
    "described and it worked better than I expected.",
    "Hey {first}, quick question: you mentioned a good book on {topic}. What was it called?",
    "Hi {first}! Congratulations on the new role. How are the first weeks going?",
    "{first}, are you going to the {topic} conference in spring? It would be nice to catch up "
    "over lunch there.",
    "Hi {first}, I am reviewing a proposal on {topic} and remembered your post about it. Would "
    "you mind if I quoted a line from it, with credit?",
]
REPLIES = [
    "Good to hear from you! Yes, please send the notes.",
    "Glad it helped. Tell me how it goes next quarter.",
    "It was 'Thinking in Systems'. Short and worth it.",
    "Thanks! Busy, but a good kind of busy.",
    "Yes, I will be there. Lunch on the first day?",
    "Of course, go ahead. Send me the link when it is out.",
    "Sounds good, talk soon.",
    "Thanks, that is kind of you.",
]
TOPICS = ["data", "design", "hiring", "product", "accessibility", "security", "research"]
REQUESTS = [
    "Hello {first}, {mutual} suggested I write to you: I am moving into {topic} and you were "
    "the person they said knows it best. Would you be open to a couple of questions by message?",
    "Hi {first}, we have not met, but I read your write-up on {topic} and have one question "
    "about how you measured the results. {mutual} and I worked together for years.",
]
PITCHES = [
    "Hi {first}, thanks for connecting! We help companies like yours cut cloud costs by 30 %. "
    "Do you have 15 minutes this week for a quick call? Book a slot on my calendly.",
    "Great to connect, {first}. I run a lead generation agency: we book 20 qualified meetings a "
    "month for teams your size. Can I send over our case studies and a special offer?",
]
AUTOMATED = [
    "Hi , thanks for connecting! Let me know if I can ever help with anything.",
    "Thanks for following! Let me know if I can help!",
]
BULK = (
    "Hi {first}, I'm hiring for an exciting opportunity at a fast-growing company. Your "
    "profile looks like a great fit. Are you open to new roles? Let's set up a quick call."
)


@dataclass
class ConversationSummary:
    conversations: int = 0
    messages: int = 0
    requests: int = 0
    filtered: int = 0
    new_connections: int = 0  # made here, beyond the plan: newcomers who write at once

    def line(self) -> str:
        return (
            f"{self.messages:,} messages in {self.conversations:,} conversations "
            f"({self.requests} requests, {self.filtered} filtered by the guard; "
            f"{self.new_connections} new connections who wrote first)"
        )


def _first(member: User) -> str:
    return member.display_name.split()[0]


def _connected(member_id: int) -> list[int]:
    rows = Connection.objects.filter(Q(member_low_id=member_id) | Q(member_high_id=member_id))
    return sorted(
        {c.member_high_id if c.member_low_id == member_id else c.member_low_id for c in rows}
    )


def conversations_load(*, seed: int, now: dt.datetime, progress: Progress) -> ConversationSummary:
    """Write the demo conversations; deterministic for a seed and a database."""
    rng = random.Random(seed)
    people = {u.pk: u for u in User.objects.filter(is_staff=False)}
    if len(people) < 10:
        return ConversationSummary()
    ada = User.objects.get(handle=ADA.handle)
    ben = User.objects.get(handle=BEN.handle)

    def send(
        sender: User, recipient: User, text: str, at: dt.datetime, *, send_anyway: bool = False
    ) -> Message:
        return services.message_send(
            sender=sender, recipient=recipient, text=text, now=at, send_anyway=send_anyway
        )

    def thread(a: User, b: User, start: dt.datetime, turns: int, *, read: bool) -> None:
        topic = rng.choice(TOPICS)
        at = start
        # Sent anyway if the guard objects: a demo load never stops on a verdict.
        send(a, b, rng.choice(OPENERS).format(first=_first(b), topic=topic), at, send_anyway=True)
        speakers = [b, a]
        for turn in range(turns - 1):
            at += dt.timedelta(hours=rng.randint(1, 40))
            sender = speakers[turn % 2]
            other = a if sender is b else b
            # Threads go quiet at least two hours ago; the unread messages come after.
            at = min(at, now - dt.timedelta(hours=2))
            send(sender, other, rng.choice(REPLIES), at, send_anyway=True)
        if read:
            conversation = Message.objects.filter(sender=a, recipient=b).latest("pk").conversation
            # Read when the thread went quiet, so anything later is still unread.
            seen = at
            services.conversation_mark_read(member=b, conversation_id=conversation.pk, now=seen)
            services.conversation_mark_read(member=a, conversation_id=conversation.pk, now=seen)

    # Threads with older connections (the guard does not look: they are not new).
    for index, login in enumerate((ada, ben)):
        friends = [i for i in _connected(login.pk) if i in people]
        rng.shuffle(friends)
        for n, friend_id in enumerate(friends[: 14 - 6 * index]):
            friend = people[friend_id]
            start = now - dt.timedelta(days=rng.randint(3, 60), hours=rng.randint(0, 23))
            starter, other = (friend, login) if n % 2 == 0 else (login, friend)
            thread(starter, other, start, rng.randint(2, 5), read=True)
            if n < 3:
                # The first few end with a fresh message from the friend, unread, so the
                # header shows a count.
                at = now - dt.timedelta(minutes=rng.randint(5, 110))
                send(friend, login, rng.choice(REPLIES), at, send_anyway=True)

    # Conversations elsewhere in the community.
    ids = sorted(people)
    for _ in range(min(120, len(ids))):
        a_id = rng.choice(ids)
        friends = _connected(a_id)
        if not friends:
            continue
        b_id = rng.choice(friends)
        if b_id not in people or {a_id, b_id} & {ada.pk, ben.pk}:
            continue
        if Message.objects.filter(
            Q(sender_id=a_id, recipient_id=b_id) | Q(sender_id=b_id, recipient_id=a_id)
        ).exists():
            continue
        start = now - dt.timedelta(days=rng.randint(15, 200))
        thread(people[a_id], people[b_id], start, rng.randint(1, 4), read=True)

    # Message requests to Ada and Ben from people their connections know.
    for login, count in ((ada, 3), (ben, 2)):
        mine = set(_connected(login.pk))
        candidates = []
        for friend_id in sorted(mine)[:40]:
            for far in _connected(friend_id):
                if far != login.pk and far not in mine and far in people:
                    candidates.append((far, friend_id))
        rng.shuffle(candidates)
        used: set[int] = set()
        for far, via in candidates:
            if len(used) == count:
                break
            if far in used:
                continue
            used.add(far)
            text = rng.choice(REQUESTS).format(
                first=_first(login), mutual=people[via].display_name, topic=rng.choice(TOPICS)
            )
            at = now - dt.timedelta(hours=rng.randint(2, 72))
            try:
                send(people[far], login, text, at, send_anyway=True)
            except RapportError:
                used.discard(far)  # e.g. a sender whose invitations are restricted
                continue

    # New connections who pitch, send a template, or mail-merge a recruiting message.
    strangers = [
        i for i in ids if i not in {ada.pk, ben.pk} and not set(_connected(i)) & {ada.pk, ben.pk}
    ]
    rng.shuffle(strangers)
    newcomers = [people[i] for i in strangers[:12]]
    made = 0
    for n, (login, newcomer) in enumerate(zip([ada, ada, ada, ben, ben], newcomers, strict=False)):
        connection_create(member=login, other=newcomer, source="operator", notify=False)
        made += 1
        at = now - dt.timedelta(hours=rng.randint(1, 48))
        text = (PITCHES + AUTOMATED + PITCHES)[n].format(first=_first(login))
        send(newcomer, login, text, at, send_anyway=True)
    recruiter = newcomers[5] if len(newcomers) > 5 else None
    if recruiter is not None:
        targets = [people[i] for i in strangers[6:12] if i != recruiter.pk] + [ada]
        for n, target in enumerate(targets):
            if not network.are_connected(recruiter.pk, target.pk):
                connection_create(member=target, other=recruiter, source="operator", notify=False)
                made += 1
            at = now - dt.timedelta(hours=30 - n * 3)
            send(recruiter, target, BULK.format(first=_first(target)), at, send_anyway=True)

    # Some members keep messages to connections only; one keeps the guard off.
    quiet = ids[: len(ids) // 10]
    MessagingPreferences.objects.bulk_create(
        [
            MessagingPreferences(member_id=i, who_may_message=WhoMayMessage.CONNECTIONS)
            for i in quiet
            if i not in {ada.pk, ben.pk}
        ]
    )

    summary = _summary()
    summary.new_connections = made
    progress(f"  messages     {summary.messages:>8,}  {summary.line()}")
    return summary


def _summary() -> ConversationSummary:
    from rapport.conversations.models import Conversation, State

    return ConversationSummary(
        conversations=Conversation.objects.count(),
        messages=Message.objects.count(),
        requests=Conversation.objects.filter(state=State.REQUEST).count(),
        filtered=Message.objects.filter(held=True, released_at__isnull=True).count(),
    )
