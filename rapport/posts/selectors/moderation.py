"""Reported posts and comments for the moderators, most reported first."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rapport.limits.models import Complaint, ComplaintReason, ComplaintSource
from rapport.posts.models import Comment, Post, State


@dataclass
class Reported:
    source: str
    reference: int
    reports: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    post: Post | None = None
    comment: Comment | None = None

    @property
    def reason_labels(self) -> list[str]:
        labels = dict(ComplaintReason.choices)
        return [f"{labels.get(k, k)} ({n})" for k, n in self.reasons.most_common()]


def reported_content(limit: int = 100) -> list[Reported]:
    """Posts and comments with reports, still up, most reported first."""
    found: dict[tuple[str, int], Reported] = {}
    for source, reference, reason in Complaint.objects.filter(
        source__in=[ComplaintSource.POST, ComplaintSource.COMMENT]
    ).values_list("source", "reference", "reason"):
        row = found.setdefault((source, reference), Reported(source=source, reference=reference))
        row.reports += 1
        row.reasons[reason] += 1
    ids: dict[str, list[int]] = defaultdict(list)
    for source, reference in found:
        ids[source].append(reference)
    posts = (
        Post.objects.select_related("author")
        .exclude(state=State.DELETED)
        .in_bulk(ids[ComplaintSource.POST])
    )
    comments = (
        Comment.objects.select_related("author", "post")
        .filter(deleted_at=None)
        .in_bulk(ids[ComplaintSource.COMMENT])
    )
    rows = []
    for row in found.values():
        row.post = posts.get(row.reference) if row.source == ComplaintSource.POST else None
        row.comment = comments.get(row.reference) if row.source == ComplaintSource.COMMENT else None
        if row.post is not None or row.comment is not None:
            rows.append(row)
    rows.sort(key=lambda r: (-r.reports, -r.reference))
    return rows[:limit]
