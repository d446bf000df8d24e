"""`rapport network map HANDLE [--json] [--refresh]`: a member's network map.

For operators checking what a member sees: the clusters with their labels and sizes,
or with `--json` exactly what `GET /api/v1/network/map` answers that member. The map
is the member's own view, so privacy applies as it does for them.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapport.members.selectors import member_by_handle
from rapport.networkmap import selectors, services


class Command(BaseCommand):
    help = "The network map of a member: `rapport network map HANDLE [--json] [--refresh]`."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        show = sub.add_parser("map", help="A member's network map.")
        show.add_argument("handle")
        show.add_argument("--json", action="store_true", help="What the API answers, as JSON.")
        show.add_argument("--refresh", action="store_true", help="Recompute the map first.")

    def handle(self, *args: Any, **options: Any) -> None:
        member = member_by_handle(options["handle"])
        if member is None:
            raise CommandError(f"No member with handle {options['handle']}.")
        if options["refresh"]:
            services.network_map_refresh(member=member)
        stored, nodes, edges, refreshing = services.network_map_current(member=member)
        view = selectors.map_view(member, stored, nodes, edges, refreshing=refreshing)
        if options["json"]:
            self.stdout.write(json.dumps(view, ensure_ascii=False))
            return
        self.stdout.write(
            f"{member.handle}: {len(view['nodes'])} connections, {len(view['edges'])} links "
            f"among them, {len(view['clusters'])} clusters (computed {view['computed_at']})"
        )
        for c in view["clusters"]:
            extra = f"  [{c['automatic']}]" if c["automatic"] and c["renamed"] else ""
            shown = c["automatic"] if c["automatic"] and not c["renamed"] else c["label"]
            self.stdout.write(f"  {c['key']:>3}  {c['size']:>5}  {shown}{extra}")
