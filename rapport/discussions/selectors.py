"""Reading a group's statistics as the job stored them (one query, whatever the group)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from rapport.discussions.models import GroupStats
from rapport.groups.models import Group, Membership

SUMMARY_KEYS = ("computed_at", "members", "breakdown", "top_contributors")


@dataclass
class StatsView:
    computed_at: dt.datetime
    took: float
    figures: dict[str, Any]
    full: bool

    @property
    def charts(self) -> dict[str, Any]:
        """What the page's charts draw (its tables show the same figures)."""
        return {
            "weeks": self.figures.get("weeks", []),
            "breakdown": self.figures["breakdown"],
            "full": self.full,
        }

    @property
    def breakdown_rows(self) -> list[tuple[str, dict[str, Any]]]:
        return sorted(self.figures["breakdown"].items(), key=lambda kv: int(kv[0]))


def stats_for(group: Group, *, full: bool) -> StatsView | None:
    """The stored statistics: all of them for managers; for members the summary (members
    over time, the 100-10-1 breakdown, top contributors, how questions fare) without the
    list of unanswered questions or the job's figures."""
    row = GroupStats.objects.filter(group=group).first()
    if row is None:
        return None
    figures = dict(row.figures)
    # Who opted out since the job ran is left out at once.
    shown = {t["handle"] for t in figures.get("top_contributors", [])}
    hidden = (
        set(
            Membership.objects.filter(
                group=group, member__handle__in=shown, show_in_top=False
            ).values_list("member__handle", flat=True)
        )
        if shown
        else set()
    )
    figures["top_contributors"] = [
        t for t in figures.get("top_contributors", []) if t["handle"] not in hidden
    ]
    if not full:
        figures["weeks"] = [
            {"week": w["week"], "members": w["members"]} for w in figures.get("weeks", [])
        ]
        questions = dict(figures.get("questions", {}))
        questions.pop("unanswered_latest", None)
        figures["questions"] = questions
    return StatsView(computed_at=row.computed_at, took=row.took, figures=figures, full=full)
