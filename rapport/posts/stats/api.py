"""The statistics of a post over the API (filled in by the statistics work)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["posts"])
