"""The influence benchmark's synthetic community: MEMBERS members and 90 days of activity,
bulk-loaded with rows shaped as the services write them (`bench.influence` times them).

Skewed as communities are: most members only read; POSTERS of them publish (PROLIFIC of
those 25–80 posts, the rest a few), ENGAGERS respond with Pareto weights; reactions come
from the author's connections and from the wider community; comments (a quarter of them
answered, often by the author), shares, reposts and member views follow each post's
popularity. Conversations (most between connections; requests to strangers, some
declined), invitations answered in every way (a few spammers mostly declined or
reported), accepted and declined introductions, complaints and restrictions, and two
engagement pods of twelve who answer every post of each other's and nothing else.
"""

from __future__ import annotations

import datetime as dt
import os
from random import Random
from typing import Any

MEMBERS = int(os.environ.get("BENCH_INFLUENCE_MEMBERS", "100000"))
POSTERS, PROLIFIC, ENGAGERS = 0.03, 0.05, 0.15
CONVERSATIONS = MEMBERS * 2 // 5
INVITATIONS = MEMBERS * 6 // 5
INTRODUCTIONS = MEMBERS // 50
PODS, POD_SIZE = 2, 12
BATCH = 5000
CHUNK = 1000  # posts whose responses are built and written together
WINDOW = 88  # days: inside the 90 the score looks at
INVITED = {"accepted": 55, "ignored": 12, "declined": 6, "expired": 15, "withdrawn": 4}
INVITED |= {"pending": 8}
SPAMMED = {"accepted": 15, "ignored": 20, "declined": 35, "reported": 15, "expired": 15}
REACTIONS = ("like", "like", "like", "celebrate", "insightful")


class Sink:
    """Rows of one model, written `BATCH` at a time so a million never sit in memory."""

    def __init__(self, model: Any) -> None:
        self.model, self.written = model, 0
        self.rows: list[Any] = []

    def add(self, row: Any, **fields: Any) -> None:
        """Append `row` with `fields` set on it (keeps long constructors short)."""
        for name, value in fields.items():
            setattr(row, name, value)
        self.rows.append(row)
        if len(self.rows) >= BATCH * 4:
            self.flush()

    def flush(self) -> list[Any]:
        rows, self.rows = self.rows, []
        self.model.objects.bulk_create(rows, batch_size=BATCH)
        self.written += len(rows)
        return rows


