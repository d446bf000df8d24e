"""Where a page may send a member next: only somewhere on this site.

One rule for every "back to where you were" and every stored link we follow (a
notification's), so an open redirect cannot slip in through one of them.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def is_local(request: HttpRequest, target: str) -> bool:
    """A path on this site: not another host, not a scheme, not `//host` or `/\\host`."""
    return (
        target.startswith("/")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        and not target.startswith(("//", "/\\"))
    )


def redirect_local(request: HttpRequest, target: str, default: str) -> HttpResponseRedirect:
    """Redirect to `target` when it is on this site, else to `default` (a URL or a
    URL pattern name)."""
    return redirect(target if target and is_local(request, target) else default)
