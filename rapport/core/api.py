"""What every part of the API shares: one error shape and one page shape.

Every error leaves as `{"error": code, "message": text}` (plus `field` or
`detail` where they help), whatever raised it: a service's `RapportError`, a
request that does not fit the schema, a missing login, a missing object, or a
bug. Clients switch on `error`; people read `message`.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.core.exceptions import (
    ObjectDoesNotExist,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from rapport.core.errors import RapportError
from rapport.core.pagination import paginate

logger = logging.getLogger("rapport.api")

T = TypeVar("T")

# Codes for the errors django-ninja raises itself, by HTTP status.
_HTTP_ERROR_CODES = {
    400: "request.malformed",
    401: "auth.required",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    429: "rate_limited",
}


def error_response(
    api: NinjaAPI, request: HttpRequest, status: int, code: str, message: str, **extra: Any
) -> HttpResponse:
    body: dict[str, Any] = {"error": code, "message": message}
    body.update({key: value for key, value in extra.items() if value is not None})
    return api.create_response(request, body, status=status)


def _field_of(loc: Sequence[Any]) -> str:
    # A body's location reads (body, parameter, field, …); the parameter name is an
    # implementation detail of the view, so clients see the field path alone. Query
    # and path locations already read (source, field).
    parts = loc[2:] if loc and loc[0] == "body" else loc[1:]
    return ".".join(str(part) for part in parts)


def _validation_detail(exc: ValidationError) -> list[dict[str, Any]]:
    detail = []
    for error in exc.errors:
        loc = error.get("loc") or ()
        field = _field_of(loc)
        detail.append(
            {
                "location": str(loc[0]) if loc else "request",
                "field": field,
                "message": str(error.get("msg", "")),
                "type": str(error.get("type", "")),
            }
        )
    return detail


def install_error_handlers(api: NinjaAPI) -> None:
    """Replace ninja's default handlers so every failure has Rapport's error shape."""

    def on_rapport_error(request: HttpRequest, exc: RapportError) -> HttpResponse:
        return api.create_response(request, exc.as_dict(), status=exc.status)

    def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        detail = _validation_detail(exc)
        fields = ", ".join(sorted({item["field"] for item in detail if item["field"]}))
        message = "The request does not fit the schema"
        message += f"; check {fields}." if fields else "; the body must be a JSON object."
        first = detail[0]["field"] if len(detail) == 1 and detail[0]["field"] else None
        return error_response(
            api, request, 422, "request.invalid", message, field=first, detail=detail
        )

    def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        message = (
            "Log in, or send a personal access token as `Authorization: Bearer rpt_…`."
            if exc.message == "Unauthorized"
            else exc.message
        )
        return error_response(api, request, 401, "auth.required", message)

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = _HTTP_ERROR_CODES.get(exc.status_code, "error")
        return error_response(api, request, exc.status_code, code, exc.message)

    def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(api, request, 404, "not_found", "There is nothing here.")

    def on_forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(api, request, 403, "forbidden", "You may not do that.")

    def on_too_big(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(
            api, request, 413, "request.too_large", "The request body is too large."
        )

    def on_suspicious(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Django's own answer to these (too many fields, a bad host…) is a 400 too.
        return error_response(
            api, request, 400, "request.malformed", "The request could not be read."
        )

    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("Unhandled error in %s %s", request.method, request.path)
        return error_response(
            api,
            request,
            500,
            "server_error",
            "Something went wrong on our side; it has been logged. Try again later.",
        )

    handlers: list[tuple[type[Exception], Callable[..., HttpResponse]]] = [
        (RapportError, on_rapport_error),
        (ValidationError, on_validation_error),
        (AuthenticationError, on_authentication_error),
        (HttpError, on_http_error),
        (Http404, on_not_found),
        (ObjectDoesNotExist, on_not_found),
        (DjangoPermissionDenied, on_forbidden),
        (RequestDataTooBig, on_too_big),
        (SuspiciousOperation, on_suspicious),
        (Exception, on_unexpected),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)


def page_of(
    queryset: QuerySet[Any] | Sequence[Any],
    *,
    page: int,
    size: int,
    render: Callable[[Any], T] | None = None,
    render_many: Callable[[list[Any]], list[T]] | None = None,
) -> dict[str, Any]:
    """One page of `queryset` (or a list already ranked) in the API's page shape, clamped
    like every list (`core.pagination.paginate`).

    Items go through `render` one by one, or through `render_many` all at once when
    rendering needs one batched query for the whole page.
    """
    result = paginate(queryset, page=page, size=size)
    if render_many is not None:
        items = render_many(result.items)
    else:
        assert render is not None
        items = [render(item) for item in result.items]
    return {
        "items": items,
        "page": result.number,
        "size": result.size,
        "total": result.total,
        "pages": result.pages,
    }


# Errors any operation of a kind can give, whatever its own code does: they come from
# the request's shape (see `install_error_handlers`), so they are declared here once
# rather than by each operation. Statuses an operation declares itself keep their text.
_ANY_REQUEST = {
    400: "`request.malformed`: the request could not be read (an unreadable body, too "
    "many fields).",
    401: "`auth.required`: no login, or a token that is unknown or revoked.",
    422: "`request.invalid`: the request does not fit the schema; `detail` says where.",
}
_WRITE = {
    403: "`auth.csrf_failed` (a session request without its CSRF token), or the "
    "operation's own refusal.",
}
_BODY = {413: "`request.too_large`: the body is larger than the server accepts."}


def _declare_errors(schema: dict[str, Any]) -> None:
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            declared = {
                **_ANY_REQUEST,
                **(_WRITE if method.upper() not in ("GET", "HEAD", "OPTIONS") else {}),
                **(_BODY if "requestBody" in operation else {}),
            }
            responses = operation.setdefault("responses", {})
            present = {int(status) for status in responses}
            for status, description in declared.items():
                if status not in present:
                    responses[status] = {"description": description, **error}


def _words_first(pattern: URLResolver | URLPattern) -> list[int]:
    return [1 if "<" in segment else 0 for segment in str(pattern.pattern).split("/")]


class RapportAPI(NinjaAPI):
    """A NinjaAPI whose every answer, even a wrong method, is in Rapport's error shape,
    and whose schema declares every error an operation can give."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        install_error_handlers(self)

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        _declare_errors(schema)
        return schema

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        # A word beats a parameter in the same place: `/messages/trusted/{handle}` must
        # be tried before `/messages/{message_id}/actions`, or un-trusting the member
        # @actions lands on the other operation. Django tries patterns in order, so
        # order them segment by segment, words first; the sort is stable, and the
        # catch-all for unknown paths (a parameter first) stays last.
        urls = sorted(super()._get_urls(), key=_words_first)
        for pattern in urls:
            if not isinstance(pattern, URLPattern):
                continue
            if pattern.name == "api-root":
                # ninja's root raises Http404 outside any operation, which Django
                # renders as HTML; it exists only so the API's base path can be reversed.
                pattern.callback = self._root
            else:
                pattern.callback = self._json_not_allowed(pattern.callback)
        return urls

    def _root(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return error_response(
            self, request, 404, "not_found", "Choose an endpoint; they are listed at ./docs."
        )

    def _json_not_allowed(self, view: Callable[..., HttpResponseBase]) -> Callable[..., Any]:
        # ninja answers a method no operation declares with a plain-text 405.
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            response = view(request, *args, **kwargs)
            if response.status_code != 405 or response.get("Content-Type", "").startswith(
                "application/json"
            ):
                return response
            allowed = response.get("Allow", "")
            json_response = error_response(
                self,
                request,
                405,
                "method_not_allowed",
                f"{request.method} is not allowed here; use {allowed}.",
            )
            json_response["Allow"] = allowed
            return json_response

        return wrapped
