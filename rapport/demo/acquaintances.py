"""What two planned members have in common, read from the plan instead of the database.

The invitation plan needs, for thousands of pairs, the same facts the site shows on
an invitation card (rapport.invitations.selectors.context): mutual connections,
shared employers and schools. Asking the database would take minutes; the plan
already holds the answers. `note_context` mirrors `selectors.context.note_context`
so the coach's verdict stored with each demo invitation is the one the site computes.
"""

from __future__ import annotations

from collections import defaultdict

from rapport.accounts.models import ConnectionsVisibility
from rapport.demo.plan import Community
from rapport.invitations.coach import NoteContext

DAY = 86_400
# As in selectors.context.note_context: how many mutual connections the coach is told of.
MUTUAL_LIMIT = 50
SHARED_LIMIT = 5


class Acquaintances:
    """Connections, employers and schools of every planned member, indexed for pair questions."""

    def __init__(self, community: Community) -> None:
        members = community.members
        self.members = members
        self.size = len(members)
        neighbours: list[set[int]] = [set() for _ in members]
        # When each pair connected, in days before the load.
        self.connected_days: dict[tuple[int, int], int] = {}
        for c in community.connections:
            neighbours[c.low].add(c.high)
            neighbours[c.high].add(c.low)
            self.connected_days[(c.low, c.high)] = c.days_ago
        self.neighbours = neighbours
        # Sorted lists for drawing at random: sets have no order a seed can rely on.
        self.neighbour_list = [sorted(n) for n in neighbours]
        company_names = {c.slug: c.name for c in community.companies}
        school_names = {s.slug: s.name for s in community.schools}
        self.employers = [sorted({company_names[p.company] for p in m.positions}) for m in members]
        self.schools = [sorted({school_names[e.school] for e in m.education}) for m in members]
        by_employer: dict[str, list[int]] = defaultdict(list)
        by_school: dict[str, list[int]] = defaultdict(list)
        by_city: dict[str, list[int]] = defaultdict(list)
        for m in members:
            for name in self.employers[m.index]:
                by_employer[name].append(m.index)
            for name in self.schools[m.index]:
                by_school[name].append(m.index)
            by_city[m.city].append(m.index)
        self.by_employer = dict(by_employer)
        self.by_school = dict(by_school)
        self.by_city = dict(by_city)
        # Members who show their connections to nobody are never named as mutual.
        self.nameable = [m.connections_visibility != ConnectionsVisibility.ONLY_ME for m in members]

    def connected(self, a: int, b: int) -> bool:
        return b in self.neighbours[a]

    def connected_for(self, a: int, b: int) -> int | None:
        """Seconds since a and b connected, or None if they are not connected."""
        days = self.connected_days.get((a, b) if a < b else (b, a))
        return None if days is None else days * DAY

    def mutuals(self, a: int, b: int) -> list[int]:
        """Mutual connections the site would name, by name (as `mutual_connections` orders)."""
        small, large = sorted((self.neighbours[a], self.neighbours[b]), key=len)
        common = [i for i in small if i in large and self.nameable[i]]
        return sorted(common, key=lambda i: (self.members[i].display_name, i))

    def mutuals_before(self, a: int, b: int, seconds_ago: int) -> list[int]:
        """Mutual connections already connected to both `seconds_ago` seconds before the load."""
        found = []
        for m in self.mutuals(a, b):
            to_a, to_b = self.connected_for(m, a), self.connected_for(m, b)
            if to_a is not None and to_b is not None and min(to_a, to_b) > seconds_ago:
                found.append(m)
        return found

    def shared_employers(self, a: int, b: int) -> list[str]:
        theirs = set(self.employers[b])
        return [name for name in self.employers[a] if name in theirs]

    def shared_schools(self, a: int, b: int) -> list[str]:
        theirs = set(self.schools[b])
        return [name for name in self.schools[a] if name in theirs]

    def first_name(self, i: int) -> str:
        return self.members[i].display_name.split()[0]

    def note_context(self, sender: int, recipient: int) -> NoteContext:
        """What the coach is told about a pair: `selectors.context.note_context`, from the plan."""
        return NoteContext(
            recipient_name=self.members[recipient].display_name,
            sender_name=self.members[sender].display_name,
            mutual_names=tuple(
                self.members[i].display_name for i in self.mutuals(sender, recipient)[:MUTUAL_LIMIT]
            ),
            shared_employers=tuple(self.shared_employers(sender, recipient)[:SHARED_LIMIT]),
            shared_schools=tuple(self.shared_schools(sender, recipient)[:SHARED_LIMIT]),
        )
