"""One page of results, the same shape for pages and the API, and the one way a page
number is read from a request.

Every list clamps: a page number past the last page answers the last page, and one
before the first answers the first (decision 0014). The page in the answer is the
page actually served, so a client knows where it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import QuerySet

T = TypeVar("T")

# Enough pages for any real list, small enough that the row offset (page × size)
# always fits the database's 64-bit OFFSET.
MAX_PAGE = 1_000_000
_DIGITS = re.compile(r"[0-9]+")


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


def paginate(rows: QuerySet[Any] | Sequence[Any], *, page: int, size: int) -> Page[Any]:
    """Slice `rows` to one page, clamped to the pages there are: never an error, never empty
    while there is anything to show."""
    size = max(1, size)
    total = rows.count() if isinstance(rows, QuerySet) else len(rows)
    last = max(1, -(-total // size))
    page = min(max(1, page), last)
    start = (page - 1) * size
    return Page(items=list(rows[start : start + size]), number=page, size=size, total=total)


def paginate_fetched(
    fetch: Callable[[int, int], list[T]], *, total: int, page: int, size: int
) -> Page[T]:
    """`paginate` for rows the caller fetches itself (`fetch(offset, limit)`, a statement
    built once, say) and counts itself (`total`, often known from another figure)."""
    size = max(1, size)
    last = max(1, -(-total // size))
    page = min(max(1, page), last)
    start = (page - 1) * size
    items = fetch(start, size) if total else []
    return Page(items=items, number=page, size=size, total=total)


def page_number(raw: str | None) -> int:
    """The page a query string asks for, as a number `paginate` can take.

    Anything that is not plain ASCII digits (`abc`, `-1`, `²`, `1.5`) asks for the first
    page; a number too large to mean anything asks for the last. The length is checked
    before `int()` so that five thousand digits cost nothing and never raise.
    """
    raw = (raw or "").strip()
    if not _DIGITS.fullmatch(raw):
        return 1
    if len(raw) > len(str(MAX_PAGE)):
        return MAX_PAGE
    return min(max(1, int(raw)), MAX_PAGE)
