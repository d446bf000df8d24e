"""Plan a whole demo community in memory: the same seed and size give the same community.

Each stage draws from its own `random.Random`, seeded from the community seed
and the stage's name, so a change to how headlines are written does not
reshuffle who is connected to whom. Dates are counted back from this month:
the plan for a seed is the same within a month, and every month the community
still looks current (the same tenures, ending now).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from random import Random

from rapport.demo.careers import CompanyPicker, SchoolPicker, career_plan
from rapport.demo.graph import connections_plan, degree_targets, median, shares_context
from rapport.demo.people import people_plan
from rapport.demo.plan import DEFAULT_SEED, Community, month_index
from rapport.demo.profiles import profile_plan
from rapport.demo.world import world_plan

# Below this there are too few people for colleagues, classmates and neighbours.
MIN_MEMBERS = 10
MAX_MEMBERS = 100_000
# Where the demo log-ins sit in the ranking of connectedness (see graph.degree_targets).
ADA_RANK = 0.02
BEN_RANK = 0.15


def community_plan(*, size: int, seed: int = DEFAULT_SEED, today: dt.date) -> Community:
    """Everything the loader will write, decided up front."""
    if not MIN_MEMBERS <= size <= MAX_MEMBERS:
        raise ValueError(f"a demo community has {MIN_MEMBERS} to {MAX_MEMBERS:,} members")

    def stage(name: str) -> Random:
        # str seeds are hashed with SHA-512, so this is stable across runs and machines.
        return Random(f"rapport-demo:{seed}:{name}")

    this_month = month_index(today)
    world = world_plan(size=size, rng=stage("world"))
    targets, connectors = degree_targets(size, stage("degrees"), {0: ADA_RANK, 1: BEN_RANK})
    members = people_plan(
        size=size, world=world, targets=targets, connectors=connectors, rng=stage("people")
    )
    companies, schools = CompanyPicker(world.companies), SchoolPicker(world)
    careers = stage("careers")
    for member in members:
        career_plan(
            member,
            world=world,
            companies=companies,
            schools=schools,
            this_month=this_month,
            rng=careers,
        )
    by_slug = {c.slug: c for c in world.companies}
    profiles = stage("profiles")
    for member in members:
        profile_plan(member, companies=by_slug, rng=profiles)
    return Community(
        seed=seed,
        today=today,
        members=members,
        companies=world.companies,
        schools=world.schools,
        connections=connections_plan(
            members, this_month=this_month, rng=stage("network"), known=((0, 1),)
        ),
    )


@dataclass(frozen=True)
class CommunityStats:
    """The numbers the command prints after a load, and the tests check."""

    members: int
    connections: int
    max_degree: int
    median_degree: float
    companies: int
    positions: int
    current_positions: int
    schools: int
    skills: int
    clustered_share: float
    top_connectors: tuple[tuple[str, int], ...]


def community_stats(community: Community) -> CommunityStats:
    degrees = community.degrees()
    members = community.members
    clustered = sum(shares_context(members[c.low], members[c.high]) for c in community.connections)
    ranked = sorted(range(len(members)), key=lambda i: (-degrees[i], i))[:3]
    positions = [p for m in members for p in m.positions]
    return CommunityStats(
        members=len(members),
        connections=len(community.connections),
        max_degree=max(degrees, default=0),
        median_degree=median(degrees),
        companies=len({p.company for p in positions}),
        positions=len(positions),
        current_positions=sum(p.is_current for p in positions),
        schools=len({e.school for m in members for e in m.education}),
        skills=len(community.skills),
        clustered_share=clustered / max(1, len(community.connections)),
        top_connectors=tuple((members[i].handle, degrees[i]) for i in ranked),
    )
