"""Connections over the API: removing one. Listing lives with profiles (members.api)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from rapport.accounts.api import member_of
from rapport.accounts.selectors import member_by_handle
from rapport.core.api_schemas import PathHandle, errors
from rapport.core.errors import NotFound
from rapport.network import services

router = Router(tags=["network"])


@router.delete("/me/connections/{handle}", response={204: None, **errors(404)})
def connection_remove(request: HttpRequest, handle: PathHandle) -> Status[None]:
    """Remove a connection. The other member is not told."""
    other = member_by_handle(handle)
    if other is None:
        raise NotFound("No member with that handle.", code="member.not_found")
    services.connection_remove(member=member_of(request), other=other)
    return Status(204, None)
