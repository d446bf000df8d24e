"""One page of results, the same shape for pages and the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import QuerySet

T = TypeVar("T")


@dataclass
class Page(Generic[T]):
    items: list[T]
    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def paginate(queryset: QuerySet[Any], *, page: int, size: int) -> Page[Any]:
    """Slice `queryset` to one page; a page past the end is empty, never an error."""
    page = max(1, page)
    size = max(1, size)
    total = queryset.count()
    start = (page - 1) * size
    return Page(items=list(queryset[start : start + size]), number=page, size=size, total=total)


def page_number(raw: str | None) -> int:
    try:
        return max(1, int(raw or 1))
    except ValueError:
        return 1
