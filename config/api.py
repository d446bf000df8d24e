"""The REST API, /api/v1/: one NinjaAPI, routers contributed by each app."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(title="Rapport API", version="1", urls_namespace="api")
