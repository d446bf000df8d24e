"""How much history the influence score reads (decision 0022)."""

from __future__ import annotations

from rapport.core.limits import Limit, declare

declare(
    Limit(
        "influence.days",
        90,
        "days",
        "How many days of responses the influence score reads.",
        minimum=7,
        maximum=730,
        env="RAPPORT_INFLUENCE_DAYS",
    ),
)
