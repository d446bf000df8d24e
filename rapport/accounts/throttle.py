"""Failed log-ins throttled per account and per client address, with django-axes.

Axes records each failed log-in (member log-in, the Django admin's log-in, and the
current-password check before a password change — every path that calls Django's
`authenticate` with a request) and refuses further attempts once a limit is reached,
until the cool-off has passed. There is never a permanent lock-out: an attacker can
hold an account shut for one cool-off at most, and its owner can always reset the
password by e-mail meanwhile (decision 0012).

Axes compares one number against one limit. An account gets few tries
(`AXES_FAILURE_LIMIT`), but a whole office or conference behind one address needs
more (`RAPPORT["LOGIN_FAILURES_PER_ADDRESS"]`), so the handler scales the address's
count onto the account's limit.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def login_key(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str | None:
    """The account a log-in names, as the backend reads it: the email, trimmed, lowercased.

    So that "Ada@Example.com" and "ada@example.com " count against the same account.
    """
    raw = (credentials or {}).get("username") or (credentials or {}).get("email")
    if raw is None and request is not None:
        raw = request.POST.get("username")
    if not raw:
        return None
    return str(raw).strip().lower()[:254]


class LoginThrottleHandler(AxesDatabaseHandler):
    """Axes's database handler with one limit per account and another per address."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        # One queryset per lockout parameter, in AXES_LOCKOUT_PARAMETERS order.
        by_account, by_address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        per_account = settings.AXES_FAILURE_LIMIT
        per_address = settings.RAPPORT["LOGIN_FAILURES_PER_ADDRESS"]
        # floor(n × A / P) reaches A exactly when n reaches P.
        return max(by_account, by_address * per_account // per_address)
