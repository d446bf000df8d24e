"""Reference checks (decision 0017): who counts as a former colleague, and for how long a
candidate's permission to look at their current employer lasts."""

from __future__ import annotations

from rapport.core.limits import Limit, declare

declare(
    Limit(
        "references.min_overlap_months",
        3,
        "months",
        "Months two positions at one company must overlap for the members to count as "
        "former colleagues in a reference check.",
        minimum=1,
        maximum=120,
        env="RAPPORT_REFERENCE_MIN_OVERLAP_MONTHS",
    ),
    Limit(
        "references.permission_days",
        30,
        "days",
        "How long a candidate's permission to one requester to see colleagues at their "
        "current employer lasts.",
        minimum=1,
        maximum=365,
        env="RAPPORT_REFERENCE_PERMISSION_DAYS",
    ),
)
