"""Request and response shapes for access tokens."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import ConfigDict, Field

from rapport.accounts.models import AccessToken
from rapport.core.api_schemas import Line, StrictInput


class TokenIn(StrictInput):
    model_config = ConfigDict(json_schema_extra={"examples": [{"name": "CI pipeline"}]})

    name: Annotated[Line, Field(min_length=1, max_length=60)] = Field(
        description="What the token is for, so you can recognise it later."
    )


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="The first characters of the secret, to tell tokens apart.")
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None
    is_active: bool


class IssuedTokenOut(Schema):
    token: TokenOut
    secret: str = Field(description="The token itself. It is shown this once and never again.")


def token_out(token: AccessToken) -> dict[str, object]:
    return {
        "id": token.pk,
        "name": token.name,
        "prefix": token.prefix,
        "created_at": token.created_at,
        "last_used_at": token.last_used_at,
        "revoked_at": token.revoked_at,
        "is_active": token.is_active,
    }
