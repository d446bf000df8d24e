"""`rapport stats post ID [--json]`: a post's or article's statistics, for the operator.

The same figures as the author's statistics page and `GET /api/v1/posts/{id}/stats`
(with --json, exactly what the API answers). The operator may look at any post,
deleted ones included; who reposted it is listed as its author may see it.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.serializers.json import DjangoJSONEncoder

from rapport.core.errors import NotFound
from rapport.core.ids import BadId, parse_id
from rapport.posts.stats.api_schemas import statistics_out
from rapport.posts.stats.figures import PostStatistics, post_statistics_for_operator


def _post_id(raw: str) -> int:
    try:
        return parse_id(raw, field="ID")
    except BadId as error:
        raise argparse.ArgumentTypeError(error.message) from error


class Command(BaseCommand):
    help = (
        "A post's statistics: `rapport stats post ID [--json]`. Run as the operator, it "
        "shows any post's figures, not only your own; groups under the limit posts.stats_min_group "
        "are never named."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subject", required=True)
        post = sub.add_parser(
            "post", help="One post's or article's statistics (any post: you are the operator)."
        )
        post.add_argument("post_id", type=_post_id, metavar="ID")
        post.add_argument("--json", action="store_true", help="What the API answers, as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            stats = post_statistics_for_operator(post_id=options["post_id"])
        except NotFound as error:
            raise CommandError(error.message) from error
        if options["json"]:
            data = statistics_out(stats)
            self.stdout.write(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False))
            return
        self._summary(stats)

    def _summary(self, stats: PostStatistics) -> None:
        post = stats.post
        write = self.stdout.write
        subject = post.title or " ".join(post.body.split())[:60] or "(a repost)"
        write(f"{post.get_kind_display()} {post.pk} by @{post.author.handle}: {subject}")
        assert post.published_at is not None
        write(
            f"  published {post.published_at:%Y-%m-%d}, {post.get_audience_display().lower()}, "
            f"{post.state}; as of {stats.as_of:%Y-%m-%d %H:%M} UTC"
        )
        write(f"  unique viewers {stats.unique_viewers}, impressions {stats.impressions}")
        reactions = ", ".join(f"{kind} {n}" for kind, n in stats.reactions.items() if n)
        write(f"  reactions {stats.reactions_total}" + (f" ({reactions})" if reactions else ""))
        shares = ", ".join(f"{via} {n}" for via, n in stats.shares.items())
        write(f"  comments {stats.comments}, reposts {stats.reposts}, shares ({shares})")
        if stats.reposters:
            names = ", ".join(f"@{r.handle}" for r in stats.reposters[:10])
            more = stats.reposts - min(len(stats.reposters), 10)
            write(f"  reposted by {names}" + (f" and {more} more" if more else ""))
        busiest = max(stats.days, key=lambda d: d.impressions)
        write(
            f"  {len(stats.days)} days; busiest {busiest.day:%Y-%m-%d} with "
            f"{busiest.impressions} impressions"
        )
        for breakdown in stats.breakdowns:
            if not breakdown.groups:
                write(f"  {breakdown.label}: none shown (fewer than {stats.min_group} viewers)")
                continue
            rows = "; ".join(f"{g.label} {g.count} ({g.share}%)" for g in breakdown.groups)
            write(f"  {breakdown.label}: {rows}")
