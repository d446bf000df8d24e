"""Errors with stable codes.

Services raise `RapportError` subclasses; the API turns them into JSON
(`{"error": code, "message": …}`) and pages into form errors. The code is a
stable string a client may switch on; the message is for a person and says
what to do next.
"""

from __future__ import annotations

from typing import Any


class RapportError(Exception):
    """A refusal the member can act on. Nothing was changed when it is raised."""

    code: str = "error"
    status: int = 400

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.field = field

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"error": self.code, "message": self.message}
        if self.field:
            data["field"] = self.field
        return data


class ValidationFailed(RapportError):
    status = 400


class NotFound(RapportError):
    code = "not_found"
    status = 404


class PermissionDenied(RapportError):
    code = "forbidden"
    status = 403


class Conflict(RapportError):
    code = "conflict"
    status = 409


class LimitReached(RapportError):
    code = "limit_reached"
    status = 429


class Gone(RapportError):
    """It existed and no longer does (an expired download)."""

    code = "gone"
    status = 410
