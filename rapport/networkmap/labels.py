"""Automatic cluster labels: what a cluster's members share most, said with a count
("Harborline Software · 23 of 31"). InMaps asked members to label by hand; Rapport
suggests the label and lets the member rename it (decision 0015)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from rapport.companies.models import Position
from rapport.members.models import Education, Profile

# On a tie, an employer says more about why people know each other than a school, a
# school more than a city, a city more than an industry (that of any of their
# employers: InMaps' "office equipment" cluster), an industry more than a skill.
KINDS = ("employer", "school", "city", "industry", "skill")
SPECIFIC = ("employer", "school")
# A label must hold for at least this share of the cluster (and two people), or the
# cluster is called by its size alone.
MIN_SHARE = 0.25

Fact = tuple[str, str]


def member_facts(ids: Iterable[int]) -> dict[int, set[Fact]]:
    """Employers (any position) and their industries, schools, city and skills of each
    member: four queries."""
    wanted = sorted(set(ids))
    facts: dict[int, set[Fact]] = {m: set() for m in wanted}
    if not wanted:
        return facts
    for member, name, industry in Position.objects.filter(member_id__in=wanted).values_list(
        "member_id", "company__name", "company__industry"
    ):
        facts[member].add(("employer", name))
        if industry:
            facts[member].add(("industry", industry))
    for member, name in Education.objects.filter(member_id__in=wanted).values_list(
        "member_id", "school__name"
    ):
        facts[member].add(("school", name))
    for member, location in Profile.objects.filter(member_id__in=wanted).values_list(
        "member_id", "location"
    ):
        city = location.split(",")[0].strip()
        if city:
            facts[member].add(("city", city))
    for member, name in Profile.skills.through.objects.filter(
        profile__member_id__in=wanted
    ).values_list("profile__member_id", "skill__name"):
        facts[member].add(("skill", name))
    return facts


def auto_labels(
    clusters: Mapping[int, set[int]], facts: Mapping[int, set[Fact]]
) -> dict[int, dict[str, object]]:
    """For each cluster key, the fact most of its members share: {"label", "kind",
    "count"}; "kind" is "" when nothing is shared widely enough. Larger clusters choose
    first and a label already taken goes to the next best fact, so two clusters are not
    both "London" when one of them is better told apart by its employer."""
    out: dict[int, dict[str, object]] = {}
    used: set[Fact] = set()
    for key in sorted(clusters, key=lambda k: (k == 0, -len(clusters[k]), k)):
        members = clusters[key]
        counts = Counter(f for m in members for f in facts.get(m, ()))
        # Where people worked or studied together names a circle better than what many
        # share (a city, an industry): such a fact goes first once half the cluster has it.
        half = len(members) / 2
        ranked = sorted(
            counts.items(),
            key=lambda fc: (
                not (fc[0][0] in SPECIFIC and fc[1] >= half),
                -fc[1],
                KINDS.index(fc[0][0]),
                fc[0][1],
            ),
        )
        enough = max(2, MIN_SHARE * len(members))
        best = next(((f, c) for f, c in ranked if c >= enough and f not in used), None)
        if key == 0 or best is None:
            out[key] = {"label": "", "kind": "", "count": 0}
            continue
        (kind, value), count = best
        used.add((kind, value))
        out[key] = {"label": value, "kind": kind, "count": count}
    return out
