"""Building blocks every app's API schemas share: strict strings, errors, pages.

Input schemas are strict: unknown fields are refused, a string is never taken
for a number (nor a number for a string), and lengths match the model columns,
so what the API accepts is what the database can hold.
"""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

from django.conf import settings
from ninja import P, PathEx, Schema
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictInt, StringConstraints

from rapport.core.ids import MAX_ID
from rapport.core.pagination import MAX_PAGE

# One line of text as a member types it: no control characters at all. They would
# be stripped by the services anyway; refusing them keeps the request honest, and
# NUL in particular is something PostgreSQL cannot store.
LINE_PATTERN = r"^[^\x00-\x1f\x7f]*$"
# Several lines: tabs and line breaks are welcome, other control characters are not.
TEXT_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"

Line = Annotated[str, StringConstraints(strict=True, pattern=LINE_PATTERN)]
Text = Annotated[str, StringConstraints(strict=True, pattern=TEXT_PATTERN)]


def _whole_number(value: Any) -> Any:
    # JSON has one kind of number, and JSON Schema's "integer" is any number with a zero
    # fractional part, so 26.0 is the integer 26. Strict parsing still refuses 26.5,
    # "26" and true.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# Every integer a request body holds: `Annotated[StrictInt, Field(...), WHOLE]`, so it
# takes what the schema calls "integer", no more, no less. The bounds go before WHOLE:
# after it, pydantic documents them as `ge`/`le`, which JSON Schema does not know.
WHOLE = BeforeValidator(_whole_number)
Id = Annotated[StrictInt, Field(ge=1, le=MAX_ID), WHOLE]
# Path parameters arrive as text, so these are parsed rather than strict.
PathId = PathEx[int, P(ge=1, le=MAX_ID)]
# A member's handle as it may appear in a URL; case does not matter.
PathHandle = PathEx[
    str, P(pattern=r"^[A-Za-z0-9-]{1,30}$", description="A member's handle.", example="ben")
]
PathSlug = PathEx[
    str,
    P(
        pattern=r"^[A-Za-z0-9_-]{1,140}$",
        description="A company's or a group's slug.",
        example="acme",
    ),
]
PAGE_SIZE_DEFAULT = 20

T = TypeVar("T")


class StrictInput(BaseModel):
    """The base of every request body: strict types, no unknown fields.

    A plain pydantic model rather than ninja's Schema: input never comes from ORM
    objects, so it needs none of Schema's attribute resolution.
    """

    model_config = ConfigDict(extra="forbid", strict=True)


class ErrorOut(Schema):
    error: str = Field(description="A stable code a client may switch on, e.g. `token.limit`.")
    message: str = Field(description="What went wrong and what to do next, for a person.")
    field: str | None = Field(None, description="The request field at fault, when there is one.")
    detail: list[dict[str, Any]] | None = Field(
        None, description="For `request.invalid`: one entry per field that failed."
    )


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="1-based page number.")
    size: int = Field(
        PAGE_SIZE_DEFAULT,
        ge=1,
        le=settings.RAPPORT["API_PAGE_SIZE_MAX"],
        description="Items per page.",
    )


class PageOut(Schema, Generic[T]):
    items: list[T]
    page: int
    size: int
    total: int
    pages: int


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The error responses an operation documents: always 401 and 422, plus `statuses`."""
    return dict.fromkeys(sorted({401, 422, *statuses}), ErrorOut)
