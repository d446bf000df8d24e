"""The small-group rule for who viewed a post: no breakdown row may point at a few people.

A breakdown (viewers by company, title, place or where they came from) names a value
only when at least `k` distinct viewers share it (the limit `posts.stats_min_group`).
Smaller groups are never named; they fold into "Other". Blank values are a group of
their own — "Not given" for members who left the field empty, "Signed-out readers" for
browsers — shown under the same rule.

"Other" needs a rule of its own, because the total of unique viewers is shown: if the
named rows left a remainder of one or two viewers, "Other: 1" would single out a person
by difference (total − named rows) even though no small group is named. So the
remainder is either nothing or at least `k`: when the small groups together number fewer
than `k`, the smallest named row folds into "Other" too. Then "Other" is at least
`k + 1` viewers and always more than one group, so neither it nor the difference picks
out anyone (decision 0019). This is pure arithmetic, tested on its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

VALUE = "value"
NOT_GIVEN = "not_given"
SIGNED_OUT = "signed_out"
OTHER = "other"
KINDS = (VALUE, NOT_GIVEN, SIGNED_OUT, OTHER)
LABELS = {NOT_GIVEN: "Not given", SIGNED_OUT: "Signed-out readers", OTHER: "Other"}
# Rows named per breakdown; larger groups beyond these fold into "Other" as well.
TOP = 10


@dataclass(frozen=True)
class Group:
    """One row of a breakdown: a value and how many distinct viewers share it."""

    label: str
    count: int
    kind: str = VALUE
    # Percent of the post's unique viewers, one decimal.
    share: float = 0.0


def share_of(count: int, total: int) -> float:
    return round(100 * count / total, 1) if total else 0.0


def anonymous_groups(large: Iterable[Group], *, total: int, k: int, top: int = TOP) -> list[Group]:
    """The rows a breakdown may show, given the groups of at least `k` viewers and the total.

    `large` holds only groups of `k` or more (the database drops the rest, so small
    groups never leave it); `total` is the number of unique viewers the breakdown
    divides. Every row returned has at least `k` viewers, "Other" included, and the rows
    add up to `total`. With fewer than `k` viewers in all there is no breakdown at all.
    """
    if total < k:
        return []
    # Largest first; a named value before a blank group of the same size; then by label,
    # so the order (and which row folds) never depends on the database's order.
    ranked = sorted(
        (g for g in large if g.count >= k), key=lambda g: (-g.count, g.kind != VALUE, g.label)
    )
    shown = ranked[:top]
    rest = total - sum(g.count for g in shown)
    if 0 < rest < k:
        # The difference attack: fold the smallest named row in, so "Other" is at least
        # k + 1 viewers from at least two groups. `shown` is not empty here: with nothing
        # named the remainder is the total, which is at least k.
        rest += shown.pop().count
    rows = [Group(g.label, g.count, g.kind, share_of(g.count, total)) for g in shown]
    if rest:
        rows.append(Group(LABELS[OTHER], rest, OTHER, share_of(rest, total)))
    return rows
