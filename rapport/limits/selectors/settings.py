"""Every declared limit with its value and where the value comes from, for operators."""

from __future__ import annotations

from dataclasses import dataclass

from rapport.core.limits import REGISTRY, Limit, current, fixed_by_environment
from rapport.core.models import LimitValue


@dataclass(frozen=True)
class LimitRow:
    limit: Limit
    value: float
    source: str  # "default", "operator" or "environment"
    changed_at: object | None

    @property
    def name(self) -> str:
        return self.limit.name

    @property
    def shown(self) -> str:
        return f"{self.value:g}"

    @property
    def default_shown(self) -> str:
        return f"{self.limit.default:g}"


def limit_rows() -> list[LimitRow]:
    """All limits, grouped by capability, in name order (one query)."""
    stored = {row.name: row for row in LimitValue.objects.all()}
    values = current()
    rows = []
    for name in sorted(REGISTRY, key=lambda n: (REGISTRY[n].capability, n)):
        if fixed_by_environment(name):
            source = "environment"
        elif name in stored:
            source = "operator"
        else:
            source = "default"
        row = stored.get(name)
        rows.append(
            LimitRow(
                limit=REGISTRY[name],
                value=values[name],
                source=source,
                changed_at=row.changed_at if row is not None and source == "operator" else None,
            )
        )
    return rows
