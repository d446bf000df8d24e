"""`rapport company insights SLUG [--json] [--refresh]`: a company's workforce insights.
`rapport company refresh-all`: recompute every company's (`rapport serve` runs it daily).

Exactly what the company page and `GET /api/v1/companies/{slug}/insights` show, with
the small-group threshold applied; `--refresh` recomputes them first (as the job does).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.serializers.json import DjangoJSONEncoder

from rapport.companies import selectors, services


class Command(BaseCommand):
    help = "A company's workforce insights: `rapport company insights SLUG [--json] [--refresh]`."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        show = sub.add_parser("insights", help="A company's workforce insights.")
        show.add_argument("slug")
        show.add_argument("--json", action="store_true", help="What the API answers, as JSON.")
        show.add_argument("--refresh", action="store_true", help="Recompute them first.")
        sub.add_parser("refresh-all", help="Recompute every company's insights.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "refresh-all":
            self.stdout.write(f"insights computed for {services.insights_refresh_all()} companies")
            return
        company = selectors.company_by_slug(options["slug"].lower())
        if company is None:
            raise CommandError(f"No company with slug {options['slug']}.")
        if options["refresh"]:
            services.insights_refresh(company_id=company.pk)
        view = selectors.insights_for(company=company)
        if view is None:
            raise CommandError("Not computed yet: run with --refresh.")
        if options["json"]:
            self.stdout.write(json.dumps(view, cls=DjangoJSONEncoder, ensure_ascii=False))
            return
        least = view["min_group"]
        hidden = f"fewer than {least}"
        self.stdout.write(f"{company.name} as of {view['as_of']} (groups under {least} hidden)")
        for key in ("headcount_now", "median_tenure_current", "median_tenure_former"):
            value = view[key]
            self.stdout.write(f"  {key}: {hidden if value is None else value}")
