"""API authentication, and the member's personal access tokens.

Every member endpoint accepts either a personal access token
(`Authorization: Bearer rpt_…`) or the Django session the web pages use. A
request that names a token must name a good one: a bad, revoked or unknown
token is a 401 even if a session cookie came along, so a script never acts
under the wrong identity by accident. Session requests that change something
must carry the CSRF token, as forms do.
"""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Status
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from rapport.accounts import selectors, services
from rapport.accounts.api_schemas import IssuedTokenOut, TokenIn, TokenOut, token_out
from rapport.accounts.models import User
from rapport.core.api_schemas import PathId, errors
from rapport.core.errors import PermissionDenied


class CsrfFailed(PermissionDenied):
    code = "auth.csrf_failed"


class TokenAuth(HttpBearer):
    """A personal access token in the Authorization header."""

    def __call__(self, request: HttpRequest) -> User | None:
        header = request.headers.get("Authorization", "")
        scheme, _, secret = header.strip().partition(" ")
        if scheme.lower() != "bearer":
            return None  # Not a token request: let the session have a go.
        return self.authenticate(request, secret.strip())

    def authenticate(self, request: HttpRequest, token: str) -> User:
        member = services.token_authenticate(secret=token)
        if member is None:
            raise AuthenticationError(
                message="That access token is unknown or revoked; create a new one."
            )
        return member


class SessionAuth(APIKeyCookie):
    """The web session, with Django's CSRF check on requests that change something.

    Unlike ninja's `django_auth`, an anonymous request is simply not authenticated
    (401) rather than failing the CSRF check first (403).
    """

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> User | None:
        return self.authenticate(request, request.COOKIES.get(self.param_name))

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        if not user.is_authenticated:
            return None
        if self.csrf and check_csrf(request) is not None:
            raise CsrfFailed(
                "Send the CSRF token (the X-CSRFToken header) with requests that change "
                "something, or use an access token.",
            )
        return cast(User, user)


member_auth: list[Any] = [TokenAuth(), SessionAuth()]


def member_of(request: HttpRequest) -> User:
    """The member a request acts for; every member endpoint is behind `member_auth`."""
    return cast(User, request.auth)  # type: ignore[attr-defined]


router = Router(tags=["tokens"])


@router.get("/me/tokens", response={200: list[TokenOut], **errors()})
def tokens_list(request: HttpRequest) -> list[dict[str, object]]:
    """Your access tokens, active first. Secrets are never shown again."""
    return [token_out(t) for t in selectors.tokens_for(member=member_of(request))]


@router.post("/me/tokens", response={201: IssuedTokenOut, **errors(400, 429)})
def tokens_create(request: HttpRequest, payload: TokenIn) -> Status[dict[str, object]]:
    """Create an access token. The response holds the secret; it is shown only this once."""
    issued = services.token_create(member=member_of(request), name=payload.name)
    return Status(201, {"token": token_out(issued.token), "secret": issued.secret})


@router.delete("/me/tokens/{token_id}", response={204: None, **errors(404)})
def tokens_revoke(request: HttpRequest, token_id: PathId) -> Status[None]:
    """Revoke one of your tokens; requests made with it fail from now on."""
    services.token_revoke(member=member_of(request), token_id=token_id)
    return Status(204, None)
