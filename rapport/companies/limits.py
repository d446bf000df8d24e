"""Company insights' privacy threshold (decision 0017)."""

from __future__ import annotations

from rapport.core.limits import Limit, declare

declare(
    Limit(
        "companies.insights_min_group",
        5,
        "people",
        "Workforce insights show no figure or list entry for a group smaller than this, so "
        "a small company's page cannot reveal one person's move.",
        minimum=2,
        maximum=1000,
        env="RAPPORT_INSIGHTS_MIN_GROUP",
    ),
)