def _connections(rng: Random, n: int) -> list[list[int]]:
    """Member index → connected indexes: neighbours (clusters), a few hubs, the rest at
    random; about six made by each member (twelve each on average)."""
    friends: list[set[int]] = [set() for _ in range(n)]
    hubs = max(10, n // 100)
    for i in range(n):
        for _ in range(min(int(rng.expovariate(1 / 6)), 300)):
            draw = rng.random()
            if draw < 0.4:
                j = min(n - 1, max(0, i + rng.randint(-300, 300)))
            else:
                j = int(hubs * rng.random() ** 2) if draw < 0.7 else rng.randrange(n)
            if j != i:
                friends[i].add(j)
                friends[j].add(i)
    return [sorted(f) for f in friends]


def load(rng: Random, now: dt.datetime) -> dict[str, int]:
    """Flush the database and write the community; returns what was written."""
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    world = World(rng, now)
    counts = {"members": MEMBERS, "connections": world.links, "posters": len(world.posters)}
    counts |= world.posts() | world.conversations() | world.invitations()
    counts |= world.introductions() | world.reports()
    with connection.cursor() as cursor:  # autovacuum's steady state
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return counts


class World:
    """Members by index 0..MEMBERS-1 (`pk` maps them to ids), who knows whom, and who
    responds how much."""

    def __init__(self, rng: Random, now: dt.datetime) -> None:
        from rapport.accounts.models import User
        from rapport.network.models import Connection

        self.rng, self.now = rng, now
        users = User.objects.bulk_create(
            [
                User(email=f"m{i}@bench.example", handle=f"m{i}", display_name=f"Member {i}")
                for i in range(MEMBERS)
            ],
            batch_size=BATCH,
        )
        self.pk = pk = [u.pk for u in users]
        self.friends = _connections(rng, MEMBERS)
        links = Sink(Connection)
        for i, people in enumerate(self.friends):
            for j in (j for j in people if i < j):
                at = now - dt.timedelta(days=rng.uniform(0, 900))
                row = Connection(member_low_id=pk[i], member_high_id=pk[j], created_at=at)
                links.add(row, source="invitation")
        links.flush()
        self.links = links.written
        order = list(range(MEMBERS))
        rng.shuffle(order)
        self.posters = order[: int(MEMBERS * POSTERS)]
        engagers = order[len(self.posters) : len(self.posters) + int(MEMBERS * ENGAGERS)]
        self.pods = [self.posters[-POD_SIZE * (p + 1) :][:POD_SIZE] for p in range(PODS)]
        self.in_pod = {i: p for p, pod in enumerate(self.pods) for i in pod}
        # Who responds, and how much: engagers and posters, Pareto-weighted; the pods
        # answer only each other.
        self.pool = [i for i in engagers + self.posters if i not in self.in_pod]
        self.cum: list[float] = []
        total = 0.0
        for _ in self.pool:
            total += rng.paretovariate(1.2)
            self.cum.append(total)

    def anyone(self, active: float) -> int:
        """A member: from the responders by weight with probability `active`, else any."""
        if self.rng.random() < active:
            return self.rng.choices(self.pool, cum_weights=self.cum)[0]
        return self.rng.randrange(MEMBERS)

    def others(self, a: int, k: int, local: float) -> list[int]:
        """About k responders to `a`: `local` of them among a's connections, the rest
        from the responders by weight; distinct, never `a` or a pod member."""
        near, rng = self.friends[a], self.rng
        got = [rng.choice(near) for _ in range(k) if near and rng.random() < local]
        got += rng.choices(self.pool, cum_weights=self.cum, k=k - len(got))
        return [i for i in dict.fromkeys(got) if i != a and i not in self.in_pod]

    def after(self, at: dt.datetime, hours: float) -> dt.datetime:
        return min(self.now, at + dt.timedelta(hours=self.rng.expovariate(1 / hours)))

    def posts(self) -> dict[str, int]:
        from rapport.posts.models import Post

        rng, now, pk = self.rng, self.now, self.pk
        prolific = set(self.posters[: int(len(self.posters) * PROLIFIC)])
        plan: list[tuple[int, dt.datetime, float]] = []  # author, published, popularity
        old = []
        for a in self.posters:
            many = a in prolific
            n = rng.randint(25, 80) if many else min(30, 1 + int(rng.expovariate(1 / 4)))
            for _ in range(n):
                at = now - dt.timedelta(days=rng.uniform(0, WINDOW))
                plan.append((a, at, rng.lognormvariate(2.0, 1.1) * (3 if many else 1)))
            if rng.random() < 0.3:  # older posts, past the window
                at = now - dt.timedelta(days=rng.uniform(100, 400))
                old.append(Post(author_id=pk[a], state="published", published_at=at, body="Old."))
                old[-1].created_at = at
            if rng.random() < 0.1:
                old.append(Post(author_id=pk[a], state="draft", body="Draft."))
        Post.objects.bulk_create(old, batch_size=BATCH)
        rng.shuffle(plan)
        written = {"posts": 0, "comments": 0, "reposts": 0, "reactions": 0, "shares": 0}
        written |= {"viewers": 0, "old_posts": len(old), "pod_members": PODS * POD_SIZE}
        for start in range(0, len(plan), CHUNK):
            for key, n in self._responses(plan[start : start + CHUNK]).items():
                written[key] += n
        return written

    def _responses(self, plan: list[tuple[int, dt.datetime, float]]) -> dict[str, int]:
        """Posts, and everything people did with them, for a chunk of the plan."""
        from rapport.posts.models import Comment, Post, PostShare, PostViewer, Reaction

        rng, now, pk = self.rng, self.now, self.pk
        posts = []
        for a, at, _ in plan:
            kind = "article" if rng.random() < 0.05 else "post"
            title = f"Notes on week {at.isocalendar()[1]}" if kind == "article" else ""
            body = f"What I learned this week, from member {a}."
            post = Post(author_id=pk[a], kind=kind, state="published", title=title, body=body)
            post.body_html, post.created_at, post.published_at = f"<p>{body}</p>", at, at
            post.deleted_at = at + dt.timedelta(days=1) if rng.random() < 0.01 else None
            posts.append(post)
        Post.objects.bulk_create(posts, batch_size=BATCH)
        reactions, shares, viewers = Sink(Reaction), Sink(PostShare), Sink(PostViewer)
        tops: list[tuple[int, Any]] = []  # (post author, comment)
        reposts = []
        for (a, at, size), post in zip(plan, posts, strict=True):
            pod = [i for i in self.pods[self.in_pod[a]] if i != a] if a in self.in_pod else []
            reactors = self.others(a, min(1500, int(size)), 0.6) + pod
            for i in reactors:
                kind = rng.choice(REACTIONS)
                row = Reaction(post=post, member_id=pk[i], kind=kind)
                reactions.add(row, created_at=self.after(at, 20))
            commenters = [i for i in reactors if rng.random() < 0.2] + pod
            commenters += self.others(a, int(len(reactors) * 0.05), 0.5)
            for i in commenters:
                c = Comment(
                    post=post, author_id=pk[i], body="Good point.", body_html="<p>Good.</p>"
                )
                c.created_at = self.after(at, 20)
                tops.append((a, c))
            sharers = [i for i in reactors if rng.random() < 0.04]
            for i in sharers:
                via = rng.choice(("message", "link"))
                share = PostShare(post=post, member_id=pk[i], via=via)
                shares.add(share, created_at=self.after(at, 20))
            for i in (i for i in reactors if rng.random() < 0.025):
                on, words = self.after(at, 20), "" if rng.random() < 0.5 else "Worth reading."
                reposts.append(Post(author_id=pk[i], state="published", body=words))
                reposts[-1].body_html, reposts[-1].repost_of = words, post
                reposts[-1].created_at = reposts[-1].published_at = on
            seen = set(reactors) | set(commenters) | set(sharers)
            seen |= set(self.others(a, int(size * 3), 0.5))
            if rng.random() < 0.3:
                seen.add(a)  # the author's own view: not counted
            for i in seen:
                day = min(now.date(), at.date() + dt.timedelta(days=int(rng.expovariate(0.5))))
                view = PostViewer(post=post, viewer_key=f"m{pk[i]}", first_seen_on=day)
                viewers.add(view, source="feed")
            for _ in range(int(size * rng.random() * 0.5)):  # signed-out readers
                key = f"b{rng.getrandbits(64):016x}"
                viewers.add(PostViewer(post=post, viewer_key=key, first_seen_on=at.date()))
        Comment.objects.bulk_create([c for _, c in tops], batch_size=BATCH)
        replies = []
        for a, c in tops:
            if rng.random() < 0.25:  # answered: by the author half the time, else anyone
                who = a if rng.random() < 0.5 else rng.choice(self.others(a, 3, 0.5) or [a])
                if pk[who] != c.author_id:
                    reply = Comment(post=c.post, author_id=pk[who], parent=c, body="Thanks!")
                    reply.body_html, reply.created_at = (
                        "<p>Thanks!</p>",
                        self.after(c.created_at, 6),
                    )
                    replies.append(reply)
        Comment.objects.bulk_create(replies, batch_size=BATCH)
        Post.objects.bulk_create(reposts, batch_size=BATCH)
        for sink in (reactions, shares, viewers):
            sink.flush()
        return {
            "posts": len(posts),
            "comments": len(tops) + len(replies),
            "reposts": len(reposts),
            "reactions": reactions.written,
            "shares": shares.written,
            "viewers": viewers.written,
        }

    def conversations(self) -> dict[str, int]:
        from rapport.conversations.models import Conversation, Message, Participant

        rng, now, pk = self.rng, self.now, self.pk
        pairs: dict[tuple[int, int], tuple[int, int, str]] = {}
        while len(pairs) < CONVERSATIONS:
            a = self.anyone(0.7)
            connected = bool(self.friends[a]) and rng.random() < 0.85
            b = rng.choice(self.friends[a]) if connected else rng.randrange(MEMBERS)
            draw = rng.random()
            state = "open" if connected or draw < 0.5 else "request" if draw < 0.85 else "declined"
            if a != b:
                pairs.setdefault((min(a, b), max(a, b)), (a, b, state))
        conversations = []
        for (low, high), (a, _, state) in pairs.items():
            at = now - dt.timedelta(days=rng.uniform(0, 150))
            c = Conversation(pair_key=f"{pk[low]}:{pk[high]}", state=state, started_by_id=pk[a])
            c.created_at = c.last_message_at = at
            c.decided_at = at + dt.timedelta(hours=5) if state == "declined" else None
            conversations.append(c)
        Conversation.objects.bulk_create(conversations, batch_size=BATCH)
        people, messages = Sink(Participant), Sink(Message)
        for c, (a, b, state) in zip(conversations, pairs.values(), strict=True):
            people.add(Participant(conversation=c, member_id=pk[a], joined_at=c.created_at))
            people.add(Participant(conversation=c, member_id=pk[b], joined_at=c.created_at))
            answered = state == "open" and rng.random() < 0.6
            for n in range(1 + int(rng.expovariate(1 / 3))):
                by, to = (b, a) if answered and n % 2 else (a, b)
                text = "Hello, about your post."
                row = Message(conversation=c, sender_id=pk[by], recipient_id=pk[to], text=text)
                messages.add(row, checked=True, created_at=self.after(c.created_at, 10 * n + 0.01))
        people.flush()
        messages.flush()
        return {"conversations": len(conversations), "messages": messages.written}

    def invitations(self) -> dict[str, int]:
        from rapport.invitations.models import Invitation

        rng, now, pk = self.rng, self.now, self.pk
        spammers = [rng.randrange(MEMBERS) for _ in range(MEMBERS // 500)]
        sink, pairs = Sink(Invitation), set[tuple[int, int]]()
        while len(pairs) < INVITATIONS:
            spam = rng.random() < 0.08
            a = rng.choice(spammers) if spam else self.anyone(0.75)
            b = rng.randrange(MEMBERS)
            if a == b or (min(a, b), max(a, b)) in pairs:
                continue
            pairs.add((min(a, b), max(a, b)))
            states = SPAMMED if spam else INVITED
            state = rng.choices(list(states), list(states.values()))[0]
            at = now - dt.timedelta(days=rng.uniform(0, 12 if state == "pending" else 150))
            days = 14 if state == "expired" else rng.uniform(0, 6)
            invitation = Invitation(sender_id=pk[a], recipient_id=pk[b], how_we_know="colleague")
            invitation.note = "" if spam else "We met at the meetup in March."
            invitation.note_is_default, invitation.state, invitation.created_at = spam, state, at
            if state != "pending":
                invitation.decided_at = min(now, at + dt.timedelta(days=days))
            sink.add(invitation)
        sink.flush()
        return {"invitations": sink.written}

    def introductions(self) -> dict[str, int]:
        from rapport.trust.models import Introduction, IntroductionStep

        rng, now, pk, friends = self.rng, self.now, self.pk, self.friends
        made: list[tuple[Any, list[int]]] = []
        while len(made) < INTRODUCTIONS:
            a = rng.randrange(MEMBERS)
            via = rng.choice(friends[a]) if friends[a] else a
            target = rng.choice(friends[via]) if friends[via] else a
            if target in (a, via) or target in friends[a]:
                continue
            state = rng.choices(["accepted", "declined", "stopped"], [60, 20, 20])[0]
            at = now - dt.timedelta(days=rng.uniform(3, 120))
            path = [pk[a], pk[via], pk[target]]
            intro = Introduction(requester_id=path[0], target_id=path[2], path=path, state=state)
            intro.reason, intro.offer = "To ask about the role.", "Our write-up on it."
            intro.created_at, intro.decided_at = at, at + dt.timedelta(days=2)
            made.append((intro, path))
        Introduction.objects.bulk_create([i for i, _ in made], batch_size=BATCH)
        steps = []
        for intro, path in made:
            for position, member in enumerate(path[1:], start=1):
                role = "target" if position == 2 else "introducer"
                ok = intro.state == "accepted" or position == 1
                steps.append(IntroductionStep(introduction=intro, position=position, role=role))
                steps[-1].member_id, steps[-1].state = member, "accepted" if ok else "declined"
        IntroductionStep.objects.bulk_create(steps, batch_size=BATCH)
        return {"introductions": len(made)}

    def reports(self) -> dict[str, int]:
        from rapport.limits.models import Complaint, Standing

        rng, now, pk = self.rng, self.now, self.pk
        reported = rng.sample(range(MEMBERS), MEMBERS // 1000)
        complaints = []
        for n, m in enumerate(reported):
            for reporter in rng.sample(range(MEMBERS), rng.randint(1, 4)):
                if reporter != m:
                    at = now - dt.timedelta(days=rng.uniform(0, 100))
                    complaints.append(Complaint(member_id=pk[m], reporter_id=pk[reporter]))
                    complaints[-1].source, complaints[-1].reference = "message", n
                    complaints[-1].created_at = at
        Complaint.objects.bulk_create(complaints, batch_size=BATCH)
        until = now + dt.timedelta(days=5)
        restricted = [
            Standing(member_id=pk[m], restricted_at=now, restricted_until=until)
            for m in reported[: len(reported) // 2]
        ]
        Standing.objects.bulk_create(restricted, batch_size=BATCH)
        return {"complaints": len(complaints), "restricted": len(restricted)}
