"""Helpers the dataset readers share: plain rows from querysets."""

from __future__ import annotations

import datetime as dt
from typing import Any

Row = dict[str, Any]


def plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def rows_of(queryset: Any, **fields: str) -> list[Row]:
    """Rows of `queryset`, each column named as the README names it (`name=source`)."""
    return [
        {name: plain(row[source]) for name, source in fields.items()}
        for row in queryset.values(*fields.values())
    ]


def tagged(kind: str, rows: list[Row]) -> list[Row]:
    return [{"record": kind, **row} for row in rows]
