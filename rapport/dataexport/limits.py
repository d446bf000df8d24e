"""How long a member's copy of their data can be downloaded (decision 0023)."""

from __future__ import annotations

from rapport.core.limits import Limit, declare

declare(
    Limit(
        "dataexport.days",
        7,
        "days",
        "How long a member's copy of their data can be downloaded before it expires and "
        "its file is deleted.",
        minimum=1,
        maximum=90,
        env="RAPPORT_DATA_EXPORT_DAYS",
    ),
)
