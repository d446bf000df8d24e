"""Request and response shapes for companies and work history."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, Field, Strict, WithJsonSchema

from rapport.companies.models import Company, Position
from rapport.core.api_schemas import Line, StrictInput, Text

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}(-[0-9]{2})?")


def _month_text(value: Any) -> Any:
    # Dates travel as text in JSON; refusing numbers keeps a Unix timestamp from
    # being read as a day. A bare month ("2021-03") is what people remember. Nothing
    # else is taken (pydantic alone would also read "2021-03-01T00:00:00"), so the
    # schema below says exactly what is accepted.
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise ValueError("Send a date as text: YYYY-MM or YYYY-MM-DD.")
    return value if len(value) == len("YYYY-MM-DD") else f"{value}-01"


Month = Annotated[
    dt.date,
    Strict(False),
    BeforeValidator(_month_text),
    WithJsonSchema(
        {
            "type": "string",
            "anyOf": [{"format": "date"}, {"pattern": "^[0-9]{4}-[0-9]{2}$"}],
            "examples": ["2021-03"],
        }
    ),
]

CompanyName = Annotated[Line, Field(min_length=1, max_length=120)]
Title = Annotated[Line, Field(min_length=1, max_length=120)]
Description = Annotated[Text, Field(max_length=2000)]


class CompanyBrief(Schema):
    name: str
    slug: str


class CompanyOut(CompanyBrief):
    industry: str
    location: str
    website: str
    description: str
    size_band: str
    logo: str | None = Field(description="The logo's address, for signed-in members.")
    headcount: int = Field(description="Members who work there now.")


class PositionBrief(Schema):
    title: str
    company: CompanyBrief
    started_on: dt.date


class PositionOut(PositionBrief):
    id: int
    ended_on: dt.date | None
    is_current: bool
    description: str
    announced_at: dt.datetime | None = Field(
        description="When the member told their network of this position; null if they "
        "stayed quiet (POST /me/positions/{id}/announce tells it)."
    )


class PositionIn(StrictInput):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "company": "Acme",
                    "title": "Product designer",
                    "started_on": "2021-03-01",
                    "is_current": True,
                }
            ]
        }
    )

    company: CompanyName
    title: Title
    started_on: Month = Field(description="The month you started (the day is ignored).")
    ended_on: Month | None = Field(None, description="The month you left; null while current.")
    is_current: bool = False
    description: Description = ""


class PositionPatch(StrictInput):
    """Any of a position's fields. Setting `is_current` to true clears the end month,
    and giving an end month makes the position a past one, unless you say otherwise."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"title": "Senior designer"}, {"ended_on": "2024-06-01"}]}
    )

    company: CompanyName | None = None
    title: Title | None = None
    started_on: Month | None = None
    ended_on: Month | None = None
    is_current: bool | None = None
    description: Description | None = None


def company_brief(company: Company) -> dict[str, Any]:
    return {"name": company.name, "slug": company.slug}


def position_brief(position: Position) -> dict[str, Any]:
    return {
        "title": position.title,
        "company": company_brief(position.company),
        "started_on": position.started_on,
    }


def position_out(position: Position) -> dict[str, Any]:
    return {
        **position_brief(position),
        "id": position.pk,
        "ended_on": position.ended_on,
        "is_current": position.is_current,
        "description": position.description,
        "announced_at": position.announced_at,
    }
