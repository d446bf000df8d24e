"""The REST API, /api/v1/: one NinjaAPI, routers contributed by each app.

Schema at /api/v1/openapi.json, interactive docs at /api/v1/docs (served from
ninja's bundled Swagger files, so they work offline). See
docs/decisions/0003-rest-api.md for the choices behind auth, errors and pages.
"""

from __future__ import annotations

from csp.decorators import csp_update
from django.http import HttpRequest, HttpResponse
from ninja import Router

from rapport.accounts.api import member_auth
from rapport.accounts.api import router as accounts_router
from rapport.companies.api import router as companies_router
from rapport.companies.api_pages import router as company_pages_router
from rapport.contacts.api import router as contacts_router
from rapport.conversations.api import router as conversations_router
from rapport.core.api import RapportAPI, error_response
from rapport.dataexport.api import router as dataexport_router
from rapport.discussions.api import router as discussions_router
from rapport.groups.api import router as groups_router
from rapport.influence.api import router as influence_router
from rapport.invitations.api import router as invitations_router
from rapport.members.api import router as members_router
from rapport.network.api import router as network_router
from rapport.networkmap.api import router as networkmap_router
from rapport.notifications.api import router as notifications_router
from rapport.posts.api import router as posts_router
from rapport.posts.stats.api import router as post_stats_router
from rapport.references.api import router as references_router
from rapport.trust.api import router as trust_router

api = RapportAPI(
    title="Rapport API",
    version="1",
    urls_namespace="api",
    description=(
        "Authenticate with a personal access token (`Authorization: Bearer rpt_…`), made on "
        "your settings page, `/accounts/settings/`, or with `POST /api/v1/me/tokens` once "
        "you hold one; or with the web session (with the CSRF token on requests that change "
        "something). Errors are JSON: "
        '`{"error": "<stable code>", "message": "<what to do next>"}`. '
        "Lists are paged with `?page=&size=`."
    ),
    auth=member_auth,
    # Swagger UI draws its icons as data: SVG images; the rest of the strict policy
    # holds on the docs page (decision 0013).
    docs_decorator=csp_update({"img-src": "data:"}),
)
api.add_router("", members_router)
api.add_router("", companies_router)
api.add_router("", company_pages_router)
api.add_router("", network_router)
api.add_router("", accounts_router)
api.add_router("", notifications_router)
api.add_router("", invitations_router)
api.add_router("", contacts_router)
api.add_router("", references_router)
api.add_router("", conversations_router)
api.add_router("", trust_router)
api.add_router("", networkmap_router)
api.add_router("", posts_router)
api.add_router("", groups_router)
api.add_router("", discussions_router)
api.add_router("", post_stats_router)
api.add_router("", influence_router)
api.add_router("", dataexport_router)

# Added last so it only sees paths no router claimed: an unknown path under
# /api/v1/ answers in the API's error shape rather than with an HTML page.
_unknown = Router(auth=None)


@_unknown.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", include_in_schema=False
)
def unknown_path(request: HttpRequest, rest: str) -> HttpResponse:
    return error_response(api, request, 404, "not_found", "No such API endpoint; see /api/v1/docs.")


api.add_router("", _unknown)
