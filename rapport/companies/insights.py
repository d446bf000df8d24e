"""Workforce insights: what a company's work histories say, computed from positions.

Pure arithmetic over rows, so every definition can be tested on hand-made histories.
The figures stored here are raw; `selectors.insights_for` applies the small-group
threshold when they are read, so changing the threshold needs no recompute.

Definitions (shown beside each figure on the company page, `DEFINITIONS`):
- A *stint* is one unbroken time at the company: a member's positions there merged
  when the next starts no later than the month after the previous one ends (a
  promotion is not a leaving). Leaving and coming back later makes two stints.
- Months count both ends, as work histories read: Mar 2019 – Jan 2021 is 23 months.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

MONTHS_SHOWN = 24
TENURE_BANDS: list[tuple[str, int]] = [
    ("Under 1 year", 12),
    ("1–2 years", 24),
    ("2–5 years", 60),
    ("5–10 years", 120),
    ("10 years or more", 10**6),
]

DEFINITIONS = {
    "headcount": "Members whose work history shows them at the company in that month.",
    "median_tenure_current": "Median months at the company so far, over current employees"
    " (a return counts as a new stint).",
    "median_tenure_former": "Median months at the company over stints that have ended.",
    "tenure_distribution": "Every stint, current and ended, by its length.",
    "joiners": "Stints that began in the month (a member who returns joins again).",
    "leavers": "Stints that ended in the month (the last month worked).",
    "went_to": "Where leavers went: the next company they started at, no earlier than"
    " the month before they left.",
    "came_from": "Where joiners came from: the last company they left, no later than"
    " the month after they joined.",
    "threshold": "A figure or a list entry for fewer than {min} members is not shown, so"
    " nobody's move can be read from the page.",
}


def month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def month_label(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@dataclass(frozen=True)
class Row:
    """One position, reduced to what insights need (months as `month_index`)."""

    member_id: int
    company_id: int
    start: int
    end: int | None  # None: current


@dataclass(frozen=True)
class Stint:
    member_id: int
    start: int
    end: int | None  # None: current

    def months(self, now: int) -> int:
        return (now if self.end is None else self.end) - self.start + 1


def stints(rows: Iterable[Row]) -> list[Stint]:
    """One company's positions merged into stints, per member, in start order."""
    by_member: dict[int, list[Row]] = {}
    for row in rows:
        by_member.setdefault(row.member_id, []).append(row)
    found: list[Stint] = []
    for member_id, own in by_member.items():
        own.sort(key=lambda r: r.start)
        start, end = own[0].start, own[0].end
        for row in own[1:]:
            if end is None or row.start <= end + 1:
                end = None if end is None or row.end is None else max(end, row.end)
                continue
            found.append(Stint(member_id, start, end))
            start, end = row.start, row.end
        found.append(Stint(member_id, start, end))
    return found


def _next_company(stint: Stint, elsewhere: list[Row]) -> int | None:
    assert stint.end is not None
    after = [r for r in elsewhere if r.start > stint.start and r.start >= stint.end - 1]
    return min(after, key=lambda r: (r.start, r.company_id)).company_id if after else None


def _previous_company(stint: Stint, elsewhere: list[Row]) -> int | None:
    before = [
        r
        for r in elsewhere
        if r.end is not None
        and r.end <= stint.start + 1
        and (stint.end is None or r.end < stint.end)
    ]
    return max(before, key=lambda r: (r.end or 0, -r.company_id)).company_id if before else None


def compute(
    *, company_id: int, rows: Iterable[Row], elsewhere: Iterable[Row], today: dt.date
) -> dict[str, object]:
    """The raw figures for one company. `rows` are its positions; `elsewhere` the same
    members' positions at other companies (for where leavers went and joiners came
    from). Counts of members, never names."""
    now = month_index(today)
    all_stints = stints(r for r in rows if r.start <= now)
    others: dict[int, list[Row]] = {}
    for row in elsewhere:
        if row.company_id != company_id:
            others.setdefault(row.member_id, []).append(row)
    window = range(now - MONTHS_SHOWN + 1, now + 1)
    headcount = dict.fromkeys(window, 0)
    joiners = dict.fromkeys(window, 0)
    leavers = dict.fromkeys(window, 0)
    for s in all_stints:
        last = now if s.end is None else s.end
        for month in range(max(s.start, window.start), min(last, now) + 1):
            headcount[month] += 1
        if s.start in joiners:
            joiners[s.start] += 1
        if s.end is not None and s.end in leavers:
            leavers[s.end] += 1
    current = [s.months(now) for s in all_stints if s.end is None]
    former = [s.months(now) for s in all_stints if s.end is not None]
    bands = Counter[str]()
    for s in all_stints:
        bands[next(label for label, below in TENURE_BANDS if s.months(now) < below)] += 1
    went = Counter[int]()
    came = Counter[int]()
    for s in all_stints:
        mine = others.get(s.member_id, [])
        if s.end is not None and (to := _next_company(s, mine)) is not None:
            went[to] += 1
        if (source := _previous_company(s, mine)) is not None:
            came[source] += 1
    return {
        "as_of": month_label(now),
        "headcount_now": headcount[now],
        "headcount": [[month_label(m), n] for m, n in headcount.items()],
        "joiners": [[month_label(m), n] for m, n in joiners.items()],
        "leavers": [[month_label(m), n] for m, n in leavers.items()],
        "current_count": len(current),
        "former_count": len(former),
        "median_tenure_current": statistics.median(current) if current else None,
        "median_tenure_former": statistics.median(former) if former else None,
        "tenure_distribution": [[label, bands[label]] for label, _ in TENURE_BANDS],
        "went_to": sorted(went.items(), key=lambda kv: (-kv[1], kv[0])),
        "came_from": sorted(came.items(), key=lambda kv: (-kv[1], kv[0])),
    }
